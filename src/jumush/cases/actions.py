"""Every write to a grievance case. Each action assumes the caller opened a transaction
(views, API routes and the command do) and writes its audit row inside it, except where a
refused attempt must be remembered after the refusal (`follow_up` counts wrong PINs in its own
transaction; `record_conflict` is called by the edge after the refused update rolled back).

Audit and identity: `who` is the actor as the audit sees it. For a case filed anonymously, and
for a filer's follow-up by reference and PIN, the audit row carries no user and no IP address
(`NOBODY`): an address next to a case reference would identify the complainant.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jumush.accounts.models import Account
from jumush.accounts.roles import Role
from jumush.audit.log import Who, record
from jumush.audit.models import Outcome as AuditOutcome
from jumush.cases import deadlines, evidence
from jumush.cases.deadlines import Severity as Sev
from jumush.cases.models import (
    Case,
    CaseChange,
    CaseEvent,
    CaseNote,
    Channel,
    Evidence,
    Outcome,
    ProposalStatus,
    Referral,
    SanctionProposal,
    State,
)
from jumush.cases.schemas import EDITABLE, CaseIn, CaseUpdate, TransitionIn
from jumush.cases.states import Action, TransitionRefused, next_state
from jumush.cases.states import State as S  # noqa: N817 (the pure states, beside the model's)
from jumush.core.errors import Conflict, DomainError, InvalidInput, NotFound
from jumush.registry import actions as registry_actions
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    AgencyStatus,
    Employer,
    Vacancy,
    Verification,
    Worker,
)
from jumush.registry.queries import get_agency

#: The audit's "who" for an anonymous filer: no user, no role, no address.
NOBODY = Who(None, "", "")
#: The audit's "who" for the escalation job.
SYSTEM = Who(None, "system", "")


class TransitionNotAllowed(Conflict):
    """A workflow step not allowed from the case's state; `facts` name from and to."""

    code = "case.transition_refused"


class EditConflict(Conflict):
    """An update made from a stale version collides with changes made since. `collisions`
    is one {"field", "yours", "theirs"} per colliding field (theirs: the value now stored)."""

    code = "case.edit_conflict"

    def __init__(self, reference: str, base: int, current: int, collisions: list[dict[str, Any]]):
        names = ", ".join(c["field"] for c in collisions)
        super().__init__(
            f"case {reference} was changed since version {base} (now {current}): {names} "
            "changed meanwhile; nothing was saved",
            reference=reference,
            your_version=base,
            current_version=current,
            collisions=collisions,
        )
        self.collisions = collisions


class PinLocked(DomainError):
    """Too many wrong PINs for this case: follow-up is locked until `until`."""

    code = "case.pin_locked"
    http_status = 429


def _audit(who: Who, action: str, case: Case, outcome: str = AuditOutcome.ok) -> None:
    record(who, action, "case", case.reference, AuditOutcome(outcome))


def _event(case: Case, action: str, before: str, who: Who, now: dt.datetime, note: str) -> None:
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_state=before,
        to_state=case.state,
        actor_id=who.user_id,
        at=now,
        note=note.strip(),
    )


def new_pin() -> str:
    """An 8-digit PIN (10^8 values; guessing is throttled per case)."""
    return f"{secrets.randbelow(10**8):08d}"


def _resolve_parties(data: CaseIn) -> tuple[Employer | None, Agency | None, Vacancy | None]:
    employer = agency = vacancy = None
    if data.vacancy_id is not None:
        vacancy = Vacancy.objects.filter(pk=data.vacancy_id).first()
        if vacancy is None:
            raise InvalidInput(
                f"vacancy_id: no vacancy {data.vacancy_id}",
                code="case.vacancy_unknown",
                field="vacancy_id",
            )
    if data.employer_id is not None:
        employer = Employer.objects.filter(pk=data.employer_id).first()
        if employer is None:
            raise InvalidInput(
                f"employer_id: no employer {data.employer_id}",
                code="case.employer_unknown",
                field="employer_id",
            )
    if data.agency_licence_number:
        try:
            agency = get_agency(data.agency_licence_number)
        except NotFound as exc:
            raise InvalidInput(
                f"agency_licence_number: no agency holds licence {data.agency_licence_number!r}",
                code="case.agency_unknown",
                field="agency_licence_number",
            ) from exc
    if vacancy is not None:
        employer = employer or vacancy.employer
        agency = agency or vacancy.agency
    return employer, agency, vacancy


