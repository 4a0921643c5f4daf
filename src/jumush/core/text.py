"""Text helpers shared by every app: the search key used for label look-ups."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def search_key(text: str) -> str:
    """Fold a label or query for look-up: NFC, casefold, ё→е, whitespace collapsed.

    Kyrgyz letters ң ө ү and й are kept as they are (never stripped to ASCII); control and
    zero-width characters become spaces. The folded key is stored next to the original text,
    which is never altered.
    """
    folded = unicodedata.normalize("NFC", _CONTROL.sub(" ", text)).casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()


def printable(text: str) -> str:
    """`text` with control and zero-width characters removed, for echoing user input back."""
    return _CONTROL.sub("", text)


#: A search or filter text from a request, with control and zero-width characters removed
#: (`printable`): a NUL byte, which PostgreSQL can neither store nor compare, never reaches
#: a query. For pydantic / django-ninja query schemas.
QueryText = Annotated[str, AfterValidator(printable)]
