"""Text helpers shared by every app: the search key used for label look-ups."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

_SPACES = re.compile(r"\s+")
#: Control characters and the line and paragraph separators: each is a break between words.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Invisible format characters, which are no break: a soft hyphen or a zero-width space inside
#: "wel\u00adder" leaves one word. Also the bidirectional marks and the byte-order mark.
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
#: A word: a run of letters and digits (punctuation and "_" separate words).
WORD = re.compile(r"[^\W_]+")
#: A letter of the Cyrillic block (any case, any Cyrillic alphabet), and a basic Latin letter.
CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


def search_key(text: str) -> str:
    """Fold a label or query for look-up: NFC, casefold, ё→е, whitespace collapsed.

    Kyrgyz letters ң ө ү and й are kept as they are (never stripped to ASCII); control
    characters become spaces and invisible ones (INVISIBLE) are dropped. The folded key is
    stored next to the original text, which is never altered.
    """
    visible = INVISIBLE.sub("", CONTROL.sub(" ", text))
    folded = unicodedata.normalize("NFC", visible).casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()


def printable(text: str) -> str:
    """`text` with control and invisible characters removed, for echoing user input back."""
    return INVISIBLE.sub("", CONTROL.sub("", text))


#: A search or filter text from a request, with control and zero-width characters removed
#: (`printable`): a NUL byte, which PostgreSQL can neither store nor compare, never reaches
#: a query. For pydantic / django-ninja query schemas.
QueryText = Annotated[str, AfterValidator(printable)]