def file_case(
    data: CaseIn,
    *,
    who: Who,
    channel: Channel,
    filer_id: int | None = None,
    worker: Worker | None = None,
    now: dt.datetime | None = None,
) -> tuple[Case, str]:
    """File a grievance; returns the case and its PIN (shown once, stored only hashed).

    Anonymous (`data.anonymous`, or neither `filer_id` nor `worker` given): no account, no
    worker and no address is stored, in the case or in its audit row (unless an officer files
    it on the hotline: then the audit names the officer, never the caller). The severity is
    raised to the category's floor (deadlines.toml) and the triage deadline set.
    Raises InvalidInput naming an unknown employer, agency or vacancy.
    """
    now = now or timezone.now()
    anonymous = data.anonymous or (filer_id is None and worker is None)
    employer, agency, vacancy = _resolve_parties(data)
    severity = deadlines.initial_severity(
        data.category, Sev(data.severity) if data.severity else None
    )
    pin = new_pin()
    claimed = data.amount_claimed
    case = Case.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        pin_hash=make_password(pin),
        channel=channel,
        anonymous=anonymous,
        filer_id=None if anonymous else filer_id,
        worker=None if anonymous else worker,
        category=data.category,
        severity=severity,
        state=State.new,
        summary=data.summary,
        employer=employer,
        agency=agency,
        vacancy=vacancy,
        country_id=data.country,
        city=data.city,
        incident_from=data.incident_from,
        incident_to=data.incident_to,
        amount_claimed=claimed.amount if claimed else None,
        claimed_currency_id=claimed.currency if claimed else None,
        filed_at=now,
        stage_started_at=now,
        due_at=deadlines.due_at(data.category, severity, S.new, now),
    )
    case.reference = f"G-{now.year}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    audit_who = who if channel == Channel.hotline else (NOBODY if anonymous else who)
    _event(case, "file", "", audit_who, now, "")
    _audit(audit_who, "case.file", case)
    return case, pin


def follow_up(reference: str, pin: str, *, now: dt.datetime | None = None) -> Case:
    """The case for a filer who knows its reference and PIN. Opens its own transaction: a
    wrong PIN is counted even though the call fails. After settings.CASES_PIN_ATTEMPTS wrong
    PINs in a row the case's follow-up is locked for CASES_PIN_LOCK_MINUTES.
    Raises NotFound ("case.not_found") for an unknown reference and a wrong PIN alike, and
    PinLocked while locked. Audited without user or address."""
    now = now or timezone.now()
    reference = reference.strip().upper()
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(reference=reference).first()
        if case is None:
            make_password(pin)  # the same work as a real check, so timing tells nothing
            record(NOBODY, "case.followup", "case", reference[:20], AuditOutcome.missing)
            failed: DomainError = NotFound(
                "no case with this reference and PIN", code="case.not_found"
            )
        elif case.pin_locked_until is not None and case.pin_locked_until > now:
            _audit(NOBODY, "case.followup", case, AuditOutcome.denied)
            failed = PinLocked(
                "too many wrong PINs; try again later", until=case.pin_locked_until.isoformat()
            )
        elif not check_password(pin, case.pin_hash):
            case.pin_failures += 1
            if case.pin_failures >= settings.CASES_PIN_ATTEMPTS:
                case.pin_locked_until = now + dt.timedelta(minutes=settings.CASES_PIN_LOCK_MINUTES)
                case.pin_failures = 0
            case.save(update_fields=["pin_failures", "pin_locked_until"])
            _audit(NOBODY, "case.followup", case, AuditOutcome.failed)
            failed = NotFound("no case with this reference and PIN", code="case.not_found")
        else:
            if case.pin_failures or case.pin_locked_until:
                case.pin_failures = 0
                case.pin_locked_until = None
                case.save(update_fields=["pin_failures", "pin_locked_until"])
            _audit(NOBODY, "case.followup", case)
            return case
    raise failed


