"""Reads of the registry: filtered, sorted, paginated lists, and look-ups that raise NotFound.

Filters and sort keys are whitelisted: a sort that is not offered is an InvalidInput naming
the allowed keys, never an arbitrary ORDER BY.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Case, Count, F, Model, Q, QuerySet, Value, When

from jumush.core.crypto import lookup_hash
from jumush.core.errors import InvalidInput, NotFound
from jumush.core.text import search_key
from jumush.registry.fields import normalise_licence_number
from jumush.registry.models import Agency, Employer, Vacancy, Worker

M = TypeVar("M", bound=Model)

#: Wages sort by currency first (amounts in different currencies do not compare), then
#: amount; vacancies without a wage come last.
VACANCY_SORTS: dict[str, tuple[Any, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "start_date": (F("start_date").asc(nulls_last=True), "id"),
    "wage": ("wage_currency_id", F("wage_amount").asc(nulls_last=True), "id"),
    "-wage": ("wage_currency_id", F("wage_amount").desc(nulls_last=True), "id"),
    "title": ("title", "id"),
}
WORKER_SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "surname": ("surname_latin", "given_names_latin", "id"),
    "available_from": ("available_from", "id"),
}
EMPLOYER_SORTS = {"name": ("legal_name", "id"), "newest": ("-created_at", "-id")}


@dataclass(frozen=True)
class Window:
    """One page of a list: `items`, `count` matching in all, and the window asked for."""

    items: list[Any]
    count: int
    limit: int
    offset: int


def _window(
    qs: QuerySet[M], sort: str, sorts: Mapping[str, tuple[Any, ...]], limit: int, offset: int
) -> Window:
    if sort not in sorts:
        raise InvalidInput(
            f"sort {sort!r} is not offered; use one of {', '.join(sorts)}",
            code="list.sort_invalid",
            field="sort",
        )
    ordered = qs.order_by(*sorts[sort])
    return Window(list(ordered[offset : offset + limit]), qs.count(), limit, offset)


def _isco_filter(isco: str, field: str) -> Q:
    if not (isco.isdigit() and 1 <= len(isco) <= 4):
        raise InvalidInput(
            f"isco {isco!r} must be 1 to 4 digits (a major, sub-major, minor or unit group)",
            code="list.isco_invalid",
            field="isco",
        )
    return Q(**{f"{field}__startswith": isco})


def list_vacancies(
    *,
    published_only: bool,
    scope: Q | None = None,
    status: str | None = None,
    destination: str | None = None,
    isco: str | None = None,
    employer_id: int | None = None,
    q: str | None = None,
    start_from: dt.date | None = None,
    start_to: dt.date | None = None,
    sort: str = "newest",
    limit: int = 20,
    offset: int = 0,
) -> Window:
    """Vacancies matching every filter given. `isco` matches the unit group or any group
    above it ("72" = all metal workers); `q` is a case- and script-insensitive title search.
    With `published_only`, only published vacancies are listed whatever `status` says;
    `scope` (from accounts/access.py) limits the list to what the reader may see."""
    qs = Vacancy.objects.select_related("employer")
    if scope is not None:
        qs = qs.filter(scope)
    if published_only:
        qs = qs.filter(status="published")
    if status:
        qs = qs.filter(status=status)
    if destination:
        qs = qs.filter(destination_country_id=destination.upper())
    if isco:
        qs = qs.filter(_isco_filter(isco, "isco_group__code"))
    if employer_id is not None:
        qs = qs.filter(employer_id=employer_id)
    if q:
        qs = qs.filter(title__icontains=q.strip())
    if start_from:
        qs = qs.filter(start_date__gte=start_from)
    if start_to:
        qs = qs.filter(start_date__lte=start_to)
    return _window(qs, sort, VACANCY_SORTS, limit, offset)


def _workers_in_full() -> QuerySet[Worker]:
    """Workers with what the API shows of them fetched in a fixed number of queries: their
    languages, occupations (with ESCO), skills, destinations, and open duplicate flags."""
    return Worker.objects.prefetch_related(
        "languages", "occupations__esco_occupation", "skills__skill", "destinations"
    ).annotate(open_flags=Count("duplicate_flags", filter=Q(duplicate_flags__review="open")))


def list_workers(
    *,
    scope: Q | None = None,
    status: str | None = None,
    region: str | None = None,
    district: str | None = None,
    isco: str | None = None,
    destination: str | None = None,
    sort: str = "newest",
    limit: int = 20,
    offset: int = 0,
) -> Window:
    """Workers matching every filter: status, origin region/district code, an occupation under
    `isco`, a wanted destination country; `scope` (accounts/access.py) limits the list to
    what the reader may see."""
    qs = _workers_in_full()
    if scope is not None:
        qs = qs.filter(scope)
    if status:
        qs = qs.filter(status=status)
    if region:
        qs = qs.filter(region_id=region.upper())
    if district:
        qs = qs.filter(district_id=district.upper())
    if isco:
        qs = qs.filter(
            id__in=Worker.objects.filter(
                _isco_filter(isco, "occupations__isco_group__code")
            ).values("id")
        )
    if destination:
        qs = qs.filter(destinations__country_id=destination.upper())
    return _window(qs, sort, WORKER_SORTS, limit, offset)


def find_worker(public_id: uuid.UUID) -> Worker | None:
    """The worker with this public id, with languages, occupations, skills, destinations;
    None when there is none."""
    return _workers_in_full().filter(public_id=public_id).first()


def find_workers_by_passport(number: str) -> list[Worker]:
    """Workers whose passport number is exactly `number` ("ac 1234567", "AC1234567" and the
    Cyrillic look-alikes match), found by its keyed hash: the number is never decrypted."""
    return list(Worker.objects.filter(passport_lookup=lookup_hash(number)))


def get_worker(public_id: uuid.UUID) -> Worker:
    """The worker with this public id, with languages, occupations, skills, destinations.
    Raises NotFound."""
    found = find_worker(public_id)
    if found is None:
        raise NotFound("no such worker", code="worker.not_found")
    return found


def list_employers(
    *,
    scope: Q | None = None,
    country: str | None = None,
    verification: str | None = None,
    q: str | None = None,
    sort: str = "name",
    limit: int = 20,
    offset: int = 0,
) -> Window:
    """Employers by country, verification status and a name search, within `scope`."""
    qs = Employer.objects.all()
    if scope is not None:
        qs = qs.filter(scope)
    if country:
        qs = qs.filter(country_id=country.upper())
    if verification:
        qs = qs.filter(verification=verification)
    if q and search_key(q):
        qs = qs.filter(name_key__contains=search_key(q))
    return _window(qs, sort, EMPLOYER_SORTS, limit, offset)


def find_employer(country: str, registration_number: str, name: str) -> Employer | None:
    """The employer a record names: by registration number in its country or, without one,
    by its name (case- and script-insensitive) among that country's employers that have none."""
    same = Employer.objects.filter(country_id=country)
    if registration_number:
        return same.filter(registration_number=registration_number).first()
    return same.filter(registration_number="", name_key=search_key(name)).first()


