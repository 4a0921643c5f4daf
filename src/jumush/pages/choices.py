"""Choices that the page forms share, named in the page's language: countries (ISO 3166-1),
currencies (ISO 4217), languages (ISO 639-1) and CEFR levels in plain words."""

from __future__ import annotations

import unicodedata
from typing import cast

from django import forms

from jumush.core.i18n import current_lang, localized
from jumush.taxonomy.models import CefrLevel, Country, Currency, Language

#: Where Kyrgyz workers go most, and the countries whose law the screening knows
#: (compliance/rules/*.toml), offered first.
COMMON_DESTINATIONS = ("RU", "KZ", "KR", "TR", "DE", "GB", "AE", "PL")
#: Currencies of those destinations, the som, and the dollar and euro that offers often use.
COMMON_CURRENCIES = ("KGS", "RUB", "KZT", "KRW", "TRY", "EUR", "GBP", "AED", "PLN", "USD")
#: Languages asked on the profile: Kyrgyz, Russian, and those of the main destinations.
PROFILE_LANGUAGES = ("ky", "ru", "uz", "kk", "en", "tr", "ko", "de")


#: ISO 3166-1 territories with no permanent population (nobody works or files from there):
#: Antarctica, Bouvet Island, Heard and McDonald Islands, the French Southern Territories,
#: South Georgia and the South Sandwich Islands, US Minor Outlying Islands.
UNINHABITED = frozenset({"AQ", "BV", "HM", "TF", "GS", "UM"})


def sort_key(name: str) -> str:
    """A name's place in an alphabetical list: accents folded ("Åland" sorts with "A"), then
    case folded (Unicode NFKD; close to a locale collation without the C library's locales)."""
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    return plain.casefold()


def country_choices(*, common_first: bool = False, abroad: bool = False) -> list[tuple[str, str]]:
    """(alpha-2, name in the page language) of every inhabited ISO 3166-1 country, by name
    (accents folded). `abroad`: without the Kyrgyz Republic (KG), for destinations of work
    abroad."""
    lang = current_lang()
    left_out = UNINHABITED | ({"KG"} if abroad else set())
    names = [
        (c.alpha2, localized(c, "name", lang))
        for c in Country.objects.all()
        if c.alpha2 not in left_out
    ]
    names.sort(key=lambda item: sort_key(item[1]))
    if common_first:
        common = dict(names)
        names = [(code, common[code]) for code in COMMON_DESTINATIONS if code in common] + names
    return names


def common_destination_choices() -> list[tuple[str, str]]:
    lang = current_lang()
    found = Country.objects.in_bulk(list(COMMON_DESTINATIONS))
    return [(c, localized(found[c], "name", lang)) for c in COMMON_DESTINATIONS if c in found]


def currency_choices(also: str = "") -> list[tuple[str, str]]:
    """(ISO 4217 code, "KGS — name") of the common currencies, in COMMON_CURRENCIES order,
    and `also` (a currency already saved) after them."""
    lang = current_lang()
    codes = list(dict.fromkeys([*COMMON_CURRENCIES, *([also] if also else [])]))
    found = Currency.objects.in_bulk(codes)
    return [(c, f"{c} — {localized(found[c], 'name', lang)}") for c in codes if c in found]


def language_names(codes: tuple[str, ...] = PROFILE_LANGUAGES) -> dict[str, str]:
    lang = current_lang()
    found = Language.objects.in_bulk(list(codes))
    return {c: localized(found[c], "name", lang) for c in codes if c in found}


def cefr_choices() -> list[tuple[str, str]]:
    """(CEFR level, what a speaker at that level can do, in plain words, with the level after
    it): "I know a few words and simple phrases ... (A1)"."""
    lang = current_lang()
    return [
        (level.code, f"{localized(level, 'description', lang)} ({level.code})")
        for level in CefrLevel.objects.all()
    ]


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's choice field `name` (to set its choices at request time, in the page's
    language)."""
    return cast("forms.ChoiceField", form.fields[name])
