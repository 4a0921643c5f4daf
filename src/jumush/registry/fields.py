"""Reading the values people type into forms and spreadsheets: amounts, dates, phone numbers,
driving licence categories, ISCED levels and ISIC sectors.

Every parser either returns the value or raises `FieldError` with a reason a person can act on;
none guesses. Pure functions: no database.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import IntEnum

import phonenumbers


class FieldError(ValueError):
    """A value that cannot be read. `str(error)` is the reason, in English; `code` says which
    kind of problem it is ("invalid", "negative", "too_large", "decimals") so that pages can
    say it in their own language."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


# --- Amounts --------------------------------------------------------------------------------

#: Spaces used to group digits: plain, no-break (U+00A0), narrow no-break (U+202F), thin.
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def parse_amount(text: str | int | Decimal, *, max_places: int = 2) -> Decimal:
    """A non-negative amount of money from "85 000,50", "85000.50", "1,250.75" or 85000.

    Digits may be grouped by spaces (plain, no-break or narrow no-break). The decimal mark is
    "," or "."; when both appear the last one is the decimal mark and the other must group
    digits in threes. A lone separator followed by exactly three digits ("85,000", "85.000")
    could be either, so it is refused rather than guessed. Raises FieldError.
    """
    if isinstance(text, bool):
        raise FieldError("an amount must be a number, not true/false")
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        raw = _GROUP_SPACES.sub("", text.strip())
        if not raw:
            raise FieldError("the amount is empty")
        if raw.startswith("-"):
            raise FieldError(f"the amount {text!r} is negative", code="negative")
        if not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
            raise FieldError(f"{text!r} is not an amount: use digits, e.g. 85000.50 or 85 000,50")
        commas, dots = raw.count(","), raw.count(".")
        if commas and dots:
            mark = "," if raw.rfind(",") > raw.rfind(".") else "."
            whole, _, frac = raw.rpartition(mark)
            if not _GROUPED.match(whole) or (mark in whole):
                raise FieldError(f"{text!r} mixes ',' and '.' in a way that cannot be read")
            number = re.sub(r"[.,]", "", whole) + "." + frac
        elif commas + dots == 0:
            number = raw
        elif commas + dots == 1:
            whole, _, frac = raw.replace(",", ".").partition(".")
            if len(frac) == 3:
                raise FieldError(
                    f"{text!r} is ambiguous: is the separator a thousands separator or a "
                    f"decimal mark? Write {whole}{frac} for the whole number, or use two "
                    "decimals for a fraction (e.g. 12.50)"
                )
            number = f"{whole}.{frac}"
        else:
            if not _GROUPED.match(raw) or (commas and dots):
                raise FieldError(f"{text!r} has several separators and cannot be read")
            number = re.sub(r"[.,]", "", raw)
        try:
            value = Decimal(number)
        except InvalidOperation as exc:
            raise FieldError(f"{text!r} is not an amount") from exc
    if value < 0:
        raise FieldError(f"the amount {text!r} is negative", code="negative")
    exponent = value.as_tuple().exponent
    if not value.is_finite():
        raise FieldError(f"the amount {text} is not a number")
    if isinstance(exponent, int) and -exponent > max_places:
        raise FieldError(
            f"the amount {text} has more than {max_places} decimal places", code="decimals"
        )
    if value >= Decimal(10) ** 12:
        raise FieldError(f"the amount {text} is implausibly large", code="too_large")
    return value


# --- Dates ----------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+0{1,2}:00(?::00)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]0{2}:00(?::00)?)?$")


def parse_date(text: str | dt.date) -> dt.date:
    """A calendar date from "31.12.2026" (day first, always) or "2026-12-31".

    A spreadsheet's midnight time ("31.12.2026 0:00:00") is accepted and dropped; any other
    time is refused, because a date of birth or start date must not shift between time zones.
    Two-digit years, month-first and "/" dates are refused. Raises FieldError.
    """
    if isinstance(text, dt.datetime):
        raise FieldError("a date is needed, not a date and time")
    if isinstance(text, dt.date):
        return text
    raw = text.strip()
    if m := _DMY.match(raw):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(raw):
        year, month, day = (int(g) for g in m.groups())
    elif re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", raw) or re.match(
        r"^\d{1,2}\.\d{1,2}\.\d{4} \d", raw
    ):
        raise FieldError(f"{text!r} has a time of day: give the date only, e.g. 31.12.2026")
    else:
        raise FieldError(f"{text!r} is not a date: write it as dd.mm.yyyy, e.g. 31.12.2026")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise FieldError(f"{text!r} is not a real date ({exc})") from exc


# --- Phone numbers --------------------------------------------------------------------------


