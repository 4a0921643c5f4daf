"""Sign-in pages (server-rendered, no JavaScript): name and password, then the TOTP code for
the roles that need one (enrolment at the first sign-in), and sign-out (POST only).

The same answer for an unknown name and a wrong password; django-axes throttles failures as
it does for the API (accounts/api.py). Every page is `no-store`.
"""

from __future__ import annotations

import time

import pyotp
import segno
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jumush.accounts import actions
from jumush.accounts.access import SEEN_AT, TOTP_AT, Actor, actor_for
from jumush.accounts.actions import TOTP_ISSUER
from jumush.accounts.api import TOTP_FAILURES
from jumush.accounts.backends import sign_in_name
from jumush.accounts.forms import CodeForm, SignInForm
from jumush.accounts.models import TotpDevice
from jumush.accounts.roles import Role
from jumush.audit.log import Who, record
from jumush.audit.models import Outcome
from jumush.core.crypto import open_sealed

#: Session key: where to go after the TOTP step (a path on this site).
NEXT = "jumush_next"


def _safe_next(request: HttpRequest, target: str | None) -> str | None:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def home_of(actor: Actor) -> str:
    """Where a signed-in actor starts: staff their vacancies, the ministry its staff home,
    a worker the home page."""
    if actor.role in (Role.employer_staff, Role.agency_staff):
        return reverse("staff-vacancies")
    if actor.ministry:
        return reverse("staff-home")
    return reverse("home")


def _fresh_actor(request: HttpRequest) -> Actor:
    request._jumush_actor = None  # type: ignore[attr-defined]
    return actor_for(request)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: sign in (a new session key), then the TOTP step when the role
    needs one, else `next` or the role's home. 200 with one message for a wrong name or
    password; 429 while throttled."""
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        address = actor_for(request).address
        given = form.cleaned_data["username"]
        name = sign_in_name(given) or given.strip().lower()
        user = authenticate(request, username=name, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            record(Who(None, "", address), "auth.signin", "account", "", Outcome.denied)
            return locked_out_page(request)
        if user is None:
            record(Who(None, "", address), "auth.signin", "account", "", Outcome.failed)
            form.add_error(None, _("Wrong phone number, e-mail or password."))
            status = 200
        else:
            login(request, user)
            actor = _fresh_actor(request)
            record(actor.who, "auth.signin", "account", str(user.pk), Outcome.ok)
            target = _safe_next(request, request.GET.get("next"))
            if actor.totp_pending:
                request.session[NEXT] = target or ""
                return redirect("signin-code")
            return HttpResponseRedirect(target or home_of(actor))
    return render(request, "accounts/signin.html", {"form": form}, status=status)


def locked_out_page(request: HttpRequest) -> HttpResponse:
    """The page answer while django-axes refuses sign-ins for this name or address (429)."""
    response = render(request, "accounts/locked_out.html", status=429)
    response["Retry-After"] = "900"
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The TOTP step: the code from the authenticator app. At the first sign-in (no confirmed
    authenticator) the page first shows the secret and the otpauth:// URI to add to the app;
    the first right code confirms it. Five wrong codes end the session."""
    actor = actor_for(request)
    if not actor.signed_in:
        return redirect("signin")
    if not actor.totp_pending:
        return HttpResponseRedirect(home_of(actor))
    device = TotpDevice.objects.filter(user_id=actor.uid).first()
    if device is None:
        with transaction.atomic():
            actions.enrol_totp(request.user, label=_label(actor))  # type: ignore[arg-type]
            record(actor.who, "account.enrol_totp", "account", str(actor.user_id), Outcome.ok)
        device = TotpDevice.objects.get(user_id=actor.uid)
    enrolment = None
    qr = ""
    if device.confirmed_at is None:
        # Until the first right code, the same secret is shown again (never replaced on a
        # reload, so an app that already has it keeps working).
        secret = open_sealed(bytes(device.secret_sealed), device.key_id)
        uri = pyotp.TOTP(secret).provisioning_uri(name=_label(actor), issuer_name=TOTP_ISSUER)
        enrolment = actions.Enrolment(secret, uri)
        # segno draws the URI we made (no user input) as plain SVG paths: safe to inline.
        qr = mark_safe(segno.make(uri, error="m").svg_inline(scale=4, border=4))  # noqa: S308
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.check_totp(request.user, form.cleaned_data["code"]):  # type: ignore[arg-type]
            request.session.cycle_key()
            now = time.time()
            request.session[TOTP_AT] = now
            request.session[SEEN_AT] = now
            request.session.pop(TOTP_FAILURES, None)
            target = _safe_next(request, request.session.pop(NEXT, ""))
            record(actor.who, "auth.totp", "account", str(actor.user_id), Outcome.ok)
            return HttpResponseRedirect(target or home_of(_fresh_actor(request)))
        record(actor.who, "auth.totp", "account", str(actor.user_id), Outcome.failed)
        failures = int(request.session.get(TOTP_FAILURES, 0)) + 1
        if failures >= actions.TOTP_MAX_FAILURES:
            logout(request)
            return redirect("signin")
        request.session[TOTP_FAILURES] = failures
        form.add_error("code", _("The code is not right. Check the time on your phone."))
    response = render(
        request, "accounts/signin_code.html", {"form": form, "enrolment": enrolment, "qr": qr}
    )
    response["Cache-Control"] = "no-store"
    return response


def _label(actor: Actor) -> str:
    return f"user {actor.user_id}"


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """End the session on the server (POST only, with CSRF) and go to the home page."""
    actor = actor_for(request)
    if actor.signed_in:
        record(actor.who, "auth.signout", "account", str(actor.user_id), Outcome.ok)
    logout(request)
    return redirect("home")
