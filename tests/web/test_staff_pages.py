"""Pages for staff through Django's test client: sign-in with TOTP, posting a vacancy with
the compliance check first, candidates, the officers' review queue, employer verification,
agency licences, worker search and the dashboard. Each page's permission battery comes from
the access matrix (anonymous, wrong role, right role, right role out of scope); writes and
refusals are audited; personal-data pages are no-store. People are synthetic."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

import jumush.accounts
from jumush.accounts.models import TotpDevice
from jumush.accounts.roles import Role
from jumush.audit.models import AuditEvent
from jumush.core.crypto import open_sealed
from jumush.registry import actions as registry
from jumush.registry.models import (
    Application,
    ApplicationStatus,
    Vacancy,
    VacancyReview,
    Verification,
)
from jumush.registry.schemas import VacancyIn
from tests.factories import (
    World,
    make_account,
    make_review_queue,
    make_world,
    sign_in,
    worker_data,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 7"  # noqa: S105 (a synthetic test account)
#: The pages in English, whatever the default language.
EN = {"accept-language": "en"}
MATRIX = Path(jumush.accounts.__file__).parent / "access_matrix.csv"


def as_role(world: World, role: Role | str) -> Client:
    if role == "anonymous":
        return Client(headers=EN)
    return sign_in(Client(headers=EN), world.accounts[Role(role)])


def vacancy_form(**change: Any) -> dict[str, Any]:
    """The vacancy form of employer staff: a welder in Moscow, with a worker-paid fee."""
    start = timezone.localdate() + dt.timedelta(days=60)
    return {
        "title": "Сварщик",
        "agency_licence_number": "",
        "destination_country": "RU",
        "destination_city": "Москва",
        "start_date": start.isoformat(),
        "positions": "3",
        "wage_amount": "95000",
        "wage_currency": "RUB",
        "wage_period": "month",
        "wage_basis": "gross",
        "weekly_hours": "40",
        "contract_months": "12",
        "worker_costs": "placement fee: 20000",
        "employer_pays": "visa, travel",
        "contract_languages": ["ru", "ky"],
        "experience_months": "",
        "description": "",
        **change,
    }


# --- Sign-in --------------------------------------------------------------------------------


def test_sign_in_gives_one_answer_for_unknown_name_and_wrong_password() -> None:
    make_account(
        Role.employer_staff,
        username="staff-a@example.org",
        password=PASSWORD,
        employer=make_world().employers[0],
    )
    wrong = Client(headers=EN).post(
        "/signin/", {"username": "staff-a@example.org", "password": "x" * 14}
    )
    unknown = Client(headers=EN).post(
        "/signin/", {"username": "nobody@example.org", "password": "x" * 14}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert "no-store" in wrong["Cache-Control"]
    message = "Wrong phone number, e-mail or password."
    assert message in wrong.content.decode() and message in unknown.content.decode()
    ok = Client(headers=EN).post(
        "/signin/", {"username": "STAFF-A@example.org", "password": PASSWORD}
    )
    assert ok.status_code == 302 and ok["Location"] == "/staff/vacancies/"


def test_sign_in_form_names_missing_fields_and_needs_csrf() -> None:
    response = Client(headers=EN).post("/signin/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.content.decode().count('role="alert"') >= 2
    strict = Client(enforce_csrf_checks=True, headers=EN)
    assert (
        strict.post("/signin/", {"username": "a@example.org", "password": "x"}).status_code == 403
    )


def test_sign_in_is_throttled_after_ten_failures() -> None:
    client = Client(headers=EN)
    for _ in range(10):
        client.post("/signin/", {"username": "victim@example.org", "password": "wrong" * 3})
    locked = client.post("/signin/", {"username": "victim@example.org", "password": "wrong" * 3})
    assert locked.status_code == 429
    assert "Wait 15 minutes" in locked.content.decode()


def test_officer_enrols_totp_at_first_sign_in_then_passes_the_code() -> None:
    account = make_account(Role.officer, username="officer-a@example.org", password=PASSWORD)
    client = Client(headers=EN)
    signed = client.post(
        "/signin/?next=/staff/agencies/",
        {"username": "officer-a@example.org", "password": PASSWORD},
    )
    assert signed["Location"] == "/signin/code/"
    # Until the code is given, staff pages send the officer back to the code step.
    assert client.get("/staff/agencies/")["Location"] == "/signin/code/"
    page = client.get("/signin/code/")
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.content.decode()).group(1)  # type: ignore[union-attr]
    assert "otpauth://totp/" in page.content.decode()
    assert page.content.decode().count("<svg") == 1  # the QR code of the link, inline
    assert "no-store" in page["Cache-Control"]
    device = TotpDevice.objects.get(user=account.user)
    assert open_sealed(bytes(device.secret_sealed), device.key_id) == secret
    # Reloading shows the same secret (an app that has it keeps working).
    assert secret in client.get("/signin/code/").content.decode()
    wrong = client.post("/signin/code/", {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    passed = client.post("/signin/code/", {"code": pyotp.TOTP(secret).now()})
    assert passed.status_code == 302 and passed["Location"] == "/staff/agencies/"
    assert client.get("/staff/agencies/").status_code == 200
    # Next sign-in: the code only, no secret shown.
    again = Client(headers=EN)
    again.post("/signin/", {"username": "officer-a@example.org", "password": PASSWORD})
    assert 'id="totp-secret"' not in again.get("/signin/code/").content.decode()


def test_sign_out_is_post_only_and_ends_the_session(world: World) -> None:
    client = as_role(world, Role.employer_staff)
    assert client.get("/signout/").status_code == 405
    assert client.post("/signout/").status_code == 302
    assert client.get("/staff/vacancies/")["Location"].startswith("/signin/?next=")


def test_an_open_redirect_after_sign_in_is_refused() -> None:
    make_account(
        Role.employer_staff,
        username="staff-b@example.org",
        password=PASSWORD,
        employer=make_world().employers[0],
    )
    response = Client(headers=EN).post(
        "/signin/?next=https://evil.example/",
        {"username": "staff-b@example.org", "password": PASSWORD},
    )
    assert response["Location"] == "/staff/vacancies/"


# --- The permission battery from the access matrix ------------------------------------------


def page_rules() -> list[tuple[str, dict[str, str]]]:
    with MATRIX.open(encoding="utf-8", newline="") as f:
        return [
            (row["route"], row) for row in csv.DictReader(f) if row["route"].startswith("/staff/")
        ]


@pytest.mark.parametrize(("route", "rule"), page_rules(), ids=[r for r, _ in page_rules()])
def test_each_role_gets_the_staff_page_the_matrix_says(
    route: str, rule: dict[str, str], world: World
) -> None:
    for role in ["anonymous", *(r.value for r in Role)]:
        own = route.replace("<int:vacancy_id>", str(world.vacancies[0].pk))
        response = as_role(world, role).get(own)
        allowed = rule[role]
        if allowed == "no":
            expected = 302 if role == "anonymous" else 403
            assert response.status_code == expected, (role, own)
            if role == "anonymous":
                assert response["Location"].startswith("/signin/?next=")
        else:
            assert response.status_code in (200, 302), (role, own, response.status_code)
            assert "no-store" in response["Cache-Control"]
        if allowed == "own" and "<int:vacancy_id>" in route:
            other = route.replace("<int:vacancy_id>", str(world.vacancies[1].pk))
            missing = route.replace("<int:vacancy_id>", "999999")
            client = as_role(world, role)
            assert client.get(other).status_code == client.get(missing).status_code == 404


def test_refused_page_visits_are_audited(world: World) -> None:
    before = AuditEvent.objects.count()
    as_role(world, Role.worker).get("/staff/review/")
    Client(headers=EN).get("/staff/dashboard/")
    rows = list(AuditEvent.objects.order_by("id")[before:])
    assert [(r.action, r.outcome) for r in rows] == [
        ("vacancy.review", "denied"),
        ("worker.list", "unauthenticated"),
    ]


# --- Vacancies: check, blocked, fixed, submitted --------------------------------------------


def test_employer_staff_check_a_worker_paid_fee_fix_it_and_publish(world: World) -> None:
    client = as_role(world, Role.employer_staff)
    form = vacancy_form()
    checked = client.post("/staff/vacancies/new/", {**form, "step": "check"})
    text = checked.content.decode()
    assert checked.status_code == 200
    assert "status-blocked" in text and "fee.charged" not in text
    assert "placement fee" in text  # the finding names the fee, in plain language
    count = Vacancy.objects.count()
    refused = client.post("/staff/vacancies/new/", {**form, "step": "submit"})
    assert "cannot be published" in refused.content.decode()
    assert Vacancy.objects.count() == count
    fixed = {**form, "worker_costs": "", "employer_pays": "visa, travel, placement fee"}
    assert (
        "status-blocked"
        not in client.post("/staff/vacancies/new/", {**fixed, "step": "check"}).content.decode()
    )
    submitted = client.post("/staff/vacancies/new/", {**fixed, "step": "submit"})
    assert submitted.status_code == 302
    vacancy = Vacancy.objects.get(pk=int(submitted["Location"].rstrip("/").split("/")[-1]))
    assert vacancy.status == "published" and vacancy.employer_id == world.employers[0].pk
    assert AuditEvent.objects.filter(action="vacancy.create", record_id=str(vacancy.pk)).exists()
    listing = client.get("/staff/vacancies/").content.decode()
    assert f"/staff/vacancies/{vacancy.pk}/" in listing
    assert f"/staff/vacancies/{world.vacancies[1].pk}/" not in listing  # another employer's


def test_a_draft_is_fixed_and_checked_again_then_published(world: World) -> None:
    client = as_role(world, Role.employer_staff)
    saved = client.post("/staff/vacancies/new/", {**vacancy_form(), "step": "draft"})
    vacancy = Vacancy.objects.get(pk=int(saved["Location"].rstrip("/").split("/")[-1]))
    assert vacancy.status == "draft"
    edit = f"/staff/vacancies/{vacancy.pk}/edit/"
    assert "placement fee: 20000" in client.get(edit).content.decode()
    fixed = vacancy_form(worker_costs="", employer_pays="visa, placement fee")
    assert client.post(edit, {**fixed, "step": "submit"}).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "published" and vacancy.terms["worker_costs"] == []
    # A published vacancy is no longer edited here.
    assert client.get(edit).status_code == 302


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"title": ""}, "title"),
        ({"wage_amount": "abc"}, "wage_amount"),
        ({"weekly_hours": "200"}, "weekly_hours"),
        ({"worker_costs": "placement fee 20000"}, "worker_costs"),
        ({"destination_country": "XX"}, "destination_country"),
        ({"isco08_code": "72"}, "isco08_code"),
    ],
)
def test_vacancy_form_names_the_field_that_is_wrong(
    world: World, change: dict[str, str], field_error: str
) -> None:
    client = as_role(world, Role.employer_staff)
    response = client.post("/staff/vacancies/new/", {**vacancy_form(**change), "step": "check"})
    assert response.status_code == 200
    assert field_error in response.context["form"].errors


def test_agency_staff_post_only_through_their_own_agency(world: World) -> None:
    client = as_role(world, Role.agency_staff)
    form = vacancy_form(
        worker_costs="",
        employer_pays="visa, placement fee",
        employer_name="ООО Тест-1",
        employer_country="RU",
        employer_registration_number="771",
    )
    del form["agency_licence_number"]
    response = client.post("/staff/vacancies/new/", {**form, "step": "submit"})
    assert response.status_code == 302
    vacancy = Vacancy.objects.order_by("-id").first()
    assert vacancy is not None and vacancy.agency_id == world.agencies[0].pk


# --- Candidates -----------------------------------------------------------------------------


def test_candidates_show_phone_and_passport_only_after_the_worker_applied(world: World) -> None:
    vacancy = world.vacancies[0]
    applicant, other = world.workers
    registry.apply_to_vacancy(worker=applicant, vacancy=vacancy)
    registry.decide_candidate(
        vacancy=vacancy,
        worker=other,
        decision=ApplicationStatus.shortlisted,
        reason="Опыт подходит",
        actor=None,
    )
    client = as_role(world, Role.employer_staff)
    before = AuditEvent.objects.count()
    page = client.get(f"/staff/vacancies/{vacancy.pk}/candidates/")
    text = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert applicant.phone in text and "AC*****01" in text
    assert other.phone not in text and "AC*****02" not in text
    assert "AC9000001" not in text
    reads = AuditEvent.objects.filter(pk__gt=before, action="vacancy.candidates")
    assert [r.record_id for r in reads] == [str(applicant.public_id)]


def test_staff_shortlist_or_reject_a_candidate_with_a_reason(world: World) -> None:
    vacancy = world.vacancies[0]
    worker = world.workers[0]
    registry.apply_to_vacancy(worker=worker, vacancy=vacancy)
    url = f"/staff/vacancies/{vacancy.pk}/candidates/"
    client = as_role(world, Role.employer_staff)
    missing = client.post(url, {"candidate": str(worker.public_id), "decision": "rejected"})
    assert "reason" in missing.context["form"].errors
    done = client.post(
        url,
        {
            "candidate": str(worker.public_id),
            "decision": "rejected",
            "reason": "Нужен опыт с аргоном",
        },
    )
    assert done.status_code == 302
    application = Application.objects.get(vacancy=vacancy, worker=worker)
    assert application.status == "rejected" and application.reason == "Нужен опыт с аргоном"
    assert AuditEvent.objects.filter(
        action="candidate.decide", record_id=str(worker.public_id)
    ).exists()
    # The auditor reads candidates but decides nothing.
    auditor = as_role(world, Role.auditor)
    assert auditor.get(url).status_code == 200
    assert (
        auditor.post(
            url, {"candidate": str(worker.public_id), "decision": "shortlisted", "reason": "x"}
        ).status_code
        == 403
    )


# --- Officers -------------------------------------------------------------------------------


def test_review_queue_publishes_only_what_the_screening_allows(world: World) -> None:
    vacancy = world.vacancies[0]
    officer = as_role(world, Role.officer)
    # Suspending the agency blocks its published vacancy: it enters the queue.
    registry.record_agency_decision(
        world.agencies[0],
        "suspended",
        effective_on=timezone.localdate(),
        actor=None,
        reason="Проверка",
    )
    vacancy.refresh_from_db()
    assert vacancy.status == "blocked"
    queue = officer.get("/staff/review/").content.decode()
    assert f'id="vacancy-{vacancy.pk}"' in queue
    refused = officer.post(
        "/staff/review/", {"vacancy": vacancy.pk, "decision": "published", "reason": "ok"}
    )
    assert "still blocks it" in refused.content.decode()
    no_reason = officer.post("/staff/review/", {"vacancy": vacancy.pk, "decision": "returned"})
    assert "give a reason" in no_reason.content.decode()
    returned = officer.post(
        "/staff/review/",
        {"vacancy": vacancy.pk, "decision": "returned", "reason": "Агенттик токтотулган"},
    )
    assert returned.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "draft"
    assert VacancyReview.objects.get(vacancy=vacancy).decision == "returned"
    assert AuditEvent.objects.filter(action="vacancy.review", record_id=str(vacancy.pk)).exists()
    assert f'id="vacancy-{vacancy.pk}"' not in officer.get("/staff/review/").content.decode()


def test_officer_verifies_rejects_and_suspends_employers_with_a_reason(world: World) -> None:
    employer = world.employers[1]
    officer = as_role(world, Role.officer)
    page = officer.get("/staff/employers/?q=Тест-2").content.decode()
    assert f'id="employer-{employer.pk}"' in page
    assert f'id="employer-{world.employers[0].pk}"' not in page
    missing = officer.post("/staff/employers/", {"employer": employer.pk, "decision": "verified"})
    assert "This field is required." in missing.content.decode()
    for decision, stored in (
        ("verified", "verified"),
        ("rejected", "unverified"),
        ("suspended", "suspended"),
    ):
        done = officer.post(
            "/staff/employers/",
            {"employer": employer.pk, "decision": decision, "reason": f"Документы: {decision}"},
        )
        assert done.status_code == 302
        employer.refresh_from_db()
        assert employer.verification == stored
        assert employer.verification_reason == f"Документы: {decision}"
    assert employer.verification == Verification.suspended
    assert world.vacancies[1].__class__.objects.get(pk=world.vacancies[1].pk).status == "blocked"
    assert (
        officer.post(
            "/staff/employers/", {"employer": 999999, "decision": "verified", "reason": "x"}
        ).status_code
        == 404
    )


def test_officer_suspends_an_agency_with_a_reason_and_date(world: World) -> None:
    agency = world.agencies[0]
    officer = as_role(world, Role.officer)
    assert (
        agency.licence_number
        in officer.get("/staff/agencies/", {"q": agency.licence_number}).content.decode()
    )
    late = officer.post(
        "/staff/agencies/",
        {
            "licence_number": agency.licence_number,
            "decision": "suspended",
            "effective_on": (agency.expires_on + dt.timedelta(days=1)).isoformat(),
            "reason": "x",
        },
    )
    assert "outside the licence&#x27;s term" in late.content.decode()
    done = officer.post(
        "/staff/agencies/",
        {
            "licence_number": agency.licence_number,
            "decision": "suspended",
            "effective_on": timezone.localdate().isoformat(),
            "reason": "Жалобы работников",
        },
    )
    assert done.status_code == 302
    assert agency.status_on(timezone.localdate()) == "suspended"
    assert AuditEvent.objects.filter(
        action="agency.decide", record_id=agency.licence_number
    ).exists()
    public = Client(headers=EN).get(f"/api/v1/agencies/{agency.licence_number}").json()
    assert public["status"] == "suspended"


def test_worker_search_is_a_post_audited_and_never_in_the_url(world: World) -> None:
    officer = as_role(world, Role.officer)
    assert officer.get("/staff/workers/").status_code == 200
    before = AuditEvent.objects.count()
    found = officer.post("/staff/workers/", {"isco": "7212", "destination": "RU"})
    assert found.status_code == 200 and "no-store" in found["Cache-Control"]
    text = found.content.decode()
    assert "TESTOV" in text and "AC9000001" not in text
    listed = AuditEvent.objects.filter(pk__gt=before, action="worker.list")
    assert {r.record_id for r in listed} == {str(w.public_id) for w in world.workers}
    bad = officer.post("/staff/workers/", {"isco": "72a"})
    assert "isco" in bad.context["form"].errors


def test_dashboard_draws_counts_as_inline_svg(world: World) -> None:
    registry.apply_to_vacancy(worker=world.workers[0], vacancy=world.vacancies[0])
    page = as_role(world, Role.auditor).get("/staff/dashboard/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("<svg") == 5 and "<script" not in text
    assert "<title>" in text and "Workers by region of origin and sex" in text


def test_a_decision_on_someone_who_is_no_candidate_is_refused_and_audited(world: World) -> None:
    vacancy = world.vacancies[0]
    Vacancy.objects.filter(pk=vacancy.pk).update(status="closed")
    url = f"/staff/vacancies/{vacancy.pk}/candidates/"
    client = as_role(world, Role.employer_staff)
    worker = world.workers[1]  # never applied, and a closed vacancy matches nobody
    before = AuditEvent.objects.count()
    response = client.post(
        url, {"candidate": str(worker.public_id), "decision": "rejected", "reason": "Нет"}
    )
    assert "No such candidate." in response.content.decode()
    assert not Application.objects.filter(vacancy=vacancy, worker=worker).exists()
    refused = AuditEvent.objects.filter(pk__gt=before, action="candidate.decide")
    assert [(r.record_id, r.outcome) for r in refused] == [(str(worker.public_id), "denied")]


# --- Defects a new-user tester found (issue 8) ----------------------------------------------

RU = {"accept-language": "ru"}


def as_role_in(world: World, role: Role, lang: str) -> Client:
    return sign_in(Client(headers={"accept-language": lang}), world.accounts[role])


def test_a_worker_neither_applicant_nor_ranked_cannot_be_shortlisted(world: World) -> None:
    terms = {**world.vacancies[0].terms, "requirements": {"age_max": 45}}
    terms["source"] = {"system": "test", "external_id": "vacancy-age-45"}
    vacancy = registry.create_vacancy(VacancyIn.model_validate(terms))
    assert vacancy.status == "published"
    stranger = registry.create_worker(worker_data(7, birth_date="14.03.1960"))
    url = f"/staff/vacancies/{vacancy.pk}/candidates/"
    client = as_role(world, Role.employer_staff)
    page = client.get(url).content.decode()
    assert str(world.workers[0].public_id) in page  # the ranked list is not empty
    assert str(stranger.public_id) not in page  # over the age limit: never ranked
    before = AuditEvent.objects.count()
    response = client.post(
        url, {"candidate": str(stranger.public_id), "decision": "shortlisted", "reason": "Да"}
    )
    assert response.status_code == 200
    assert "No such candidate." in response.content.decode()
    assert not Application.objects.filter(worker=stranger).exists()
    refused = AuditEvent.objects.filter(pk__gt=before, action="candidate.decide")
    assert [(r.record_id, r.outcome) for r in refused] == [(str(stranger.public_id), "denied")]
    # A ranked worker who never applied may be shortlisted (the page offers it).
    ranked = world.workers[1]
    done = client.post(
        url, {"candidate": str(ranked.public_id), "decision": "shortlisted", "reason": "Опыт"}
    )
    assert done.status_code == 302
    assert Application.objects.get(worker=ranked, vacancy=vacancy).status == "shortlisted"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": ""}, "reason", "Укажите причину: её прочитает работник."),
        ({"reason": "   "}, "reason", "Укажите причину: её прочитает работник."),
        ({"decision": "bogus"}, "decision", "Выберите: в короткий список или отказать."),
        ({"candidate": "junk"}, "candidate", "Такого кандидата нет."),
    ],
)
def test_a_bad_decision_is_answered_per_field_in_the_page_language(
    world: World, change: dict[str, str], field: str, message: str
) -> None:
    vacancy = world.vacancies[0]
    worker = world.workers[0]
    registry.apply_to_vacancy(worker=worker, vacancy=vacancy)
    client = as_role_in(world, Role.employer_staff, "ru")
    data = {"candidate": str(worker.public_id), "decision": "rejected", "reason": "Нет опыта"}
    response = client.post(f"/staff/vacancies/{vacancy.pk}/candidates/", {**data, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    text = response.content.decode()
    assert message in text and "Решение не сохранено:" in text
    assert Application.objects.get(vacancy=vacancy, worker=worker).status == "applied"


def test_an_upper_case_candidate_id_is_the_same_worker(world: World) -> None:
    vacancy = world.vacancies[0]
    worker = world.workers[0]
    registry.apply_to_vacancy(worker=worker, vacancy=vacancy)
    client = as_role(world, Role.employer_staff)
    done = client.post(
        f"/staff/vacancies/{vacancy.pk}/candidates/",
        {"candidate": str(worker.public_id).upper(), "decision": "rejected", "reason": "Нет"},
    )
    assert done.status_code == 302
    assert Application.objects.get(vacancy=vacancy, worker=worker).status == "rejected"


def test_the_review_queue_is_paginated_with_unique_findings_titles(world: World) -> None:
    queued = make_review_queue(45)
    assert all(v.status == "blocked" for v in queued)
    officer = as_role(world, Role.officer)
    pages = [officer.get("/staff/review/", {"page": n}).content.decode() for n in (1, 2, 3)]
    shown = [re.findall(r'<li id="vacancy-(\d+)"', page) for page in pages]
    everything = [int(i) for ids in shown for i in ids]
    assert len(everything) == len(set(everything)) >= 45
    assert [len(ids) for ids in shown] == [20, 20, len(everything) - 40]
    assert {v.pk for v in queued} <= set(everything)
    assert 'href="?page=2"' in pages[0] and 'href="?page=3"' in pages[0]
    for page in pages:
        titles = re.findall(r'<h2 id="(findings-title[^"]*)"', page)
        assert len(titles) == len(set(titles)) > 0
        assert re.findall(r'aria-labelledby="(findings-title[^"]*)"', page) == titles
    # A decision on page 3 comes back to page 3.
    last = int(shown[2][0])
    back = officer.post(
        "/staff/review/?page=3", {"vacancy": last, "decision": "blocked", "reason": "Сбор"}
    )
    assert back.status_code == 302 and back["Location"] == "/staff/review/?page=3"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"start_date": "2020-01-01"}, "start_date", "Дата начала 2020-01-01 уже прошла."),
        ({"isco08_code": "0000"}, "isco08_code", "Нет базовой группы ISCO-08 с кодом 0000."),
        (
            {"isco08_code": "99999"},
            "isco08_code",
            "Нет базовой группы ISCO-08 с таким кодом: укажите 4 цифры.",
        ),
        ({"title": "менеджер"}, "title", "Название слишком общее"),
        ({"worker_costs": "сбор 20000"}, "worker_costs", "плата за трудоустройство: 20000"),
        (
            {"wage_currency": "KRW", "wage_amount": "1000000.5", "worker_costs": ""},
            "wage_amount",
            "У суммы в KRW 0 знаков после запятой: 1000000.5.",
        ),
    ],
)
def test_vacancy_form_errors_are_in_the_page_language(
    world: World, change: dict[str, str], field: str, message: str
) -> None:
    client = as_role_in(world, Role.employer_staff, "ru")
    response = client.post("/staff/vacancies/new/", {**vacancy_form(**change), "step": "check"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    text = response.content.decode()
    assert message in text
    assert "Value error" not in text and "Enter a valid value" not in text
    assert "Введите правильное значение" not in text


def test_an_amount_typed_with_an_exponent_is_kept_as_typed(world: World) -> None:
    client = as_role(world, Role.employer_staff)
    response = client.post(
        "/staff/vacancies/new/",
        {**vacancy_form(wage_amount="1e9", worker_costs=""), "step": "check"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and not response.context["form"].errors
    assert 'value="1e9"' in text and "1E+9" not in text
    assert response.context["findings"] is not None


def test_the_worker_costs_example_is_in_the_page_language(world: World) -> None:
    page = as_role_in(world, Role.employer_staff, "ky").get("/staff/vacancies/new/")
    text = page.content.decode()
    assert "placement fee: 20000" not in text


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/staff/vacancies/new/", Role.employer_staff),
        ("/staff/workers/", Role.officer),
        ("/staff/agencies/?q=ЛЦ", Role.officer),
        ("/staff/employers/", Role.officer),
    ],
)
def test_every_aria_describedby_names_an_element_of_the_page(
    world: World, url: str, role: Role
) -> None:
    text = as_role(world, role).get(url).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', text))
    described = [i for v in re.findall(r'aria-describedby="([^"]+)"', text) for i in v.split()]
    missing = [i for i in described if i not in ids]
    assert not missing, f"{url}: aria-describedby names missing ids {missing}"


def test_a_suspended_employer_and_worker_statuses_read_in_russian(world: World) -> None:
    employer = world.employers[1]
    officer = as_role_in(world, Role.officer, "ru")
    officer.post(
        "/staff/employers/", {"employer": employer.pk, "decision": "suspended", "reason": "Жалобы"}
    )
    page = officer.get("/staff/employers/?q=Тест-2").content.decode()
    assert '<span class="badge">приостановлен</span>' in page
    assert ">приостановлен</option>" in page
    workers = officer.get("/staff/workers/").content.decode()
    for english in ("job seeker", "deployed", "abroad", "returned"):
        assert f">{english}</option>" not in workers
    assert ">ищет работу</option>" in workers