def _case_worker(user_id: int | None) -> int:
    account = (
        Account.objects.filter(
            user_id=user_id, role=Role.case_worker, role_revoked_at__isnull=True
        ).first()
        if user_id is not None
        else None
    )
    if account is None:
        raise InvalidInput(
            f"assignee_id: {user_id} is not an active case worker",
            code="case.assignee_invalid",
            field="assignee_id",
            assignee_id=user_id,
        )
    return account.user_id


def transition(case: Case, data: TransitionIn, *, who: Who, now: dt.datetime | None = None) -> Case:
    """Take one workflow step (cases/states.py), record it with its actor and note, audit it
    as "case.<action>", set the next deadline, and, on resolve and reopen, recompute the
    compliance record of the case's agency and employer.

    Raises TransitionNotAllowed (409) naming the from and to states; InvalidInput when the
    step lacks what it needs (assignee, referral body, outcome, currency of an amount);
    EditConflict-free: a stale `data.version` is refused as Conflict ("case.stale").
    """
    now = now or timezone.now()
    action = Action(data.action)
    before = S(case.state)
    if data.version is not None and data.version != case.version:
        raise Conflict(
            f"case {case.reference} is at version {case.version}, not {data.version}: reload it",
            code="case.stale",
            current_version=case.version,
        )
    try:
        after = next_state(before, action)
    except TransitionRefused as exc:
        raise TransitionNotAllowed(
            str(exc), from_state=before.value, to_state=exc.target.value, action=action.value
        ) from exc
    fields = ["state", "version", "updated_at"]
    if action is Action.triage:
        if data.severity:
            case.severity = data.severity
        case.triaged_at = now
        case.stage_started_at = now
        fields += ["severity", "triaged_at", "stage_started_at"]
    elif action is Action.assign:
        case.assigned_to_id = _case_worker(data.assignee_id)
        fields.append("assigned_to")
        if before is S.triaged:
            case.stage_started_at = now
            fields.append("stage_started_at")
    elif action is Action.refer:
        if not data.referral_to:
            raise InvalidInput(
                "referral_to: say where the case is referred (consulate, labour_inspectorate, "
                "legal_aid, iom or police)",
                code="case.referral_required",
                field="referral_to",
            )
        Referral.objects.create(
            case=case,
            to=data.referral_to,
            referred_on=data.referred_on or timezone.localdate(now),
            note=data.note.strip(),
            actor_id=who.user_id,
        )
    elif action is Action.resolve:
        _resolve(case, data)
        case.resolved_at = now
        fields += [
            "outcome",
            "refund_amount",
            "compensation_amount",
            "recovered_currency",
            "proposed_sanction",
            "resolved_at",
        ]
    elif action is Action.close:
        case.closed_at = now
        fields.append("closed_at")
    elif action is Action.reopen:
        case.outcome = ""
        case.closed_at = None
        case.resolved_at = None
        case.stage_started_at = now
        fields += ["outcome", "closed_at", "resolved_at", "stage_started_at"]
    case.state = after
    case.version += 1
    if after is not before or action is Action.reopen:
        case.due_at = deadlines.due_at(
            case.category, Sev(case.severity), after, case.stage_started_at
        )
        fields.append("due_at")
    case.save(update_fields=sorted(set(fields)))
    _event(case, action.value, before.value, who, now, data.note)
    _audit(who, f"case.{action.value}", case)
    if action in (Action.resolve, Action.reopen):
        refresh_compliance_records(case, who=who, now=now)
    return case


