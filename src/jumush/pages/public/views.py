"""Public pages, no sign-in: the licence look-up of private employment agencies and the job
offer check (screened by compliance, stored nowhere)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from jumush.compliance.service import check_vacancy
from jumush.core.errors import InvalidInput
from jumush.core.i18n import current_lang, localized
from jumush.pages.display import screening_findings
from jumush.pages.public.forms import LicenceSearchForm, OfferCheckForm
from jumush.registry import queries
from jumush.registry.models import Agency, AgencyStatus

LICENCES_SHOWN = 20


def licence_row(agency: Agency, today: Any, lang: str) -> dict[str, Any]:
    """What the look-up shows of one agency: name, licence number, today's status, the date
    the suspension or revocation took effect (or the expiry date), the issue and expiry dates
    and the countries it may place workers in (names in `lang`)."""
    status = agency.status_on(today)
    since = None
    if status in (AgencyStatus.suspended, AgencyStatus.revoked):
        decision = (
            agency.decisions.filter(effective_on__lte=today, decision=status.value)
            .order_by("-effective_on", "-id")
            .first()
        )
        since = decision.effective_on if decision else None
    return {
        "agency": agency,
        "status": status.value,
        "since": since,
        "countries": sorted(localized(c, "name", lang) for c in agency.countries_served.all()),
    }


@require_safe
def licence_check(request: HttpRequest) -> HttpResponse:
    """Check an agency's licence by its number (or part of it) or its name."""
    form = LicenceSearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        lang = current_lang()
        today = timezone.localdate()
        try:
            window = queries.find_agencies(form.cleaned_data["q"], limit=LICENCES_SHOWN)
        except InvalidInput:
            form.add_error("q", LicenceSearchForm.base_fields["q"].error_messages["required"])
        else:
            context["rows"] = [licence_row(a, today, lang) for a in window.items]
            context["total"] = window.count
    return render(request, "public/licence_check.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def offer_check(request: HttpRequest) -> HttpResponse:
    """Enter a job offer's terms and read what the fair-recruitment screening finds, in plain
    language. Nothing is stored."""
    form = OfferCheckForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        screening = check_vacancy(form.cleaned_data["vacancy"], today=timezone.localdate())
        context["status"] = screening.status
        context["findings"] = screening_findings(screening, current_lang())
    return render(request, "public/offer_check.html", context)
