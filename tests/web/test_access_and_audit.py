"""The one door per resource (anonymous, wrong role, right role, right role out of scope) and
the audit trail it writes: reads, writes and refused attempts, ids only, in the write's
transaction, append-only and hash-chained. People are synthetic."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from jumush.accounts.roles import Role
from jumush.audit import log
from jumush.audit.models import AppendOnly, AuditEvent
from jumush.registry.models import Worker
from tests.factories import World, sign_in, worker_data

pytestmark = pytest.mark.django_db


def as_role(world: World, role: Role) -> Client:
    return sign_in(Client(), world.accounts[role])


def test_worker_record_battery(world: World) -> None:
    own, other = world.workers
    url = f"/api/v1/workers/{own.public_id}"
    assert Client().get(url).status_code == 401
    assert as_role(world, Role.employer_staff).get(url).status_code == 403
    assert as_role(world, Role.agency_staff).get(url).status_code == 403
    worker = as_role(world, Role.worker)
    mine = worker.get(url)
    assert mine.status_code == 200
    assert mine["Cache-Control"] == "no-store"
    missing = worker.get("/api/v1/workers/00000000-0000-0000-0000-000000000000")
    not_mine = worker.get(f"/api/v1/workers/{other.public_id}")
    assert not_mine.status_code == missing.status_code == 404
    assert not_mine.json() == missing.json()
    assert [w["id"] for w in worker.get("/api/v1/workers").json()["items"]] == [str(own.public_id)]
    # A UUID is case-insensitive (RFC 9562): the upper-case id is the same record.
    upper = worker.get(f"/api/v1/workers/{str(own.public_id).upper()}")
    assert upper.status_code == 200
    assert upper.json()["id"] == str(own.public_id)
    for role in (Role.officer, Role.case_worker, Role.auditor, Role.admin):
        assert as_role(world, role).get(f"/api/v1/workers/{other.public_id}").status_code == 200
        assert as_role(world, role).get("/api/v1/workers").json()["count"] == 2


def test_employer_staff_see_candidates_of_their_own_vacancy_without_passport_or_phone(
    world: World,
) -> None:
    staff = as_role(world, Role.employer_staff)
    response = staff.get(f"/api/v1/vacancies/{world.vacancies[0].pk}/candidates")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    candidates = response.json()
    assert {c["worker_id"] for c in candidates} == {str(w.public_id) for w in world.workers}
    text = response.content.decode()
    for worker in world.workers:
        assert worker.phone not in text and worker.surname_latin not in text
    assert "AC900000" not in text
    other = staff.get(f"/api/v1/vacancies/{world.vacancies[1].pk}/candidates")
    assert other.status_code == 404


def test_scoped_staff_register_only_their_own_vacancies(world: World) -> None:
    body: dict[str, Any] = {
        "title": "Повар",
        "employer": {"name": "ООО Тест-2", "country": "RU", "registration_number": "772"},
        "destination": {"country": "RU"},
        "status": "draft",
    }
    staff = as_role(world, Role.employer_staff)
    post = staff.post("/api/v1/vacancies", body, content_type="application/json")
    assert post.status_code == 403
    assert post.json()["code"] == "vacancy.not_your_employer"
    body["employer"] = {"name": "ООО Тест-1", "country": "RU", "registration_number": "771"}
    created = staff.post("/api/v1/vacancies", body, content_type="application/json")
    assert created.status_code == 201, created.content
    draft_id = created.json()["id"]
    assert staff.get(f"/api/v1/vacancies/{draft_id}").status_code == 200
    assert as_role(world, Role.agency_staff).get(f"/api/v1/vacancies/{draft_id}").status_code == 404
    assert Client().get(f"/api/v1/vacancies/{draft_id}").status_code == 404


def test_a_worker_registers_their_own_record_once(world: World) -> None:
    client = Client()
    client.post(
        "/api/v1/auth/signup",
        {"username": "+996700000333", "password": "жаңы жашоо 2026", "consent_text_version": "v1"},
        content_type="application/json",
    )
    client.post(
        "/api/v1/auth/signin",
        {"username": "0700 000 333", "password": "жаңы жашоо 2026"},
        content_type="application/json",
    )
    body = worker_data(33).model_dump(mode="json")
    body["source"] = {"system": "manual"}
    created = client.post("/api/v1/workers", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert client.get("/api/v1/auth/me").json()["worker_id"] == created.json()["id"]
    assert client.get(f"/api/v1/workers/{created.json()['id']}").status_code == 200
    body["source"] = {"system": "manual", "external_id": "again"}
    again = client.post("/api/v1/workers", body, content_type="application/json")
    assert again.status_code == 409


def test_reads_writes_and_refusals_are_audited_with_ids_only(world: World) -> None:
    start = AuditEvent.objects.count()
    officer = as_role(world, Role.officer)
    own, other = world.workers
    officer.get(f"/api/v1/workers/{own.public_id}")
    as_role(world, Role.worker).get(f"/api/v1/workers/{other.public_id}")
    Client().get("/api/v1/workers")
    as_role(world, Role.employer_staff).get("/api/v1/workers")
    events = list(AuditEvent.objects.order_by("seq")[start:])
    summary = [(e.action, e.record_type, e.outcome) for e in events]
    assert ("worker.view", "worker", "ok") in summary
    assert ("worker.view", "worker", "denied") in summary
    assert ("worker.list", "route", "unauthenticated") in summary
    assert ("worker.list", "route", "denied") in summary
    viewed = next(e for e in events if e.action == "worker.view" and e.outcome == "ok")
    assert viewed.record_id == str(own.public_id)
    assert viewed.actor_id == world.accounts[Role.officer].user_id
    assert viewed.actor_role == "officer"
    assert viewed.address == "127.0.0.1"
    assert viewed.at.utcoffset() == dt.timedelta(0)
    personal = [own.phone, own.surname_latin, "Тестов", "AC9000001", "1994-03-14"]
    for event in AuditEvent.objects.all():
        row = " ".join(str(v) for v in event.__dict__.values())
        assert not any(p in row for p in personal), row


def test_a_failed_audit_write_rolls_the_business_write_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = as_role(world, Role.officer)
    before = Worker.objects.count()

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", broken)
    body = worker_data(44).model_dump(mode="json")
    response = officer.post("/api/v1/workers", body, content_type="application/json")
    assert response.status_code == 500
    assert Worker.objects.count() == before


def test_audit_rows_cannot_be_changed_or_deleted_by_the_application(world: World) -> None:
    as_role(world, Role.officer).get("/api/v1/workers")
    event = AuditEvent.objects.first()
    assert event is not None
    event.outcome = "denied"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().update(outcome="ok")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    # The database refuses too (triggers), even to raw SQL.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET outcome = 'ok'")


def _drop_append_only_triggers() -> None:
    """Only a tamper test does this, inside its rolled-back transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")


