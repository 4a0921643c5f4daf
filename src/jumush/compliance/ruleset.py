"""The destination rules as data: one TOML file per country in `rules/` (ISO 3166-1 alpha-2,
lower case), read and validated once.

Every figure carries its unit, its legal `source` (and `source_url`), `effective_from` (and
`effective_to` when superseded) and `verification` ("confirmed" or "unconfirmed": see
rules/SOURCES.md for why a figure is unconfirmed). `RuleSet.in_force(day)` gives the entries
that apply on a day. A file that breaks the schema raises RulesError naming the file, the
entry and the field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

RULES_DIR = Path(__file__).resolve().parent / "rules"


class RulesError(ValueError):
    """A rules file is unreadable or breaks the schema; the message names file and field."""


def _decimal(value: object) -> Decimal | None:
    if value in ("", None):
        return None
    return Decimal(str(value))


OptDecimal = Annotated[Decimal | None, BeforeValidator(_decimal)]


class Dated(BaseModel):
    """An entry in force from `effective_from` to `effective_to` (inclusive; None: open)."""

    model_config = ConfigDict(extra="forbid")

    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str = Field(min_length=1)
    source_url: str = ""
    verification: Literal["confirmed", "unconfirmed"]
    note: str = ""

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class MinimumWage(Dated):
    """A statutory minimum wage: `amount` in `currency` per `period`, `basis` gross or net;
    national when `region` is "", else for that ISO 3166-2 region; for ages
    `age_min`..`age_max` when the law sets age bands; `contract` "employment" unless the
    minimum is for civil-law contracts only."""

    amount: Decimal
    currency: str = Field(min_length=3, max_length=3)
    period: Literal["hour", "month"]
    basis: Literal["gross", "net"]
    region: str = ""
    applies_to: str = ""
    age_min: int | None = None
    age_max: int | None = None
    contract: Literal["employment", "civil_law"] = "employment"
    monthly_hours_basis: OptDecimal = None
    prorated_part_time: bool = True


class Hours(Dated):
    """Statutory weekly hours: `normal_weekly` (None where the law sets no normal week) and
    `maximum_weekly` including overtime (None where the law gives no weekly maximum)."""

    normal_weekly: OptDecimal = None
    maximum_weekly: OptDecimal = None


class DeductionCap(Dated):
    """A legal cap on deductions as a share of the wage (0.20 = 20%); `general` for the cap
    that applies to all deductions together."""

    share_of_wage: OptDecimal = None
    applies_to: str = ""
    general: bool = False


class ExchangeRate(BaseModel):
    """A dated official rate: 1 `from_currency` = `rate` `to_currency` on `date`."""

    model_config = ConfigDict(extra="forbid")

    from_currency: str
    to_currency: str
    rate: Decimal
    date: dt.date
    source: str = Field(min_length=1)
    source_url: str = ""
    verification: Literal["confirmed", "unconfirmed"]


class Route(Dated):
    """A labour-migration route to the destination and its conditions: an age window, a
    language test, a minimum hourly rate and guaranteed weekly hours; it covers the ISCO-08
    groups starting with one of `isco_groups` (all when empty). `summary_*` say in a sentence,
    in ky/ru/en, what the route means for the worker."""

    code: str
    name: str
    age_min: int | None = None
    age_max: int | None = None
    language_test: str = ""
    min_hourly_rate: OptDecimal = None
    guaranteed_weekly_hours: OptDecimal = None
    isco_groups: list[str] = []
    summary_en: str = ""
    summary_ru: str = ""
    summary_ky: str = ""

    def covers(self, isco: str | None) -> bool:
        """True when the route covers the ISCO-08 code (or covers every occupation)."""
        if not self.isco_groups:
            return True
        return isco is not None and any(isco.startswith(g) for g in self.isco_groups)


class ContractLanguage(BaseModel):
    """The languages (ISO 639-1) a contract must be in by the destination's law."""

    model_config = ConfigDict(extra="forbid")

    required: list[str] = []
    source: str = ""
    verification: Literal["confirmed", "unconfirmed"] = "unconfirmed"
    note: str = ""


T = TypeVar("T", bound=Dated)


class RuleSet(BaseModel):
    """The rules of one destination country."""

    model_config = ConfigDict(extra="forbid")

    country: str
    name: str
    currency: str
    note: str = ""
    minimum_wage: list[MinimumWage] = []
    hours: list[Hours] = []
    deduction_cap: list[DeductionCap] = []
    exchange_rate: list[ExchangeRate] = []
    route: list[Route] = []
    contract_language: ContractLanguage = ContractLanguage()

    @staticmethod
    def in_force(entries: list[T], day: dt.date) -> list[T]:
        """The entries in force on `day`."""
        return [e for e in entries if e.in_force(day)]

    def rate(self, from_currency: str, to_currency: str, day: dt.date) -> ExchangeRate | None:
        """The latest official rate from -> to dated on or before `day` (either direction
        is used, inverted when needed); None when the rules record none."""
        best: ExchangeRate | None = None
        for r in self.exchange_rate:
            if r.date > day:
                continue
            if (r.from_currency, r.to_currency) == (from_currency, to_currency):
                candidate = r
            elif (r.from_currency, r.to_currency) == (to_currency, from_currency):
                candidate = r.model_copy(
                    update={
                        "from_currency": from_currency,
                        "to_currency": to_currency,
                        "rate": Decimal(1) / r.rate,
                    }
                )
            else:
                continue
            if best is None or candidate.date > best.date:
                best = candidate
        return best


def _load(path: Path) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path.name}: {exc}") from exc
    try:
        rules = RuleSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RulesError(f"{path.name}: {where}: {first['msg']}") from exc
    if rules.country.lower() != path.stem:
        raise RulesError(f"{path.name}: country {rules.country!r} does not match the file name")
    return rules


@lru_cache(maxsize=1)
def all_rules() -> dict[str, RuleSet]:
    """Every destination's rules, by ISO 3166-1 alpha-2 code. Raises RulesError."""
    return {p.stem.upper(): _load(p) for p in sorted(RULES_DIR.glob("*.toml")) if len(p.stem) == 2}


def rules_for(country: str) -> RuleSet | None:
    """The rules of a destination, or None when there is no rules file for it."""
    return all_rules().get(country.upper())


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A short fingerprint of the rules files, stored with each screening (read once per
    process, like the rules themselves)."""
    h = hashlib.sha256()
    for p in sorted(RULES_DIR.glob("*.toml")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
