"""Accounts through the JSON API: sign-up with consent, sign-in by phone or e-mail, password
rules, throttling, sessions (cookie flags, rotation, timeouts, sign-out, ending them), TOTP,
personal access tokens, revocation. People are synthetic."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pyotp
import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from jumush.accounts.access import SEEN_AT, SIGNED_IN_AT
from jumush.accounts.models import AccessToken, Account
from jumush.accounts.roles import Role
from jumush.registry import actions as registry
from jumush.registry.models import AgencyDecision
from tests.factories import make_account, make_world, sign_in

pytestmark = pytest.mark.django_db

#: A synthetic password for synthetic accounts.
PASSWORD = "saryk tash jolu 2026"  # noqa: S105


def post(client: Client, url: str, body: object = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def sign_up(client: Client, username: str, password: str = PASSWORD) -> Any:
    return post(
        client,
        "/api/v1/auth/signup",
        {"username": username, "password": password, "consent_text_version": "2026-11"},
    )


def sign_in_with(client: Client, username: str, password: str = PASSWORD) -> Any:
    return post(client, "/api/v1/auth/signin", {"username": username, "password": password})


def test_worker_signs_up_by_phone_and_signs_in_with_any_spelling_of_it() -> None:
    client = Client()
    created = sign_up(client, "0700 000 111")
    assert created.status_code == 201, created.content
    account = Account.objects.get(user_id=created.json()["user_id"])
    assert account.phone == "+996700000111"
    assert account.role == "worker"
    assert account.consent_text_version == "2026-11"
    assert account.consent_given_at is not None
    assert account.user.password.startswith("argon2$argon2id$")
    signed = sign_in_with(client, "+996 700 000 111")
    assert signed.status_code == 200, signed.content
    assert signed.json()["role"] == "worker"
    assert signed["Cache-Control"] == "no-store"
    assert client.get("/api/v1/auth/me").json()["user_id"] == account.user_id
    assert sign_up(Client(), "+996700000111").status_code == 409


def test_sign_up_by_email_needs_consent() -> None:
    response = post(
        Client(),
        "/api/v1/auth/signup",
        {"username": "Aiza.Test@Example.org", "password": PASSWORD, "consent_text_version": ""},
    )
    assert response.status_code == 422
    assert sign_up(Client(), "Aiza.Test@Example.org").status_code == 201
    assert Account.objects.get(email="aiza.test@example.org").role == "worker"
    assert sign_in_with(Client(), "AIZA.TEST@example.org").status_code == 200


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short pass1", False),  # 11 characters
        ("unbelievable", False),  # 12 characters, in the 10,000 most common
        ("Unbelievable", False),  # the list is compared without case
        ("1qaz2wsx3edc", False),  # in Django's list of 20,000
        ("alatoo kochkor", True),  # no digits, capitals or symbols needed
        ("тоо суусу таза", True),
    ],
)
def test_password_rules_are_length_and_common_passwords_only(password: str, accepted: bool) -> None:
    response = sign_up(Client(), f"pw-{abs(hash(password))}@example.org", password)
    assert (response.status_code == 201) is accepted, response.content
    if not accepted:
        assert response.json()["errors"][0]["field"] == "password"


def test_unknown_name_and_wrong_password_get_the_same_answer() -> None:
    make_account(Role.worker, username="known@example.org", password=PASSWORD)
    unknown = sign_in_with(Client(), "nobody@example.org")
    wrong = sign_in_with(Client(), "known@example.org", "wrong password 123")
    assert unknown.status_code == wrong.status_code == 401
    assert (
        unknown.json()
        == wrong.json()
        == {
            "code": "auth.failed",
            "message": "wrong sign-in name or password",
        }
    )


def test_failed_sign_ins_are_throttled_then_cool_off() -> None:
    make_account(Role.worker, username="target@example.org", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(9):
        assert sign_in_with(attacker, "target@example.org", "guess guess 123").status_code == 401
    # The tenth failure starts the cool-off.
    assert sign_in_with(attacker, "target@example.org", "guess guess 123").status_code == 429
    # Throttled for this name, even with the right password, from any address...
    throttled = sign_in_with(Client(REMOTE_ADDR="192.0.2.99"), "target@example.org")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "auth.throttled"
    # ...and for this address, for any name, known or not: the same answer.
    other = sign_in_with(attacker, "nobody@example.org")
    assert other.status_code == 429
    assert other.json() == throttled.json()
    # Not for good: after the cool-off the right password works again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in_with(Client(REMOTE_ADDR="192.0.2.99"), "target@example.org").status_code == 200


def test_session_cookie_is_httponly_lax_and_new_at_sign_in() -> None:
    make_account(Role.worker, username="cookie@example.org", password=PASSWORD)
    client = Client()
    client.get("/api/v1/auth/csrf")
    client.cookies["sessionid"] = "x" * 32
    response = sign_in_with(client, "cookie@example.org")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie.value != "x" * 32 and len(cookie.value) >= 32
    assert Session.objects.filter(session_key=cookie.value).exists()


def test_sign_out_ends_the_session_on_the_server() -> None:
    make_account(Role.worker, username="out@example.org", password=PASSWORD)
    client = Client()
    key = sign_in_with(client, "out@example.org").cookies["sessionid"].value
    assert post(client, "/api/v1/auth/signout").status_code == 204
    assert not Session.objects.filter(session_key=key).exists()
    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert stolen.get("/api/v1/auth/me").status_code == 401


@pytest.mark.parametrize(
    ("key", "age_s"), [(SEEN_AT, 31 * 60), (SIGNED_IN_AT, 13 * 3600)], ids=["idle", "absolute"]
)
def test_sessions_end_after_idle_and_absolute_timeouts(key: str, age_s: int) -> None:
    client = sign_in(Client(), make_account(Role.worker))
    assert client.get("/api/v1/auth/me").status_code == 200
    session = client.session
    session[key] = time.time() - age_s
    if key == SIGNED_IN_AT:
        session[SEEN_AT] = time.time()
    session.save()
    assert client.get("/api/v1/auth/me").status_code == 401


def test_ending_sessions_and_revoking_a_role_take_effect_on_the_next_request() -> None:
    world = make_world()
    officer = world.accounts[Role.officer]
    laptop, phone = sign_in(Client(), officer), sign_in(Client(), officer)
    assert laptop.get("/api/v1/workers").status_code == 200
    assert post(phone, "/api/v1/auth/sessions/end").status_code == 204
    assert laptop.get("/api/v1/workers").status_code == 401
    laptop = sign_in(Client(), officer)
    assert laptop.get("/api/v1/workers").status_code == 200
    from jumush.accounts.actions import revoke_role
    from jumush.audit.log import Who

    revoke_role(officer, by=Who(None, "admin", ""))
    assert laptop.get("/api/v1/workers").status_code == 403
    assert laptop.get("/api/v1/auth/me").json()["role"] is None


def test_a_suspended_agency_loses_access_on_its_next_request() -> None:
    world = make_world()
    staff = sign_in(Client(), world.accounts[Role.agency_staff])
    url = f"/api/v1/vacancies/{world.vacancies[0].pk}/candidates"
    assert staff.get(url).status_code == 200
    registry.record_agency_decision(
        world.agencies[0],
        AgencyDecision.Kind.suspended,
        effective_on=timezone.localdate(),
        actor=None,
        reason="test inspection",
    )
    assert staff.get(url).status_code == 403


def test_ministry_roles_need_totp_before_anything_else() -> None:
    make_account(Role.case_worker, username="case@example.org", password=PASSWORD)
    client = Client()
    me = sign_in_with(client, "case@example.org").json()
    assert me["totp_required"] and not me["totp_verified"]
    refused = client.get("/api/v1/workers")
    assert refused.status_code == 403
    assert refused.json()["code"] == "auth.totp_required"
    enrolment = post(client, "/api/v1/auth/totp/enrol").json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/Jumush")
    totp = pyotp.TOTP(enrolment["secret"])
    wrong = post(client, "/api/v1/auth/totp/verify", {"code": "000000"})
    assert wrong.status_code == 422
    code = totp.now()
    before = client.cookies["sessionid"].value
    assert post(client, "/api/v1/auth/totp/verify", {"code": code}).status_code == 200
    assert client.cookies["sessionid"].value != before
    assert client.get("/api/v1/workers").status_code == 200
    assert post(client, "/api/v1/auth/totp/enrol").status_code == 409
    # A code is good once: not again in another session.
    again = Client()
    sign_in_with(again, "case@example.org")
    assert post(again, "/api/v1/auth/totp/verify", {"code": code}).status_code == 422


def test_five_wrong_totp_codes_end_the_session() -> None:
    make_account(Role.auditor, username="aud@example.org", password=PASSWORD)
    client = Client()
    sign_in_with(client, "aud@example.org")
    post(client, "/api/v1/auth/totp/enrol")
    answers = [post(client, "/api/v1/auth/totp/verify", {"code": "000000"}) for _ in range(5)]
    assert [a.status_code for a in answers] == [422, 422, 422, 422, 401]
    assert client.get("/api/v1/auth/me").status_code == 401


def test_personal_access_tokens_are_hashed_scoped_expiring_and_revocable() -> None:
    world = make_world()
    officer = sign_in(Client(), world.accounts[Role.officer])
    too_wide = post(officer, "/api/v1/auth/tokens", {"name": "x", "scopes": ["worker.erase2"]})
    assert too_wide.status_code == 422
    created = post(
        officer, "/api/v1/auth/tokens", {"name": "hh sync", "scopes": ["worker.list"], "days": 30}
    )
    assert created.status_code == 201, created.content
    token = created.json()["token"]
    stored = AccessToken.objects.get(pk=created.json()["id"])
    assert token not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.get("/api/v1/workers").status_code == 200
    # Out of its scopes, though the officer may: refused. No CSRF for a token.
    assert bearer.get(f"/api/v1/workers/{world.workers[0].public_id}").status_code == 403
    assert bearer.get("/api/v1/auth/tokens").status_code == 403
    forged = Client(HTTP_AUTHORIZATION="Bearer jmsh_nope_nope")
    assert forged.get("/api/v1/workers").status_code == 401
    AccessToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now())
    assert bearer.get("/api/v1/workers").status_code == 401
    AccessToken.objects.filter(pk=stored.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert officer.delete(f"/api/v1/auth/tokens/{stored.pk}").status_code == 204
    assert bearer.get("/api/v1/workers").status_code == 401
    listed = officer.get("/api/v1/auth/tokens").json()
    assert listed[0]["revoked_at"] is not None and "token" not in listed[0]


def test_session_writes_need_csrf_and_anonymous_is_401_first() -> None:
    world = make_world()
    client = Client(enforce_csrf_checks=True)
    assert post(client, "/api/v1/workers", {}).status_code == 401
    sign_in(client, world.accounts[Role.officer])
    refused = post(client, "/api/v1/employers", {"legal_name": "X", "country": "RU"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf.failed"
    token = client.get("/api/v1/auth/csrf").json()["csrf_token"]
    ok = client.post(
        "/api/v1/employers",
        {"legal_name": "ООО Тест-CSRF", "country": "RU"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert ok.status_code == 201, ok.content


def test_admin_site_sign_in_asks_for_the_totp_code() -> None:
    account = make_account(Role.admin, username="admin@example.org", password=PASSWORD)
    from jumush.accounts.actions import enrol_totp

    totp = pyotp.TOTP(enrol_totp(account.user, label="test").secret)
    client = Client()
    form = {"username": "admin@example.org", "password": PASSWORD, "next": "/admin/"}
    assert client.post("/admin/login/", {**form, "otp_code": "000000"}).status_code == 200
    assert client.get("/admin/").status_code == 302
    signed = client.post("/admin/login/", {**form, "otp_code": totp.now()})
    assert signed.status_code == 302, signed.content
    assert client.get("/admin/accounts/account/").status_code == 200
    officer = make_account(Role.officer, username="officer@example.org", password=PASSWORD)
    other = Client()
    other_totp = pyotp.TOTP(enrol_totp(officer.user, label="test").secret)
    other.post(
        "/admin/login/", {**form, "username": "officer@example.org", "otp_code": other_totp.now()}
    )
    assert other.get("/admin/").status_code == 302


def test_accounts_create_command_makes_a_first_admin(monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    out = StringIO()
    call_command("accounts", "create", "boss@example.org", "--role", "admin", stdout=out)
    assert "role admin" in out.getvalue()
    assert Account.objects.get(email="boss@example.org").user.is_staff
