"""Reads of grievance cases: queues sorted by urgency, the overdue list with red/amber/green,
cases linked by employer or agency, what an employer or agency may see of cases against it,
and the figures. Every function takes the scope (a Q from accounts/access.py) or is for the
ministry only; callers audit what they show."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from jumush.cases import deadlines
from jumush.cases.deadlines import Rag
from jumush.cases.deadlines import Severity as Sev
from jumush.cases.models import Case, Outcome, State

OPEN = [State.new, State.triaged, State.in_progress, State.referred]


@dataclass(frozen=True)
class Row:
    """A case in a queue: the case, its red/amber/green status now, hours left (negative
    when overdue; None without a deadline)."""

    case: Case
    rag: Rag
    hours_left: float | None


def _row(case: Case, now: dt.datetime) -> Row:
    left = None if case.due_at is None else (case.due_at - now).total_seconds() / 3600
    return Row(case, deadlines.rag(case.due_at, case.stage_started_at, now), left)


def _urgency(case: Case, now: dt.datetime) -> tuple[int, float, int]:
    return deadlines.urgency_key(case.due_at, Sev(case.severity), case.stage_started_at, now)


def _open(scope: Q) -> QuerySet[Case]:
    return Case.objects.filter(scope, state__in=OPEN).select_related(
        "employer", "agency", "country"
    )


def queue(scope: Q, *, user_id: int, now: dt.datetime) -> list[Row]:
    """A case worker's queue: open cases assigned to them, and new cases nobody triaged yet
    (anyone may triage), most urgent first (red, amber, green; then earliest due; then
    highest severity)."""
    cases = _open(scope).filter(Q(assigned_to_id=user_id) | Q(state=State.new))
    return [_row(c, now) for c in sorted(cases, key=lambda c: _urgency(c, now))]


def overdue(scope: Q, *, now: dt.datetime, include_amber: bool = True) -> list[Row]:
    """Open cases that are red (past due) or, with `include_amber`, amber (little time
    left), most urgent first."""
    rows = [_row(c, now) for c in _open(scope).exclude(due_at__isnull=True)]
    keep = {Rag.red, Rag.amber} if include_amber else {Rag.red}
    rows = [r for r in rows if r.rag in keep]
    return sorted(rows, key=lambda r: _urgency(r.case, now))


def linked_cases(case: Case, scope: Q) -> list[Case]:
    """Other cases about the same employer or agency (within `scope`), newest first."""
    about = Q(pk__in=[])
    if case.employer_id is not None:
        about |= Q(employer_id=case.employer_id)
    if case.agency_id is not None:
        about |= Q(agency_id=case.agency_id)
    return list(Case.objects.filter(scope).filter(about).exclude(pk=case.pk)[:50])


def against(*, employer_id: int | None, agency_id: int | None) -> list[dict[str, Any]]:
    """What an employer's or agency's staff may see of the cases about it: category, state,
    outcome and the month filed. Never the complainant, the summary, the place, the dates,
    the amounts, the notes or even the reference (nothing to tie a case to a person)."""
    if employer_id is None and agency_id is None:
        return []
    about = Q(pk__in=[])
    if employer_id is not None:
        about |= Q(employer_id=employer_id)
    if agency_id is not None:
        about |= Q(agency_id=agency_id)
    return [
        {
            "category": c.category,
            "state": c.state,
            "outcome": c.outcome or None,
            "filed_month": c.filed_at.strftime("%Y-%m"),
        }
        for c in Case.objects.filter(about).order_by("-filed_at")
    ]


def figures(
    *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> dict[str, Any]:
    """Grievance figures for cases filed in [since, until) (all when not given).

    Grain: counts cases. `by_category` {category: n}; `by_destination` {ISO 3166 alpha-2 or
    "unknown": n}; `by_agency` {licence number or "none": n}; `median_hours_to_triage` (filed
    to triaged) and `median_hours_to_resolution` (filed to resolved) over the cases that got
    there (None when none did); `recovered` {ISO 4217: Decimal string}: refunds plus
    compensation of substantiated cases, per currency (never converted)."""
    cases = Case.objects.all()
    if since is not None:
        cases = cases.filter(filed_at__gte=since)
    if until is not None:
        cases = cases.filter(filed_at__lt=until)
    rows = list(
        cases.values_list(
            "category",
            "country_id",
            "agency__licence_number",
            "filed_at",
            "triaged_at",
            "resolved_at",
            "outcome",
            "refund_amount",
            "compensation_amount",
            "recovered_currency_id",
        )
    )
    by_category: Counter[str] = Counter()
    by_destination: Counter[str] = Counter()
    by_agency: Counter[str] = Counter()
    to_triage: list[float] = []
    to_resolution: list[float] = []
    recovered: defaultdict[str, Decimal] = defaultdict(Decimal)
    for cat, country, licence, filed, triaged, resolved, outcome, refund, comp, cur in rows:
        by_category[cat] += 1
        by_destination[country or "unknown"] += 1
        by_agency[licence or "none"] += 1
        if triaged is not None:
            to_triage.append((triaged - filed).total_seconds() / 3600)
        if resolved is not None:
            to_resolution.append((resolved - filed).total_seconds() / 3600)
        if outcome == Outcome.substantiated and cur:
            recovered[cur] += (refund or Decimal(0)) + (comp or Decimal(0))
    return {
        "cases": len(rows),
        "by_category": dict(sorted(by_category.items())),
        "by_destination": dict(sorted(by_destination.items())),
        "by_agency": dict(sorted(by_agency.items())),
        "median_hours_to_triage": round(statistics.median(to_triage), 2) if to_triage else None,
        "median_hours_to_resolution": (
            round(statistics.median(to_resolution), 2) if to_resolution else None
        ),
        "recovered": {cur: str(amount) for cur, amount in sorted(recovered.items())},
    }
