"""JSON API v1 of grievances (issue 9): filing (anonymous or signed in), follow-up by
reference and PIN, hotline filing by an officer, case work (transitions, notes, evidence,
updates with optimistic concurrency), queues, the overdue list, figures, what employers and
agencies see of cases against them, and proposed suspensions.

Every route names its action (accounts/access.py `Door`); cases are fetched with
`access_case` (missing and not yours: the same 404); every read and write is audited. Case
responses carry personal data: `Cache-Control: no-store`. PINs travel in request bodies, never
in URLs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from jumush.accounts import access
from jumush.accounts.access import Actor, Door
from jumush.accounts.roles import Role
from jumush.cases import actions, queries
from jumush.cases.deadlines import rag
from jumush.cases.models import Case, Channel, SanctionProposal
from jumush.cases.schemas import (
    CaseIn,
    CaseUpdate,
    DecisionIn,
    FollowUpIn,
    HotlineCaseIn,
    NoteIn,
    TransitionIn,
    money_text,
)
from jumush.core.errors import NotFound
from jumush.core.text import QueryText
from jumush.registry.queries import find_worker
from jumush.taxonomy.schemas import ErrorOut

router = Router(tags=["grievances"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"


class FiledOut(Schema):
    """A filed case: its reference and the PIN to follow it up (shown this once only)."""

    reference: str
    pin: str
    state: str
    severity: str
    due_at: dt.datetime | None


class CaseOut(Schema):
    """A case as case workers, officers and its own (signed-in) filer see it. `notes` only
    for case workers; `worker_id` (the registry's public id) only for the ministry."""

    reference: str
    state: str
    category: str
    severity: str
    channel: str
    anonymous: bool
    summary: str
    employer: dict[str, Any] | None
    agency: dict[str, Any] | None
    vacancy_id: int | None
    country: str | None
    city: str
    incident_from: dt.date | None
    incident_to: dt.date | None
    amount_claimed: dict[str, str] | None
    assigned_to: int | None
    outcome: str | None
    refund: dict[str, str] | None
    compensation: dict[str, str] | None
    proposed_sanction: str | None
    filed_at: dt.datetime
    triaged_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    due_at: dt.datetime | None
    rag: str
    escalations: int
    version: int
    worker_id: uuid.UUID | None = None
    referrals: list[dict[str, Any]]
    events: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    notes: list[dict[str, Any]] | None = None
    linked: list[str]


def case_json(case: Case, actor: Actor) -> dict[str, Any]:
    """The case for `actor` (who already passed access_case)."""
    now = timezone.now()
    return {
        "reference": case.reference,
        "state": case.state,
        "category": case.category,
        "severity": case.severity,
        "channel": case.channel,
        "anonymous": case.anonymous,
        "summary": case.summary,
        "employer": (
            {"id": case.employer.pk, "legal_name": case.employer.legal_name}
            if case.employer
            else None
        ),
        "agency": (
            {"licence_number": case.agency.licence_number, "name": case.agency.name}
            if case.agency
            else None
        ),
        "vacancy_id": case.vacancy_id,
        "country": case.country_id,
        "city": case.city,
        "incident_from": case.incident_from,
        "incident_to": case.incident_to,
        "amount_claimed": money_text(case.amount_claimed, case.claimed_currency_id),
        "assigned_to": case.assigned_to_id,
        "outcome": case.outcome or None,
        "refund": money_text(case.refund_amount, case.recovered_currency_id),
        "compensation": money_text(case.compensation_amount, case.recovered_currency_id),
        "proposed_sanction": case.proposed_sanction or None,
        "filed_at": case.filed_at,
        "triaged_at": case.triaged_at,
        "resolved_at": case.resolved_at,
        "closed_at": case.closed_at,
        "due_at": case.due_at,
        "rag": rag(case.due_at, case.stage_started_at, now).value,
        "escalations": case.escalations,
        "version": case.version,
        "worker_id": case.worker.public_id if case.worker and actor.ministry else None,
        "referrals": [
            {"to": r.to, "referred_on": r.referred_on, "note": r.note} for r in case.referrals.all()
        ],
        "events": [
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor_id": e.actor_id if actor.ministry else None,
                "at": e.at,
                "note": e.note if actor.ministry else "",
            }
            for e in case.events.all()
        ],
        "evidence": [
            {
                "id": e.pk,
                "name": e.name,
                "sha256": e.sha256,
                "size_bytes": e.size_bytes,
                "content_type": e.content_type,
                "uploaded_at": e.uploaded_at,
            }
            for e in case.evidence.all()
        ],
        "notes": (
            [{"author_id": n.author_id, "at": n.at, "text": n.text} for n in case.notes.all()]
            if actor.can("case.note")
            else None
        ),
        "linked": (
            [c.reference for c in queries.linked_cases(case, access.case_scope(actor))]
            if actor.ministry
            else []
        ),
    }


