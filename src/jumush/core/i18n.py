"""Language helpers: the languages we serve and picking a translated column."""

from __future__ import annotations

from typing import Any, Literal

from django.utils import translation

Lang = Literal["ky", "ru", "en"]
LANGS: tuple[Lang, ...] = ("ky", "ru", "en")


def current_lang() -> Lang:
    """The active Django language reduced to ky, ru or en (en when it is anything else)."""
    code = (translation.get_language() or "en").split("-")[0]
    for lang in LANGS:
        if code == lang:
            return lang
    return "en"


def localized(obj: Any, field: str, lang: str) -> str:
    """`obj.<field>_<lang>`, falling back to English when that translation is empty.

    Raises AttributeError when the object has no `<field>_en` column.
    """
    value = getattr(obj, f"{field}_{lang}", "") if lang in LANGS else ""
    return str(value or getattr(obj, f"{field}_en"))
