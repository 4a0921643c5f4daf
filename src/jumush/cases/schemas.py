"""Shapes in and out of the grievance API and forms (one shape for the web form, the API and
the hotline). Dates accept ISO ("2026-05-01") or "01.05.2026"; amounts are Decimal strings
with an ISO 4217 currency (registry/schemas.py Money)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Literal

from babel.numbers import get_currency_precision
from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from jumush.registry.schemas import (
    Amount,
    CountryCode,
    CurrencyCode,
    Date,
    LicenceNumber,
    Money,
    Multiline,
    Strict,
    Text,
    fits_minor_units,
)

CategoryName = Literal[
    "unpaid_wages",
    "late_wages",
    "pay_below_contract",
    "contract_substitution",
    "recruitment_fee",
    "documents_retained",
    "excessive_hours",
    "unsafe_work",
    "housing",
    "violence",
    "restricted_movement",
    "deception",
    "trafficking",
    "other",
]
SeverityName = Literal["low", "medium", "high", "critical"]
OutcomeName = Literal["substantiated", "unsubstantiated", "withdrawn"]
ReferralName = Literal["consulate", "labour_inspectorate", "legal_aid", "iom", "police"]
SanctionName = Literal["none", "warning", "suspension", "revocation"]
Summary = Annotated[str, StringConstraints(min_length=10, max_length=5000)]
City = Annotated[str, StringConstraints(max_length=120)]
Note = Annotated[str, StringConstraints(max_length=2000)]

#: Fields a case worker may change with update_case (optimistic concurrency).
EDITABLE = (
    "category",
    "severity",
    "summary",
    "employer_id",
    "agency_id",
    "vacancy_id",
    "country",
    "city",
    "incident_from",
    "incident_to",
    "amount_claimed",
    "claimed_currency",
)


class CaseIn(Strict):
    """A grievance as filed. Against an employer (registry id), an agency (licence number)
    and/or a vacancy (id); where (ISO 3166-1 alpha-2 `country`, `city`); when (`incident_from`
    to `incident_to`); `amount_claimed` in its currency. `anonymous`: store no identity even
    when the filer is signed in."""

    category: CategoryName
    severity: SeverityName | None = None
    summary: Annotated[Multiline, StringConstraints(min_length=10, max_length=5000)]
    employer_id: int | None = None
    agency_licence_number: LicenceNumber | None = None
    vacancy_id: int | None = None
    country: CountryCode | None = None
    city: Annotated[Text, StringConstraints(max_length=120)] = ""
    incident_from: Date | None = None
    incident_to: Date | None = None
    amount_claimed: Money | None = None
    anonymous: bool = False

    @model_validator(mode="after")
    def _dates_in_order(self) -> CaseIn:
        if self.incident_from and self.incident_to and self.incident_to < self.incident_from:
            raise PydanticCustomError(
                "value_error",
                "incident_to is before incident_from",
                {"code": "case.dates_order", "field": "incident_to"},
            )
        return self


class HotlineCaseIn(CaseIn):
    """A grievance an officer or case worker files on a worker's behalf (hotline): the same
    fields, plus the worker's registry `worker_id` when known."""

    worker_id: uuid.UUID | None = None


class FollowUpIn(Strict):
    """A filer's follow-up: the case reference and its PIN (sent in the body, never a URL)."""

    reference: Annotated[str, StringConstraints(min_length=6, max_length=20)]
    pin: Annotated[str, StringConstraints(min_length=4, max_length=12)]


class CaseUpdate(Strict):
    """A change to a case made from `version` (the version the editor saw). Only the fields
    given change. `amount_claimed` is a Decimal string with `claimed_currency`."""

    version: int = Field(ge=1)
    category: CategoryName | None = None
    severity: SeverityName | None = None
    summary: Summary | None = None
    employer_id: int | None = None
    agency_id: int | None = None
    vacancy_id: int | None = None
    country: CountryCode | None = None
    city: City | None = None
    incident_from: dt.date | None = None
    incident_to: dt.date | None = None
    amount_claimed: Amount | None = None
    claimed_currency: CurrencyCode | None = None


class TransitionIn(Strict):
    """One workflow step. `assign` needs `assignee_id` (a case worker's user id); `refer`
    needs `referral_to` (and `referred_on`, default today); `resolve` needs `outcome`, and
    takes `refund_amount`/`compensation_amount` in `recovered_currency` and a
    `proposed_sanction`. Every step may carry a `note` (kept with the step)."""

    action: Literal["triage", "assign", "refer", "resolve", "close", "reopen"]
    note: Note = ""
    severity: SeverityName | None = None
    assignee_id: int | None = None
    referral_to: ReferralName | None = None
    referred_on: Date | None = None
    outcome: OutcomeName | None = None
    refund_amount: Amount | None = None
    compensation_amount: Amount | None = None
    recovered_currency: CurrencyCode | None = None
    proposed_sanction: SanctionName | None = None
    version: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _minor_units(self) -> TransitionIn:
        currency = self.recovered_currency
        for name in ("refund_amount", "compensation_amount"):
            amount = getattr(self, name)
            if currency and amount is not None and not fits_minor_units(amount, currency):
                places = get_currency_precision(currency)
                raise PydanticCustomError(
                    "value_error",
                    f"{name}: {amount} {currency}: {currency} has {places} decimal places",
                    {
                        "code": "money.minor_units",
                        "field": name,
                        "currency": currency,
                        "places": places,
                    },
                )
        return self


class NoteIn(Strict):
    text: Annotated[str, StringConstraints(min_length=1, max_length=5000)]


class DecisionIn(Strict):
    """An officer's decision on a proposed suspension, with the reason."""

    reason: Annotated[str, StringConstraints(min_length=1, max_length=400)]
    effective_on: Date | None = None


def money_text(amount: Decimal | None, currency: str | None) -> dict[str, str] | None:
    """{"amount": "1500.00", "currency": "RUB"} or None."""
    if amount is None:
        return None
    return {"amount": str(amount), "currency": currency or ""}