def _resolve(case: Case, data: TransitionIn) -> None:
    if not data.outcome:
        raise InvalidInput(
            "outcome: a resolved case records substantiated, unsubstantiated or withdrawn",
            code="case.outcome_required",
            field="outcome",
        )
    amounts = [a for a in (data.refund_amount, data.compensation_amount) if a is not None]
    if amounts and not data.recovered_currency:
        raise InvalidInput(
            "recovered_currency: an amount recovered needs its ISO 4217 currency",
            code="case.currency_required",
            field="recovered_currency",
        )
    if any(a < 0 for a in amounts):
        raise InvalidInput(
            "amounts recovered cannot be negative",
            code="case.amount_negative",
            field="refund_amount",
        )
    case.outcome = data.outcome
    case.refund_amount = data.refund_amount
    case.compensation_amount = data.compensation_amount
    case.recovered_currency_id = data.recovered_currency if amounts else None
    case.proposed_sanction = data.proposed_sanction or ""


# --- Updates with optimistic concurrency ----------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_COLUMN = {"country": "country_id", "claimed_currency": "claimed_currency_id"}


def _current(case: Case, name: str) -> object:
    return getattr(case, _COLUMN.get(name, name))


@dataclass(frozen=True)
class Updated:
    """What update_case did: the case, the fields it changed, and whether the edit was made
    from a stale version (then its fields merged with the changes made meanwhile)."""

    case: Case
    changed: list[str]
    merged: bool


def update_case(
    case: Case, data: CaseUpdate, *, who: Who, now: dt.datetime | None = None
) -> Updated:
    """Change the given fields of a case, made from version `data.version`.

    When the case changed since that version, fields changed meanwhile that this update sets
    to another value collide: nothing is saved and EditConflict (409) lists each with both
    values (the caller records the refused attempt with `record_conflict` after the rollback).
    Fields that do not collide merge. Raises InvalidInput for a version from the future or an
    unknown employer, agency or vacancy. Audited as "case.update"."""
    now = now or timezone.now()
    base = data.version
    if base > case.version:
        raise InvalidInput(
            f"version {base} is newer than the case's {case.version}",
            code="case.version_unknown",
            field="version",
        )
    given = {name: getattr(data, name) for name in EDITABLE if name in data.model_fields_set}
    changed_since = set(
        CaseChange.objects.filter(case=case, version__gt=base).values_list("field", flat=True)
    )
    collisions = [
        {"field": name, "yours": _text(value), "theirs": _text(_current(case, name))}
        for name, value in given.items()
        if name in changed_since and _text(value) != _text(_current(case, name))
    ]
    if collisions:
        raise EditConflict(case.reference, base, case.version, collisions)
    _check_references(given)
    changes = {n: v for n, v in given.items() if _text(v) != _text(_current(case, n))}
    if not changes:
        _audit(who, "case.update", case)
        return Updated(case, [], base < case.version)
    if "amount_claimed" in changes and changes["amount_claimed"] is not None:
        currency = changes.get("claimed_currency", case.claimed_currency_id)
        if not currency:
            raise InvalidInput(
                "claimed_currency: an amount claimed needs its ISO 4217 currency",
                code="case.currency_required",
                field="claimed_currency",
            )
    version = case.version + 1
    for name, value in changes.items():
        CaseChange.objects.create(
            case=case,
            version=version,
            field=name,
            before=_text(_current(case, name)),
            after=_text(value),
            actor_id=who.user_id,
            at=now,
        )
        setattr(case, _COLUMN.get(name, name), value)
    case.version = version
    if "severity" in changes or "category" in changes:
        case.due_at = deadlines.due_at(
            case.category, Sev(case.severity), S(case.state), case.stage_started_at
        )
    case.save()
    _audit(who, "case.update", case)
    return Updated(case, sorted(changes), base < version - 1)


