"""JSON API v1 of accounts: sign-up (workers), sign-in and sign-out, the TOTP second factor,
personal access tokens. Sessions are cookies (CSRF checked on every POST and DELETE: fetch
`GET /auth/csrf` first); tokens are for the rest of the API, never for these routes."""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any

from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from ninja import Router, Schema, Status
from pydantic import Field

from jumush.accounts import actions
from jumush.accounts.access import (
    SEEN_AT,
    TOTP_AT,
    Actor,
    Door,
    Forbidden,
    actions_listing,
    actor_for,
)
from jumush.accounts.backends import sign_in_name
from jumush.accounts.models import AccessToken, Account, TotpDevice
from jumush.accounts.passwords import MAX_PASSWORD_LENGTH
from jumush.accounts.roles import NEEDS_TOTP, Role
from jumush.audit.log import Who, record
from jumush.audit.models import Outcome
from jumush.core.errors import DomainError, InvalidInput
from jumush.taxonomy.schemas import ErrorOut

router = Router(tags=["accounts"])

TOTP_FAILURES = "jumush_totp_failures"


class SignInFailed(DomainError):
    """Wrong sign-in name or password: one answer for both, never which."""

    code = "auth.failed"
    http_status = 401


class Throttled(DomainError):
    """Too many failed sign-ins for this account or from this address: wait and retry."""

    code = "auth.throttled"
    http_status = 429


THROTTLED_MESSAGE = "too many failed sign-ins; wait 15 minutes and try again"


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the same JSON 429 for every name
    on the API, the sign-in page's 429 page elsewhere."""
    if not request.path.startswith("/api/"):
        from jumush.accounts.views import locked_out_page

        return locked_out_page(request)
    return JsonResponse(
        {"code": Throttled.code, "message": THROTTLED_MESSAGE}, status=429, headers=_retry()
    )


def _retry() -> dict[str, str]:
    return {"Retry-After": "900", "Cache-Control": "no-store"}


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"


class MeOut(Schema):
    """The signed-in account: `role` (null when revoked or its agency/employer suspended),
    its scope, whether TOTP is required, set up and passed in this session, and the actions
    it may take now."""

    user_id: int
    role: str | None
    role_assigned: str
    employer_id: int | None
    agency_id: int | None
    worker_id: str | None
    totp_required: bool
    totp_enrolled: bool
    totp_verified: bool
    actions: list[str]


def _me(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    account = Account.objects.select_related("worker").get(user_id=actor.uid)
    device = TotpDevice.objects.filter(user_id=actor.uid).first()
    return {
        "user_id": account.user_id,
        "role": actor.role.value if actor.role else None,
        "role_assigned": account.role,
        "employer_id": account.employer_id,
        "agency_id": account.agency_id,
        "worker_id": str(account.worker.public_id) if account.worker else None,
        "totp_required": Role(account.role) in NEEDS_TOTP,
        "totp_enrolled": bool(device and device.confirmed_at),
        "totp_verified": actor.totp_ok,
        "actions": list(actions_listing(actor)),
    }


class CsrfOut(Schema):
    csrf_token: str


@router.get(
    "/auth/csrf",
    auth=Door("auth.signin"),
    response={200: CsrfOut},
    summary="A CSRF token (also set as the csrftoken cookie) for the POSTs that follow",
)
def csrf(request: HttpRequest, response: HttpResponse) -> dict[str, str]:
    """Send it back as the `X-CSRFToken` header with the cookie on every POST and DELETE."""
    _no_store(response)
    return {"csrf_token": get_token(request)}


class SignUpIn(Schema):
    """`username`: the worker's phone (any common way of writing it) or e-mail; `password`: at
    least 12 characters, not a common one; `consent_text_version`: the version of the
    consent text the worker was shown and accepted."""

    username: Annotated[str, Field(min_length=3, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]
    consent_text_version: Annotated[str, Field(min_length=1, max_length=40)]


class AccountOut(Schema):
    user_id: int
    role: str


@router.post(
    "/auth/signup",
    auth=Door("auth.signup"),
    response={201: AccountOut, 409: ErrorOut, 422: ErrorOut},
    summary="A worker signs up with phone or e-mail and password, giving consent",
)
def sign_up(request: HttpRequest, response: HttpResponse, payload: SignUpIn) -> Status[Any]:
    _no_store(response)
    with transaction.atomic():
        account = actions.sign_up_worker(
            username=payload.username,
            password=payload.password,
            consent_text_version=payload.consent_text_version,
            address=actor_for(request).address,
        )
    return Status(201, {"user_id": account.user_id, "role": account.role})


class SignInIn(Schema):
    username: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)]


