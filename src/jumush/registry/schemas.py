"""Pydantic schemas of registry records. `VacancyIn` is THE vacancy (job order) shape: the API
accepts it, the importers build it from every file format, and the compliance check reads it.
README.md ("The vacancy JSON") documents it with an example.

Codes are checked without the database: ISO 3166-1 alpha-2 countries, ISO 4217 currencies,
ISO 639-1 languages (pycountry), CEFR A1-C2, ISCO-08 codes as 4-digit strings. Whether a
code exists in the loaded taxonomies is checked by registry/actions.py.
Amounts are Decimal (from a decimal string such as "85000.50" or "85 000,50"; a JSON number is
read through its shortest decimal form); dates are dd.mm.yyyy or yyyy-mm-dd.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

import pycountry
from babel.numbers import get_currency_precision
from django.utils import timezone
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from jumush.core.text import printable
from jumush.registry.fields import (
    FieldError,
    Isced,
    normalise_licence_number,
    parse_amount,
    parse_date,
    parse_isic,
    parse_licence_categories,
    parse_phone,
)

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def _amount(value: object) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, str | int | Decimal):
        raise FieldError('an amount must be a decimal string such as "85000.50"')
    return parse_amount(value)


def _date(value: object) -> dt.date:
    if not isinstance(value, str | dt.date):
        raise FieldError('a date must be a string such as "31.12.2026"')
    return parse_date(value)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


#: Currency names seen in vacancy files, read as their ISO 4217 code. "RUR" is the pre-1998
#: rouble code hh.ru still uses; "сом" is the Kyrgyz som, "сомони" the Tajik somoni.
CURRENCY_ALIASES = {
    "RUR": "RUB", "РУБ": "RUB", "РУБ.": "RUB", "₽": "RUB", "СОМ": "KGS", "СОМ.": "KGS",
    "СОМОНИ": "TJS", "ТЕНГЕ": "KZT", "₸": "KZT", "$": "USD", "€": "EUR", "£": "GBP",
    "ВОН": "KRW", "₩": "KRW", "ЗЛ": "PLN", "ZŁ": "PLN",
}  # fmt: skip


def _country(value: object) -> str:
    code = str(value).strip().upper()
    if code not in _countries():
        raise FieldError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. KG, RU)")
    return code


def _currency(value: object) -> str:
    code = str(value).strip().upper()
    code = CURRENCY_ALIASES.get(code, code)
    if code not in _currencies():
        raise FieldError(f"{value!r} is not an ISO 4217 currency code (e.g. KGS, RUB, USD)")
    return code


def _language(value: object) -> str:
    code = str(value).strip().lower()
    if code not in _languages():
        raise FieldError(f"{value!r} is not an ISO 639-1 language code (e.g. ky, ru, en)")
    return code


def _cefr(value: object) -> str:
    code = str(value).strip().upper()
    if code not in CEFR_LEVELS:
        raise FieldError(f"{value!r} is not a CEFR level; use one of {', '.join(CEFR_LEVELS)}")
    return code


def _isco(value: object) -> str:
    code = str(value).strip()
    if not (code.isascii() and code.isdigit() and len(code) == 4):
        raise FieldError(
            f'{value!r} is not an ISCO-08 unit group: 4 digits as a string, e.g. "7212"'
        )
    return code


def _esco_uri(value: object) -> str:
    uri = str(value).strip()
    if not uri.startswith("http://data.europa.eu/esco/"):
        raise FieldError(f"{value!r} is not an ESCO URI (http://data.europa.eu/esco/...)")
    return uri


def _whole_number(value: object) -> int:
    """An integer from 5, "5" or 5.0; true/false and fractions are refused."""
    if isinstance(value, bool):
        raise FieldError("must be a whole number, not true/false")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise FieldError(f"{value!r} is not a whole number")


def _multiline(value: object) -> str:
    """Free text that keeps its line breaks; other control characters are removed."""
    if not isinstance(value, str):
        raise FieldError("must be text")
    lines = [" ".join(printable(line).split()) for line in value.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError("must be text")
    clean = printable(value).strip()
    return " ".join(clean.split())


def _licences(value: object) -> list[str]:
    if isinstance(value, str | list):
        return parse_licence_categories(value)
    raise FieldError('driving licence categories must be a list such as ["B", "C"]')


Amount = Annotated[Decimal, BeforeValidator(_amount), PlainSerializer(str, return_type=str)]
Date = Annotated[dt.date, BeforeValidator(_date)]
CountryCode = Annotated[str, BeforeValidator(_country)]
CurrencyCode = Annotated[str, BeforeValidator(_currency)]
LanguageCode = Annotated[str, BeforeValidator(_language)]
CefrCode = Annotated[str, BeforeValidator(_cefr)]
IscoCode = Annotated[str, BeforeValidator(_isco)]
EscoUri = Annotated[str, BeforeValidator(_esco_uri)]
Text = Annotated[str, BeforeValidator(_text)]


def _none_as_empty(value: object) -> object:
    """null (not known) reads as "", as when the key is left out."""
    return "" if value is None else value


#: Text that may be null for "not known", read as "".
MaybeText = Annotated[Text, BeforeValidator(_none_as_empty)]


Multiline = Annotated[str, BeforeValidator(_multiline)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Title = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=255)]
Licences = Annotated[list[str], BeforeValidator(_licences)]
LicenceNumber = Annotated[
    str,
    BeforeValidator(lambda v: normalise_licence_number(_text(v))),
    StringConstraints(min_length=1, max_length=60),
]
Hours = Annotated[Decimal, BeforeValidator(_amount), PlainSerializer(str, return_type=str)]


class Strict(BaseModel):
    """Unknown fields are errors (a misspelt "wage_amout" must not vanish)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Money(Strict):
    """An amount of money: Decimal `amount` (>= 0) in ISO 4217 `currency`, written with the
    currency's minor-unit digits (CLDR via Babel): "85000.50" RUB, "1800000" KRW."""

    amount: Amount
    currency: CurrencyCode

    @model_validator(mode="after")
    def _minor_units(self) -> Money:
        places = get_currency_precision(self.currency)
        if not fits_minor_units(self.amount, self.currency):
            raise PydanticCustomError(
                "value_error",
                f"{self.amount} {self.currency}: {self.currency} has {places} decimal places",
                {"code": "money.minor_units", "currency": self.currency, "places": places},
            )
        self.amount = self.amount.quantize(Decimal(1).scaleb(-places))
        return self