def parse_phone(text: str, *, default_region: str = "KG") -> str:
    """A phone number in E.164 ("+996555123456"), +996 by default.

    Reads "+996 555 123 456", "00996...", "8 10 996..." (the Russian international prefix),
    "(+996) 555...", and national "0555 123 456". A Russian mobile written "8 9XX..." stays
    Russian (+7). Raises FieldError when the number is not a valid number of its country.
    """
    raw = text.strip()
    digits = re.sub(r"\D", "", raw)
    if not digits:
        raise FieldError(f"{text!r} is not a phone number")
    if raw.lstrip().startswith("+"):
        candidate = "+" + digits
    elif digits.startswith("00"):
        candidate = "+" + digits[2:]
    elif digits.startswith("810"):
        candidate = "+" + digits[3:]
    elif len(digits) == 11 and digits.startswith("89"):
        candidate = "+7" + digits[1:]
    elif len(digits) == 12 and digits.startswith("996"):
        candidate = "+" + digits
    else:
        candidate = digits
    if len(digits) > 17:
        raise FieldError(f"{text[:30]!r} is too long to be a phone number")
    try:
        number = phonenumbers.parse(candidate, default_region)
    except phonenumbers.NumberParseException as exc:
        raise FieldError(f"{text!r} is not a phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise FieldError(f"{text!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- Driving licence categories -------------------------------------------------------------

#: Categories of the Vienna Convention (1968) as used in KG, RU and KZ licences, plus the
#: national tram/trolleybus categories (Tm, Tb).
LICENCE_CATEGORIES = (
    "A", "A1", "B", "B1", "BE", "C", "C1", "CE", "C1E", "D", "D1", "DE", "D1E", "M", "Tm", "Tb",
)  # fmt: skip
_CYR_TO_LAT = str.maketrans("АВСЕМТаВсемт", "ABCEMTaBcemt")
_LICENCE_BY_KEY = {c.upper(): c for c in LICENCE_CATEGORIES}


def parse_licence_categories(value: str | list[str]) -> list[str]:
    """Driving licence categories, from "B, C", "В,С" (Cyrillic letters) or ["b", "CE"].

    Letters typed in Cyrillic are read as the Latin category they look like. Returns a sorted
    list without repeats. Raises FieldError naming an unknown category.
    """
    items = re.split(r"[,;/\s]+", value) if isinstance(value, str) else list(value)
    found: set[str] = set()
    for item in items:
        key = str(item).strip().translate(_CYR_TO_LAT).upper()
        if not key:
            continue
        if key not in _LICENCE_BY_KEY:
            raise FieldError(
                f"{item!r} is not a driving licence category; use {', '.join(LICENCE_CATEGORIES)}"
            )
        found.add(_LICENCE_BY_KEY[key])
    return sorted(found, key=LICENCE_CATEGORIES.index)


# --- ISCED 2011 and ISIC Rev.4 --------------------------------------------------------------


class Isced(IntEnum):
    """ISCED 2011 level of education attained (UNESCO Institute for Statistics, 2012)."""

    early_childhood = 0
    primary = 1
    lower_secondary = 2
    upper_secondary = 3
    post_secondary_non_tertiary = 4
    short_cycle_tertiary = 5
    bachelor = 6
    master = 7
    doctoral = 8


#: ISIC Rev.4 sections and the two-digit divisions each holds (UN Statistics Division,
#: ISIC Rev.4, 2008): A 01-03 ... U 99.
ISIC_SECTIONS: dict[str, tuple[str, range]] = {
    "A": ("Agriculture, forestry and fishing", range(1, 4)),
    "B": ("Mining and quarrying", range(5, 10)),
    "C": ("Manufacturing", range(10, 34)),
    "D": ("Electricity, gas, steam and air conditioning supply", range(35, 36)),
    "E": ("Water supply; sewerage, waste management and remediation", range(36, 40)),
    "F": ("Construction", range(41, 44)),
    "G": ("Wholesale and retail trade; repair of motor vehicles", range(45, 48)),
    "H": ("Transportation and storage", range(49, 54)),
    "I": ("Accommodation and food service activities", range(55, 57)),
    "J": ("Information and communication", range(58, 64)),
    "K": ("Financial and insurance activities", range(64, 67)),
    "L": ("Real estate activities", range(68, 69)),
    "M": ("Professional, scientific and technical activities", range(69, 76)),
    "N": ("Administrative and support service activities", range(77, 83)),
    "O": ("Public administration and defence; compulsory social security", range(84, 85)),
    "P": ("Education", range(85, 86)),
    "Q": ("Human health and social work activities", range(86, 89)),
    "R": ("Arts, entertainment and recreation", range(90, 94)),
    "S": ("Other service activities", range(94, 97)),
    "T": ("Activities of households as employers", range(97, 99)),
    "U": ("Activities of extraterritorial organizations and bodies", range(99, 100)),
}


def parse_isic(value: str) -> str:
    """An ISIC Rev.4 section letter ("F") or two-digit division ("41"); "" when blank.

    Raises FieldError for a letter or division that ISIC Rev.4 does not have.
    """
    raw = value.strip().upper()
    if not raw:
        return ""
    if raw in ISIC_SECTIONS:
        return raw
    if raw.isdigit() and len(raw) == 2 and isic_section(raw):
        return raw
    raise FieldError(
        f"{value!r} is not an ISIC Rev.4 section (A-U) or division (01-99, e.g. 41 construction)"
    )


def isic_section(code: str) -> str | None:
    """The section letter of an ISIC Rev.4 section or division code; None if there is none."""
    if code in ISIC_SECTIONS:
        return code
    if code.isdigit():
        division = int(code)
        for letter, (_, divisions) in ISIC_SECTIONS.items():
            if division in divisions:
                return letter
    return None


def normalise_licence_number(value: str) -> str:
    """A licence number as stored and looked up: upper case, without spaces ("ЛЦ 0123" and
    "лц0123" are the same licence)."""
    return "".join(value.split()).upper()
