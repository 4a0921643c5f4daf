"""Text helpers shared by every app: the search key used for label look-ups."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Fold a label or query for look-up: NFC, casefold, ё→е, whitespace collapsed.

    Kyrgyz letters ң ө ү and й are kept as they are (never stripped to ASCII). The folded key
    is stored next to the original text, which is never altered.
    """
    folded = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()
