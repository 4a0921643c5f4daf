"""Forms of the grievance pages. They only gather text; the shapes in cases/schemas.py
validate it (one set of rules for the pages, the API and the hotline)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jumush.cases.models import Category, Outcome, ReferralTo, Sanction, Severity


class FilingForm(forms.Form):
    category = forms.ChoiceField(label=_("What happened"), choices=Category.choices)
    summary = forms.CharField(
        label=_("Describe what happened"), widget=forms.Textarea, min_length=10, max_length=5000
    )
    agency_licence_number = forms.CharField(
        label=_("Agency licence number (if any)"), required=False, max_length=60
    )
    country = forms.CharField(
        label=_("Country (two letters, e.g. RU)"), required=False, max_length=2
    )
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    incident_from = forms.DateField(label=_("From (date)"), required=False)
    incident_to = forms.DateField(label=_("To (date)"), required=False)
    amount = forms.DecimalField(
        label=_("Amount owed to you"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    currency = forms.CharField(label=_("Currency (e.g. RUB)"), required=False, max_length=3)
    anonymous = forms.BooleanField(
        label=_("File anonymously (your name is not kept)"), required=False
    )

    def __init__(self, *args: Any, signed_in_worker: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not signed_in_worker:
            del self.fields["anonymous"]

    def payload(self) -> dict[str, Any]:
        """The CaseIn body from the cleaned fields."""
        data = self.cleaned_data
        body: dict[str, Any] = {
            "category": data["category"],
            "summary": data["summary"],
            "city": data.get("city") or "",
            "anonymous": bool(data.get("anonymous", True)) if "anonymous" in self.fields else True,
        }
        for name in ("agency_licence_number", "incident_from", "incident_to"):
            if data.get(name):
                body[name] = data[name]
        if data.get("country"):
            body["country"] = data["country"].upper()
        if data.get("amount") is not None:
            body["amount_claimed"] = {
                "amount": str(data["amount"]),
                "currency": (data.get("currency") or "").upper(),
            }
        return body


class FollowUpForm(forms.Form):
    reference = forms.CharField(label=_("Case reference"), max_length=20)
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Step"),
        choices=[
            ("triage", _("Triage")),
            ("assign", _("Assign")),
            ("refer", _("Refer")),
            ("resolve", _("Resolve")),
            ("close", _("Close")),
            ("reopen", _("Reopen")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", "—"), *Severity.choices]
    )
    assignee_id = forms.IntegerField(label=_("Case worker (user id)"), required=False)
    referral_to = forms.ChoiceField(
        label=_("Referred to"), required=False, choices=[("", "—"), *ReferralTo.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    refund_amount = forms.DecimalField(label=_("Refund"), required=False, min_value=0)
    compensation_amount = forms.DecimalField(label=_("Compensation"), required=False, min_value=0)
    recovered_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    proposed_sanction = forms.ChoiceField(
        label=_("Sanction proposed"), required=False, choices=[("", "—"), *Sanction.choices]
    )

    def payload(self) -> dict[str, Any]:
        """The TransitionIn body from the fields that were filled in."""
        data = self.cleaned_data
        body: dict[str, Any] = {"action": data["action"], "note": data.get("note") or ""}
        for name in (
            "severity",
            "assignee_id",
            "referral_to",
            "outcome",
            "refund_amount",
            "compensation_amount",
            "proposed_sanction",
        ):
            if data.get(name) not in (None, ""):
                body[name] = data[name]
        if data.get("recovered_currency"):
            body["recovered_currency"] = data["recovered_currency"].upper()
        return body