def _check_references(given: dict[str, Any]) -> None:
    for name, model in (("employer_id", Employer), ("agency_id", Agency), ("vacancy_id", Vacancy)):
        value = given.get(name)
        if value is not None and not model.objects.filter(pk=value).exists():
            raise InvalidInput(
                f"{name}: no such record {value}", code="case.reference_unknown", field=name
            )


def record_conflict(who: Who, reference: str) -> None:
    """Audit a refused (conflicting) update; call it after the update's transaction rolled
    back, so the row stays."""
    record(who, "case.update_conflict", "case", reference, AuditOutcome.denied)


# --- Notes and evidence ---------------------------------------------------------------------


def add_note(case: Case, text: str, *, who: Who, now: dt.datetime | None = None) -> CaseNote:
    """A case worker's note (seen by case workers only). Audited as "case.note"."""
    if who.user_id is None:
        raise InvalidInput("a note needs its author", code="case.note_author")
    note = CaseNote.objects.create(
        case=case, author_id=who.user_id, at=now or timezone.now(), text=text.strip()
    )
    _audit(who, "case.note", case)
    return note


def add_evidence(
    case: Case, chunks: Iterable[bytes], *, name: str, who: Who, now: dt.datetime | None = None
) -> Evidence:
    """Store an evidence file for the case (cases/evidence.py: size limit, type sniffed from
    the content, SHA-256). Raises TooLarge or InvalidInput from there. Audited as
    "case.evidence" (without address when `who` is NOBODY)."""
    stored = evidence.store(chunks, name=name)
    item = Evidence.objects.create(
        case=case,
        sha256=stored.sha256,
        size_bytes=stored.size_bytes,
        content_type=stored.content_type,
        name=name.replace("/", "_").replace("\\", "_")[:120],
        uploaded_at=now or timezone.now(),
    )
    _audit(who, "case.evidence", case)
    return item


# --- Deadlines ------------------------------------------------------------------------------


def escalate(now: dt.datetime) -> list[Case]:
    """Escalate every open case whose deadline passed before `now` and was not escalated
    yet: severity one level up (critical stays), `escalations` + 1, a workflow event and an
    audit row "case.escalate" by the system. Each missed deadline is escalated once, so
    running it again (cron) changes nothing. Returns the cases escalated."""
    due = (
        Case.objects.select_for_update()
        .filter(state__in=[s.value for s in (S.new, S.triaged, S.in_progress, S.referred)])
        .filter(due_at__lte=now)
        .order_by("due_at", "id")
    )
    done = []
    for case in due:
        missed = case.due_at
        if missed is None or case.escalated_due_at == missed:
            continue
        before = case.severity
        case.severity = deadlines.escalated(Sev(case.severity))
        case.escalations += 1
        case.escalated_at = now
        case.escalated_due_at = case.due_at
        case.version += 1
        case.save(
            update_fields=[
                "severity",
                "escalations",
                "escalated_at",
                "escalated_due_at",
                "version",
                "updated_at",
            ]
        )
        stage = deadlines.stage_of(S(case.state))
        _event(
            case,
            "escalate",
            case.state,
            SYSTEM,
            now,
            f"{stage} deadline {missed.isoformat()} missed; severity {before} -> {case.severity}",
        )
        _audit(SYSTEM, "case.escalate", case)
        done.append(case)
    return done


# --- Consequences ---------------------------------------------------------------------------


def substantiated_count(
    *, agency: Agency | None = None, employer: Employer | None = None, now: dt.datetime
) -> int:
    """Substantiated cases (resolved or closed) against the agency or employer resolved within
    the last settings.CASES_RECORD_WINDOW_DAYS days."""
    since = now - dt.timedelta(days=settings.CASES_RECORD_WINDOW_DAYS)
    cases = Case.objects.filter(
        outcome=Outcome.substantiated,
        state__in=[State.resolved, State.closed],
        resolved_at__gte=since,
    )
    if agency is not None:
        cases = cases.filter(agency=agency)
    if employer is not None:
        cases = cases.filter(employer=employer)
    return cases.count()