@router.post(
    "/auth/signin",
    auth=Door("auth.signin"),
    response={200: MeOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Sign in by phone or e-mail and password (a new session)",
)
def sign_in(request: HttpRequest, response: HttpResponse, payload: SignInIn) -> dict[str, Any]:
    """401 `auth.failed` for an unknown name and a wrong password alike; 429 `auth.throttled`
    after 10 failures for the name or from the address within 15 minutes (then it cools off).
    Roles that need TOTP must then pass `POST /auth/totp/verify` (or enrol first)."""
    _no_store(response)
    address = actor_for(request).address
    name = sign_in_name(payload.username) or payload.username.strip().lower()
    user = authenticate(request, username=name, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        record(Who(None, "", address), "auth.signin", "account", "", Outcome.denied)
        raise Throttled(THROTTLED_MESSAGE)
    if user is None:
        record(Who(None, "", address), "auth.signin", "account", "", Outcome.failed)
        raise SignInFailed("wrong sign-in name or password")
    login(request, user)
    request._jumush_actor = None  # type: ignore[attr-defined]
    actor = actor_for(request)
    record(actor.who, "auth.signin", "account", str(user.pk), Outcome.ok)
    return _me(request, actor)


@router.post(
    "/auth/signout",
    auth=Door("account.self", session_only=True),
    response={204: None},
    summary="Sign out: the session is deleted on the server",
)
def sign_out(request: HttpRequest) -> Status[None]:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    record(actor.who, "auth.signout", "account", str(actor.user_id), Outcome.ok)
    logout(request)
    return Status(204, None)


@router.post(
    "/auth/sessions/end",
    auth=Door("account.self", session_only=True),
    response={204: None},
    summary="Sign out everywhere: every session of this account ends",
)
def end_all_sessions(request: HttpRequest) -> Status[None]:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    account = Account.objects.get(user_id=actor.uid)
    actions.end_sessions(account, by=actor.who)
    logout(request)
    return Status(204, None)


@router.get(
    "/auth/me",
    auth=Door("account.self"),
    response={200: MeOut},
    summary="The signed-in account, its role, TOTP state and allowed actions",
)
def me(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    _no_store(response)
    return _me(request, request.auth)  # type: ignore[attr-defined]


class EnrolOut(Schema):
    """Give `secret` (base32) or `otpauth_uri` (as a QR code) to an authenticator app, then
    confirm with `POST /auth/totp/verify`."""

    secret: str
    otpauth_uri: str


@router.post(
    "/auth/totp/enrol",
    auth=Door("account.self", session_only=True),
    response={200: EnrolOut, 409: ErrorOut},
    summary="Set up a TOTP authenticator (409 when one is set up already)",
)
def totp_enrol(request: HttpRequest, response: HttpResponse) -> dict[str, str]:
    _no_store(response)
    actor: Actor = request.auth  # type: ignore[attr-defined]
    with transaction.atomic():
        enrolment = actions.enrol_totp(request.user, label=f"user {actor.user_id}")  # type: ignore[arg-type]
        record(actor.who, "account.enrol_totp", "account", str(actor.user_id), Outcome.ok)
    return {"secret": enrolment.secret, "otpauth_uri": enrolment.uri}


class CodeIn(Schema):
    code: Annotated[str, Field(min_length=6, max_length=8)]


class VerifiedOut(Schema):
    totp_verified: bool


@router.post(
    "/auth/totp/verify",
    auth=Door("account.self", session_only=True),
    response={200: VerifiedOut, 401: ErrorOut, 422: ErrorOut},
    summary="Pass the TOTP check for this session (the first right code confirms enrolment)",
)
def totp_verify(request: HttpRequest, response: HttpResponse, payload: CodeIn) -> dict[str, bool]:
    """A wrong code is 422 `totp.wrong`; after 5 wrong codes the session ends (401)."""
    _no_store(response)
    actor: Actor = request.auth  # type: ignore[attr-defined]
    if not actions.check_totp(request.user, payload.code):  # type: ignore[arg-type]
        failures = int(request.session.get(TOTP_FAILURES, 0)) + 1
        record(actor.who, "auth.totp", "account", str(actor.user_id), Outcome.failed)
        if failures >= actions.TOTP_MAX_FAILURES:
            logout(request)
            raise SignInFailed("too many wrong codes: sign in again")
        request.session[TOTP_FAILURES] = failures
        raise InvalidInput("the code is not right", code="totp.wrong", field="code")
    # A new session key for the raised privilege; the sign-in time is kept.
    request.session.cycle_key()
    now = time.time()
    request.session[TOTP_AT] = now
    request.session[SEEN_AT] = now
    request.session.pop(TOTP_FAILURES, None)
    record(actor.who, "auth.totp", "account", str(actor.user_id), Outcome.ok)
    return {"totp_verified": True}


class TokenIn(Schema):
    """`scopes`: actions the token may take (a subset of this account's, e.g.
    "vacancy.create"); `days`: 1-365."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    scopes: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=40)]
    days: Annotated[int, Field(ge=1, le=365)] = 90


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class NewTokenOut(TokenOut):
    """`token` is shown this once: use it as `Authorization: Bearer <token>`."""

    token: str


def _token_json(t: AccessToken) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "prefix": t.prefix,
        "scopes": list(t.scopes),
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
    }


def _full_session(actor: Actor) -> None:
    if actor.totp_pending:
        raise Forbidden("confirm your sign-in with a TOTP code first", code="auth.totp_required")


@router.get(
    "/auth/tokens",
    auth=Door("account.self", session_only=True),
    response={200: list[TokenOut], 403: ErrorOut},
    summary="This account's personal access tokens (never the tokens themselves)",
)
def list_tokens(request: HttpRequest, response: HttpResponse) -> list[dict[str, Any]]:
    _no_store(response)
    actor: Actor = request.auth  # type: ignore[attr-defined]
    _full_session(actor)
    return [_token_json(t) for t in AccessToken.objects.filter(user_id=actor.uid)]


@router.post(
    "/auth/tokens",
    auth=Door("account.self", session_only=True),
    response={201: NewTokenOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a personal access token for an integration (hashed at rest, expiring)",
)
def create_token(request: HttpRequest, response: HttpResponse, payload: TokenIn) -> Status[Any]:
    _no_store(response)
    actor: Actor = request.auth  # type: ignore[attr-defined]
    _full_session(actor)
    with transaction.atomic():
        issued = actions.issue_token(
            actor, name=payload.name, scopes=payload.scopes, days=payload.days
        )
    return Status(201, {**_token_json(issued.record), "token": issued.token})


@router.delete(
    "/auth/tokens/{int:token_id}",
    auth=Door("account.self", session_only=True),
    response={204: None, 404: ErrorOut},
    summary="Revoke one of this account's tokens",
)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    with transaction.atomic():
        actions.revoke_token(actor, token_id)
    return Status(204, None)
