"""Grievance actions on a real database: filing without identity, PIN follow-up, escalation
under a controlled clock, concurrent edits, evidence files, audit rows for every step, the
watchlist threshold and a confirmed suspension blocking vacancies, and the figures."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any as SettingsWrapper

import pytest
from django.core.management import call_command
from django.db import transaction

from jumush.accounts.roles import Role
from jumush.audit.log import Who
from jumush.audit.models import AuditEvent
from jumush.cases import actions, evidence, queries
from jumush.cases.models import Case, CaseEvent, Channel, ProposalStatus, SanctionProposal
from jumush.cases.schemas import CaseUpdate, TransitionIn
from jumush.core.errors import InvalidInput, NotFound, TooLarge
from jumush.registry.models import Vacancy, VacancyStatus
from tests.factories import World, case_data, make_account

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case_worker() -> Who:
    account = make_account(Role.case_worker)
    return Who(account.user_id, "case_worker", "198.51.100.7")


def file(now: dt.datetime = T0, **change: object) -> tuple[Case, str]:
    with transaction.atomic():
        return actions.file_case(
            case_data(**change), who=Who(None, "", "203.0.113.9"), channel=Channel.web, now=now
        )


def step(case: Case, who: Who, action: str, now: dt.datetime = T0, **extra: object) -> Case:
    return actions.transition(
        case, TransitionIn.model_validate({"action": action, **extra}), who=who, now=now
    )


def test_an_anonymous_case_stores_no_identity_anywhere() -> None:
    case, pin = file()
    row = Case.objects.get(pk=case.pk)
    assert row.anonymous and row.filer_id is None and row.worker_id is None
    assert row.reference == f"G-2026-{case.pk:06d}"
    assert pin not in row.pin_hash and row.pin_hash.startswith("argon2")
    audit = AuditEvent.objects.get(action="case.file", record_id=case.reference)
    assert audit.actor_id is None and audit.address == "" and audit.actor_role == ""
    assert "203.0.113.9" not in str(list(Case.objects.filter(pk=case.pk).values()))


def test_follow_up_with_the_pin_and_wrong_pins_lock_it(settings: SettingsWrapper) -> None:
    settings.CASES_PIN_ATTEMPTS = 3
    case, pin = file()
    assert actions.follow_up(case.reference.lower(), pin, now=T0).pk == case.pk
    wrong = "00000000" if pin != "00000000" else "11111111"
    for _ in range(2):
        with pytest.raises(NotFound):
            actions.follow_up(case.reference, wrong, now=T0)
    with pytest.raises(NotFound):
        actions.follow_up(case.reference, wrong, now=T0)  # the third: now locked
    with pytest.raises(actions.PinLocked):
        actions.follow_up(case.reference, pin, now=T0 + dt.timedelta(minutes=1))
    later = T0 + dt.timedelta(minutes=settings.CASES_PIN_LOCK_MINUTES + 1)
    assert actions.follow_up(case.reference, pin, now=later).pk == case.pk
    with pytest.raises(NotFound):
        actions.follow_up("G-2026-999999", pin, now=T0)
    rows = AuditEvent.objects.filter(action="case.followup")
    assert rows.count() == 7 and not rows.exclude(address="").exists()


def test_escalation_under_a_controlled_clock_is_idempotent() -> None:
    violent, _ = file(category="violence")
    wages, _ = file(category="unpaid_wages")
    assert violent.severity == "critical" and wages.severity == "medium"
    assert actions.escalate(T0 + dt.timedelta(hours=23)) == []
    first = actions.escalate(T0 + dt.timedelta(hours=25))
    assert [c.reference for c in first] == [violent.reference]
    assert actions.escalate(T0 + dt.timedelta(hours=26)) == []  # the same miss, once
    second = actions.escalate(T0 + dt.timedelta(hours=73))
    assert [c.reference for c in second] == [wages.reference]
    wages.refresh_from_db()
    assert wages.severity == "high" and wages.escalations == 1
    event = CaseEvent.objects.get(case=wages, action="escalate")
    assert "triage deadline" in event.note and event.actor_id is None
    assert AuditEvent.objects.filter(action="case.escalate", actor_role="system").count() == 2


def test_the_escalate_command_prints_a_summary_and_runs_twice_safely(
    capsys: pytest.CaptureFixture[str],
) -> None:
    file(category="trafficking")
    at = (T0 + dt.timedelta(days=2)).isoformat()
    call_command("cases", "escalate", "--now", at, "--json")
    assert '"escalated": 1' in capsys.readouterr().out
    call_command("cases", "escalate", "--now", at)
    assert "escalated 0 case(s); 1 open case(s) overdue" in capsys.readouterr().out


def test_every_transition_is_audited_with_its_actor_and_note(case_worker: Who) -> None:
    case, _ = file()
    step(case, case_worker, "triage", note="wages: medium", severity="high")
    step(case, case_worker, "assign", assignee_id=case_worker.user_id)
    step(case, case_worker, "refer", referral_to="labour_inspectorate", note="inspection asked")
    step(
        case,
        case_worker,
        "resolve",
        outcome="substantiated",
        refund_amount="90000",
        recovered_currency="RUB",
        proposed_sanction="warning",
    )
    step(case, case_worker, "close")
    step(case, case_worker, "reopen", note="the employer stopped paying again")
    actions_seen = list(
        AuditEvent.objects.filter(record_type="case", record_id=case.reference)
        .exclude(action="case.file")
        .values_list("action", "actor_id")
    )
    assert actions_seen == [
        (f"case.{a}", case_worker.user_id)
        for a in ["triage", "assign", "refer", "resolve", "close", "reopen"]
    ]
    notes = dict(CaseEvent.objects.filter(case=case).values_list("action", "note"))
    assert notes["refer"] == "inspection asked" and notes["reopen"].startswith("the employer")
    assert case.referrals.get().to == "labour_inspectorate"
    assert case.state == "in_progress" and case.outcome == ""


def test_a_refused_transition_names_both_states(case_worker: Who) -> None:
    case, _ = file()
    with pytest.raises(actions.TransitionNotAllowed) as refused:
        step(case, case_worker, "resolve", outcome="withdrawn")
    assert refused.value.facts["from_state"] == "new"
    assert refused.value.facts["to_state"] == "resolved"
    assert "new -> resolved is not allowed" in refused.value.message


def test_only_a_case_worker_can_be_assigned(case_worker: Who) -> None:
    case, _ = file()
    step(case, case_worker, "triage")
    officer = make_account(Role.officer)
    with pytest.raises(InvalidInput, match="not an active case worker"):
        step(case, case_worker, "assign", assignee_id=officer.user_id)


def test_a_stale_edit_that_collides_is_refused_with_both_values_and_others_merge(
    case_worker: Who,
) -> None:
    case, _ = file()
    seen = case.version
    with transaction.atomic():
        actions.update_case(case, CaseUpdate(version=seen, city="Казань"), who=case_worker)
    other = Who(make_account(Role.case_worker).user_id, "case_worker", "")
    with pytest.raises(actions.EditConflict) as conflict:
        with transaction.atomic():
            actions.update_case(
                case, CaseUpdate(version=seen, city="Самара", severity="high"), who=other
            )
    actions.record_conflict(other, case.reference)
    assert conflict.value.collisions == [{"field": "city", "yours": "Самара", "theirs": "Казань"}]
    case.refresh_from_db()
    assert case.city == "Казань" and case.severity == "medium"  # nothing of it was saved
    with transaction.atomic():
        merged = actions.update_case(case, CaseUpdate(version=seen, severity="high"), who=other)
    assert merged.merged and merged.changed == ["severity"]
    case.refresh_from_db()
    assert (case.city, case.severity, case.version) == ("Казань", "high", seen + 2)
    audit = list(
        AuditEvent.objects.filter(
            record_id=case.reference, action__startswith="case.update"
        ).values_list("action", "actor_id", "outcome")
    )
    assert audit == [
        ("case.update", case_worker.user_id, "ok"),
        ("case.update_conflict", other.user_id, "denied"),
        ("case.update", other.user_id, "ok"),
    ]


def test_evidence_is_checksummed_and_limited_by_size_and_sniffed_type(
    settings: SettingsWrapper, tmp_path: Path, case_worker: Who
) -> None:
    settings.CASES_EVIDENCE_DIR = tmp_path / "evidence"
    settings.CASES_EVIDENCE_MAX_BYTES = 1000
    case, _ = file()
    item = actions.add_evidence(case, [PNG[:10], PNG[10:]], name="photo.png", who=case_worker)
    assert item.sha256 == hashlib.sha256(PNG).hexdigest()
    assert item.size_bytes == len(PNG) and item.content_type == "image/png"
    assert evidence.read(item.sha256) == PNG
    with pytest.raises(TooLarge):
        actions.add_evidence(case, [PNG + b"\x00" * 1000], name="big.png", who=case_worker)
    with pytest.raises(InvalidInput, match="not one of"):
        actions.add_evidence(
            case, [b"MZ\x90\x00" + b"\x00" * 60], name="photo.jpg", who=case_worker
        )
    with pytest.raises(InvalidInput, match="empty"):
        actions.add_evidence(case, [b""], name="nothing.pdf", who=case_worker)
    left = sorted(p.name for p in (tmp_path / "evidence").rglob("*") if p.is_file())
    assert left == [item.sha256]  # nothing refused was kept
    evidence.path_of(item.sha256).write_bytes(PNG + b"tampered")
    with pytest.raises(InvalidInput, match="checksum"):
        evidence.read(item.sha256)


def resolve_substantiated(world: World, who: Who, i: int = 0) -> Case:
    case, _ = file(
        employer_id=world.employers[i].pk,
        agency_licence_number=world.agencies[i].licence_number,
    )
    for action, extra in [
        ("triage", {}),
        ("assign", {"assignee_id": who.user_id}),
        ("resolve", {"outcome": "substantiated"}),
    ]:
        step(case, who, action, now=dt.datetime.now(tz=dt.UTC), **extra)
    return case


def test_the_watchlist_threshold(world: World, case_worker: Who, settings: SettingsWrapper) -> None:
    settings.CASES_WATCHLIST_THRESHOLD = 2
    settings.CASES_SUSPENSION_THRESHOLD = 3
    agency = world.agencies[0]
    resolve_substantiated(world, case_worker)
    agency.refresh_from_db()
    assert agency.substantiated_cases == 1 and agency.watchlisted_since is None
    second = resolve_substantiated(world, case_worker)
    agency.refresh_from_db()
    assert agency.substantiated_cases == 2 and agency.watchlisted_since is not None
    assert world.employers[0].__class__.objects.get(pk=world.employers[0].pk).watchlisted_since
    assert not SanctionProposal.objects.exists()
    step(second, case_worker, "close", now=dt.datetime.now(tz=dt.UTC))
    step(second, case_worker, "reopen", now=dt.datetime.now(tz=dt.UTC))
    agency.refresh_from_db()
    assert agency.substantiated_cases == 1 and agency.watchlisted_since is None
    assert AuditEvent.objects.filter(action="compliance.unwatchlist").count() == 2


def test_a_confirmed_suspension_blocks_the_agencys_vacancies_end_to_end(
    world: World, case_worker: Who, settings: SettingsWrapper
) -> None:
    settings.CASES_WATCHLIST_THRESHOLD = 1
    settings.CASES_SUSPENSION_THRESHOLD = 2
    for _ in range(2):
        resolve_substantiated(world, case_worker)
    proposals = SanctionProposal.objects.filter(status=ProposalStatus.open)
    assert [(p.agency_id, p.case_count) for p in proposals if p.agency_id] == [
        (world.agencies[0].pk, 2)
    ]
    vacancy = world.vacancies[0]
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.published
    officer = make_account(Role.officer)
    proposal = proposals.get(agency=world.agencies[0])
    with transaction.atomic():
        actions.decide_proposal(
            proposal,
            confirm=True,
            user_id=officer.user_id,
            who=Who(officer.user_id, "officer", ""),
            reason="confirmed",
        )
    assert world.agencies[0].decisions.get().decision == "suspended"
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.blocked
    employer_proposal = proposals.get(employer=world.employers[0])
    with transaction.atomic():
        actions.decide_proposal(
            employer_proposal,
            confirm=False,
            user_id=officer.user_id,
            who=Who(officer.user_id, "officer", ""),
            reason="paid back",
        )
    assert world.employers[0].__class__.objects.get(pk=world.employers[0].pk).verification != (
        "suspended"
    )


def test_cases_about_the_same_agency_are_linked(world: World) -> None:
    linked = queries.linked_cases(world.cases[0], queries.Q())
    assert linked == []
    case, _ = file(agency_licence_number=world.agencies[0].licence_number)
    assert [c.reference for c in queries.linked_cases(case, queries.Q())] == [
        world.cases[0].reference
    ]


def test_figures_count_cases_and_recovered_money_per_currency(case_worker: Who) -> None:
    a, _ = file(category="recruitment_fee")
    b, _ = file(category="recruitment_fee", country="KR")
    step(a, case_worker, "triage", now=T0 + dt.timedelta(hours=2))
    step(a, case_worker, "assign", now=T0 + dt.timedelta(hours=3), assignee_id=case_worker.user_id)
    step(
        a,
        case_worker,
        "resolve",
        now=T0 + dt.timedelta(hours=10),
        outcome="substantiated",
        refund_amount="1500.50",
        compensation_amount="500",
        recovered_currency="USD",
    )
    figures = queries.figures()
    assert figures["by_category"] == {"recruitment_fee": 2}
    assert figures["by_destination"] == {"KR": 1, "RU": 1}
    assert figures["median_hours_to_triage"] == 2.0
    assert figures["median_hours_to_resolution"] == 10.0
    assert figures["recovered"] == {"USD": str(Decimal("2000.50"))}
    assert b.state == "new"
