"""Grievance pages (server-rendered, no JavaScript): the filing form (signed in or
anonymous; shows the reference and PIN once), follow-up by reference and PIN, a case
worker's queue, the overdue list (red/amber/green), and a case with its transition and note
forms. Thin: they parse a form, call an action or a query through accounts/access.py, and
render. Pages with case data are sent with `Cache-Control: no-store`; PINs travel only in
POST bodies."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from jumush.accounts import access
from jumush.accounts.access import Actor, actor_for
from jumush.accounts.roles import Role
from jumush.audit.log import record_many
from jumush.audit.models import Outcome
from jumush.cases import actions, queries
from jumush.cases.forms import FilingForm, FollowUpForm, TransitionForm
from jumush.cases.models import Case, Channel
from jumush.cases.schemas import CaseIn, TransitionIn
from jumush.cases.states import State, allowed_actions
from jumush.core.errors import DomainError, NotFound
from jumush.pages.errors import domain_message, schema_field, schema_message
from jumush.registry.models import Worker


def _refused(request: HttpRequest, status: int = 404) -> HttpResponse:
    return render(request, "core/error.html", {"status": status}, status=status)


#: Schema fields that the forms show under another name.
_FORM_FIELD = {"amount_claimed": "amount"}


def _pydantic_errors(form: Any, exc: ValidationError) -> None:
    """Each schema error under its field, in the page's language (pages/errors.py)."""
    for error in exc.errors():
        name = schema_field(error)
        name = _FORM_FIELD.get(name or "", name)
        form.add_error(name if name in form.fields else None, schema_message(error))


def _domain_error(form: Any, exc: DomainError) -> None:
    """An action's refusal under its field (if the form has it), in the page's language."""
    field = exc.facts.get("field")
    form.add_error(field if field in form.fields else None, domain_message(exc))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def file_case(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: file the case and show its reference and PIN (once)."""
    actor = actor_for(request)
    is_worker = actor.role is Role.worker
    form = FilingForm(request.POST or None, signed_in_worker=is_worker)
    if request.method == "POST" and form.is_valid():
        try:
            data = CaseIn.model_validate(form.payload())
        except ValidationError as exc:
            _pydantic_errors(form, exc)
        else:
            own = is_worker and not data.anonymous
            worker = (
                Worker.objects.filter(pk=actor.worker_id).first()
                if own and actor.worker_id
                else None
            )
            try:
                with transaction.atomic():
                    case, pin = actions.file_case(
                        data,
                        who=actor.who,
                        channel=Channel.web,
                        filer_id=actor.user_id if own else None,
                        worker=worker,
                    )
            except DomainError as exc:
                _domain_error(form, exc)
            else:
                return render(request, "cases/filed.html", {"case": case, "pin": pin})
    return render(request, "cases/file.html", {"form": form, "is_worker": is_worker})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """GET: ask for the reference and PIN. POST: show where the case stands."""
    form = FollowUpForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.follow_up(form.cleaned_data["reference"], form.cleaned_data["pin"])
        except actions.PinLocked:
            context["error"] = "locked"
        except NotFound:
            context["error"] = "not_found"
        else:
            context["case"] = case
    status = 429 if context.get("error") == "locked" else 200
    return render(request, "cases/follow_up.html", context, status=status)


def _staff(request: HttpRequest, action: str) -> Actor | None:
    actor = actor_for(request)
    if not actor.can(action) or actor.totp_pending:
        access.refuse(actor, action, "route", request.path, Outcome.denied)
        return None
    return actor


@never_cache
@require_http_methods(["GET", "HEAD"])
def queue(request: HttpRequest) -> HttpResponse:
    """The signed-in case worker's queue, most urgent first."""
    actor = _staff(request, "case.queue")
    if actor is None:
        return _refused(request, 403)
    rows = queries.queue(access.case_scope(actor), user_id=actor.uid, now=timezone.now())
    record_many(actor.who, "case.queue", "case", [r.case.reference for r in rows], Outcome.ok)
    return render(request, "cases/queue.html", {"rows": rows, "title": "queue"})


@never_cache
@require_http_methods(["GET", "HEAD"])
def overdue(request: HttpRequest) -> HttpResponse:
    """Open cases past due (red) or nearly due (amber)."""
    actor = _staff(request, "case.overdue")
    if actor is None:
        return _refused(request, 403)
    rows = queries.overdue(access.case_scope(actor), now=timezone.now())
    record_many(actor.who, "case.overdue", "case", [r.case.reference for r in rows], Outcome.ok)
    return render(request, "cases/queue.html", {"rows": rows, "title": "overdue"})


def _detail(
    request: HttpRequest,
    actor: Actor,
    case: Case,
    form: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    case_workers = actor.can("case.transition")
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "notes": case.notes.all() if actor.can("case.note") else None,
            "can_act": case_workers,
            "actions": [a.value for a in allowed_actions(State(case.state))]
            if case_workers
            else [],
            "form": form or TransitionForm(),
            "linked": queries.linked_cases(case, access.case_scope(actor)),
            "rag": queries._row(case, timezone.now()).rag.value,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A case; POST takes a workflow step (case workers)."""
    actor = actor_for(request)
    try:
        case = access.access_case(actor, reference, "case.view")
    except NotFound:
        return _refused(request)
    if not (actor.ministry and actor.can("case.view")):
        return _refused(request)
    if request.method != "POST":
        return _detail(request, actor, case)
    if not actor.can("case.transition") or actor.totp_pending:
        return _refused(request, 403)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            data = TransitionIn.model_validate(form.payload())
            with transaction.atomic():
                actions.transition(case, data, who=actor.who)
        except ValidationError as exc:
            _pydantic_errors(form, exc)
        except DomainError as exc:
            _domain_error(form, exc)
        else:
            return redirect("case-detail", reference=case.reference)
    case.refresh_from_db()
    return _detail(request, actor, case, form, status=422)


@never_cache
@require_http_methods(["POST"])
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    """Add a case note (case workers only)."""
    actor = actor_for(request)
    if not actor.can("case.note") or actor.totp_pending:
        return _refused(request, 403)
    try:
        case = access.access_case(actor, reference, "case.note")
    except NotFound:
        return _refused(request)
    text = str(request.POST.get("text", "")).strip()[:5000]
    if text:
        with transaction.atomic():
            actions.add_note(case, text, who=actor.who)
    return redirect("case-detail", reference=case.reference)
