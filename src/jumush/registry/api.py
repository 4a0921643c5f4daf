"""JSON API v1 of the registry: vacancies (job orders), workers, employers and agencies.

Reading published vacancies, screening a vacancy and the agency licence look-up are public.
Everything else goes through `accounts/access.py`: each route's `Door` names its action, and
records are fetched with `access_*` (out of scope is 404, like missing). Worker data is read and
written with an audit row, in the write's transaction. Responses that carry personal data are
sent with `Cache-Control: no-store`.
Lists take `limit` (1-100), `offset` and a whitelisted `sort`, and answer
`{"count", "limit", "offset", "items"}`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Annotated, Any, Generic, Literal, TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from jumush.accounts import access, personal_data
from jumush.accounts.access import Actor, Door
from jumush.accounts.actions import link_worker
from jumush.accounts.roles import Role
from jumush.audit.log import record
from jumush.audit.models import Outcome
from jumush.compliance.service import check_vacancy as check_vacancy_terms
from jumush.compliance.service import screening_json
from jumush.core.crypto import CryptoError, mask, open_sealed
from jumush.core.errors import InvalidInput, TooLarge
from jumush.core.i18n import request_lang
from jumush.core.spreadsheet import write_csv
from jumush.core.text import QueryText
from jumush.registry import actions, queries
from jumush.registry.formats import VACANCY_COLUMNS, WORKER_COLUMNS, FileFormatError, flat_row
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


def _actor(request: HttpRequest) -> Actor:
    """The actor the route's Door let through."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _user(actor: Actor) -> User | None:
    """The Django user behind the actor, for the registry's `actor` (who decided) columns."""
    return User.objects.filter(pk=actor.user_id).first() if actor.user_id else None


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
    q: Annotated[QueryText, Field(max_length=200)] | None = None
    start_from: Date | None = None
    start_to: Date | None = None
    sort: Literal["newest", "oldest", "start_date", "wage", "-wage", "title"] = "newest"


@router.get(
    "/vacancies",
    auth=Door("vacancy.list"),
    response={200: Page[VacancyOut], 422: ErrorOut},
    summary="List vacancies",
)
def list_vacancies(request: HttpRequest, filters: Query[VacancyFilters]) -> dict[str, Any]:
    """Published vacancies for everyone; the ministry sees every status, employer and agency
    staff their own in every status."""
    actor = _actor(request)
    lang = request_lang(request, None)
    window = access.list_vacancies(actor, **filters.model_dump())
    return {
        **window.__dict__,
        "items": [_vacancy_json(v, access.owns_vacancy(actor, v), lang) for v in window.items],
    }