def refresh_compliance_records(case: Case, *, who: Who, now: dt.datetime) -> None:
    """Recompute the compliance record of the case's agency and employer."""
    if case.agency_id is not None:
        refresh_record(Agency.objects.get(pk=case.agency_id), who=who, now=now)
    if case.employer_id is not None:
        refresh_record(Employer.objects.get(pk=case.employer_id), who=who, now=now)


def refresh_record(subject: Agency | Employer, *, who: Who, now: dt.datetime) -> None:
    """Count the subject's substantiated cases; at settings.CASES_WATCHLIST_THRESHOLD put it
    on the watchlist (below it, take it off); at CASES_SUSPENSION_THRESHOLD propose a
    suspension to an officer (once while one is open, and not when already suspended).
    Audited as "compliance.watchlist" / "compliance.unwatchlist" / "compliance.propose"."""
    is_agency = isinstance(subject, Agency)
    kind = "agency" if is_agency else "employer"
    key = subject.licence_number if isinstance(subject, Agency) else str(subject.pk)
    count = (
        substantiated_count(agency=subject, now=now)
        if isinstance(subject, Agency)
        else substantiated_count(employer=subject, now=now)
    )
    listed = count >= settings.CASES_WATCHLIST_THRESHOLD
    subject.substantiated_cases = count
    if listed and subject.watchlisted_since is None:
        subject.watchlisted_since = now
        record(who, "compliance.watchlist", kind, key, AuditOutcome.ok)
    elif not listed and subject.watchlisted_since is not None:
        subject.watchlisted_since = None
        record(who, "compliance.unwatchlist", kind, key, AuditOutcome.ok)
    subject.save(update_fields=["substantiated_cases", "watchlisted_since"])
    if count < settings.CASES_SUSPENSION_THRESHOLD:
        return
    if isinstance(subject, Agency):
        suspended = subject.status_on(timezone.localdate(now)) is not AgencyStatus.active
        proposals = SanctionProposal.objects.filter(agency=subject)
    else:
        suspended = subject.verification == Verification.suspended
        proposals = SanctionProposal.objects.filter(employer=subject)
    if suspended or proposals.filter(status=ProposalStatus.open).exists():
        return
    SanctionProposal.objects.create(
        agency=subject if isinstance(subject, Agency) else None,
        employer=subject if isinstance(subject, Employer) else None,
        case_count=count,
        proposed_at=now,
    )
    record(who, "compliance.propose", kind, key, AuditOutcome.ok)


