"""Language helpers: the languages we serve and picking a translated column."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
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


def request_lang(request: HttpRequest, asked: str | None) -> Lang:
    """The language an API answer is written in: `asked` (the `lang` parameter) when given;
    else the request's language (Accept-Language or the language cookie); else English, so a
    bare `curl` gets English."""
    for lang in LANGS:
        if asked == lang:
            return lang
    if request.headers.get("Accept-Language") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return current_lang()
    return "en"
