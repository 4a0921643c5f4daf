"""CSV exports neutralise formula-like cells and our importer reads them back unchanged;
HTML is escaped; imports and Django admin reads of worker records are audited. People are
synthetic."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from jumush.accounts.roles import Role
from jumush.audit.models import AuditEvent
from jumush.registry import actions
from jumush.registry.imports import import_data
from jumush.registry.models import Vacancy, Worker
from jumush.registry.schemas import VacancyIn
from tests.factories import World, sign_in, worker_data

pytestmark = pytest.mark.django_db


def as_role(world: World, role: Role) -> Client:
    return sign_in(Client(), world.accounts[role])


def _rows(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _vacancy(title: str, description: str) -> Vacancy:
    body: dict[str, Any] = {
        "title": title,
        "isco08_code": "7212",
        "destination": {"country": "RU", "city": "@Москва"},
        "description": description,
        "status": "draft",
        "source": {"system": "test", "external_id": "csv-1"},
    }
    return actions.create_vacancy(VacancyIn.model_validate(body))


def test_vacancy_csv_neutralises_formulas_and_reimports_identically(world: World) -> None:
    vacancy = _vacancy('=HYPERLINK("http://evil.example","Сварщик")', "-5 градусов, +вахта")
    officer = as_role(world, Role.officer)
    response = officer.get("/api/v1/vacancies.csv?status=draft")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _rows(response.content)
    [row] = [r for r in rows if r["external_id"] == "csv-1"]
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Сварщик")'
    assert row["description"] == "'-5 градусов, +вахта"
    assert row["destination_city"] == "'@Москва"
    for cell in (c for r in rows for c in r.values()):
        assert cell.lstrip(" \t\r\n")[:1] not in {"=", "+", "-", "@"}
    # Our importer strips exactly the apostrophe it added.
    Vacancy.objects.filter(pk=vacancy.pk).delete()
    result = import_data(response.content, "vacancies", file_name="vacancies.csv")
    assert result.invalid == 0, result.issues
    again = Vacancy.objects.get(external_id="csv-1")
    assert again.title == vacancy.title
    assert again.terms["description"] == "-5 градусов, +вахта"
    assert again.terms["destination"]["city"] == "@Москва"


def test_worker_csv_keeps_phone_numbers_on_reimport_and_has_no_passport(world: World) -> None:
    officer = as_role(world, Role.officer)
    response = officer.get("/api/v1/workers.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    rows = _rows(response.content)
    assert {r["phone"] for r in rows} == {"'+996700000001", "'+996700000002"}
    assert all(r["passport_number"] == "" for r in rows)
    assert "AC900000" not in response.content.decode("utf-8-sig")
    listed = AuditEvent.objects.filter(action="worker.list", record_type="worker")
    assert {e.record_id for e in listed} >= {str(w.public_id) for w in world.workers}
    # Re-imported (as another source, so stored again): the phone comes back as it was.
    result = import_data(response.content, "workers", file_name="workers.csv")
    assert result.invalid == 0, result.issues
    assert result.imported == 2
    stored = Worker.objects.filter(source_system="file").values_list("phone", flat=True)
    assert sorted(stored) == ["+996700000001", "+996700000002"]
    # Out of scope: a worker's file holds their own row only; employer staff get nothing.
    own = _rows(as_role(world, Role.worker).get("/api/v1/workers.csv").content)
    assert [r["external_id"] for r in own] == ["worker-1"]
    assert as_role(world, Role.employer_staff).get("/api/v1/workers.csv").status_code == 403
    assert Client().get("/api/v1/workers.csv").status_code == 401


def test_script_in_a_vacancy_title_is_escaped_on_the_pages_that_show_it(world: World) -> None:
    vacancy = _vacancy("<script>alert(1)</script> Сварщик", "<img src=x onerror=alert(1)>")
    admin = as_role(world, Role.admin)
    for url in ("/admin/registry/vacancy/", f"/admin/registry/vacancy/{vacancy.pk}/change/"):
        page = admin.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        assert "<img src=x" not in html, url
    search = Client().get("/occupations/", {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in search.content.decode()


def test_imports_audit_one_row_per_worker_as_the_actor(world: World) -> None:
    officer = as_role(world, Role.officer)
    lines = [worker_data(60 + i).model_dump_json() for i in range(3)]
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "three.jsonl"
    response = officer.post("/api/v1/workers/import", {"file": upload})
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 3
    rows = AuditEvent.objects.filter(action="worker.import", record_type="worker")
    stored = Worker.objects.filter(external_id__in=["worker-60", "worker-61", "worker-62"])
    assert {e.record_id for e in rows} == {str(w.public_id) for w in stored}
    assert {e.actor_id for e in rows} == {world.accounts[Role.officer].user_id}
    assert AuditEvent.objects.filter(action="worker.import", record_type="file").count() == 1


def test_admin_reads_of_worker_records_are_audited(world: World) -> None:
    admin = as_role(world, Role.admin)
    own = world.workers[0]
    assert admin.get("/admin/registry/worker/").status_code == 200
    listed = AuditEvent.objects.filter(action="worker.list", record_type="worker")
    assert {e.record_id for e in listed} == {str(w.public_id) for w in world.workers}
    assert admin.get(f"/admin/registry/worker/{own.pk}/change/").status_code == 200
    viewed = AuditEvent.objects.filter(action="worker.view").last()
    assert viewed is not None
    assert viewed.record_id == str(own.public_id)
    assert viewed.actor_id == world.accounts[Role.admin].user_id
    assert viewed.actor_role == "admin"
