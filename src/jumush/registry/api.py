"""JSON API v1 of the registry: vacancies (job orders), workers, employers and agencies.

Reading published vacancies and the agency licence look-up are public. Everything else needs a
signed-in staff session for now (`StaffSession`); the access-control issue replaces this with
roles and scopes. Responses that carry personal data are sent with `Cache-Control: no-store`.
Lists take `limit` (1-100), `offset` and a whitelisted `sort`, and answer
`{"count", "limit", "offset", "items"}`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Generic, Literal, TypeVar

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth
from pydantic import Field

from jumush.compliance.service import check_vacancy as check_vacancy_terms
from jumush.compliance.service import screening_json
from jumush.core.crypto import CryptoError, mask, open_sealed
from jumush.core.errors import InvalidInput, NotFound, TooLarge
from jumush.core.i18n import request_lang
from jumush.registry import actions, queries
from jumush.registry.formats import FileFormatError
from jumush.registry.imports import import_data
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    Employer,
    Vacancy,
    Verification,
    Worker,
)
from jumush.registry.schemas import (
    AgencyIn,
    Date,
    EmployerIn,
    VacancyIn,
    VacancyOut,
    WorkerIn,
)
from jumush.taxonomy.schemas import ErrorOut

router = Router(tags=["registry"])
T = TypeVar("T")

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class StaffSession(SessionAuth):
    """A signed-in Django user with `is_staff` (CSRF checked on writes). Without a session
    the answer is 401 "authentication required", before any CSRF check."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if _is_staff(request) else None


staff = StaffSession()


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"


class Page(Schema, Generic[T]):
    """One page of a list: `count` matching in all, the window asked for, its `items`."""

    count: int
    limit: int
    offset: int
    items: list[T]


class ListParams(Schema):
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0


# --- Vacancies ------------------------------------------------------------------------------


class VacancyFilters(ListParams):
    """Vacancy list filters; `isco` is 1-4 digits, `destination` ISO 3166-1 alpha-2."""

    status: Literal["draft", "screening", "published", "blocked", "filled", "closed"] | None = None
    destination: Annotated[str, Field(min_length=2, max_length=2)] | None = None
    isco: Annotated[str, Field(min_length=1, max_length=4)] | None = None
    employer_id: int | None = None
    q: Annotated[str, Field(max_length=200)] | None = None
    start_from: Date | None = None
    start_to: Date | None = None
    sort: Literal["newest", "oldest", "start_date", "wage", "-wage", "title"] = "newest"


@router.get("/vacancies", response={200: Page[VacancyOut], 422: ErrorOut}, summary="List vacancies")
def list_vacancies(request: HttpRequest, filters: Query[VacancyFilters]) -> dict[str, Any]:
    """Published vacancies for everyone; staff see every status."""
    staff = _is_staff(request)
    lang = request_lang(request, None)
    window = queries.list_vacancies(published_only=not staff, **filters.model_dump())
    return {**window.__dict__, "items": [_vacancy_json(v, staff, lang) for v in window.items]}


def _vacancy_json(vacancy: Vacancy, staff: bool, lang: str) -> dict[str, Any]:
    """The vacancy with its screening in `lang`; the public does not see which file and row
    it came from."""
    body = actions.vacancy_json(vacancy)
    body["screening"] = screening_json(vacancy.screening, lang)
    if not staff:
        body["source"] = {"system": body["source"]["system"]}
    return body


@router.get(
    "/vacancies/{int:vacancy_id}", response={200: VacancyOut, 404: ErrorOut}, summary="One vacancy"
)
def get_vacancy(request: HttpRequest, vacancy_id: int) -> dict[str, Any]:
    """A vacancy that is not published is "not found" to everyone but staff."""
    vacancy = actions.get_vacancy(vacancy_id)
    staff = _is_staff(request)
    if vacancy.status != "published" and not staff:
        raise NotFound(f"no vacancy {vacancy_id}", code="vacancy.not_found")
    return _vacancy_json(vacancy, staff, request_lang(request, None))