def decide_proposal(
    proposal: SanctionProposal,
    *,
    confirm: bool,
    user_id: int,
    who: Who,
    reason: str,
    effective_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SanctionProposal:
    """An officer confirms or dismisses a proposed suspension. Confirming records it through
    the registry's own actions (record_agency_decision / set_employer_verification), which
    screen the published vacancies again and block them, so they leave matching.
    Raises Conflict when the proposal was decided already; InvalidInput from the registry."""
    from django.contrib.auth.models import User

    now = now or timezone.now()
    if proposal.status != ProposalStatus.open:
        raise Conflict(
            f"proposal {proposal.pk} is {proposal.status} already", code="proposal.decided"
        )
    user = User.objects.get(pk=user_id)
    reason = reason.strip()
    if confirm:
        text = f"grievances: {proposal.case_count} substantiated cases; {reason}"[:400]
        if proposal.agency is not None:
            registry_actions.record_agency_decision(
                proposal.agency,
                AgencyDecision.Kind.suspended,
                effective_on=effective_on or timezone.localdate(now),
                actor=user,
                reason=text,
            )
        elif proposal.employer is not None:
            registry_actions.set_employer_verification(
                proposal.employer, Verification.suspended, actor=user, reason=text
            )
    proposal.status = ProposalStatus.confirmed if confirm else ProposalStatus.dismissed
    proposal.decided_by = user
    proposal.decided_at = now
    proposal.reason = reason
    proposal.save()
    record(
        who,
        "compliance.confirm" if confirm else "compliance.dismiss",
        "proposal",
        str(proposal.pk),
        AuditOutcome.ok,
    )
    return proposal


#: What replaces free text that may name the worker, once they are erased.
ERASED_TEXT = "[erased]"


def erase_filer_identity(*, worker: Worker, user: Any | None) -> int:
    """Remove from grievances what identifies an erased worker (registry.signals
    `worker_erased`, inside the erasure's transaction). For every case the worker filed or that
    is about them: the links to the worker and their account go; the summary, case notes,
    workflow notes, referral notes and recorded changes of the summary become "[erased]"; the
    PIN stops working; evidence files are deleted from disk (their checksum, size and type
    stay, the file name goes). Category, severity, states and dates, the employer, agency and
    vacancy it is against, country and city, amounts, outcome and sanctions stay, so figures,
    the compliance record and the watchlist are unchanged. Returns how many cases were changed.

    Keeping the case itself, without its filer, follows the exception to erasure for legal
    claims in GDPR Art. 17(3)(e) (our model for erasure); an unresolved case loses its
    narrative, which the case worker should settle with the worker before erasing."""
    match = Q(worker=worker)
    if user is not None:
        match |= Q(filer=user)
    cases = list(Case.objects.select_for_update().filter(match))
    for case in cases:
        case.worker = None
        case.filer = None
        case.summary = ERASED_TEXT
        case.pin_hash = make_password(None)
        case.save(update_fields=["worker", "filer", "summary", "pin_hash", "updated_at"])
        CaseNote.objects.filter(case=case).update(text=ERASED_TEXT)
        CaseEvent.objects.filter(case=case).exclude(note="").update(note=ERASED_TEXT)
        Referral.objects.filter(case=case).exclude(note="").update(note=ERASED_TEXT)
        CaseChange.objects.filter(case=case, field="summary").update(
            before=ERASED_TEXT, after=ERASED_TEXT
        )
        for item in Evidence.objects.filter(case=case):
            if not Evidence.objects.filter(sha256=item.sha256).exclude(case=case).exists():
                evidence.path_of(item.sha256).unlink(missing_ok=True)
            item.name = ""
            item.save(update_fields=["name"])
    return len(cases)


def cases_for_export(*, worker: Worker, user: Any | None) -> list[dict[str, Any]]:
    """The grievances a worker filed or that are about them, for their data download: reference,
    category, severity, state, what they wrote, place, dates, amounts (decimal strings with
    their ISO 4217 currency), outcome, referrals (to whom, when) and workflow steps (when,
    which). Case notes are left out: they are the case workers' working notes (issue 9,
    "Case notes are for case workers only")."""
    match = Q(worker=worker)
    if user is not None:
        match |= Q(filer=user)

    def money(amount: Decimal | None, currency: str | None) -> dict[str, str] | None:
        if amount is None:
            return None
        return {"amount": str(amount), "currency": currency or ""}

    out: list[dict[str, Any]] = []
    for case in (
        Case.objects.filter(match).prefetch_related("referrals", "events").order_by("filed_at")
    ):
        out.append(
            {
                "reference": case.reference,
                "category": case.category,
                "severity": case.severity,
                "state": case.state,
                "summary": case.summary,
                "country": case.country_id,
                "city": case.city,
                "incident_from": case.incident_from.isoformat() if case.incident_from else None,
                "incident_to": case.incident_to.isoformat() if case.incident_to else None,
                "amount_claimed": money(case.amount_claimed, case.claimed_currency_id),
                "outcome": case.outcome or None,
                "refund": money(case.refund_amount, case.recovered_currency_id),
                "compensation": money(case.compensation_amount, case.recovered_currency_id),
                "filed_at": case.filed_at.isoformat(),
                "referrals": [
                    {"to": r.to, "on": r.referred_on.isoformat()} for r in case.referrals.all()
                ],
                "steps": [
                    {"action": e.action, "to_state": e.to_state, "at": e.at.isoformat()}
                    for e in case.events.all()
                ],
            }
        )
    return out
