"""The one door to protected records (named `accounts/access.py`: a package `jumush.auth` would
read as Django's `django.contrib.auth` in every import and admin label).

- `actor_for(request)` says who is asking: a signed-in session, a personal access token
  (`Authorization: Bearer ...`, JSON API only) or an anonymous visitor. It is rebuilt from the
  database on every request, so a revoked role, an ended session, a suspended agency or
  employer loses access on its next request.
- `Door(action)` is the django-ninja `auth=` of every API route: it lets the request through
  only when the actor may attempt `action` (roles.py), with CSRF checked for sessions and the
  TOTP second factor for the roles that need it. The API has `Door(None)` as default, which
  lets nobody through: a route that names no action is closed (deny by default).
- `access_worker`, `access_vacancy`, `access_employer`, `access_agency` are the only way to
  fetch a protected record: each names the action, and "missing" and "not yours" raise the same
  NotFound. `list_*` filter to the actor's scope.
- Every read of worker data, and every refused attempt, is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from jumush.accounts.models import AccessToken, Account
from jumush.accounts.roles import NEEDS_TOTP, PUBLIC, SIGNED_IN, Role, actions_of
from jumush.audit.log import Who, record, record_many
from jumush.audit.models import Outcome
from jumush.cases.models import Case
from jumush.core.errors import Conflict, DomainError, NotFound
from jumush.matching.profiles import ranked_for_vacancy
from jumush.registry import queries
from jumush.registry.fields import normalise_licence_number
from jumush.registry.models import (
    Agency,
    AgencyStatus,
    Employer,
    Vacancy,
    VacancyStatus,
    Verification,
    Worker,
)
from jumush.registry.queries import Window
from jumush.registry.schemas import VacancyIn

#: Session keys: when the session signed in and was last used (epoch seconds), and when its
#: TOTP code was checked.
SIGNED_IN_AT = "jumush_signed_in_at"
SEEN_AT = "jumush_seen_at"
TOTP_AT = "jumush_totp_at"

#: Roles that see every worker, vacancy and employer (the ministry side).
MINISTRY = frozenset({Role.officer, Role.case_worker, Role.auditor, Role.admin})

_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Forbidden(DomainError):
    """The actor may not attempt this at all (a route their role is not given). Records are
    never refused with this: out of scope is NotFound."""

    code = "access.denied"
    http_status = 403


@dataclass(frozen=True)
class Actor:
    """Who is asking. `role` is None for an anonymous visitor and for an account whose role was
    revoked or whose agency or employer is suspended. `scopes` is the token's scopes when the
    request came with a token (None for a session). `via_session` marks cookie sign-in (CSRF
    applies). `totp_ok`: the session passed its TOTP check (tokens count as passed: only such a
    session can create them)."""

    user_id: int | None = None
    role: Role | None = None
    employer_id: int | None = None
    agency_id: int | None = None
    worker_id: int | None = None
    scopes: frozenset[str] | None = None
    via_session: bool = False
    totp_ok: bool = False
    address: str = ""
    token_id: int | None = None
    account_id: int | None = field(default=None, compare=False)

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def uid(self) -> int:
        """The user's id; only for a signed-in actor (a Door that is not public let it in)."""
        if self.user_id is None:
            raise Forbidden("sign in first", code="auth.required")
        return self.user_id

    @property
    def actions(self) -> frozenset[str]:
        allowed = actions_of(self.role, signed_in=self.signed_in)
        if self.scopes is not None:
            allowed = allowed & (self.scopes | PUBLIC)
        return allowed

    def can(self, action: str) -> bool:
        return action in self.actions

    @property
    def ministry(self) -> bool:
        return self.role in MINISTRY

    @property
    def totp_pending(self) -> bool:
        return self.role in NEEDS_TOTP and not self.totp_ok

    @property
    def who(self) -> Who:
        return Who(self.user_id, self.role.value if self.role else "", self.address)


