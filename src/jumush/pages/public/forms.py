"""Forms of the public pages: the licence look-up and the job-offer check. Labels on every
field; errors per field in the page's language; nothing typed is lost on an error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as SchemaError

from jumush.pages.choices import choice_field, country_choices, currency_choices, language_names
from jumush.pages.errors import amount_message, schema_message
from jumush.registry.fields import FieldError, parse_amount, parse_date
from jumush.registry.schemas import EARLIEST_START_DATE, START_YEARS_AHEAD, VacancyIn

#: Languages a contract may be written in, offered on the offer check.
CONTRACT_LANGUAGES = ("ky", "ru", "en", "tr", "ko", "de")


class LicenceSearchForm(forms.Form):
    """A licence number (or part of it) or an agency's name."""

    q = forms.CharField(
        label=_("Licence number or agency name"),
        max_length=200,
        error_messages={"required": _("Write a licence number or a name.")},
    )


def _amount_or_none(text: str, unreadable: str | None = None) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_amount(text)
    except FieldError as exc:
        raise ValidationError(
            amount_message(
                exc,
                unreadable or str(_("Write an amount of money, for example 60 000 or 60000.50.")),
            ),
            code=exc.code,
        ) from exc


class OfferCheckForm(forms.Form):
    """A job offer's terms as the worker was told them. `to_vacancy` turns them into the
    vacancy shape that compliance screens (registry/schemas.py, VacancyIn)."""

    title = forms.CharField(label=_("What is the job?"), max_length=255)
    country = forms.ChoiceField(label=_("Country of work"))
    employer = forms.CharField(label=_("Employer (company name)"), max_length=255, required=False)
    agency_licence = forms.CharField(
        label=_("Licence number of the agency, if an agency offers the job"),
        max_length=60,
        required=False,
    )
    wage_amount = forms.CharField(
        label=_("Wage"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    wage_currency = forms.ChoiceField(label=_("Currency of the wage"))
    wage_period = forms.ChoiceField(
        label=_("The wage is paid"),
        choices=[("month", _("per month")), ("hour", _("per hour"))],
        widget=forms.RadioSelect,
        initial="month",
    )
    weekly_hours = forms.CharField(
        label=_("Hours of work per week"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    fee_amount = forms.CharField(
        label=_("Money you are asked to pay to get the job (fees, tickets, visa, medical check)"),
        help_text=_("Leave it empty if you pay nothing."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    fee_currency = forms.ChoiceField(label=_("Currency of that payment"))
    fee_kind = forms.CharField(label=_("What is that payment for?"), max_length=80, required=False)
    contract_languages = forms.MultipleChoiceField(
        label=_("Languages of the contract"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents_held = forms.BooleanField(
        label=_("They want to keep your passport or other documents"), required=False
    )
    start_date = forms.CharField(
        label=_("Start date"), help_text=_("Day.month.year"), max_length=20, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "country").choices = [("", "—"), *country_choices(common_first=True)]
        choice_field(self, "wage_currency").choices = currency_choices()
        choice_field(self, "fee_currency").choices = currency_choices()
        choice_field(self, "contract_languages").choices = list(
            language_names(CONTRACT_LANGUAGES).items()
        )

    def clean_wage_amount(self) -> Decimal | None:
        return _amount_or_none(self.cleaned_data["wage_amount"])

    def clean_fee_amount(self) -> Decimal | None:
        return _amount_or_none(self.cleaned_data["fee_amount"])

    def clean_weekly_hours(self) -> Decimal | None:
        hours_rule = str(_("Write the hours of one week: more than 0, at most 168."))
        text = self.cleaned_data["weekly_hours"].strip()
        if text.startswith("-"):
            raise ValidationError(hours_rule, code="min_value")
        try:
            hours = parse_amount(text) if text else None
        except FieldError as exc:
            raise ValidationError(
                _("Write the hours of one week as a number, for example 40."), code="invalid"
            ) from exc
        if hours is not None and not Decimal(0) < hours <= Decimal(168):
            raise ValidationError(hours_rule, code="max_value")
        return hours

    def clean_start_date(self) -> dt.date | None:
        text = self.cleaned_data["start_date"].strip()
        if not text:
            return None
        try:
            day = parse_date(text)
        except FieldError as exc:
            raise ValidationError(
                _("Write the date as day.month.year, for example 01.03.2027."), code="invalid"
            ) from exc
        if day < EARLIEST_START_DATE:
            raise ValidationError(
                _("%(date)s is too far in the past for a start date.")
                % {"date": day.strftime("%d.%m.%Y")},
                code="min_value",
            )
        today = timezone.localdate()
        if day > today.replace(year=today.year + START_YEARS_AHEAD):
            raise ValidationError(
                _("%(date)s is too far in the future for a start date.")
                % {"date": day.strftime("%d.%m.%Y")},
                code="max_value",
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["vacancy"] = self.to_vacancy(data)
        except SchemaError as exc:
            for error in exc.errors():
                self.add_error(self._field_of(error["loc"]), schema_message(error))
        return data

    @staticmethod
    def _field_of(loc: tuple[Any, ...]) -> str | None:
        head = str(loc[0]) if loc else ""
        return {
            "title": "title",
            "destination": "country",
            "employer": "employer",
            "agency_licence_number": "agency_licence",
            "wage": "wage_amount",
            "weekly_hours": "weekly_hours",
            "worker_costs": "fee_amount",
            "start_date": "start_date",
            "contract_languages": "contract_languages",
        }.get(head)

    @staticmethod
    def to_vacancy(data: dict[str, Any]) -> VacancyIn:
        """The offer as a VacancyIn (stored nowhere). Raises the schema's ValidationError."""
        body: dict[str, Any] = {
            "title": data["title"],
            "destination": {"country": data["country"]},
            "contract_languages": data.get("contract_languages") or [],
            "documents_held_by_employer": bool(data.get("documents_held")),
            "start_date": data.get("start_date"),
            "weekly_hours": data.get("weekly_hours"),
        }
        if data.get("employer"):
            body["employer"] = {"name": data["employer"], "country": data["country"]}
        if data.get("agency_licence"):
            body["agency_licence_number"] = data["agency_licence"]
        if data.get("wage_amount") is not None:
            body["wage"] = {
                "amount": data["wage_amount"],
                "currency": data["wage_currency"],
                "period": data["wage_period"] or "month",
            }
        if data.get("fee_amount"):
            body["worker_costs"] = [
                {
                    "kind": data.get("fee_kind") or "fee",
                    "amount": data["fee_amount"],
                    "currency": data["fee_currency"],
                }
            ]
        return VacancyIn.model_validate(body)
