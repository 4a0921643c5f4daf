"""Forms of the staff pages. The vacancy form is a flat, phone-friendly view of the vacancy
JSON (registry/schemas.py VacancyIn): `to_vacancy` builds the VacancyIn, and its validation
errors come back on the form fields they concern."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from babel import Locale
from babel.numbers import get_currency_precision
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from jumush.registry.actions import code_titles
from jumush.registry.models import AgencyDecision, Sex, VacancyReview, WorkerStatus
from jumush.registry.schemas import VacancyIn
from jumush.taxonomy.models import IscoGroup

#: Destinations with compliance rules (compliance/rules/*.toml), ISO 3166-1 alpha-2.
DESTINATIONS = ("RU", "KZ", "KR", "TR", "GB", "DE", "PL", "AE", "KG")
#: ISO 4217 currencies of those destinations, and the US dollar.
CURRENCIES = ("RUB", "KZT", "KRW", "TRY", "GBP", "EUR", "PLN", "AED", "KGS", "USD")
#: Contract languages offered (ISO 639-1): Kyrgyz and Russian first (what workers read).
LANGUAGES = (
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
    ("kk", _("Kazakh")),
    ("ko", _("Korean")),
    ("tr", _("Turkish")),
    ("de", _("German")),
    ("pl", _("Polish")),
)


def country_choices(lang: str) -> list[tuple[str, str]]:
    """(alpha-2, name in `lang`) of the destinations with rules, by CLDR via Babel."""
    names = Locale.parse(lang if lang in ("ky", "ru") else "en").territories
    return [(c, f"{names.get(c, c)} ({c})") for c in DESTINATIONS]


#: An example line of the worker_costs field, in the page language.
COST_EXAMPLE = _("placement fee: 20000")


class VacancyForm(forms.Form):
    """A vacancy (job order) as its employer or agency staff enter it. Amounts are in the wage
    currency. `worker_costs`: one line per cost the worker would pay, "what for: amount"."""

    title = forms.CharField(label=_("Job title"), max_length=255)
    isco08_code = forms.RegexField(
        label=_("ISCO-08 unit group (4 digits)"),
        regex=r"^\d{4}$",
        required=False,
        help_text=_("Leave empty to have it coded from the title."),
        error_messages={"invalid": _("No ISCO-08 unit group has this code: give 4 digits.")},
    )
    employer_name = forms.CharField(label=_("Employer's legal name"), max_length=255)
    employer_country = forms.ChoiceField(label=_("Employer's country"))
    employer_registration_number = forms.CharField(
        label=_("Employer's registration number"), max_length=60, required=False
    )
    agency_licence_number = forms.CharField(
        label=_("Licence number of the recruiting agency"),
        max_length=60,
        required=False,
        help_text=_("Leave empty when the employer recruits directly."),
    )
    destination_country = forms.ChoiceField(label=_("Country of work"))
    destination_city = forms.CharField(label=_("City"), max_length=120, required=False)
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=100_000, initial=1)
    wage_amount = forms.DecimalField(
        label=_("Wage"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    wage_currency = forms.ChoiceField(
        label=_("Currency"), choices=[(c, c) for c in CURRENCIES], initial="RUB"
    )
    wage_period = forms.ChoiceField(
        label=_("Per"), choices=[("month", _("month")), ("hour", _("hour"))], initial="month"
    )
    wage_basis = forms.ChoiceField(
        label=_("Gross or net"),
        choices=[
            ("gross", _("gross (before tax)")),
            ("net", _("net (after tax)")),
            ("", _("not stated")),
        ],
        required=False,
        initial="gross",
    )
    weekly_hours = forms.DecimalField(
        label=_("Hours per week"),
        min_value=Decimal("0.5"),
        max_value=Decimal(168),
        max_digits=5,
        decimal_places=2,
    )
    contract_months = forms.IntegerField(
        label=_("Contract length in months"), min_value=1, max_value=120, required=False
    )
    worker_costs = forms.CharField(
        label=_("Fees and costs the worker would pay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        # help_text: set per form, in the page language (__init__).
    )
    deposit_from_worker = forms.DecimalField(
        label=_("Deposit taken from the worker"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    employer_pays = forms.CharField(
        label=_("Costs the employer pays"),
        max_length=800,
        required=False,
        help_text=_("Separated by commas, e.g. visa, travel, placement fee."),
    )
    contract_languages = forms.MultipleChoiceField(
        label=_("Languages of the contract"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents_held_by_employer = forms.BooleanField(
        label=_("The employer keeps the worker's passport or documents"), required=False
    )
    experience_months = forms.IntegerField(
        label=_("Experience required, in months"), min_value=0, max_value=600, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        lang: str = "en",
        fixed_employer: bool = False,
        fixed_agency: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker_costs"].help_text = _(
            'One per line, "what for: amount", in the wage currency, e.g. "%(example)s".'
        ) % {"example": COST_EXAMPLE}
        countries = country_choices(lang)
        cast("forms.ChoiceField", self.fields["destination_country"]).choices = countries
        cast("forms.ChoiceField", self.fields["employer_country"]).choices = countries
        # Staff of an employer post for it, staff of an agency through it: those fields come
        # from the account, not the form.
        if fixed_employer:
            for name in ("employer_name", "employer_country", "employer_registration_number"):
                del self.fields[name]
        if fixed_agency:
            del self.fields["agency_licence_number"]

    def clean_isco08_code(self) -> str:
        """The ISCO-08 unit group, which must exist (IscoGroup, level 4)."""
        code: str = self.cleaned_data["isco08_code"]
        if code and not IscoGroup.objects.filter(code=code, level=4).exists():
            raise forms.ValidationError(
                _("No ISCO-08 unit group has the code %(code)s."), params={"code": code}
            )
        return code

    def clean_start_date(self) -> dt.date | None:
        """A start date, if given, is today or later (the vacancy is offered from it)."""
        start: dt.date | None = self.cleaned_data.get("start_date")
        if start is not None and start < timezone.localdate():
            raise forms.ValidationError(
                _("The start date %(date)s is in the past."), params={"date": start.isoformat()}
            )
        return start

    def clean(self) -> dict[str, Any]:
        """Without an ISCO-08 code the title is coded: a title the coder cannot place in one
        unit group (too general, e.g. "manager") is refused rather than stored uncoded.
        Amounts must fit the wage currency's minor units (ISO 4217 via Babel)."""
        data = super().clean() or {}
        title = data.get("title")
        if title and not data.get("isco08_code") and "isco08_code" not in self.errors:
            coded = code_titles([title])[title]
            if coded.abstain or coded.isco08_code is None:
                self.add_error(
                    "title",
                    _(
                        "This title is too general to find its occupation: write it more "
                        'precisely (e.g. "sales manager", not "manager") or give the '
                        "ISCO-08 unit group."
                    ),
                )
        currency = data.get("wage_currency")
        if currency:
            places = get_currency_precision(currency)
            amounts = [("wage_amount", data.get("wage_amount"))]
            amounts.append(("deposit_from_worker", data.get("deposit_from_worker")))
            amounts += [
                ("worker_costs", amount) for _kind, amount in data.get("worker_costs") or []
            ]
            for name, amount in amounts:
                if amount is None or name in self.errors:
                    continue
                exponent = amount.normalize().as_tuple().exponent
                if isinstance(exponent, int) and -exponent > places:
                    self.add_error(
                        name,
                        _("%(currency)s amounts have %(places)s decimal places: %(amount)s.")
                        % {"currency": currency, "places": places, "amount": amount},
                    )
        return data

    def clean_worker_costs(self) -> list[tuple[str, Decimal]]:
        costs = []
        for n, line in enumerate(self.cleaned_data["worker_costs"].splitlines(), start=1):
            if not line.strip():
                continue
            kind, sep, amount = line.rpartition(":")
            try:
                value = Decimal(amount.strip().replace(" ", "").replace(",", "."))
            except InvalidOperation:
                value = None
            if not sep or not kind.strip() or value is None or value < 0:
                raise forms.ValidationError(
                    _('Line %(n)s: write "what for: amount", e.g. "%(example)s".'),
                    params={"n": n, "example": COST_EXAMPLE},
                )
            costs.append((kind.strip(), value))
        return costs

    def to_vacancy(
        self,
        *,
        status: str,
        employer: dict[str, str] | None = None,
        agency_licence_number: str | None = None,
    ) -> VacancyIn | None:
        """The VacancyIn these answers describe (with `status` "draft" or "screening"), or None
        with the schema's errors added to the fields. `employer` and `agency_licence_number`
        replace the form's fields when the account fixes them."""
        d = self.cleaned_data
        currency = d["wage_currency"]
        if employer is None:
            employer = {
                "name": d["employer_name"],
                "country": d["employer_country"],
                "registration_number": d["employer_registration_number"],
            }
        licence = (
            agency_licence_number
            if agency_licence_number is not None
            else d.get("agency_licence_number")
        )
        start: dt.date | None = d.get("start_date")
        body: dict[str, Any] = {
            "title": d["title"],
            "isco08_code": d.get("isco08_code") or None,
            "employer": employer,
            "agency_licence_number": licence or None,
            "destination": {
                "country": d["destination_country"],
                "city": d.get("destination_city", ""),
            },
            "start_date": start.isoformat() if start else None,
            "positions": d["positions"],
            "wage": {
                "amount": _plain(d["wage_amount"]),
                "currency": currency,
                "period": d["wage_period"],
                "basis": d.get("wage_basis") or None,
            },
            "weekly_hours": _plain(d["weekly_hours"]),
            "contract_months": d.get("contract_months"),
            "worker_costs": [
                {"kind": kind, "amount": _plain(amount), "currency": currency}
                for kind, amount in d["worker_costs"]
            ],
            "deposit_from_worker": (
                {"amount": _plain(d["deposit_from_worker"]), "currency": currency}
                if d.get("deposit_from_worker")
                else None
            ),
            "employer_pays": [
                p.strip() for p in d.get("employer_pays", "").split(",") if p.strip()
            ],
            "contract_languages": d.get("contract_languages", []),
            "documents_held_by_employer": d.get("documents_held_by_employer", False),
            "requirements": {"experience_months": d.get("experience_months") or 0},
            "description": d.get("description", ""),
            "status": status,
            "source": {"system": "web"},
        }
        try:
            return VacancyIn.model_validate(body)
        except ValidationError as exc:
            for error in exc.errors():
                field = _FIELDS.get(str(error["loc"][0]) if error["loc"] else "", None)
                if error["loc"] and error["loc"][0] == "wage":
                    field = "wage_amount"
                if field is not None and field not in self.fields:
                    field = None
                self.add_error(field, str(error["msg"]).removeprefix("Value error, "))
            return None