def get_employer(employer_id: int) -> Employer:
    """The employer with this id. Raises NotFound."""
    found = Employer.objects.filter(pk=employer_id).first()
    if found is None:
        raise NotFound(f"no employer {employer_id}", code="employer.not_found")
    return found


def find_agencies(q: str | None, *, limit: int = 20, offset: int = 0) -> Window:
    """The licence look-up: agencies whose licence number is `q` or contains it (ignoring
    case and spaces), or whose name contains it (case- and script-insensitive); exact
    licence matches first. Without `q`, every agency by name (for staff lists)."""
    qs = Agency.objects.prefetch_related("countries_served")
    if q is None:
        return _window(qs, "name", {"name": ("name", "id")}, limit, offset)
    key = search_key(q)
    if not key:
        raise InvalidInput("give a licence number or a name", code="agency.query_empty", field="q")
    compact = normalise_licence_number(q)
    matching = qs.filter(Q(licence_number__contains=compact) | Q(name_key__contains=key)).annotate(
        exact=Case(When(licence_number=compact, then=Value(0)), default=Value(1))
    )
    return _window(matching, "match", {"match": ("exact", "name", "id")}, limit, offset)


def get_agency(licence_number: str) -> Agency:
    """The agency holding this licence number (case and spaces ignored). Raises NotFound."""
    compact = normalise_licence_number(licence_number)
    found = Agency.objects.filter(licence_number__iexact=compact).first()
    if found is None:
        raise NotFound(f"no agency holds licence {licence_number!r}", code="agency.not_found")
    return found


def worker_profile_json(worker: Worker, *, esco_uri: bool = True) -> dict[str, Any]:
    """The worker's own data in the WorkerIn shape (registry/schemas.py), JSON-ready: names,
    sex, birth date (ISO 8601), citizenship, origin, phone, languages at CEFR levels,
    occupations (ISCO-08 code, and the ESCO URI unless `esco_uri` is False, as in our import
    columns), ESCO skills, ISCED level, driving licence categories, destinations, the lowest
    acceptable wage per month (decimal string with its ISO 4217 currency), available from, and
    status. No passport number, consent or source: each caller adds what its reader may see
    (the API a masked number, the worker's own download the number itself)."""
    return {
        "surname_latin": worker.surname_latin,
        "given_names_latin": worker.given_names_latin,
        "surname_cyrillic": worker.surname_cyrillic,
        "given_names_cyrillic": worker.given_names_cyrillic,
        "patronymic_cyrillic": worker.patronymic_cyrillic,
        "sex": worker.sex,
        "birth_date": worker.birth_date.isoformat() if worker.birth_date else None,
        "citizenship": worker.citizenship_id,
        "origin": {
            "region": worker.region_id,
            "district": worker.district_id,
            "locality": worker.locality,
        },
        "phone": worker.phone,
        "languages": [
            {"language": lang.language_id, "cefr": lang.cefr_id} for lang in worker.languages.all()
        ],
        "occupations": [
            {
                "title": o.title,
                "isco08_code": o.isco_group_id,
                **(
                    {"esco_uri": o.esco_occupation.uri if o.esco_occupation else None}
                    if esco_uri
                    else {}
                ),
                "experience_months": o.experience_months,
                "country": o.country_id,
            }
            for o in worker.occupations.all()
        ],
        "skills": [s.skill.uri for s in worker.skills.all()],
        "education_isced": worker.education_isced,
        "driving_licence": worker.driving_licences,
        "destinations": [d.country_id for d in worker.destinations.all()],
        "min_wage": (
            {"amount": str(worker.min_wage_amount), "currency": worker.min_wage_currency_id}
            if worker.min_wage_amount is not None
            else None
        ),
        "available_from": worker.available_from.isoformat() if worker.available_from else None,
        "status": worker.status,
    }