def followup_json(case: Case) -> dict[str, Any]:
    """What the filer sees with reference and PIN: where the case stands, where it was
    referred, its outcome and amounts; never notes, actors or internal remarks."""
    return {
        "reference": case.reference,
        "state": case.state,
        "category": case.category,
        "filed_at": case.filed_at,
        "referrals": [{"to": r.to, "referred_on": r.referred_on} for r in case.referrals.all()],
        "steps": [{"action": e.action, "at": e.at} for e in case.events.all()],
        "outcome": case.outcome or None,
        "refund": money_text(case.refund_amount, case.recovered_currency_id),
        "compensation": money_text(case.compensation_amount, case.recovered_currency_id),
        "evidence_files": case.evidence.count(),
    }


def _filed(case: Case, pin: str) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "pin": pin,
        "state": case.state,
        "severity": case.severity,
        "due_at": case.due_at,
    }


# --- Filing and follow-up (public) ----------------------------------------------------------


@router.post(
    "/cases",
    auth=Door("case.file"),
    response={201: FiledOut, 422: ErrorOut},
    summary="File a grievance (anonymously, or as the signed-in worker)",
)
def file_case(
    request: HttpRequest, response: HttpResponse, payload: CaseIn
) -> Status[dict[str, Any]]:
    """Anyone may file. A signed-in worker's case is linked to their account and registry
    record unless `anonymous` is true; anyone else files anonymously: no identity is stored.
    The answer holds the reference and the PIN (shown only now)."""
    _no_store(response)
    actor = _actor(request)
    own = actor.role is Role.worker and not payload.anonymous
    worker = None
    if own and actor.worker_id is not None:
        worker = find_worker_by_pk(actor.worker_id)
    with transaction.atomic():
        case, pin = actions.file_case(
            payload,
            who=actor.who,
            channel=Channel.api,
            filer_id=actor.user_id if own else None,
            worker=worker,
        )
    return Status(201, _filed(case, pin))


def find_worker_by_pk(pk: int) -> Any:
    from jumush.registry.models import Worker

    return Worker.objects.filter(pk=pk).first()