def fits_minor_units(amount: Decimal, currency: str) -> bool:
    """True when `amount` needs no more decimals than ISO 4217 `currency` has minor-unit
    digits (CLDR via Babel: RUB 2, KRW 0, KWD 3); trailing zeros do not count ("1000.00"
    KRW fits, "1000.5" KRW does not). Unknown currencies use CLDR's default of 2."""
    places = get_currency_precision(currency)
    exponent = amount.normalize().as_tuple().exponent
    return not (isinstance(exponent, int) and -exponent > places)


class Wage(Money):
    """The wage: `amount` in `currency` per `period` ("hour" or "month"); `basis` "gross",
    "net", or None when the source does not say (unknown is not net)."""

    period: Literal["hour", "month"]
    basis: Literal["gross", "net"] | None = None


class WorkerCost(Money):
    """Something the worker pays to get the job: `kind` is free text ("placement fee",
    "visa", "travel", "medical check", "training", "documents"...)."""

    kind: Annotated[Text, StringConstraints(min_length=1, max_length=80)]


class Deduction(Money):
    """A deduction from pay (`kind`: "housing", "food", "transport"...) of `amount` per
    `period`."""

    kind: Annotated[Text, StringConstraints(min_length=1, max_length=80)]
    period: Literal["hour", "day", "week", "month", "once"]


class EmployerRef(Strict):
    """The employer as a vacancy names it; matched to a registry Employer on storage."""

    name: Annotated[Text, StringConstraints(min_length=1, max_length=255)]
    country: CountryCode
    registration_number: Annotated[Text, StringConstraints(max_length=60)] = ""


class Destination(Strict):
    """Where the job is: ISO 3166-1 alpha-2 `country`, and `region` (ISO 3166-2 code such
    as "RU-MOW" where known, else the name the source gives), `city` as written."""

    country: CountryCode
    region: Annotated[MaybeText, StringConstraints(max_length=120)] = ""
    city: Annotated[MaybeText, StringConstraints(max_length=120)] = ""

    @field_validator("region")
    @classmethod
    def _region_code(cls, region: str, info: ValidationInfo) -> str:
        """A region written as an ISO 3166-2 code must be one of the country's."""
        if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", region):
            code = region.upper()
            country = info.data.get("country")
            if country and not code.startswith(f"{country}-"):
                raise ValueError(f"{code} is not a region of {country}")
            if code not in _subdivisions():
                raise ValueError(f"{code} is not an ISO 3166-2 region code")
            return code
        return region


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    return frozenset(s.code for s in pycountry.subdivisions)