def _plain(amount: Decimal) -> str:
    """A Decimal in plain digits ("1e9" -> "1000000000", never "1E+9")."""
    return format(amount, "f")


_FIELDS = {
    "title": "title",
    "isco08_code": "isco08_code",
    "employer": "employer_name",
    "agency_licence_number": "agency_licence_number",
    "destination": "destination_country",
    "start_date": "start_date",
    "positions": "positions",
    "weekly_hours": "weekly_hours",
    "contract_months": "contract_months",
    "worker_costs": "worker_costs",
    "deposit_from_worker": "deposit_from_worker",
    "employer_pays": "employer_pays",
    "contract_languages": "contract_languages",
    "description": "description",
}


def initial_from_terms(terms: dict[str, Any]) -> dict[str, Any]:
    """The vacancy form's answers from a stored vacancy's terms (to fix and check again)."""
    wage = terms.get("wage") or {}
    employer = terms.get("employer") or {}
    deposit = terms.get("deposit_from_worker") or {}
    return {
        "title": terms.get("title", ""),
        "isco08_code": terms.get("isco08_code") or "",
        "employer_name": employer.get("name", ""),
        "employer_country": employer.get("country", ""),
        "employer_registration_number": employer.get("registration_number", ""),
        "agency_licence_number": terms.get("agency_licence_number") or "",
        "destination_country": (terms.get("destination") or {}).get("country", ""),
        "destination_city": (terms.get("destination") or {}).get("city", ""),
        "start_date": terms.get("start_date"),
        "positions": terms.get("positions", 1),
        "wage_amount": wage.get("amount"),
        "wage_currency": wage.get("currency", "RUB"),
        "wage_period": wage.get("period", "month"),
        "wage_basis": wage.get("basis") or "",
        "weekly_hours": terms.get("weekly_hours"),
        "contract_months": terms.get("contract_months"),
        "worker_costs": "\n".join(
            f"{c['kind']}: {c['amount']}" for c in terms.get("worker_costs", [])
        ),
        "deposit_from_worker": deposit.get("amount"),
        "employer_pays": ", ".join(terms.get("employer_pays", [])),
        "contract_languages": terms.get("contract_languages", []),
        "documents_held_by_employer": terms.get("documents_held_by_employer", False),
        "experience_months": (terms.get("requirements") or {}).get("experience_months") or None,
        "description": terms.get("description", ""),
    }


