"""Error messages for the pages, in the page's language. The schemas and actions raise
errors with stable codes and English messages for the API and logs (core/errors.py); the
pages map those codes here to translated words, so a worker or case worker reading Kyrgyz or
Russian never sees a programmer's English sentence."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jumush.core.errors import DomainError
from jumush.registry.fields import FieldError


def minor_units_message(currency: str, places: int) -> str:
    """ "KRW is written without decimals" / "RUB has at most 2 decimals" (ISO 4217 minor
    units, CLDR via Babel)."""
    if places == 0:
        return _("%(currency)s is written without decimals (whole numbers only).") % {
            "currency": currency
        }
    return _("%(currency)s has at most %(places)d digits after the decimal point.") % {
        "currency": currency,
        "places": places,
    }


def schema_field(error: Any) -> str | None:
    """The field a pydantic error is about: the `field` its context names, else the first
    part of its location."""
    ctx = error.get("ctx") or {}
    if ctx.get("field"):
        return str(ctx["field"])
    loc = [str(p) for p in error.get("loc", ())]
    return loc[0] if loc else None


def schema_message(error: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in the page's language."""
    ctx = error.get("ctx") or {}
    code = ctx.get("code")
    kind = error.get("type", "")
    if code == "money.minor_units":
        return minor_units_message(str(ctx.get("currency", "")), int(ctx.get("places", 2)))
    if code == "case.dates_order":
        return _("The end date is before the start date.")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length")
        if isinstance(least, int) and least > 1:
            return _("Too short: write at least %(count)d characters.") % {"count": least}
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        return _("Too long: at most %(count)s characters.") % {"count": ctx.get("max_length")}
    return _("Please check this.")


def _state(value: object) -> str:
    from jumush.cases.models import State

    try:
        return str(State(str(value)).label)
    except ValueError:
        return str(value)


def domain_message(exc: DomainError, otherwise: str | None = None) -> str:
    """A DomainError raised by an action, in the page's language (by its `code`); for a code
    not listed here, `otherwise`, else a general "could not be done"."""
    facts = exc.facts
    messages = {
        "case.transition_refused": lambda: (
            _("This step is not possible while the case is “%(state)s”.")
            % {"state": _state(facts.get("from_state"))}
        ),
        "case.assignee_invalid": lambda: (
            _("User %(id)s is not an active case worker. Choose an active case worker.")
            % {"id": facts.get("assignee_id", "")}
        ),
        "case.referral_required": lambda: _("Choose where the case is referred."),
        "case.outcome_required": lambda: _(
            "Choose the outcome: substantiated, unsubstantiated or withdrawn."
        ),
        "case.currency_required": lambda: _("An amount recovered needs its currency."),
        "case.amount_negative": lambda: _("Amounts recovered cannot be negative."),
        "case.stale": lambda: _("The case was changed by someone else. Reload it and try again."),
        "case.vacancy_unknown": lambda: _("There is no such vacancy."),
        "case.employer_unknown": lambda: _("There is no such employer."),
        "case.agency_unknown": lambda: _("No agency holds this licence number."),
        "application.withdrawn": lambda: _("The worker withdrew this application."),
        "agency.revoked_final": lambda: _(
            "The licence is revoked, which is final: the agency must apply for a new one."
        ),
        "agency.decision_date_invalid": lambda: _("The date is outside the licence's term."),
    }
    make = messages.get(exc.code)
    if make:
        return make()
    return (
        otherwise if otherwise is not None else _("This could not be done. Please check the form.")
    )


def amount_message(exc: FieldError, unreadable: str) -> str:
    """Why a typed amount (registry/fields.py parse_amount) was refused, in the page's
    language; `unreadable` is the form's own words for text that is not a number."""
    if exc.code == "negative":
        return _("The amount cannot be negative.")
    if exc.code == "too_large":
        return _("This amount is too large.")
    if exc.code == "decimals":
        return _("Write at most 2 digits after the decimal point.")
    return unreadable