class LanguageLevel(Strict):
    """A language (ISO 639-1) at a CEFR level (A1-C2)."""

    language: LanguageCode
    cefr: CefrCode


class Requirements(Strict):
    """What the job requires of a worker. Ages in whole years; experience in months."""

    languages: list[LanguageLevel] = Field(default_factory=list)
    experience_months: Annotated[WholeNumber, Field(ge=0, le=600)] = 0
    age_min: Annotated[WholeNumber, Field(ge=14, le=100)] | None = None
    age_max: Annotated[WholeNumber, Field(ge=14, le=100)] | None = None
    driving_licence: Licences = Field(default_factory=list)
    skills: list[EscoUri] = Field(default_factory=list)

    @model_validator(mode="after")
    def _age_window(self) -> Requirements:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is above age_max {self.age_max}")
        return self


#: The plausible range of a vacancy's start date: from this day to START_YEARS_AHEAD years
#: from today (a date outside it is a typing mistake, not a job).
EARLIEST_START_DATE = dt.date(2000, 1, 1)
START_YEARS_AHEAD = 10


def _plausible_start(day: dt.date) -> dt.date:
    today = timezone.localdate()
    if not EARLIEST_START_DATE <= day <= today.replace(year=today.year + START_YEARS_AHEAD):
        raise FieldError(f"{day.isoformat()} is not a plausible start date")
    return day


class Source(Strict):
    """Where the vacancy came from: `system` ("manual", "api", "hh", "superjob", "file"),
    the `file` and `row` of an import, and the source's own `external_id`."""

    system: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "manual"
    file: Annotated[str, StringConstraints(max_length=255)] = ""
    row: int | None = None
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None


VacancyStatusName = Literal["draft", "screening", "published", "blocked", "filled", "closed"]


class VacancyIn(Strict):
    """A vacancy (job order) as the API, the importers and the compliance check read it.

    Units: `wage` per hour or month; `weekly_hours` hours per week; `contract_months` months;
    `positions` people. `isco08_code`/`esco_uri` are coded from `title` when absent.
    `worker_costs` lists everything the worker would pay to get the job; under the
    employer-pays principle (ILO General Principles and Operational Guidelines for Fair
    Recruitment, 2019) the compliance check blocks any of them.
    """

    title: Title
    isco08_code: IscoCode | None = None
    esco_uri: EscoUri | None = None
    employer: EmployerRef | None = None
    agency_licence_number: LicenceNumber | None = None
    destination: Destination
    start_date: Annotated[Date, AfterValidator(_plausible_start)] | None = None
    positions: Annotated[WholeNumber, Field(ge=1, le=100_000)] = 1
    wage: Wage | None = None
    weekly_hours: Annotated[Hours, Field(gt=0, le=168)] | None = None
    contract_months: Annotated[WholeNumber, Field(ge=1, le=120)] | None = None
    worker_costs: list[WorkerCost] = Field(default_factory=list)
    deposit_from_worker: Money | None = None
    deductions: list[Deduction] = Field(default_factory=list)
    employer_pays: list[Annotated[Text, StringConstraints(min_length=1, max_length=80)]] = Field(
        default_factory=list
    )
    contract_languages: list[LanguageCode] = Field(default_factory=list)
    documents_held_by_employer: bool = False
    requirements: Requirements = Field(default_factory=Requirements)
    description: Annotated[Multiline, StringConstraints(max_length=20_000)] = ""
    status: VacancyStatusName = "draft"
    source: Source = Field(default_factory=Source)

    _hash: str | None = PrivateAttr(default=None)

    def content_hash(self) -> str:
        """sha256 of the vacancy without its `source` and `status`: the same job order read
        from two files, or twice from one, has the same hash."""
        if self._hash is None:
            body = self.model_dump(mode="json", exclude={"source", "status"})
            self._hash = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        return self._hash


class VacancyOut(VacancyIn):
    """A stored vacancy: the VacancyIn fields plus its `id`, coding confidence, the agency's
    and employer's registry ids, when it was created and last changed, and its fair-recruitment
    `screening` ({"status", "checked_on", "findings": [{"code", "severity", "message",
    "messages", "facts", "source"}]})."""

    model_config = ConfigDict(extra="ignore")

    id: int
    coding_confidence: float | None
    employer_id: int | None
    agency_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    screening: dict[str, Any] | None = None
    #: {"employer": bool, "agency": bool}: on the grievance watchlist (registry/api.py).
    watchlist: dict[str, bool] | None = None