@router.post(
    "/vacancies",
    auth=staff,
    response={201: VacancyOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a vacancy (its title is coded when it has no ISCO-08 code)",
)
def create_vacancy(request: HttpRequest, payload: VacancyIn) -> Status[dict[str, Any]]:
    """Body: the vacancy JSON (README, "The vacancy JSON"). 409 when already stored."""
    if payload.source.system == "manual":
        payload.source.system = "api"
    vacancy = actions.create_vacancy(payload)
    return Status(201, _vacancy_json(vacancy, True, request_lang(request, None)))


class FindingOut(Schema):
    """A screening finding; `message` in the requested language, `messages` in all three."""

    code: str
    severity: Literal["block", "warn", "info"]
    message: str
    messages: dict[str, str]
    facts: dict[str, Any]
    source: str


class CheckOut(Schema):
    """The screening of a vacancy: `status` ok, warning or blocked; `checked_on` is the date
    whose rules applied (the start date, else today)."""

    status: Literal["ok", "warning", "blocked"]
    checked_on: dt.date
    findings: list[FindingOut]


@router.post(
    "/vacancies/check",
    response={200: CheckOut, 422: ErrorOut},
    summary="Screen a vacancy against fair-recruitment rules without storing it",
)
def check_vacancy(
    request: HttpRequest, payload: VacancyIn, lang: Literal["ky", "ru", "en"] | None = None
) -> dict[str, Any]:
    """Public: a worker may check an offer's terms. `lang` defaults to the request's language."""
    chosen = request_lang(request, lang)
    return check_vacancy_terms(payload, today=timezone.localdate()).as_dict(chosen)


class ImportOut(Schema):
    """The outcome of an import: counts and every invalid row's issues."""

    file: str
    format: str
    encoding: str
    imported: int
    duplicates: int
    invalid: int
    flagged: int
    issues: list[dict[str, object]]


def _import(
    kind: Literal["vacancies", "workers"], file: UploadedFile, fmt: str | None
) -> dict[str, Any]:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise TooLarge(
            f"the file is {file.size} bytes; at most {MAX_UPLOAD_BYTES}", code="import.too_large"
        )
    try:
        result = import_data(file.read(), kind, file_name=file.name or "upload", fmt=fmt)
    except FileFormatError as exc:
        raise InvalidInput(exc.message, code=exc.code, field="file") from exc
    return {
        **result.summary(),
        "flagged": result.flagged,
        "file": result.file,
        "format": result.format,
        "encoding": result.encoding,
        "issues": [i.as_dict() for i in result.issues],
    }


@router.post(
    "/vacancies/import",
    auth=staff,
    response={200: ImportOut, 413: ErrorOut, 422: ErrorOut},
    summary="Import vacancies from an uploaded JSONL, CSV, hh.ru or SuperJob file",
)
def import_vacancies(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[Literal["jsonl", "csv", "hh", "superjob"] | None] = None,
) -> dict[str, Any]:
    """Multipart form: `file`, optional `format`. Same rules as `jumush vacancies import`."""
    return _import("vacancies", file, format)


# --- Workers --------------------------------------------------------------------------------


class LanguageOut(Schema):
    language: str
    cefr: str


class OccupationOut(Schema):
    title: str
    isco08_code: str
    esco_uri: str | None
    experience_months: int
    country: str | None


class WorkerOut(Schema):
    """A worker as staff see it. The passport number is masked ("AC*****67")."""

    id: uuid.UUID
    surname_latin: str
    given_names_latin: str
    surname_cyrillic: str
    given_names_cyrillic: str
    patronymic_cyrillic: str
    sex: str
    birth_date: dt.date
    citizenship: str
    origin: dict[str, str | None]
    phone: str
    passport_number_masked: str | None
    passport_expiry: dt.date | None
    languages: list[LanguageOut]
    occupations: list[OccupationOut]
    skills: list[str]
    education_isced: int | None
    driving_licence: list[str]
    destinations: list[str]
    min_wage: dict[str, str] | None
    available_from: dt.date | None
    status: str
    possible_duplicates: int
    created_at: dt.datetime


def _worker_json(worker: Worker) -> dict[str, Any]:
    masked = None
    if worker.passport_sealed:
        try:
            masked = mask(open_sealed(bytes(worker.passport_sealed), worker.passport_key_id))
        except CryptoError:
            masked = "(unreadable: key rotated out)"
    return {
        "id": worker.public_id,
        "surname_latin": worker.surname_latin,
        "given_names_latin": worker.given_names_latin,
        "surname_cyrillic": worker.surname_cyrillic,
        "given_names_cyrillic": worker.given_names_cyrillic,
        "patronymic_cyrillic": worker.patronymic_cyrillic,
        "sex": worker.sex,
        "birth_date": worker.birth_date,
        "citizenship": worker.citizenship_id,
        "origin": {
            "region": worker.region_id,
            "district": worker.district_id,
            "locality": worker.locality,
        },
        "phone": worker.phone,
        "passport_number_masked": masked,
        "passport_expiry": worker.passport_expiry,
        "languages": [
            {"language": lang.language_id, "cefr": lang.cefr_id} for lang in worker.languages.all()
        ],
        "occupations": [
            {
                "title": o.title,
                "isco08_code": o.isco_group_id,
                "esco_uri": o.esco_occupation.uri if o.esco_occupation else None,
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
            {"amount": str(worker.min_wage_amount), "currency": worker.min_wage_currency_id or ""}
            if worker.min_wage_amount is not None
            else None
        ),
        "available_from": worker.available_from,
        "status": worker.status,
        "possible_duplicates": worker.open_flags,  # type: ignore[attr-defined]
        "created_at": worker.created_at,
    }


class WorkerFilters(ListParams):
    status: Literal["job_seeker", "deployed", "abroad", "returned"] | None = None
    region: Annotated[str, Field(max_length=24)] | None = None
    district: Annotated[str, Field(max_length=24)] | None = None
    isco: Annotated[str, Field(min_length=1, max_length=4)] | None = None
    destination: Annotated[str, Field(min_length=2, max_length=2)] | None = None
    sort: Literal["newest", "oldest", "surname", "available_from"] = "newest"


@router.get(
    "/workers", auth=staff, response={200: Page[WorkerOut], 422: ErrorOut}, summary="List workers"
)
def list_workers(
    request: HttpRequest, response: HttpResponse, filters: Query[WorkerFilters]
) -> dict[str, Any]:
    """Staff only; personal data, never cached."""
    _no_store(response)
    window = queries.list_workers(**filters.model_dump())
    return {**window.__dict__, "items": [_worker_json(w) for w in window.items]}


@router.get(
    "/workers/{uuid:worker_id}",
    auth=staff,
    response={200: WorkerOut, 404: ErrorOut},
    summary="One worker",
)
def get_worker(
    request: HttpRequest, response: HttpResponse, worker_id: uuid.UUID
) -> dict[str, Any]:
    """Staff only; personal data, never cached."""
    _no_store(response)
    return _worker_json(queries.get_worker(worker_id))


@router.post(
    "/workers",
    auth=staff,
    response={201: WorkerOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a worker (occupation titles without a code are coded)",
)
def create_worker(
    request: HttpRequest, response: HttpResponse, payload: WorkerIn
) -> Status[dict[str, Any]]:
    """Body: WorkerIn (README, "Workers"). 409 when this record is stored already."""
    _no_store(response)
    if payload.source.system == "manual":
        payload.source.system = "api"
    worker = actions.create_worker(payload)
    return Status(201, _worker_json(queries.get_worker(worker.public_id)))


@router.post(
    "/workers/import",
    auth=staff,
    response={200: ImportOut, 413: ErrorOut, 422: ErrorOut},
    summary="Import workers from an uploaded JSONL or CSV file",
)
def import_workers(
    request: HttpRequest,
    response: HttpResponse,
    file: File[UploadedFile],
    format: Form[Literal["jsonl", "csv"] | None] = None,
) -> dict[str, Any]:
    """Multipart form: `file`, optional `format`. Same rules as `jumush workers import`."""
    _no_store(response)
    return _import("workers", file, format)


# --- Employers ------------------------------------------------------------------------------


class EmployerOut(Schema):
    id: int
    legal_name: str
    country: str
    registration_number: str
    sector_isic: str
    address: str
    verification: str
    verified_at: dt.datetime | None
    verification_reason: str


def _employer_json(e: Employer) -> dict[str, Any]:
    return {
        "id": e.pk,
        "legal_name": e.legal_name,
        "country": e.country_id,
        "registration_number": e.registration_number,
        "sector_isic": e.sector_isic,
        "address": e.address,
        "verification": e.verification,
        "verified_at": e.verified_at,
        "verification_reason": e.verification_reason,
    }


class EmployerFilters(ListParams):
    country: Annotated[str, Field(min_length=2, max_length=2)] | None = None
    verification: Literal["unverified", "verified", "suspended"] | None = None
    q: Annotated[str, Field(max_length=200)] | None = None
    sort: Literal["name", "newest"] = "name"


@router.get(
    "/employers",
    auth=staff,
    response={200: Page[EmployerOut], 422: ErrorOut},
    summary="List employers",
)
def list_employers(request: HttpRequest, filters: Query[EmployerFilters]) -> dict[str, Any]:
    window = queries.list_employers(**filters.model_dump())
    return {**window.__dict__, "items": [_employer_json(e) for e in window.items]}


@router.post(
    "/employers",
    auth=staff,
    response={201: EmployerOut, 422: ErrorOut},
    summary="Register an employer",
)
def create_employer(request: HttpRequest, payload: EmployerIn) -> Status[dict[str, Any]]:
    return Status(201, _employer_json(actions.register_employer(payload)))


class VerificationIn(Schema):
    status: Literal["unverified", "verified", "suspended"]
    reason: Annotated[str, Field(min_length=1, max_length=400)]


@router.post(
    "/employers/{int:employer_id}/verification",
    auth=staff,
    response={200: EmployerOut, 404: ErrorOut, 422: ErrorOut},
    summary="Verify, suspend or un-verify an employer, with a reason",
)
def verify_employer(
    request: HttpRequest, employer_id: int, payload: VerificationIn
) -> dict[str, Any]:
    employer = queries.get_employer(employer_id)
    actions.set_employer_verification(
        employer,
        Verification(payload.status),
        actor=_actor(request),
        reason=payload.reason,
    )
    return _employer_json(employer)


# --- Agencies -------------------------------------------------------------------------------


class AgencyOut(Schema):
    """A private employment agency's licence as the public sees it; `status` is today's."""

    name: str
    licence_number: str
    issued_on: dt.date
    expires_on: dt.date
    status: Literal["active", "suspended", "revoked", "expired"]
    countries_served: list[str]
    deposit: dict[str, str] | None


def _agency_json(a: Agency) -> dict[str, Any]:
    return {
        "name": a.name,
        "licence_number": a.licence_number,
        "issued_on": a.issued_on,
        "expires_on": a.expires_on,
        "status": a.status_on(timezone.localdate()),
        "countries_served": sorted(c.pk for c in a.countries_served.all()),
        "deposit": (
            {"amount": str(a.deposit_amount), "currency": a.deposit_currency_id or ""}
            if a.deposit_amount is not None
            else None
        ),
    }


@router.get(
    "/agencies",
    response={200: Page[AgencyOut], 422: ErrorOut},
    summary="Licence look-up: agencies by licence number (or part of it) or name",
)
def find_agencies(
    request: HttpRequest,
    q: Annotated[str, Field(min_length=1, max_length=200)] | None = None,
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Public with `q` (no sign-in needed); without `q`, staff get every agency."""
    if q is None and not _is_staff(request):
        raise InvalidInput(
            "give q: a licence number or an agency name", code="agency.query_empty", field="q"
        )
    window = queries.find_agencies(q, limit=limit, offset=offset)
    return {**window.__dict__, "items": [_agency_json(a) for a in window.items]}


@router.get(
    "/agencies/{licence_number}",
    response={200: AgencyOut, 404: ErrorOut},
    summary="Public licence look-up by number",
)
def get_agency(request: HttpRequest, licence_number: str) -> dict[str, Any]:
    return _agency_json(queries.get_agency(licence_number))


@router.post(
    "/agencies", auth=staff, response={201: AgencyOut, 422: ErrorOut}, summary="Register an agency"
)
def create_agency(request: HttpRequest, payload: AgencyIn) -> Status[dict[str, Any]]:
    return Status(201, _agency_json(actions.register_agency(payload)))


class DecisionIn(Schema):
    decision: Literal["suspended", "revoked", "reinstated"]
    effective_on: Date
    reason: Annotated[str, Field(min_length=1, max_length=400)]


@router.post(
    "/agencies/{licence_number}/decisions",
    auth=staff,
    response={200: AgencyOut, 404: ErrorOut, 422: ErrorOut},
    summary="Suspend, revoke or reinstate an agency's licence, with a reason",
)
def decide_agency(request: HttpRequest, licence_number: str, payload: DecisionIn) -> dict[str, Any]:
    agency = queries.get_agency(licence_number)
    actions.record_agency_decision(
        agency,
        AgencyDecision.Kind(payload.decision),
        effective_on=payload.effective_on,
        actor=_actor(request),
        reason=payload.reason,
    )
    return _agency_json(agency)