class DecisionForm(forms.Form):
    """Shortlist or reject a candidate, with the reason the worker will read."""

    candidate = forms.UUIDField(
        label=_("Candidate"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("No such candidate."),
            "invalid": _("No such candidate."),
        },
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("shortlisted", _("Shortlist")), ("rejected", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose shortlist or reject."),
            "invalid_choice": _("Choose shortlist or reject."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (the worker reads it)"),
        max_length=500,
        error_messages={"required": _("Give the reason: the worker reads it.")},
    )


class ReviewForm(forms.Form):
    """An officer's decision on a vacancy in the review queue."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (VacancyReview.Kind.published, _("Publish (only if nothing blocks)")),
            (VacancyReview.Kind.returned, _("Return to be fixed")),
            (VacancyReview.Kind.blocked, _("Block")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


#: The employer decisions an officer takes, and the Verification status each records:
#: "rejected" (verification refused) leaves the employer unverified, with the reason.
EMPLOYER_DECISIONS = {"verified": "verified", "rejected": "unverified", "suspended": "suspended"}


class EmployerVerificationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("verified", _("Verified")),
            ("rejected", _("Rejected (not verified)")),
            ("suspended", _("Suspended")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=400)


class AgencyDecisionForm(forms.Form):
    """Suspend, revoke or reinstate an agency's licence from a date, with a reason."""

    licence_number = forms.CharField(widget=forms.HiddenInput, max_length=60)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AgencyDecision.Kind.suspended, _("Suspend")),
            (AgencyDecision.Kind.revoked, _("Revoke (final)")),
            (AgencyDecision.Kind.reinstated, _("Reinstate")),
        ],
        widget=forms.RadioSelect,
    )
    effective_on = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=400)


#: A worker's status (registry.models.WorkerStatus) in the page language.
WORKER_STATUSES = {
    WorkerStatus.job_seeker.value: _("job seeker"),
    WorkerStatus.deployed.value: _("deployed"),
    WorkerStatus.abroad.value: _("abroad"),
    WorkerStatus.returned.value: _("returned"),
}


class WorkerSearchForm(forms.Form):
    """Search workers by occupation, origin and status (sent by POST: nothing in the URL)."""

    isco = forms.RegexField(
        label=_("ISCO-08 code (1 to 4 digits)"), regex=r"^\d{1,4}$", required=False
    )
    region = forms.CharField(
        label=_("Region of origin (code, e.g. KG-O)"), max_length=12, required=False
    )
    destination = forms.ChoiceField(label=_("Wanted destination"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—"), *WORKER_STATUSES.items()],
    )

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["destination"]).choices = [
            ("", "—"),
            *country_choices(lang),
        ]


SEXES = [s.value for s in Sex]
