"""A worker downloads everything held about them; an officer erases a worker (personal fields
removed, audit rows pseudonymised, statistics kept) and the audit chain still verifies and
still catches tampering. People are synthetic."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.test import Client

from jumush.accounts.models import Account
from jumush.accounts.roles import Role
from jumush.audit import log
from jumush.audit.log import Who
from jumush.audit.models import AuditEvent
from jumush.cases import actions as cases
from jumush.cases import evidence
from jumush.cases.models import Case
from jumush.registry.models import Application, Worker, WorkerOccupation
from tests.factories import World, make_account, sign_in

pytestmark = pytest.mark.django_db

#: The smallest PNG header the evidence store accepts (its type is sniffed from the bytes).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def as_role(world: World, role: Role) -> Client:
    return sign_in(Client(), world.accounts[role])


def _verify() -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def test_a_worker_downloads_everything_held_about_them(world: World) -> None:
    own, other = world.workers
    officer = as_role(world, Role.officer)
    officer.get(f"/api/v1/workers/{own.public_id}")
    officer.get(f"/api/v1/workers/{other.public_id}")
    worker = as_role(world, Role.worker)
    worker.get(f"/api/v1/workers/{own.public_id}")
    response = worker.get(f"/api/v1/workers/{own.public_id}/export")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "jumush.worker-export/1"
    record = data["worker"]
    assert record["id"] == str(own.public_id)
    assert record["surname_latin"] == "TESTOV"
    assert record["phone"] == own.phone
    assert record["passport"]["number"] == "AC9000001"
    assert record["occupations"][0]["isco08_code"] == "7212"
    assert record["languages"] == [{"language": "ru", "cefr": "B1"}]
    assert data["consents"][0]["purpose"] == "registry"
    assert data["account"]["email"] == world.accounts[Role.worker].email
    (grievance,) = data["grievances"]  # the one they filed; not the other worker's
    assert grievance["reference"] == world.cases[0].reference
    assert grievance["summary"] == world.cases[0].summary
    assert grievance["amount_claimed"] == {"amount": "180000.00", "currency": "RUB"}
    assert "notes" not in grievance
    audit = data["audit"]
    assert {"action": "worker.view", "outcome": "ok", "by": "officer"} in [
        {k: e[k] for k in ("action", "outcome", "by")} for e in audit
    ]
    assert any(e["by"] == "you" for e in audit)
    # Only their own record's trail, and nobody else's id or address in it.
    text = response.content.decode()
    assert str(other.public_id) not in text
    assert "127.0.0.1" not in text
    assert str(world.accounts[Role.officer].user_id) not in [str(e["by"]) for e in audit]
    export_row = AuditEvent.objects.filter(action="worker.export").last()
    assert export_row is not None and export_row.record_id == str(own.public_id)


def test_export_battery(world: World) -> None:
    own, other = world.workers
    url = f"/api/v1/workers/{own.public_id}/export"
    assert Client().get(url).status_code == 401
    assert as_role(world, Role.employer_staff).get(url).status_code == 403
    assert as_role(world, Role.auditor).get(url).status_code == 403
    not_mine = as_role(world, Role.worker).get(f"/api/v1/workers/{other.public_id}/export")
    missing = as_role(world, Role.worker).get(
        "/api/v1/workers/00000000-0000-0000-0000-000000000000/export"
    )
    assert not_mine.status_code == missing.status_code == 404
    assert not_mine.json() == missing.json()
    for role in (Role.officer, Role.case_worker, Role.admin):
        assert as_role(world, role).get(url).status_code == 200


def test_erase_battery(world: World) -> None:
    own, _ = world.workers
    url = f"/api/v1/workers/{own.public_id}/erase"
    assert Client().post(url).status_code == 401
    for role in (Role.worker, Role.employer_staff, Role.agency_staff, Role.case_worker):
        assert as_role(world, role).post(url).status_code == 403, role
    assert as_role(world, Role.auditor).post(url).status_code == 403
    assert Worker.objects.filter(public_id=own.public_id).exists()
    # The officer's TOTP check is required.
    untotp = sign_in(Client(), world.accounts[Role.officer], totp=False)
    assert untotp.post(url).json()["code"] == "auth.totp_required"
    assert (
        as_role(world, Role.officer)
        .post("/api/v1/workers/00000000-0000-0000-0000-000000000000/erase")
        .status_code
        == 404
    )


def test_an_officer_erases_a_worker_and_statistics_are_kept(world: World) -> None:
    own, other = world.workers
    old_id = str(own.public_id)
    Application.objects.create(
        vacancy=world.vacancies[0], worker=own, status="rejected", reason="Тестов: no experience"
    )
    officer = as_role(world, Role.officer)
    worker_client = as_role(world, Role.worker)
    worker_client.get(f"/api/v1/workers/{old_id}")
    worker_client.get(f"/api/v1/workers/{other.public_id}/matches")  # refused: route row
    Client().get(f"/api/v1/workers/{old_id}/matches")  # refused: path holds the id
    before_stats = Worker.objects.values("sex", "region_id", "status").annotate(n=Count("id"))
    before = {(r["sex"], r["region_id"], r["status"]): r["n"] for r in before_stats}

    response = officer.post(f"/api/v1/workers/{old_id}/erase")
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["already_erased"] is False
    assert body["audit_rows_pseudonymised"] == 3  # view, refused route, the erase access

    erased = Worker.objects.get(pk=own.pk)
    assert str(erased.public_id) != old_id
    assert erased.erased_at is not None
    assert (erased.surname_latin, erased.given_names_latin, erased.surname_cyrillic) == ("", "", "")
    assert erased.phone == "" and erased.locality == "" and erased.district_id is None
    assert erased.passport_sealed is None and erased.passport_lookup == ""
    assert erased.birth_date == dt.date(1994, 7, 1)
    assert (erased.sex, erased.region_id, erased.status) == (own.sex, own.region_id, own.status)
    assert WorkerOccupation.objects.get(worker=erased).isco_group_id == "7212"
    assert WorkerOccupation.objects.get(worker=erased).title == ""
    assert Application.objects.get(worker=erased).reason == ""
    after_stats = Worker.objects.values("sex", "region_id", "status").annotate(n=Count("id"))
    assert {(r["sex"], r["region_id"], r["status"]): r["n"] for r in after_stats} == before

    account = Account.objects.get(pk=world.accounts[Role.worker].pk)
    assert account.worker_id is None and account.phone is None
    assert account.email is not None and account.email.endswith("@erased.invalid")
    user = User.objects.get(pk=account.user_id)
    assert not user.is_active and not user.has_usable_password()
    assert worker_client.get("/api/v1/auth/me").status_code == 401

    # Nothing in the audit trail names the old id; the chain verifies.
    assert not AuditEvent.objects.filter(record_id__contains=old_id).exists()
    erasure = AuditEvent.objects.filter(action="worker.erase").last()
    assert erasure is not None and erasure.record_id == log.PSEUDONYM
    assert erasure.actor_role == "officer"
    pseudonymised = AuditEvent.objects.filter(
        record_type="worker", record_ref=erasure.record_ref
    ).count()
    assert pseudonymised >= 3  # rows about the subject still count and group together
    ok, text = _verify()
    assert ok, text

    # Idempotent: the same id again is "erased already" and changes nothing.
    again = officer.post(f"/api/v1/workers/{old_id}/erase")
    assert again.status_code == 200
    assert again.json()["already_erased"] is True
    assert not AuditEvent.objects.filter(record_id__contains=old_id).exists()
    assert _verify()[0]
    # The erased worker is not listed, and no longer matched as a candidate.
    listed = officer.get("/api/v1/workers").json()["items"]
    assert [w["id"] for w in listed] == [str(other.public_id)]
    candidates = officer.get(f"/api/v1/vacancies/{world.vacancies[0].pk}/candidates").json()
    assert str(erased.public_id) not in {c["worker_id"] for c in candidates}


def test_after_an_erasure_verify_still_catches_tampering(world: World) -> None:
    own, other = world.workers
    officer = as_role(world, Role.officer)
    officer.get(f"/api/v1/workers/{other.public_id}")
    assert officer.post(f"/api/v1/workers/{own.public_id}/erase").status_code == 200
    assert _verify()[0]
    # The database lets nothing but a pseudonymisation through.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET outcome = 'denied'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET record_id = 'someone-else'")
    viewed = AuditEvent.objects.get(action="worker.view", record_id=str(other.public_id))
    with connection.cursor() as cursor:
        # Redirecting a row to another record is caught by its keyed hash...
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
        else:
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(
            "UPDATE audit_auditevent SET record_id = %s WHERE seq = %s",
            [str(world.workers[0].pk), viewed.seq],
        )
        ok, text = _verify()
        assert not ok
        assert f"row {viewed.seq}: changed (its record id does not match its keyed hash)" in text
        # ...and hiding a row's subject without an erasure is named too.
        cursor.execute(
            "UPDATE audit_auditevent SET record_id = 'erased' WHERE seq = %s", [viewed.seq]
        )
        ok, text = _verify()
        assert f"row {viewed.seq}: changed (pseudonymised without an erasure recorded)" in text


def test_erase_and_export_from_the_command_line(world: World, tmp_path: object) -> None:
    own, _ = world.workers
    officer = make_account(Role.officer, username="cli-officer@example.org")
    out = StringIO()
    target = f"{tmp_path}/export.json"
    call_command(
        "workers", "export", str(own.public_id), "--out", target, "--actor", officer.email,
        stdout=out,
    )  # fmt: skip
    with open(target, encoding="utf-8") as f:
        assert json.load(f)["worker"]["passport"]["number"] == "AC9000001"
    row = AuditEvent.objects.filter(action="worker.export").last()
    assert row is not None and row.actor_id == officer.user_id and row.address == "cli"
    with pytest.raises(CommandError, match=r"may not worker\.erase"):
        call_command("workers", "erase", str(own.public_id), "--actor", world.accounts[
            Role.case_worker].email)  # fmt: skip
    call_command("workers", "erase", str(own.public_id), stdout=out)
    assert "erased: personal data removed" in out.getvalue()
    erasure = AuditEvent.objects.filter(action="worker.erase").last()
    assert (
        erasure is not None and erasure.actor_role == "cli" and erasure.address.startswith("cli:")
    )
    call_command("workers", "erase", str(own.public_id), stdout=out)
    assert "erased already" in out.getvalue()
    assert _verify()[0]


def test_an_erased_worker_s_grievances_keep_their_figures_but_not_who_filed_them(
    world: World, settings: Any, tmp_path: Path
) -> None:
    settings.CASES_EVIDENCE_DIR = tmp_path / "evidence"
    own = world.workers[0]
    case = world.cases[0]
    assert case.worker_id == own.pk and case.filer_id is not None
    case_worker = Who(world.accounts[Role.case_worker].user_id, "case_worker", "192.0.2.9")
    cases.add_note(case, "Тестов позвонил из Москвы", who=case_worker)
    item = cases.add_evidence(case, [PNG], name="Testov-passport.png", who=case_worker)
    stored = evidence.path_of(item.sha256)
    assert stored.exists()
    before = Case.objects.values(
        "category", "state", "employer_id", "agency_id", "amount_claimed", "city", "filed_at"
    ).get(pk=case.pk)

    response = as_role(world, Role.officer).post(f"/api/v1/workers/{own.public_id}/erase")
    assert response.status_code == 200, response.content

    after = Case.objects.get(pk=case.pk)
    assert after.worker_id is None and after.filer_id is None
    assert after.summary == cases.ERASED_TEXT
    assert not check_password("", after.pin_hash)  # the PIN no longer opens it
    assert {n.text for n in after.notes.all()} == {cases.ERASED_TEXT}
    assert not stored.exists()
    kept = after.evidence.get()
    assert (kept.sha256, kept.name) == (item.sha256, "")
    assert (
        Case.objects.values(*before).get(pk=case.pk) == before
    )  # figures, parties and place unchanged
    other = Case.objects.get(pk=world.cases[1].pk)
    assert other.worker_id == world.workers[1].pk and other.summary != cases.ERASED_TEXT