def _verify() -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def test_audit_verify_names_a_changed_or_deleted_row(world: World) -> None:
    officer = as_role(world, Role.officer)
    for _ in range(3):
        officer.get("/api/v1/workers")
    ok, text = _verify()
    assert ok, text
    assert "audit chain intact" in text
    rows = list(AuditEvent.objects.order_by("seq"))
    assert len(rows) >= 6
    _drop_append_only_triggers()
    with connection.cursor() as cursor:
        changed = rows[2].seq
        cursor.execute("UPDATE audit_auditevent SET outcome = 'denied' WHERE seq = %s", [changed])
        ok, text = _verify()
        assert not ok
        assert f"row {changed}: changed" in text
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = %s WHERE seq = %s", [rows[2].outcome, changed]
        )
        assert _verify()[0]
        deleted = rows[4].seq
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [deleted])
        ok, text = _verify()
        assert not ok
        assert f"row {deleted}: deleted" in text
        # Changed with its own hash recomputed: the next row's link names it.
        forged = AuditEvent.objects.get(seq=rows[1].seq)
        forged.record_id = "someone-else"
        new_hash = log.row_hash(forged.prev_hash, forged)
        cursor.execute(
            "UPDATE audit_auditevent SET record_id = %s, hash = %s WHERE seq = %s",
            ["someone-else", new_hash, rows[1].seq],
        )
        ok, text = _verify()
        assert f"row {rows[1].seq}: changed" in text
        last = AuditEvent.objects.order_by("-seq").first()
        assert last is not None
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = %s", [last.seq])
        assert f"row {last.seq}: deleted" in _verify()[1]


def test_employer_battery(world: World) -> None:
    own, other = world.employers
    assert Client().get("/api/v1/employers").status_code == 401
    assert as_role(world, Role.worker).get("/api/v1/employers").status_code == 403
    assert as_role(world, Role.agency_staff).get("/api/v1/employers").status_code == 403
    staff = as_role(world, Role.employer_staff)
    assert [e["id"] for e in staff.get("/api/v1/employers").json()["items"]] == [own.pk]
    body = {"status": "verified", "reason": "registry extract checked"}
    # Out of scope and wrong role alike: employer staff never verify, not even their own.
    for employer in (own, other):
        url = f"/api/v1/employers/{employer.pk}/verification"
        assert staff.post(url, body, content_type="application/json").status_code == 403
    assert Client().post(
        f"/api/v1/employers/{other.pk}/verification", body, content_type="application/json"
    ).status_code in {401, 403}
    officer = as_role(world, Role.officer)
    assert officer.get("/api/v1/employers").json()["count"] == 2
    answer = officer.post(
        f"/api/v1/employers/{other.pk}/verification", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert (
        as_role(world, Role.auditor)
        .post(f"/api/v1/employers/{other.pk}/verification", body, content_type="application/json")
        .status_code
        == 403
    )


def test_agency_battery(world: World) -> None:
    own, other = world.agencies
    today = timezone.localdate().isoformat()
    body = {"decision": "suspended", "effective_on": today, "reason": "inspection found fees"}
    url = f"/api/v1/agencies/{other.licence_number}/decisions"
    assert Client().post(url, body, content_type="application/json").status_code in {401, 403}
    for role in (Role.worker, Role.employer_staff, Role.agency_staff, Role.auditor):
        refused = as_role(world, role).post(url, body, content_type="application/json")
        assert refused.status_code == 403, role
    # Agency staff see the candidates of their own agency's vacancy only.
    staff = as_role(world, Role.agency_staff)
    assert staff.get(f"/api/v1/vacancies/{world.vacancies[0].pk}/candidates").status_code == 200
    assert staff.get(f"/api/v1/vacancies/{world.vacancies[1].pk}/candidates").status_code == 404
    decided = as_role(world, Role.officer).post(url, body, content_type="application/json")
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "suspended"
    assert Client().get(f"/api/v1/agencies/{own.licence_number}").status_code == 200
