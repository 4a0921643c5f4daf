"""Screening with what the registry knows: the employer's verification and the agency's
licence status on the vacancy's start date. Used when vacancies are stored (one or a batch)
and by the check that stores nothing (`jumush vacancies check`, POST /api/v1/vacancies/check).

Status rule: a vacancy submitted as "screening" or "published" becomes "blocked" when any
finding blocks, else "published" (warnings are shown beside it); a "draft" stays a draft
with its findings recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, cast

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from jumush.coding.service import get_coder
from jumush.compliance.engine import Parties, Screening, screen
from jumush.compliance.ruleset import rules_version
from jumush.registry.models import Agency, Employer, Vacancy
from jumush.registry.queries import find_employer
from jumush.registry.schemas import EmployerRef, VacancyIn

AgencyStatus = Literal["active", "expired", "suspended", "revoked", "unknown"]
EmployerStatus = Literal["verified", "unverified", "suspended", "absent"]


def agency_status(
    agency_id: int | None, day: dt.date, cache: dict[tuple[int, dt.date], AgencyStatus]
) -> AgencyStatus:
    """The licence status on `day` of the agency with this id ("unknown" when None)."""
    if agency_id is None:
        return "unknown"
    key = (agency_id, day)
    if key not in cache:
        agency = Agency.objects.get(pk=agency_id)
        cache[key] = cast("AgencyStatus", str(agency.status_on(day)))
    return cache[key]


def screen_rows(
    records: Sequence[VacancyIn], rows: Sequence[dict[str, Any]], *, today: dt.date
) -> None:
    """Screen each new vacancy row built from `records` (same order) and set its
    `screening`, `screened_at`, `rules_version` and, by the status rule, its `status`."""
    employer_ids = {r["employer_id"] for r in rows if r.get("employer_id")}
    verification: dict[int, EmployerStatus] = {
        pk: cast("EmployerStatus", status)
        for pk, status in Employer.objects.filter(id__in=employer_ids).values_list(
            "id", "verification"
        )
    }
    agencies: dict[tuple[int, dt.date], AgencyStatus] = {}
    now = timezone.now()
    version = rules_version()
    for record, row in zip(records, rows, strict=True):
        day = record.start_date or today
        employer_id = row.get("employer_id")
        parties = Parties(
            employer=verification.get(employer_id, "absent") if employer_id else "absent",
            agency=(
                agency_status(row.get("agency_id"), day, agencies)
                if record.agency_licence_number
                else None
            ),
        )
        result = screen(record, parties, today=today, isco08_code=row.get("isco_group_id"))
        row["screening"] = result.as_dict(messages=False)
        row["screened_at"] = now
        row["rules_version"] = version
        if record.status in ("screening", "published"):
            row["status"] = "blocked" if result.status == "blocked" else "published"


def check_vacancy(data: VacancyIn, *, today: dt.date) -> Screening:
    """Screen a vacancy without storing anything: its title is coded when it has no ISCO-08
    code; the employer and agency are looked up in the registry (never registered)."""
    day = data.start_date or today
    isco08_code = data.isco08_code
    if isco08_code is None:
        isco08_code = get_coder(settings.CACHE_DIR).code(data.title).isco08_code
    return screen(
        data,
        Parties(employer=_employer_status(data.employer), agency=_licence_status(data, day)),
        today=today,
        isco08_code=isco08_code,
    )


def _employer_status(ref: EmployerRef | None) -> EmployerStatus:
    if ref is None:
        return "absent"
    found = find_employer(ref.country, ref.registration_number, ref.name)
    return cast("EmployerStatus", found.verification if found else "unverified")


def _licence_status(data: VacancyIn, day: dt.date) -> AgencyStatus | None:
    if not data.agency_licence_number:
        return None
    agency = Agency.objects.filter(licence_number=data.agency_licence_number).first()
    return "unknown" if agency is None else cast("AgencyStatus", str(agency.status_on(day)))


def screening_json(stored: dict[str, Any] | None, lang: str) -> dict[str, Any] | None:
    """A stored screening for a reader: each finding's `message` in `lang` and `messages`
    in all three (rendered now, from the code's template and the stored facts)."""
    if stored is None:
        return None
    return Screening.from_dict(stored).as_dict(lang)


def rescreen_published(vacancies: QuerySet[Vacancy], *, today: dt.date) -> int:
    """Screen the published vacancies among `vacancies` again with the registry as it is now
    (after an employer is suspended or an agency's licence suspended or revoked, or an edit
    in the admin) and block those whose findings now block; returns how many were blocked.
    A vacancy is never published again from here: that takes a new submission."""
    published = list(
        vacancies.filter(status="published").only(
            "id", "terms", "employer_id", "agency_id", "isco_group_id", "status"
        )
    )
    if not published:
        return 0
    records = [VacancyIn.model_validate(v.terms) for v in published]
    rows: list[dict[str, Any]] = [
        {
            "employer_id": v.employer_id,
            "agency_id": v.agency_id,
            "isco_group_id": v.isco_group_id,
        }
        for v in published
    ]
    for record in records:
        record.status = "published"
    screen_rows(records, rows, today=today)
    blocked = 0
    for vacancy, row in zip(published, rows, strict=True):
        vacancy.screening = row["screening"]
        vacancy.screened_at = row["screened_at"]
        vacancy.rules_version = row["rules_version"]
        vacancy.status = row["status"]
        blocked += row["status"] == "blocked"
        vacancy.save(
            update_fields=["screening", "screened_at", "rules_version", "status", "updated_at"]
        )
    return blocked
