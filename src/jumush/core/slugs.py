"""URL slugs from titles in Kyrgyz, Russian or English: never empty, ASCII only.

Cyrillic is transliterated letter by letter to Latin (Russian after GOST 7.79-2000 system B
and ICAO Doc 9303 as used on Russian and Kyrgyz passports, made ASCII; Kyrgyz ң → ng,
ө → o, ү → u, as on Kyrgyz passports). A slug is decoration: the record's id in the URL is
authoritative, and a title with no letters or digits at all gets the id as its slug.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ғ": "gh",
    "қ": "q", "ә": "a", "һ": "h", "ұ": "u",
}  # fmt: skip
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 60


def transliterate(text: str) -> str:
    """`text` lowercased with Cyrillic letters written in Latin; accents dropped from Latin
    letters (é → e); anything else kept as it is."""
    out = []
    for char in unicodedata.normalize("NFC", text).lower():
        if char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        else:
            out.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    return "".join(out)


def slug_for(title: str, record_id: int | str) -> str:
    """A URL slug for `title` ("Ширетүүчү (5-разряд)" → "shiretuuchu-5-razryad"): ASCII
    letters, digits and hyphens, at most 60 characters, cut at a hyphen; `record_id` as
    text when nothing of the title is left (a title of signs or of letters of another
    script). Never empty."""
    slug = _NOT_SLUG.sub("-", transliterate(title)).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[: MAX_SLUG_LENGTH + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut[:MAX_SLUG_LENGTH]
    return slug.strip("-") or str(record_id)