ANONYMOUS = Actor()


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the server saw it (REMOTE_ADDR; no proxy header is trusted)."""
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def token_digest(token: str) -> str:
    """SHA-256 hex of a personal access token (tokens are 256-bit random: no salt needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _role_in_force(account: Account, today: dt.date) -> Role | None:
    """The account's role, or None when revoked, or when its agency's licence is not active
    today, or its employer is suspended."""
    if account.role_revoked_at is not None:
        return None
    role = Role(account.role)
    if role is Role.agency_staff:
        agency = account.agency
        if agency is None or agency.status_on(today) is not AgencyStatus.active:
            return None
    if role is Role.employer_staff:
        employer = account.employer
        if employer is None or employer.verification == Verification.suspended:
            return None
    return role


def _actor_from_account(
    account: Account, *, address: str, via_session: bool, totp_ok: bool, **extra: Any
) -> Actor:
    return Actor(
        user_id=account.user_id,
        role=_role_in_force(account, timezone.localdate()),
        employer_id=account.employer_id,
        agency_id=account.agency_id,
        worker_id=account.worker_id,
        via_session=via_session,
        totp_ok=totp_ok,
        address=address,
        account_id=account.pk,
        **extra,
    )


def _accounts() -> Any:
    return Account.objects.select_related("agency", "employer", "user__totp_device")


def _actor_from_token(request: HttpRequest, token: str, address: str) -> Actor:
    prefix = token.split("_")[1] if token.count("_") >= 2 else ""
    found = AccessToken.objects.filter(prefix=prefix).select_related("user").first()
    now = timezone.now()
    if (
        found is None
        or not hmac.compare_digest(found.digest, token_digest(token))
        or found.revoked_at is not None
        or found.expires_at <= now
        or not found.user.is_active
    ):
        record(Who(None, "", address), "auth.token", "route", request.path, Outcome.failed)
        raise AuthenticationError()
    account = _accounts().filter(user_id=found.user_id).first()
    if account is None:
        raise AuthenticationError()
    if found.last_used_at is None or now - found.last_used_at > dt.timedelta(minutes=1):
        AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return _actor_from_account(
        account,
        address=address,
        via_session=False,
        totp_ok=True,
        scopes=frozenset(found.scopes),
        token_id=found.pk,
    )


def _actor_from_session(request: HttpRequest, address: str) -> Actor:
    user = request.user
    if not user.is_authenticated:
        return Actor(address=address)
    account = _accounts().filter(user_id=user.pk).first()
    signed_in_at = float(request.session.get(SIGNED_IN_AT, 0))
    ended = account is not None and account.sessions_valid_after is not None
    if account is None or (ended and signed_in_at < account.sessions_valid_after.timestamp()):
        logout(request)
        return Actor(address=address)
    device = getattr(account.user, "totp_device", None)
    totp_ok = (
        device is not None
        and device.confirmed_at is not None
        and float(request.session.get(TOTP_AT, 0)) >= signed_in_at > 0
    )
    return _actor_from_account(account, address=address, via_session=True, totp_ok=totp_ok)


def actor_for(request: HttpRequest) -> Actor:
    """Who is asking (computed once per request). Raises AuthenticationError for a bearer
    token that is unknown, expired or revoked."""
    cached = getattr(request, "_jumush_actor", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    address = client_address(request)
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        actor = _actor_from_token(request, header[7:].strip(), address)
    else:
        actor = _actor_from_session(request, address)
    request._jumush_actor = actor  # type: ignore[attr-defined]
    return actor


def refuse(actor: Actor, action: str, record_type: str, record_id: str, outcome: Outcome) -> None:
    """Write a refused attempt to the audit trail (its own transaction when none is open)."""
    record(actor.who, action, record_type, record_id, outcome)


class Door(AuthBase):
    """The `auth=` of an API route: lets the request through when the actor may attempt
    `action`; `action` None lets nobody through. Order: 401 for no sign-in (before any CSRF
    check), then CSRF for a session's unsafe request (unless `csrf=False`), then 403 for a role
    without the action, then 403 `auth.totp_required` until the TOTP check is passed.
    `session_only` refuses tokens (account management). Returns the Actor (request.auth)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = "sessionid"

    def __init__(
        self, action: str | None, *, csrf: bool = True, session_only: bool = False
    ) -> None:
        self.action = action
        self.csrf = csrf
        self.session_only = session_only
        super().__init__()

    def __call__(self, request: HttpRequest) -> Actor:
        actor = actor_for(request)
        action = self.action
        if action is not None and action in PUBLIC:
            self._check_csrf(request, actor)
            return actor
        if not actor.signed_in:
            refuse(actor, action or "route.closed", "route", request.path, Outcome.unauthenticated)
            raise AuthenticationError()
        if self.session_only and not actor.via_session:
            refuse(actor, action or "route.closed", "route", request.path, Outcome.denied)
            raise Forbidden("this needs a signed-in session, not a token", code="auth.session_only")
        self._check_csrf(request, actor)
        if action is None or not actor.can(action):
            refuse(actor, action or "route.closed", "route", request.path, Outcome.denied)
            raise Forbidden("your role may not do this")
        if actor.totp_pending and action not in SIGNED_IN:
            raise Forbidden(
                "confirm your sign-in with a TOTP code first", code="auth.totp_required"
            )
        return actor

    def _check_csrf(self, request: HttpRequest, actor: Actor) -> None:
        if not (self.csrf and request.method in _UNSAFE):
            return
        if actor.scopes is None and check_csrf(request) is not None:
            raise Forbidden("CSRF verification failed", code="csrf.failed")


#: The default of the whole API: a route that names no action is closed to everyone.
CLOSED = Door(None)


def require(actor: Actor, action: str) -> None:
    """Raise Forbidden unless `actor` may attempt `action` (for checks inside a route that
    depend on the request, such as listing everything without a search)."""
    if not actor.can(action) or actor.totp_pending:
        raise Forbidden("your role may not do this")


# --- Workers --------------------------------------------------------------------------------


def _may_see_worker(actor: Actor, worker: Worker, action: str) -> bool:
    if not actor.can(action) or actor.totp_pending:
        return False
    if actor.ministry:
        return True
    return actor.role is Role.worker and actor.worker_id == worker.pk


def access_worker(actor: Actor, public_id: uuid.UUID, action: str = "worker.view") -> Worker:
    """The worker with this public id, when `actor` may `action` it: the ministry roles any
    worker, a worker their own record; employer and agency staff never (they see candidates,
    without name, passport or phone). Raises NotFound for missing and not yours alike."""
    worker = queries.find_worker(public_id)
    if worker is None:
        refuse(actor, action, "worker", str(public_id), Outcome.missing)
        raise NotFound("no such worker", code="worker.not_found")
    if not _may_see_worker(actor, worker, action):
        refuse(actor, action, "worker", str(public_id), Outcome.denied)
        raise NotFound("no such worker", code="worker.not_found")
    record(actor.who, action, "worker", str(worker.public_id), Outcome.ok)
    return worker


def worker_scope(actor: Actor) -> Q:
    """The workers `actor` may list: all for the ministry, their own record for a worker,
    none for anyone else."""
    if actor.ministry and actor.can("worker.list"):
        return Q(erased_at__isnull=True)
    if actor.role is Role.worker and actor.worker_id is not None:
        return Q(pk=actor.worker_id)
    return Q(pk__in=[])


def list_workers(actor: Actor, **filters: Any) -> Window:
    """queries.list_workers within the actor's scope; each worker listed is audited."""
    window = queries.list_workers(scope=worker_scope(actor), **filters)
    audit_worker_reads(actor, "worker.list", [w.public_id for w in window.items])
    return window


def audit_worker_reads(actor: Actor, action: str, public_ids: Sequence[uuid.UUID | str]) -> None:
    """One audit row per worker whose data `actor` was shown."""
    record_many(actor.who, action, "worker", [str(p) for p in public_ids], Outcome.ok)


def audit_worker_write(actor: Actor, action: str, public_id: uuid.UUID | str) -> None:
    """An audit row for a write of worker data: call it inside the write's transaction."""
    record(actor.who, action, "worker", str(public_id), Outcome.ok)


def check_may_create_worker(actor: Actor) -> None:
    """A worker may register one record, their own; the ministry any number. Raises Forbidden
    (a worker whose record exists already gets Conflict)."""
    if actor.role is Role.worker and actor.worker_id is not None:
        raise Conflict("your record is registered already", code="worker.exists")
    if not actor.can("worker.create"):
        raise Forbidden("your role may not do this")


# --- Vacancies ------------------------------------------------------------------------------


def vacancy_scope(actor: Actor) -> Q:
    """Vacancies `actor` may see: published ones for everyone; every status for the ministry;
    their own in every status for employer and agency staff."""
    published = Q(status=VacancyStatus.published)
    if actor.totp_pending or not actor.can("vacancy.view_all"):
        return published
    if actor.ministry:
        return Q()
    if actor.role is Role.employer_staff:
        return published | Q(employer_id=actor.employer_id)
    if actor.role is Role.agency_staff:
        return published | Q(agency_id=actor.agency_id)
    return published


def own_vacancy_scope(actor: Actor) -> Q:
    """The vacancies `actor` is responsible for: employer staff their employer's, agency
    staff their agency's, the ministry all; nobody else any (not even published ones)."""
    if actor.totp_pending or not actor.can("vacancy.view_all"):
        return Q(pk__in=[])
    if actor.ministry:
        return Q()
    if actor.role is Role.employer_staff and actor.employer_id is not None:
        return Q(employer_id=actor.employer_id)
    if actor.role is Role.agency_staff and actor.agency_id is not None:
        return Q(agency_id=actor.agency_id)
    return Q(pk__in=[])


def owns_vacancy(actor: Actor, vacancy: Vacancy) -> bool:
    """The actor works for the vacancy's employer or agency, or is on the ministry side."""
    if actor.totp_pending or actor.role is None:
        return False
    if actor.ministry:
        return True
    if actor.role is Role.employer_staff:
        return vacancy.employer_id is not None and vacancy.employer_id == actor.employer_id
    if actor.role is Role.agency_staff:
        return vacancy.agency_id is not None and vacancy.agency_id == actor.agency_id
    return False


def access_vacancy(actor: Actor, vacancy_id: int, action: str = "vacancy.view") -> Vacancy:
    """The vacancy, when `actor` may `action` it: "vacancy.view" any vacancy in
    `vacancy_scope`; "vacancy.candidates" only the ministry and the vacancy's own employer or
    agency staff. Raises NotFound for missing and not yours alike."""
    vacancy = Vacancy.objects.filter(vacancy_scope(actor), pk=vacancy_id).first()
    if vacancy is not None and action != "vacancy.view":
        if not (actor.can(action) and owns_vacancy(actor, vacancy)):
            refuse(actor, action, "vacancy", str(vacancy_id), Outcome.denied)
            vacancy = None
    elif vacancy is None and action != "vacancy.view":
        refuse(actor, action, "vacancy", str(vacancy_id), Outcome.missing)
    if vacancy is None:
        raise NotFound(f"no vacancy {vacancy_id}", code="vacancy.not_found")
    return vacancy


#: How many ranked candidates the candidates page shows (and so may be decided on) besides
#: the vacancy's applicants.
CANDIDATE_LIST_SIZE = 50


def access_candidate(
    actor: Actor, vacancy: Vacancy, public_id: uuid.UUID, action: str = "candidate.decide"
) -> Worker:
    """A candidate of `vacancy` for the vacancy's own staff or the ministry to `action`
    (shortlist or reject): a worker who applied to it (or already has a decision on it), or,
    when it is published, one of the `CANDIDATE_LIST_SIZE` best matched workers the
    candidates page lists (matching.profiles.ranked_for_vacancy). Only ids are audited.
    Raises NotFound for a missing worker, a worker who is no candidate, and an actor who may
    not, alike."""
    worker = queries.find_worker(public_id)
    allowed = actor.can(action) and owns_vacancy(actor, vacancy)
    candidate = False
    if worker is not None and allowed:
        candidate = vacancy.applications.filter(worker=worker).exists()
        if not candidate and vacancy.status == VacancyStatus.published:
            ranked = ranked_for_vacancy(vacancy, CANDIDATE_LIST_SIZE, "en")
            candidate = str(worker.public_id) in {str(c["worker_id"]) for c in ranked}
    if worker is None or not (allowed and candidate):
        outcome = Outcome.missing if worker is None else Outcome.denied
        refuse(actor, action, "worker", str(public_id), outcome)
        raise NotFound("no such candidate", code="candidate.not_found")
    return worker


def list_vacancies(actor: Actor, **filters: Any) -> Window:
    """queries.list_vacancies within `vacancy_scope`."""
    return queries.list_vacancies(published_only=False, scope=vacancy_scope(actor), **filters)


def check_may_register_vacancy(actor: Actor, data: VacancyIn) -> None:
    """Employer staff register vacancies of their own employer only, agency staff of their
    own agency only; the ministry any. Raises Forbidden naming which."""
    if actor.ministry:
        return
    if actor.role is Role.employer_staff:
        ref = data.employer
        found = (
            queries.find_employer(ref.country, ref.registration_number, ref.name) if ref else None
        )
        if found is None or found.pk != actor.employer_id:
            raise Forbidden(
                "employer staff register vacancies of their own employer only",
                code="vacancy.not_your_employer",
            )
        return
    if actor.role is Role.agency_staff:
        agency = Agency.objects.filter(pk=actor.agency_id or 0).first()
        given = normalise_licence_number(data.agency_licence_number or "")
        if agency is None or given != agency.licence_number:
            raise Forbidden(
                "agency staff register vacancies of their own agency only",
                code="vacancy.not_your_agency",
            )
        return
    raise Forbidden("your role may not do this")


# --- Employers and agencies -----------------------------------------------------------------


def employer_scope(actor: Actor) -> Q:
    if actor.ministry:
        return Q()
    if actor.role is Role.employer_staff:
        return Q(pk=actor.employer_id)
    return Q(pk__in=[])


def list_employers(actor: Actor, **filters: Any) -> Window:
    return queries.list_employers(scope=employer_scope(actor), **filters)


def access_employer(actor: Actor, employer_id: int, action: str) -> Employer:
    """The employer, when `actor` may `action` it (verification: officer and admin). Raises
    NotFound for missing and not yours alike."""
    found = Employer.objects.filter(employer_scope(actor), pk=employer_id).first()
    if found is None or not actor.can(action):
        refuse(actor, action, "employer", str(employer_id), Outcome.denied)
        raise NotFound(f"no employer {employer_id}", code="employer.not_found")
    return found


def access_agency(actor: Actor, licence_number: str, action: str) -> Agency:
    """The agency holding this licence, when `actor` may `action` it. The look-up
    ("agency.lookup") is public. Raises NotFound for missing and not yours alike."""
    agency = queries.get_agency(licence_number)
    if action != "agency.lookup" and not (actor.can(action) and actor.ministry):
        refuse(actor, action, "agency", agency.licence_number, Outcome.denied)
        raise NotFound(f"no agency holds licence {licence_number!r}", code="agency.not_found")
    return agency


# --- Grievance cases ------------------------------------------------------------------------


def case_scope(actor: Actor) -> Q:
    """The cases `actor` may see: every case for case workers and officers; a worker the
    cases they filed signed in, or filed for them on the hotline; nobody else any (employer
    and agency staff see only `cases.queries.against`, without the complainant)."""
    if actor.totp_pending or not actor.can("case.view"):
        return Q(pk__in=[])
    if actor.ministry:
        return Q()
    if actor.role is Role.worker and actor.user_id is not None:
        mine = Q(filer_id=actor.user_id)
        if actor.worker_id is not None:
            mine |= Q(worker_id=actor.worker_id)
        return mine & Q(anonymous=False)
    return Q(pk__in=[])


def access_case(actor: Actor, reference: str, action: str = "case.view") -> Case:
    """The case with this reference ("G-2026-000123"), when `actor` may `action` it (in
    `case_scope`, and the role holds `action`). Every read and write is audited (by the
    action itself for writes); missing and not yours raise the same NotFound."""
    reference = reference.strip().upper()[:20]
    case = Case.objects.filter(reference=reference).first()
    if case is None:
        refuse(actor, action, "case", reference, Outcome.missing)
        raise NotFound("no such case", code="case.not_found")
    if not actor.can(action) or not Case.objects.filter(case_scope(actor), pk=case.pk).exists():
        refuse(actor, action, "case", reference, Outcome.denied)
        raise NotFound("no such case", code="case.not_found")
    if action == "case.view":
        record(actor.who, action, "case", case.reference, Outcome.ok)
    return case


def list_cases(actor: Actor, *, limit: int = 20, offset: int = 0, **filters: Any) -> Window:
    """Cases in the actor's scope, newest first, filtered by `state`, `category`,
    `assigned_to_me`, `employer_id`, `agency_id`; each case listed is audited."""
    cases = Case.objects.filter(case_scope(actor)).select_related("employer", "agency")
    for name in ("state", "category", "employer_id", "agency_id"):
        if filters.get(name) is not None:
            cases = cases.filter(**{name: filters[name]})
    if filters.get("assigned_to_me"):
        cases = cases.filter(assigned_to_id=actor.user_id)
    count = cases.count()
    items = list(cases[offset : offset + limit])
    record_many(actor.who, "case.list", "case", [c.reference for c in items], Outcome.ok)
    return Window(count=count, limit=limit, offset=offset, items=items)


# --- Sessions -------------------------------------------------------------------------------


def session_expired(session: Any, now: float | None = None) -> bool:
    """A signed-in session past its idle or absolute timeout (settings
    JUMUSH_SESSION_IDLE_SECONDS, JUMUSH_SESSION_ABSOLUTE_SECONDS), or without a sign-in time."""
    now = time.time() if now is None else now
    signed_in_at = float(session.get(SIGNED_IN_AT, 0))
    seen_at = float(session.get(SEEN_AT, signed_in_at))
    return (
        signed_in_at <= 0
        or now - signed_in_at > settings.JUMUSH_SESSION_ABSOLUTE_SECONDS
        or now - seen_at > settings.JUMUSH_SESSION_IDLE_SECONDS
    )


def actions_listing(actor: Actor) -> Iterable[str]:
    """The actions `actor` may take now, sorted (for `GET /auth/me`)."""
    return sorted(actor.actions) if not actor.totp_pending else sorted(PUBLIC | SIGNED_IN)