@router.post(
    "/cases/followup",
    auth=Door("case.followup"),
    response={200: dict[str, Any], 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Follow a case up with its reference and PIN",
)
def follow_up(request: HttpRequest, response: HttpResponse, payload: FollowUpIn) -> dict[str, Any]:
    """404 for an unknown reference and a wrong PIN alike; 429 after too many wrong PINs."""
    _no_store(response)
    case = actions.follow_up(payload.reference, payload.pin)
    return followup_json(case)


@router.post(
    "/cases/followup/evidence",
    auth=Door("case.followup"),
    response={201: dict[str, Any], 404: ErrorOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Add an evidence file to a case, with its reference and PIN",
)
def follow_up_evidence(
    request: HttpRequest,
    response: HttpResponse,
    reference: Form[str],
    pin: Form[str],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    """Multipart form: `reference`, `pin`, `file` (PDF, image, audio or video; size limit
    JUMUSH_CASES_EVIDENCE_MAX_BYTES)."""
    _no_store(response)
    case = actions.follow_up(reference, pin)
    with transaction.atomic():
        item = actions.add_evidence(
            case, file.chunks(), name=file.name or "evidence", who=actions.NOBODY
        )
    return Status(
        201,
        {"sha256": item.sha256, "size_bytes": item.size_bytes, "content_type": item.content_type},
    )


@router.post(
    "/cases/hotline",
    auth=Door("case.file_for"),
    response={201: FiledOut, 422: ErrorOut},
    summary="File a grievance on a worker's behalf (hotline)",
)
def file_for(
    request: HttpRequest, response: HttpResponse, payload: HotlineCaseIn
) -> Status[dict[str, Any]]:
    """An officer or case worker files for a caller; `worker_id` links the worker's registry
    record (unless `anonymous`). The PIN is for the caller, read out once."""
    _no_store(response)
    actor = _actor(request)
    worker = None
    if payload.worker_id is not None and not payload.anonymous:
        worker = find_worker(payload.worker_id)
        if worker is None:
            raise NotFound("no such worker", code="worker.not_found")
    with transaction.atomic():
        if worker is not None:
            access.audit_worker_write(actor, "case.file_for", worker.public_id)
        case, pin = actions.file_case(
            payload,
            who=actor.who,
            channel=Channel.hotline,
            worker=worker,
            filer_id=None,
        )
    return Status(201, _filed(case, pin))


# --- Lists ----------------------------------------------------------------------------------


class CaseFilters(Schema):
    state: Literal["new", "triaged", "in_progress", "referred", "resolved", "closed"] | None = None
    category: QueryText | None = None
    employer_id: int | None = None
    agency_id: int | None = None
    assigned_to_me: bool = False
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0


def _brief(case: Case, now: dt.datetime) -> dict[str, Any]:
    return {
        "reference": case.reference,
        "state": case.state,
        "category": case.category,
        "severity": case.severity,
        "filed_at": case.filed_at,
        "due_at": case.due_at,
        "rag": rag(case.due_at, case.stage_started_at, now).value,
        "assigned_to": case.assigned_to_id,
        "employer_id": case.employer_id,
        "agency": case.agency.licence_number if case.agency else None,
        "escalations": case.escalations,
    }


@router.get(
    "/cases",
    auth=Door("case.list"),
    response={200: dict[str, Any], 422: ErrorOut},
    summary="Cases in your scope (a worker: their own)",
)
def list_cases(
    request: HttpRequest, response: HttpResponse, filters: Query[CaseFilters]
) -> dict[str, Any]:
    _no_store(response)
    window = access.list_cases(_actor(request), **filters.model_dump())
    now = timezone.now()
    return {**window.__dict__, "items": [_brief(c, now) for c in window.items]}


def _rows(actor: Actor, rows: list[queries.Row], action: str) -> list[dict[str, Any]]:
    from jumush.audit.log import record_many
    from jumush.audit.models import Outcome

    record_many(actor.who, action, "case", [r.case.reference for r in rows], Outcome.ok)
    now = timezone.now()
    return [
        {
            **_brief(r.case, now),
            "hours_left": None if r.hours_left is None else round(r.hours_left, 1),
        }
        for r in rows
    ]


@router.get(
    "/cases/queue",
    auth=Door("case.queue"),
    response={200: list[dict[str, Any]]},
    summary="Your queue: cases assigned to you and new cases, most urgent first",
)
def my_queue(request: HttpRequest, response: HttpResponse) -> list[dict[str, Any]]:
    _no_store(response)
    actor = _actor(request)
    rows = queries.queue(access.case_scope(actor), user_id=actor.uid, now=timezone.now())
    return _rows(actor, rows, "case.queue")


@router.get(
    "/cases/overdue",
    auth=Door("case.overdue"),
    response={200: list[dict[str, Any]]},
    summary="Overdue (red) and nearly due (amber) open cases",
)
def overdue(
    request: HttpRequest, response: HttpResponse, include_amber: bool = True
) -> list[dict[str, Any]]:
    _no_store(response)
    actor = _actor(request)
    rows = queries.overdue(
        access.case_scope(actor), now=timezone.now(), include_amber=include_amber
    )
    return _rows(actor, rows, "case.overdue")


@router.get(
    "/cases/figures",
    auth=Door("case.figures"),
    response={200: dict[str, Any], 422: ErrorOut},
    summary="Grievance figures: by category, destination and agency; medians; recovered",
)
def figures(
    request: HttpRequest, since: dt.date | None = None, until: dt.date | None = None
) -> dict[str, Any]:
    """Cases filed from `since` (inclusive) to `until` (exclusive), dates in UTC. Counts only:
    no personal data."""

    def start(day: dt.date | None) -> dt.datetime | None:
        return None if day is None else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    return queries.figures(since=start(since), until=start(until))


@router.get(
    "/cases/against-us",
    auth=Door("case.against_us"),
    response={200: list[dict[str, Any]]},
    summary="Cases about your employer or agency: category, state, outcome, month filed",
)
def against_us(request: HttpRequest) -> list[dict[str, Any]]:
    """Never who complained: no reference, summary, place, dates, amounts or notes."""
    actor = _actor(request)
    return queries.against(
        employer_id=actor.employer_id if actor.role is Role.employer_staff else None,
        agency_id=actor.agency_id if actor.role is Role.agency_staff else None,
    )


# --- Proposed suspensions -------------------------------------------------------------------


def _proposal_json(p: SanctionProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "agency": p.agency.licence_number if p.agency else None,
        "employer_id": p.employer_id,
        "case_count": p.case_count,
        "proposed_at": p.proposed_at,
        "status": p.status,
        "decided_at": p.decided_at,
        "reason": p.reason,
    }


@router.get(
    "/cases/proposals",
    auth=Door("case.sanction"),
    response={200: list[dict[str, Any]]},
    summary="Proposed suspensions (open first)",
)
def proposals(
    request: HttpRequest, status: Literal["open", "confirmed", "dismissed"] | None = None
) -> list[dict[str, Any]]:
    found = SanctionProposal.objects.select_related("agency")
    if status is not None:
        found = found.filter(status=status)
    return [_proposal_json(p) for p in found[:200]]


def _decide(
    request: HttpRequest, proposal_id: int, payload: DecisionIn, confirm: bool
) -> dict[str, Any]:
    actor = _actor(request)
    proposal = SanctionProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound(f"no proposal {proposal_id}", code="proposal.not_found")
    with transaction.atomic():
        actions.decide_proposal(
            proposal,
            confirm=confirm,
            user_id=actor.uid,
            who=actor.who,
            reason=payload.reason,
            effective_on=payload.effective_on,
        )
    return _proposal_json(proposal)


@router.post(
    "/cases/proposals/{int:proposal_id}/confirm",
    auth=Door("case.sanction"),
    response={200: dict[str, Any], 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Confirm a proposed suspension (records it in the registry; blocks its vacancies)",
)
def confirm_proposal(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> dict[str, Any]:
    return _decide(request, proposal_id, payload, True)


@router.post(
    "/cases/proposals/{int:proposal_id}/dismiss",
    auth=Door("case.sanction"),
    response={200: dict[str, Any], 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Dismiss a proposed suspension, with a reason",
)
def dismiss_proposal(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> dict[str, Any]:
    return _decide(request, proposal_id, payload, False)


# --- One case -------------------------------------------------------------------------------


@router.get(
    "/cases/{reference}",
    auth=Door("case.view"),
    response={200: CaseOut, 404: ErrorOut},
    summary="One case (notes for case workers only)",
)
def get_case(request: HttpRequest, response: HttpResponse, reference: str) -> dict[str, Any]:
    _no_store(response)
    actor = _actor(request)
    return case_json(access.access_case(actor, reference, "case.view"), actor)


@router.patch(
    "/cases/{reference}",
    auth=Door("case.update"),
    response={200: CaseOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a case's fields, from the version you saw (409 on a colliding change)",
)
def update_case(
    request: HttpRequest, response: HttpResponse, reference: str, payload: CaseUpdate
) -> dict[str, Any]:
    """A stale `version` whose fields collide with changes made since is refused (409,
    `collisions`: field, yours, theirs) and nothing is saved; fields that do not collide
    merge. Both attempts are audited."""
    _no_store(response)
    actor = _actor(request)
    case = access.access_case(actor, reference, "case.update")
    try:
        with transaction.atomic():
            actions.update_case(case, payload, who=actor.who)
    except actions.EditConflict:
        actions.record_conflict(actor.who, case.reference)
        raise
    return case_json(case, actor)


@router.post(
    "/cases/{reference}/transitions",
    auth=Door("case.transition"),
    response={200: CaseOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Triage, assign, refer, resolve, close or reopen a case",
)
def transition(
    request: HttpRequest, response: HttpResponse, reference: str, payload: TransitionIn
) -> dict[str, Any]:
    """409 `case.transition_refused` names the from and to states when the step is not
    allowed now."""
    _no_store(response)
    actor = _actor(request)
    with transaction.atomic():
        case = access.access_case(actor, reference, "case.transition")
        actions.transition(case, payload, who=actor.who)
    return case_json(case, actor)


@router.post(
    "/cases/{reference}/notes",
    auth=Door("case.note"),
    response={201: dict[str, Any], 404: ErrorOut, 422: ErrorOut},
    summary="Add a case note (case workers only)",
)
def add_note(
    request: HttpRequest, response: HttpResponse, reference: str, payload: NoteIn
) -> Status[dict[str, Any]]:
    _no_store(response)
    actor = _actor(request)
    with transaction.atomic():
        case = access.access_case(actor, reference, "case.note")
        note = actions.add_note(case, payload.text, who=actor.who)
    return Status(201, {"author_id": note.author_id, "at": note.at, "text": note.text})


@router.post(
    "/cases/{reference}/evidence",
    auth=Door("case.evidence"),
    response={201: dict[str, Any], 404: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Add an evidence file to a case",
)
def add_evidence(
    request: HttpRequest, response: HttpResponse, reference: str, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    _no_store(response)
    actor = _actor(request)
    case = access.access_case(actor, reference, "case.evidence")
    with transaction.atomic():
        item = actions.add_evidence(
            case, file.chunks(), name=file.name or "evidence", who=actor.who
        )
    return Status(
        201,
        {
            "id": item.pk,
            "sha256": item.sha256,
            "size_bytes": item.size_bytes,
            "content_type": item.content_type,
        },
    )


@router.get(
    "/cases/{reference}/evidence/{int:evidence_id}",
    auth=Door("case.view"),
    response={200: None, 404: ErrorOut},
    summary="Download an evidence file (checked against its SHA-256)",
)
def get_evidence(request: HttpRequest, reference: str, evidence_id: int) -> HttpResponse:
    from jumush.cases import evidence

    actor = _actor(request)
    case = access.access_case(actor, reference, "case.view")
    item = case.evidence.filter(pk=evidence_id).first()
    if item is None:
        raise NotFound("no such evidence file", code="evidence.not_found")
    response = HttpResponse(evidence.read(item.sha256), content_type=item.content_type)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = "attachment"
    response["X-Content-SHA256"] = item.sha256
    return response
