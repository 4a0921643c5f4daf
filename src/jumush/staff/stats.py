"""Counts for the officers' dashboard. Each function states its grain; all count rows of the
registry as stored now (demo rows included)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from jumush.core.i18n import localized
from jumush.registry.models import Application, Sex, Vacancy, Worker
from jumush.taxonomy.models import Country, IscoGroup, Subdivision


def workers_by_region_and_sex(lang: str) -> list[tuple[str, list[int]]]:
    """One row per region of origin (unknown last): counts of workers (persons) [female,
    male], by region name in `lang`."""
    counts: dict[str | None, dict[str, int]] = defaultdict(dict)
    for row in Worker.objects.values("region_id", "sex").annotate(n=Count("id")).order_by():
        counts[row["region_id"]][row["sex"]] = row["n"]
    names = {
        s.code: localized(s, "name", lang)
        for s in Subdivision.objects.filter(code__in=[c for c in counts if c])
    }
    rows = sorted(
        (
            (names.get(code, code) if code else "—", [by.get(Sex.female, 0), by.get(Sex.male, 0)])
            for code, by in counts.items()
        ),
        key=lambda r: (r[0] == "—", r[0]),
    )
    return rows


def vacancies_by_destination(lang: str) -> list[tuple[str, list[int]]]:
    """One row per destination country: vacancies (job orders, any status), most first."""
    rows = list(
        Vacancy.objects.values("destination_country_id").annotate(n=Count("id")).order_by("-n")
    )
    names = {
        c.alpha2: localized(c, "name", lang)
        for c in Country.objects.filter(alpha2__in=[r["destination_country_id"] for r in rows])
    }
    return [
        (names.get(r["destination_country_id"], r["destination_country_id"]), [r["n"]])
        for r in rows
    ]


def vacancies_by_major_group(lang: str) -> list[tuple[str, list[int]]]:
    """One row per ISCO-08 major group (first digit of the unit group; not coded last):
    vacancies, in code order."""
    by_major: Counter[str] = Counter()
    for row in Vacancy.objects.values("isco_group_id").annotate(n=Count("id")).order_by():
        code = row["isco_group_id"]
        by_major[code[0] if code else ""] += row["n"]
    titles = {g.code: localized(g, "title", lang) for g in IscoGroup.objects.filter(level=1)}
    return [
        (f"{code} {titles.get(code, '')}".strip() if code else "—", [by_major[code]])
        for code in sorted(by_major, key=lambda c: (c == "", c))
    ]


def applications_by_status() -> list[tuple[str, list[int]]]:
    """One row per application status (applied, shortlisted, rejected, withdrawn):
    applications (one per worker and vacancy)."""
    counts = dict(Application.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [
        (status, [counts.get(status, 0)])
        for status in ("applied", "shortlisted", "rejected", "withdrawn")
    ]


def applications_by_month(months: int = 12) -> list[tuple[str, list[int]]]:
    """One row per calendar month (UTC), the last `months` up to this one: applications
    created in that month."""
    today = timezone.now().date().replace(day=1)
    firsts = []
    day = today
    for _ in range(months):
        firsts.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    firsts.reverse()
    start = dt.datetime.combine(firsts[0], dt.time(), tzinfo=dt.UTC)
    counts = {
        (row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]): row["n"]
        for row in Application.objects.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at", tzinfo=dt.UTC))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [(f.strftime("%Y-%m"), [counts.get(f, 0)]) for f in firsts]