#: Rows in one CSV export at most (use offset for more).
CSV_MAX_ROWS = 10_000
_CSV_RESPONSE = {
    "responses": {
        "200": {
            "description": "CSV (UTF-8 with a byte-order mark, comma-separated, our import "
            "columns; formula-like cells neutralised with an apostrophe)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


class VacancyCsvFilters(VacancyFilters):
    limit: Annotated[int, Field(ge=1, le=CSV_MAX_ROWS)] = 1000


def _csv_response(text: str, name: str) -> HttpResponse:
    # The byte-order mark makes Excel read the file as UTF-8 (Kyrgyz letters intact).
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(
    "/vacancies.csv",
    auth=Door("vacancy.list"),
    response={422: ErrorOut},
    openapi_extra=_CSV_RESPONSE,
    summary="Vacancies as CSV, in the import columns (re-importable)",
)
def export_vacancies_csv(request: HttpRequest, filters: Query[VacancyCsvFilters]) -> HttpResponse:
    """The same vacancies and filters as `GET /vacancies` (`limit` up to 10,000), as our CSV
    import columns: `jumush vacancies import` reads the file back unchanged. Cells a
    spreadsheet would take for a formula are neutralised (core/spreadsheet.py)."""
    actor = _actor(request)
    window = access.list_vacancies(actor, **filters.model_dump())
    rows = []
    for vacancy in window.items:
        body = actions.vacancy_json(vacancy)
        if not access.owns_vacancy(actor, vacancy):
            body["source"] = {}
        rows.append(flat_row(body, "vacancies"))
    return _csv_response(write_csv(list(VACANCY_COLUMNS), rows), "vacancies.csv")


def _vacancy_json(vacancy: Vacancy, staff: bool, lang: str) -> dict[str, Any]:
    """The vacancy with its screening in `lang`; the public does not see which file and row
    it came from."""
    body = actions.vacancy_json(vacancy)
    body["screening"] = screening_json(vacancy.screening, lang)
    body["watchlist"] = vacancy_watchlist(vacancy)
    if not staff:
        body["source"] = {"system": body["source"]["system"]}
    return body


def vacancy_watchlist(vacancy: Vacancy) -> dict[str, bool]:
    """Whether the vacancy's employer and agency are on the grievance watchlist (enough
    substantiated grievances: registry/models.py ComplianceRecord). Never who complained."""
    employer = vacancy.employer if vacancy.employer_id else None
    agency = vacancy.agency if vacancy.agency_id else None
    return {
        "employer": employer is not None and employer.watchlisted_since is not None,
        "agency": agency is not None and agency.watchlisted_since is not None,
    }


@router.get(
    "/vacancies/{int:vacancy_id}",
    auth=Door("vacancy.view"),
    response={200: VacancyOut, 404: ErrorOut},
    summary="One vacancy",
)
def get_vacancy(request: HttpRequest, vacancy_id: int) -> dict[str, Any]:
    """A vacancy that is not published is "not found" to everyone but the ministry and its
    own employer's or agency's staff."""
    actor = _actor(request)
    vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.view")
    return _vacancy_json(vacancy, access.owns_vacancy(actor, vacancy), request_lang(request, None))


@router.post(
    "/vacancies",
    auth=Door("vacancy.create"),
    response={201: VacancyOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a vacancy (its title is coded when it has no ISCO-08 code)",
)
def create_vacancy(request: HttpRequest, payload: VacancyIn) -> Status[dict[str, Any]]:
    """Body: the vacancy JSON (README, "The vacancy JSON"). 409 when already stored. Employer
    and agency staff register their own employer's or agency's vacancies only (403)."""
    access.check_may_register_vacancy(_actor(request), payload)
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
    auth=Door("vacancy.check", csrf=False),
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
    kind: Literal["vacancies", "workers"], file: UploadedFile, fmt: str | None, actor: Actor
) -> dict[str, Any]:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise TooLarge(
            f"the file is {file.size} bytes; at most {MAX_UPLOAD_BYTES}", code="import.too_large"
        )
    try:
        result = import_data(
            file.read(), kind, file_name=file.name or "upload", fmt=fmt, who=actor.who
        )
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
    auth=Door("vacancy.import"),
    response={200: ImportOut, 413: ErrorOut, 422: ErrorOut},
    summary="Import vacancies from an uploaded JSONL, CSV, hh.ru or SuperJob file",
)
def import_vacancies(
    request: HttpRequest,
    file: File[UploadedFile],
    format: Form[Literal["jsonl", "csv", "hh", "superjob"] | None] = None,
) -> dict[str, Any]:
    """Multipart form: `file`, optional `format`. Same rules as `jumush vacancies import`."""
    return _import("vacancies", file, format, _actor(request))


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
        **queries.worker_profile_json(worker),
        "passport_number_masked": masked,
        "passport_expiry": worker.passport_expiry,
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
    "/workers",
    auth=Door("worker.list"),
    response={200: Page[WorkerOut], 422: ErrorOut},
    summary="List workers",
)
def list_workers(
    request: HttpRequest, response: HttpResponse, filters: Query[WorkerFilters]
) -> dict[str, Any]:
    """The ministry: every worker; a worker: their own record. Personal data, never cached;
    each worker listed is audited."""
    _no_store(response)
    with transaction.atomic():
        window = access.list_workers(_actor(request), **filters.model_dump())
    return {**window.__dict__, "items": [_worker_json(w) for w in window.items]}


class WorkerCsvFilters(WorkerFilters):
    limit: Annotated[int, Field(ge=1, le=CSV_MAX_ROWS)] = 1000


def _worker_record(worker: Worker) -> dict[str, Any]:
    """The worker in the WorkerIn shape, without the passport number (never in a bulk file)."""
    consent = worker.consents.order_by("id").first()
    return {
        **queries.worker_profile_json(worker, esco_uri=False),
        "consent": (
            {
                "purpose": consent.purpose,
                "given_on": consent.given_on.isoformat(),
                "text_version": consent.text_version,
            }
            if consent is not None
            else None
        ),
        "source": {"external_id": worker.external_id},
    }


@router.get(
    "/workers.csv",
    auth=Door("worker.list"),
    response={422: ErrorOut},
    openapi_extra=_CSV_RESPONSE,
    summary="Workers as CSV, in the import columns (no passport numbers)",
)
def export_workers_csv(request: HttpRequest, filters: Query[WorkerCsvFilters]) -> HttpResponse:
    """The workers of `GET /workers` (the ministry: all; a worker: their own), `limit` up to
    10,000, as our CSV import columns (the first occupation; passport numbers never). Never
    cached; each worker in the file is audited ("worker.list")."""
    with transaction.atomic():
        window = access.list_workers(_actor(request), **filters.model_dump())
    rows = [flat_row(_worker_record(w), "workers") for w in window.items]
    response = _csv_response(write_csv(list(WORKER_COLUMNS), rows), "workers.csv")
    _no_store(response)
    return response


@router.get(
    "/workers/{anyuuid:worker_id}",
    auth=Door("worker.view"),
    response={200: WorkerOut, 404: ErrorOut},
    summary="One worker",
)
def get_worker(
    request: HttpRequest, response: HttpResponse, worker_id: uuid.UUID
) -> dict[str, Any]:
    """The ministry: any worker; a worker: their own (404 for any other). Never cached."""
    _no_store(response)
    return _worker_json(access.access_worker(_actor(request), worker_id, "worker.view"))


@router.post(
    "/workers",
    auth=Door("worker.create"),
    response={201: WorkerOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a worker (occupation titles without a code are coded)",
)
def create_worker(
    request: HttpRequest, response: HttpResponse, payload: WorkerIn
) -> Status[dict[str, Any]]:
    """Body: WorkerIn (README, "Workers"). 409 when this record is stored already. A worker
    registers their own record, once (it is linked to their account)."""
    _no_store(response)
    actor = _actor(request)
    access.check_may_create_worker(actor)
    if payload.source.system == "manual":
        payload.source.system = "api"
    with transaction.atomic():
        worker = actions.create_worker(payload)
        access.audit_worker_write(actor, "worker.create", worker.public_id)
        if actor.role is Role.worker and actor.account_id is not None:
            link_worker(actor.account_id, worker, actor)
    return Status(201, _worker_json(queries.get_worker(worker.public_id)))


@router.post(
    "/workers/import",
    auth=Door("worker.import"),
    response={200: ImportOut, 413: ErrorOut, 422: ErrorOut},
    summary="Import workers from an uploaded JSONL or CSV file",
)
def import_workers(
    request: HttpRequest,
    response: HttpResponse,
    file: File[UploadedFile],
    format: Form[Literal["jsonl", "csv"] | None] = None,
) -> dict[str, Any]:
    """Multipart form: `file`, optional `format`. Same rules as `jumush workers import`.
    Audited: one "worker.import" row per worker stored (in its batch's transaction), and one
    for the file (by its SHA-256)."""
    _no_store(response)
    actor = _actor(request)
    result = _import("workers", file, format, actor)
    record(actor.who, "worker.import", "file", _file_digest(file), Outcome.ok)
    return result


@router.get(
    "/workers/{anyuuid:worker_id}/export",
    auth=Door("worker.export"),
    response={200: dict[str, Any], 404: ErrorOut},
    summary="Download everything held about a worker (JSON)",
)
def export_worker(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    """The worker themselves, or an officer, case worker or admin: one JSON document with the
    record (passport number in clear), consents, applications, account and the audit trail
    about the record (accounts/personal_data.py). A file download, never cached; audited as
    "worker.export"."""
    actor = _actor(request)
    with transaction.atomic():
        worker = access.access_worker(actor, worker_id, "worker.export")
        data = personal_data.export_worker(worker)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="jumush-my-data.json"'
    _no_store(response)
    return response


class ErasureOut(Schema):
    """The outcome of an erasure: when it happened, whether it had happened before (a repeat
    does nothing more), and how many audit rows were pseudonymised now."""

    erased_at: dt.datetime
    already_erased: bool
    audit_rows_pseudonymised: int


@router.post(
    "/workers/{anyuuid:worker_id}/erase",
    auth=Door("worker.erase"),
    response={200: ErasureOut, 404: ErrorOut},
    summary="Erase a worker's personal data (officer, admin); statistics are kept",
)
def erase_worker(
    request: HttpRequest, response: HttpResponse, worker_id: uuid.UUID
) -> dict[str, Any]:
    """Names, birth date (the year stays), phone, passport number, address and free text
    removed, the account deactivated and unlinked, the audit rows about the record
    pseudonymised; sex, year of birth, region, occupations, status and counts stay. Erasing
    an id erased before answers 200 with `already_erased` true."""
    _no_store(response)
    actor = _actor(request)
    with transaction.atomic():
        done = personal_data.already_erased(actor.who, worker_id)
        if done is None:
            worker = access.access_worker(actor, worker_id, "worker.erase")
            done = personal_data.erase_worker(who=actor.who, worker=worker)
    return done.__dict__


def _file_digest(file: UploadedFile) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


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
    q: Annotated[QueryText, Field(max_length=200)] | None = None
    sort: Literal["name", "newest"] = "name"


@router.get(
    "/employers",
    auth=Door("employer.list"),
    response={200: Page[EmployerOut], 422: ErrorOut},
    summary="List employers",
)
def list_employers(request: HttpRequest, filters: Query[EmployerFilters]) -> dict[str, Any]:
    window = access.list_employers(_actor(request), **filters.model_dump())
    return {**window.__dict__, "items": [_employer_json(e) for e in window.items]}


@router.post(
    "/employers",
    auth=Door("employer.create"),
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
    auth=Door("employer.verify"),
    response={200: EmployerOut, 404: ErrorOut, 422: ErrorOut},
    summary="Verify, suspend or un-verify an employer, with a reason",
)
def verify_employer(
    request: HttpRequest, employer_id: int, payload: VerificationIn
) -> dict[str, Any]:
    actor = _actor(request)
    employer = access.access_employer(actor, employer_id, "employer.verify")
    actions.set_employer_verification(
        employer,
        Verification(payload.status),
        actor=_user(actor),
        reason=payload.reason,
    )
    return _employer_json(employer)


# --- Agencies -------------------------------------------------------------------------------


class WatchlistOut(Schema):
    """The agency's grievance record: `listed` while its substantiated grievance cases (within
    JUMUSH_CASES_RECORD_WINDOW_DAYS) reach JUMUSH_CASES_WATCHLIST_THRESHOLD; `since` when it
    was listed. No complainant is ever named."""

    listed: bool
    since: dt.date | None
    substantiated_cases: int


class AgencyOut(Schema):
    """A private employment agency's licence as the public sees it; `status` is today's."""

    name: str
    licence_number: str
    issued_on: dt.date
    expires_on: dt.date
    status: Literal["active", "suspended", "revoked", "expired"]
    countries_served: list[str]
    deposit: dict[str, str] | None
    watchlist: WatchlistOut


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
        "watchlist": {
            "listed": a.watchlisted_since is not None,
            "since": a.watchlisted_since.date() if a.watchlisted_since else None,
            "substantiated_cases": a.substantiated_cases,
        },
    }


@router.get(
    "/agencies",
    auth=Door("agency.lookup"),
    response={200: Page[AgencyOut], 422: ErrorOut},
    summary="Licence look-up: agencies by licence number (or part of it) or name",
)
def find_agencies(
    request: HttpRequest,
    q: Annotated[QueryText, Field(min_length=1, max_length=200)] | None = None,
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Public with `q` (no sign-in needed); without `q`, the ministry gets every agency."""
    if q is None and not (_actor(request).can("agency.list_all") and _actor(request).ministry):
        raise InvalidInput(
            "give q: a licence number or an agency name", code="agency.query_empty", field="q"
        )
    window = queries.find_agencies(q, limit=limit, offset=offset)
    return {**window.__dict__, "items": [_agency_json(a) for a in window.items]}


@router.get(
    "/agencies/{licence_number}",
    auth=Door("agency.lookup"),
    response={200: AgencyOut, 404: ErrorOut},
    summary="Public licence look-up by number",
)
def get_agency(request: HttpRequest, licence_number: str) -> dict[str, Any]:
    return _agency_json(access.access_agency(_actor(request), licence_number, "agency.lookup"))


@router.post(
    "/agencies",
    auth=Door("agency.create"),
    response={201: AgencyOut, 422: ErrorOut},
    summary="Register an agency",
)
def create_agency(request: HttpRequest, payload: AgencyIn) -> Status[dict[str, Any]]:
    return Status(201, _agency_json(actions.register_agency(payload)))


class DecisionIn(Schema):
    decision: Literal["suspended", "revoked", "reinstated"]
    effective_on: Date
    reason: Annotated[str, Field(min_length=1, max_length=400)]


@router.post(
    "/agencies/{licence_number}/decisions",
    auth=Door("agency.decide"),
    response={200: AgencyOut, 404: ErrorOut, 422: ErrorOut},
    summary="Suspend, revoke or reinstate an agency's licence, with a reason",
)
def decide_agency(request: HttpRequest, licence_number: str, payload: DecisionIn) -> dict[str, Any]:
    actor = _actor(request)
    agency = access.access_agency(actor, licence_number, "agency.decide")
    actions.record_agency_decision(
        agency,
        AgencyDecision.Kind(payload.decision),
        effective_on=payload.effective_on,
        actor=_user(actor),
        reason=payload.reason,
    )
    return _agency_json(agency)
