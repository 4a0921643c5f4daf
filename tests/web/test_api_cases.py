"""Grievances through HTTP: filing anonymously and as a worker, follow-up by reference and
PIN, the permission battery, the 409 of a colliding edit, confidentiality of what employers,
agencies and the public see, and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jumush.accounts.roles import Role
from jumush.audit.log import Who
from jumush.audit.models import AuditEvent
from jumush.cases import actions
from jumush.cases.models import Case
from jumush.cases.schemas import TransitionIn
from tests.factories import World, make_account, sign_in

pytestmark = pytest.mark.django_db

BODY: dict[str, Any] = {
    "category": "documents_retained",
    "summary": "The employer keeps my passport and will not give it back.",
    "country": "RU",
    "city": "Москва",
    "amount_claimed": {"amount": "50000", "currency": "RUB"},
}


def as_role(world: World, role: Role) -> Client:
    return sign_in(Client(), world.accounts[role])


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, body, content_type="application/json")


def test_anyone_files_anonymously_and_follows_up_with_the_pin() -> None:
    client = Client(REMOTE_ADDR="203.0.113.50")
    filed = post(client, "/api/v1/cases", BODY)
    assert filed.status_code == 201, filed.content
    assert filed["Cache-Control"] == "no-store"
    body = filed.json()
    assert body["severity"] == "high" and body["reference"].startswith("G-")
    case = Case.objects.get(reference=body["reference"])
    assert case.anonymous and case.filer_id is None
    assert not AuditEvent.objects.filter(address="203.0.113.50").exists()
    seen = post(
        client, "/api/v1/cases/followup", {"reference": body["reference"], "pin": body["pin"]}
    )
    assert seen.status_code == 200 and seen.json()["state"] == "new"
    wrong = post(client, "/api/v1/cases/followup", {"reference": body["reference"], "pin": "1234"})
    assert wrong.status_code == 404


def test_a_signed_in_worker_files_their_own_case_and_sees_it(world: World) -> None:
    client = as_role(world, Role.worker)
    filed = post(client, "/api/v1/cases", BODY).json()
    case = Case.objects.get(reference=filed["reference"])
    assert case.filer_id == world.accounts[Role.worker].user_id
    assert case.worker_id == world.workers[0].pk
    mine = client.get("/api/v1/cases").json()
    assert {c["reference"] for c in mine["items"]} == {filed["reference"], world.cases[0].reference}
    detail = client.get(f"/api/v1/cases/{filed['reference']}").json()
    assert detail["notes"] is None and detail["worker_id"] is None


@pytest.mark.parametrize(
    ("who", "own", "status"),
    [
        ("anonymous", True, 401),
        ("employer_staff", True, 403),
        ("auditor", True, 403),
        ("worker", True, 200),
        ("worker", False, 404),
        ("case_worker", False, 200),
        ("officer", False, 200),
    ],
)
def test_permission_battery_for_reading_a_case(
    world: World, who: str, own: bool, status: int
) -> None:
    client = Client() if who == "anonymous" else as_role(world, Role(who))
    reference = world.cases[0 if own else 1].reference
    response = client.get(f"/api/v1/cases/{reference}")
    assert response.status_code == status, response.content
    outcome = {200: "ok", 404: "denied"}.get(status)
    if outcome:
        assert AuditEvent.objects.filter(
            action="case.view", record_id=reference, outcome=outcome
        ).exists()


def test_notes_are_for_case_workers_only(world: World) -> None:
    cw = as_role(world, Role.case_worker)
    reference = world.cases[0].reference
    assert (
        post(cw, f"/api/v1/cases/{reference}/notes", {"text": "called the consulate"}).status_code
        == 201
    )
    assert cw.get(f"/api/v1/cases/{reference}").json()["notes"][0]["text"] == (
        "called the consulate"
    )
    officer = as_role(world, Role.officer)
    assert officer.get(f"/api/v1/cases/{reference}").json()["notes"] is None
    assert post(officer, f"/api/v1/cases/{reference}/notes", {"text": "x"}).status_code == 403
    worker = as_role(world, Role.worker)
    assert "called the consulate" not in worker.get(f"/api/v1/cases/{reference}").content.decode()


def test_a_colliding_edit_answers_409_with_both_values(world: World) -> None:
    first = as_role(world, Role.case_worker)
    second = sign_in(Client(), make_account(Role.case_worker))
    reference = world.cases[0].reference
    version = first.get(f"/api/v1/cases/{reference}").json()["version"]
    ok = first.patch(
        f"/api/v1/cases/{reference}",
        {"version": version, "city": "Казань"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == version + 1
    clash = second.patch(
        f"/api/v1/cases/{reference}",
        {"version": version, "city": "Самара"},
        content_type="application/json",
    )
    assert clash.status_code == 409
    assert clash.json()["code"] == "case.edit_conflict"
    assert "city" in clash.json()["message"]
    assert AuditEvent.objects.filter(action="case.update_conflict", record_id=reference).exists()


def test_a_refused_transition_is_409_naming_the_states(world: World) -> None:
    cw = as_role(world, Role.case_worker)
    response = post(
        cw, f"/api/v1/cases/{world.cases[0].reference}/transitions", {"action": "close"}
    )
    assert response.status_code == 409
    assert "new -> closed is not allowed" in response.json()["message"]


def test_the_employer_and_the_public_never_learn_who_complained(world: World) -> None:
    cw = make_account(Role.case_worker)
    who = Who(cw.user_id, "case_worker", "")
    for case in world.cases[:1]:
        for action, extra in [
            ("triage", {}),
            ("assign", {"assignee_id": cw.user_id}),
            ("resolve", {"outcome": "substantiated"}),
        ]:
            actions.transition(
                case,
                TransitionIn.model_validate({"action": action, **extra}),
                who=who,
                now=timezone.now(),
            )
    worker = world.workers[0]
    secrets = [
        worker.surname_latin,
        worker.given_names_latin,
        str(worker.public_id),
        worker.phone,
        world.cases[0].reference,
        world.cases[0].summary,
        "Москва",
    ]
    employer = as_role(world, Role.employer_staff)
    seen = [
        employer.get("/api/v1/cases/against-us"),
        employer.get(f"/api/v1/vacancies/{world.vacancies[0].pk}"),
        employer.get("/api/v1/vacancies"),
        Client().get(f"/api/v1/agencies/{world.agencies[0].licence_number}"),
        as_role(world, Role.agency_staff).get("/api/v1/cases/against-us"),
    ]
    assert seen[0].json()[0]["outcome"] == "substantiated"
    for response in seen:
        assert response.status_code == 200
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text, (response.request["PATH_INFO"], secret)
    assert employer.get(f"/api/v1/cases/{world.cases[0].reference}").status_code == 403


def test_the_watchlist_shows_on_the_licence_lookup_and_beside_vacancies(
    world: World, settings: Any
) -> None:
    settings.CASES_WATCHLIST_THRESHOLD = 1
    settings.CASES_SUSPENSION_THRESHOLD = 5
    cw = make_account(Role.case_worker)
    who = Who(cw.user_id, "case_worker", "")
    case = world.cases[0]
    for action, extra in [
        ("triage", {}),
        ("assign", {"assignee_id": cw.user_id}),
        ("resolve", {"outcome": "substantiated"}),
    ]:
        actions.transition(
            case,
            TransitionIn.model_validate({"action": action, **extra}),
            who=who,
            now=timezone.now(),
        )
    lookup = Client().get(f"/api/v1/agencies/{world.agencies[0].licence_number}").json()
    assert lookup["watchlist"]["listed"] and lookup["watchlist"]["substantiated_cases"] == 1
    vacancy = Client().get(f"/api/v1/vacancies/{world.vacancies[0].pk}").json()
    assert vacancy["watchlist"] == {"employer": True, "agency": True}
    other = Client().get(f"/api/v1/vacancies/{world.vacancies[1].pk}").json()
    assert other["watchlist"] == {"employer": False, "agency": False}


def test_officer_confirms_a_proposal_over_the_api(world: World, settings: Any) -> None:
    settings.CASES_WATCHLIST_THRESHOLD = 1
    settings.CASES_SUSPENSION_THRESHOLD = 1
    cw = make_account(Role.case_worker)
    who = Who(cw.user_id, "case_worker", "")
    for action, extra in [
        ("triage", {}),
        ("assign", {"assignee_id": cw.user_id}),
        ("resolve", {"outcome": "substantiated"}),
    ]:
        actions.transition(
            world.cases[0],
            TransitionIn.model_validate({"action": action, **extra}),
            who=who,
            now=timezone.now(),
        )
    officer = as_role(world, Role.officer)
    open_ = officer.get("/api/v1/cases/proposals?status=open").json()
    agency_proposal = next(p for p in open_ if p["agency"])
    done = post(
        officer,
        f"/api/v1/cases/proposals/{agency_proposal['id']}/confirm",
        {"reason": "three wage cases upheld"},
    )
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    vacancy = Client().get(f"/api/v1/vacancies/{world.vacancies[0].pk}")
    assert vacancy.status_code == 404  # blocked: no longer published
    again = post(
        officer, f"/api/v1/cases/proposals/{agency_proposal['id']}/confirm", {"reason": "again"}
    )
    assert again.status_code == 409


def test_queue_overdue_and_figures(world: World) -> None:
    cw = as_role(world, Role.case_worker)
    queue = cw.get("/api/v1/cases/queue").json()
    assert {r["reference"] for r in queue} == {c.reference for c in world.cases}
    Case.objects.filter(pk=world.cases[1].pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    overdue = cw.get("/api/v1/cases/overdue").json()
    assert [(r["reference"], r["rag"]) for r in overdue] == [(world.cases[1].reference, "red")]
    assert cw.get("/api/v1/cases/queue").json()[0]["reference"] == world.cases[1].reference
    figures = as_role(world, Role.auditor).get("/api/v1/cases/figures").json()
    assert figures["cases"] == 2 and figures["by_agency"] == {"ЛЦ-T1": 1, "ЛЦ-T2": 1}


def test_the_filing_page_shows_reference_and_pin_once_and_follow_up_page_works() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/grievances/new/").status_code == 200
    response = client.post(
        "/grievances/new/",
        {
            "category": "recruitment_fee",
            "summary": "The agency took 800 dollars before the visa.",
            "country": "kr",
            "amount": "800",
            "currency": "usd",
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    case = Case.objects.get()
    assert case.reference in response.content.decode() and case.anonymous
    assert case.claimed_currency_id == "USD"
    page = client.post("/grievances/follow-up/", {"reference": case.reference, "pin": "0"})
    assert "No report matches" in page.content.decode()


def test_case_worker_pages(world: World) -> None:
    cw = as_role(world, Role.case_worker)
    assert world.cases[0].reference in cw.get("/cases/queue/").content.decode()
    assert cw.get("/cases/overdue/").status_code == 200
    page = cw.get(f"/cases/{world.cases[0].reference}/")
    assert page.status_code == 200 and "triage" in page.content.decode()
    done = cw.post(f"/cases/{world.cases[0].reference}/", {"action": "triage", "note": "ok"})
    assert done.status_code == 302
    world.cases[0].refresh_from_db()
    assert world.cases[0].state == "triaged"
    assert Client().get("/cases/queue/").status_code == 403
    assert as_role(world, Role.worker).get(f"/cases/{world.cases[0].reference}/").status_code == 404