# --- Workers -------------------------------------------------------------------------------


def _phone(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError('a phone number must be text such as "+996 555 123 456"')
    return parse_phone(value) if value.strip() else ""


def _isced(value: object) -> int:
    try:
        level = int(str(value).strip())
    except ValueError as exc:
        raise FieldError(f"{value!r} is not an ISCED 2011 level (0-8)") from exc
    if level not in {int(i) for i in Isced}:
        raise FieldError(f"{value!r} is not an ISCED 2011 level (0-8)")
    return level


def _latin_name(value: object) -> str:
    """A passport (MRZ) name: kept exactly as entered, only outer spaces trimmed; it must be
    Latin letters, spaces, hyphens or apostrophes."""
    if not isinstance(value, str):
        raise FieldError("must be text")
    name = value.strip()
    if not name:
        raise FieldError("the passport name in Latin letters is required")
    if not all((c.isascii() and c.isalpha()) or c in " -'" for c in name):
        raise FieldError(
            f"{value!r} must be written in Latin letters, as in the passport (e.g. ASANOV)"
        )
    return name


def _cyrillic_name(value: object) -> str:
    """A name in Cyrillic (Kyrgyz or Russian letters, spaces, hyphens, apostrophes)."""
    name = _text(value)
    if any(c.isascii() and c.isalpha() for c in name):
        raise FieldError(f"{name!r} has Latin letters: write the name in Cyrillic (e.g. Асанов)")
    return name


#: Youngest age at which a person may be registered for work (ILO C138, art. 2(3): 15).
MIN_WORKING_AGE = 15
#: Born longer ago than this is taken as a mistyped year, not a living worker.
OLDEST_AGE_YEARS = 100

PhoneE164 = Annotated[str, BeforeValidator(_phone)]
CyrillicName = Annotated[str, BeforeValidator(_cyrillic_name)]
IscedLevel = Annotated[int, BeforeValidator(_isced)]
LatinName = Annotated[str, BeforeValidator(_latin_name)]


class Origin(Strict):
    """Where in KG the worker comes from: region (ISO 3166-2:KG, e.g. "KG-C"), district
    (the project's code, e.g. "KG-C-SOKULUK"), and locality (village or town) as written.
    null is taken as not given (""), as our own worker JSON writes an unknown one."""

    region: Annotated[str, BeforeValidator(_none_as_empty), AfterValidator(str.upper)] = ""
    district: Annotated[str, BeforeValidator(_none_as_empty), AfterValidator(str.upper)] = ""
    locality: Annotated[MaybeText, StringConstraints(max_length=120)] = ""


class Passport(Strict):
    """A passport: number (stored encrypted) and expiry date."""

    number: Annotated[str, StringConstraints(min_length=5, max_length=20)]
    expiry: Date


class WorkerOccupationIn(Strict):
    """An occupation: `title` as the person says it; the ISCO-08 unit group and ESCO
    occupation are coded from it when absent; months of experience; ISO country gained in."""

    title: Title
    isco08_code: IscoCode | None = None
    esco_uri: EscoUri | None = None
    experience_months: Annotated[WholeNumber, Field(ge=0, le=720)] = 0
    country: CountryCode | None = None


class ConsentIn(Strict):
    """Consent given by the worker: purpose, date, and version of the text shown."""

    purpose: Annotated[Text, StringConstraints(min_length=1, max_length=40)]
    given_on: Date
    text_version: Annotated[Text, StringConstraints(min_length=1, max_length=40)]

    @field_validator("given_on")
    @classmethod
    def _not_in_future(cls, given: dt.date) -> dt.date:
        if given > timezone.localdate():
            raise ValueError(f"{given.isoformat()} is in the future")
        return given


class WorkerIn(Strict):
    """A worker (job seeker, migrant abroad or returnee) as the API and importers read it.

    `min_wage` is the lowest acceptable wage per month. `consent` is required: nobody is
    registered without it.
    """

    surname_latin: LatinName
    given_names_latin: LatinName
    surname_cyrillic: Annotated[CyrillicName, StringConstraints(max_length=100)] = ""
    given_names_cyrillic: Annotated[CyrillicName, StringConstraints(max_length=150)] = ""
    patronymic_cyrillic: Annotated[CyrillicName, StringConstraints(max_length=100)] = ""
    sex: Literal["female", "male"]
    birth_date: Date
    citizenship: CountryCode = "KG"
    origin: Origin = Field(default_factory=Origin)
    phone: PhoneE164 = ""
    passport: Passport | None = None
    languages: list[LanguageLevel] = Field(default_factory=list)
    occupations: list[WorkerOccupationIn] = Field(default_factory=list)
    skills: list[EscoUri] = Field(default_factory=list)
    education_isced: IscedLevel | None = None
    driving_licence: Licences = Field(default_factory=list)
    destinations: list[CountryCode] = Field(default_factory=list)
    min_wage: Money | None = None
    available_from: Date | None = None
    status: Literal["job_seeker", "deployed", "abroad", "returned"] = "job_seeker"
    consent: ConsentIn
    source: Source = Field(default_factory=Source)

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth(cls, born: dt.date) -> dt.date:
        today = timezone.localdate()
        if not today.replace(year=today.year - OLDEST_AGE_YEARS) <= born <= today:
            raise ValueError(f"{born.isoformat()} is not a plausible date of birth")
        youngest = today.replace(year=today.year - MIN_WORKING_AGE)
        if born > youngest:
            raise ValueError(
                f"born {born.isoformat()}: under {MIN_WORKING_AGE}, below the minimum age "
                "for employment (ILO C138 Minimum Age Convention, art. 2)"
            )
        return born

    @field_validator("languages")
    @classmethod
    def _each_language_once(cls, languages: list[LanguageLevel]) -> list[LanguageLevel]:
        seen: set[str] = set()
        for item in languages:
            if item.language in seen:
                raise ValueError(f"language {item.language!r} is listed twice")
            seen.add(item.language)
        return languages

    def content_hash(self) -> str:
        """sha256 of the record without `source`: the same row imported twice has one hash."""
        body = self.model_dump(mode="json", exclude={"source"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class EmployerIn(Strict):
    """An employer: legal name, ISO country, registration number there, ISIC Rev.4 sector
    (section letter or 2-digit division), address."""

    legal_name: Annotated[Text, StringConstraints(min_length=1, max_length=255)]
    country: CountryCode
    registration_number: Annotated[Text, StringConstraints(max_length=60)] = ""
    sector_isic: Annotated[str, BeforeValidator(lambda v: parse_isic(str(v)))] = ""
    address: Annotated[Text, StringConstraints(max_length=400)] = ""


class AgencyIn(Strict):
    """A licensed private employment agency: licence number, issue and expiry dates,
    countries served, deposit held."""

    name: Annotated[Text, StringConstraints(min_length=1, max_length=255)]
    licence_number: LicenceNumber
    issued_on: Date
    expires_on: Date
    countries_served: list[CountryCode] = Field(default_factory=list)
    deposit: Money | None = None

    @field_validator("expires_on")
    @classmethod
    def _after_issue(cls, expires: dt.date, info: ValidationInfo) -> dt.date:
        issued = info.data.get("issued_on")
        if issued is not None and expires < issued:
            raise ValueError(f"{expires.isoformat()} is before issued_on {issued.isoformat()}")
        return expires


def plain_reason(e: Any) -> str:
    """A pydantic error in plain words (no Python type names)."""
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    value = e.get("input")
    if kind == "missing":
        return "required"
    if kind in ("string_too_long", "too_long") and isinstance(value, str | list):
        limit = ctx.get("max_length")
        unit = "characters" if isinstance(value, str) else "items"
        return f"is {len(value)} {unit} long; at most {limit}"
    if kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length")
        if isinstance(least, int) and least > 1:
            unit = "items" if isinstance(value, list | dict) else "characters"
            return f"is too short: at least {least} {unit}"
        return "must not be empty"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a JSON object ({...})"
    if kind == "list_type":
        return "must be a list ([...])"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling in the README)"
    return str(e.get("msg", "")).removeprefix("Value error, ")


def error_list(exc: Any) -> list[dict[str, Any]]:
    """A pydantic ValidationError as [{field, reason, value}]: dotted field names, reasons
    in plain words, and the value given (null when missing or not a simple value)."""
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e.get("loc", ())) or "record"
        value = e.get("input")
        simple = isinstance(value, str | int | float | bool | Decimal) and e["type"] != "missing"
        out.append({"field": loc, "reason": plain_reason(e), "value": value if simple else None})
    return out
