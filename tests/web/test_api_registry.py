"""The registry's JSON API through Django's test client: who may read and write, lists with
filters, sorting and pages, errors that name the field, uploads. People are synthetic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jumush.accounts.roles import Role
from tests.factories import make_account, sign_in

pytestmark = pytest.mark.django_db

VACANCY: dict[str, Any] = {
    "title": "Сварщик (РДС, 5 разряд)",
    "employer": {"name": "ООО Тест-Строй", "country": "RU", "registration_number": "7700000001"},
    "agency_licence_number": None,
    "destination": {"country": "RU", "region": "RU-MOW"},
    "start_date": "2027-03-01",
    "positions": 5,
    "wage": {"amount": "85000.00", "currency": "RUB", "period": "month", "basis": "gross"},
    "weekly_hours": "40",
    "contract_months": 12,
    "worker_costs": [],
    "deposit_from_worker": None,
    "deductions": [{"kind": "housing", "amount": "5000", "currency": "RUB", "period": "month"}],
    "employer_pays": ["visa", "travel", "medical check"],
    "contract_languages": ["ru", "ky"],
    "documents_held_by_employer": False,
    "requirements": {
        "languages": [{"language": "ru", "cefr": "B1"}],
        "experience_months": 24,
        "driving_licence": [],
        "skills": [],
    },
    "status": "published",
}

WORKER: dict[str, Any] = {
    "surname_latin": "TESTOVA",
    "given_names_latin": "NURIA",
    "surname_cyrillic": "Тестова",
    "given_names_cyrillic": "Нурия",
    "sex": "female",
    "birth_date": "14.03.1996",
    "origin": {"region": "KG-N", "district": "KG-N-KOCHKOR", "locality": "Тест-Кыштак"},
    "phone": "0700 000 002",
    "passport": {"number": "AC9999999", "expiry": "01.01.2032"},
    "languages": [{"language": "ky", "cefr": "C2"}, {"language": "ru", "cefr": "B1"}],
    "occupations": [{"title": "тигүүчү", "experience_months": 36, "country": "KG"}],
    "driving_licence": ["B"],
    "destinations": ["RU", "KR"],
    "min_wage": {"amount": "60000", "currency": "RUB"},
    "available_from": "01.02.2027",
    "consent": {"purpose": "registry", "given_on": "30.11.2026", "text_version": "2026-11"},
}


@pytest.fixture
def staff(client: Client) -> Client:
    """An officer, signed in with TOTP passed."""
    return sign_in(client, make_account(Role.officer))


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, body, content_type="application/json")


def test_staff_registers_a_vacancy_and_the_title_is_coded(staff: Client) -> None:
    response = post(staff, "/api/v1/vacancies", VACANCY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["isco08_code"] == "7212"
    assert body["wage"] == {
        "amount": "85000.00",
        "currency": "RUB",
        "period": "month",
        "basis": "gross",
    }
    assert body["weekly_hours"] == "40"
    assert body["employer_id"] is not None
    assert 0 <= body["coding_confidence"] <= 1
    again = post(staff, "/api/v1/vacancies", VACANCY)
    assert again.status_code == 409
    assert again.json()["code"] == "vacancy.duplicate"
    fetched = staff.get(f"/api/v1/vacancies/{body['id']}").json()
    assert fetched["title"] == VACANCY["title"]
    assert fetched["deductions"][0]["amount"] == "5000.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wage": {"amount": "85,000", "currency": "RUB", "period": "month"}}, "wage.amount"),
        ({"wage": {"amount": "1", "currency": "RUR1", "period": "month"}}, "wage.currency"),
        ({"wage": {"amount": "1", "currency": "RUB", "period": "week"}}, "wage.period"),
        ({"destination": {"country": "Russia"}}, "destination.country"),
        ({"isco08_code": "721"}, "isco08_code"),
        ({"start_date": "03/01/2027"}, "start_date"),
        ({"contract_languages": ["russian"]}, "contract_languages.0"),
        ({"requirements": {"age_min": 40, "age_max": 20}}, "requirements"),
        ({"requirements": {"driving_licence": ["Z"]}}, "requirements.driving_licence"),
        ({"title": ""}, "title"),
        ({"wage_amout": "1"}, "wage_amout"),
    ],
)
def test_invalid_vacancies_get_a_422_naming_the_field(
    staff: Client, change: dict[str, Any], field: str
) -> None:
    response = post(staff, "/api/v1/vacancies", {**VACANCY, **change})
    assert response.status_code == 422
    body = response.json()
    assert field in [e["field"] for e in body["errors"]], body


def test_unknown_isco_code_is_refused_by_the_registry(staff: Client) -> None:
    response = post(staff, "/api/v1/vacancies", {**VACANCY, "isco08_code": "9999"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "isco08_code"


def test_the_public_sees_only_published_vacancies(staff: Client) -> None:
    published = post(staff, "/api/v1/vacancies", VACANCY).json()
    draft = post(
        staff, "/api/v1/vacancies", {**VACANCY, "title": "Грузчик", "status": "draft"}
    ).json()
    public = Client()
    listed = public.get("/api/v1/vacancies").json()
    assert [v["id"] for v in listed["items"]] == [published["id"]]
    assert public.get(f"/api/v1/vacancies/{draft['id']}").status_code == 404
    assert staff.get("/api/v1/vacancies").json()["count"] == 2


def test_vacancy_list_filters_sorts_and_pages(staff: Client) -> None:
    for i, (title, country, amount) in enumerate(
        [("Сварщик", "RU", "90000"), ("Повар", "KZ", "300000"), ("Швея", "RU", "70000")]
    ):
        post(
            staff,
            "/api/v1/vacancies",
            {
                **VACANCY,
                "title": title,
                "destination": {"country": country},
                "wage": {"amount": amount, "currency": "RUB", "period": "month"},
                "start_date": f"2027-0{i + 1}-01",
            },
        )
    page = staff.get("/api/v1/vacancies?destination=ru&sort=wage&limit=1").json()
    assert page["count"] == 2 and page["limit"] == 1
    assert [v["title"] for v in page["items"]] == ["Швея"]
    second = staff.get("/api/v1/vacancies?destination=ru&sort=wage&limit=1&offset=1").json()
    assert [v["title"] for v in second["items"]] == ["Сварщик"]
    metal = staff.get("/api/v1/vacancies?isco=72").json()
    assert [v["title"] for v in metal["items"]] == ["Сварщик"]
    later = staff.get("/api/v1/vacancies?start_from=2027-02-01&sort=start_date").json()
    assert [v["title"] for v in later["items"]] == ["Повар", "Швея"]
    assert staff.get("/api/v1/vacancies?sort=salary").status_code == 422
    assert staff.get("/api/v1/vacancies?limit=1000").status_code == 422
    assert staff.get("/api/v1/vacancies?isco=7x").status_code == 422


def test_workers_are_staff_only_and_never_cached(staff: Client) -> None:
    response = post(staff, "/api/v1/workers", WORKER)
    assert response.status_code == 201, response.content
    worker = response.json()
    assert response["Cache-Control"] == "no-store"
    assert worker["passport_number_masked"] == "AC*****99"
    assert "AC9999999" not in response.content.decode()
    assert worker["phone"] == "+996700000002"
    assert worker["occupations"][0]["isco08_code"] == "7533"
    assert worker["origin"] == {
        "region": "KG-N",
        "district": "KG-N-KOCHKOR",
        "locality": "Тест-Кыштак",
    }
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.get("/api/v1/workers").status_code == 401
    assert anonymous.get(f"/api/v1/workers/{worker['id']}").status_code == 401
    assert post(anonymous, "/api/v1/workers", WORKER).status_code == 401
    listed = staff.get("/api/v1/workers?region=KG-N&isco=75&destination=KR").json()
    assert [w["id"] for w in listed["items"]] == [worker["id"]]
    assert staff.get("/api/v1/workers?region=KG-C").json()["count"] == 0
    assert post(staff, "/api/v1/workers", WORKER).status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"surname_latin": "Тестова"}, "surname_latin"),
        ({"phone": "12345"}, "phone"),
        ({"birth_date": "1996-03-14T00:00:00+06:00"}, "birth_date"),
        ({"origin": {"region": "KG-Z"}}, "origin.region"),
        ({"origin": {"region": "KG-C", "district": "KG-N-KOCHKOR"}}, "origin.district"),
        ({"occupations": [{"title": "мастер"}]}, "occupations.0.title"),
        ({"consent": None}, "consent"),
        (
            {"languages": [{"language": "ru", "cefr": "B1"}, {"language": "ru", "cefr": "A2"}]},
            "languages",
        ),
    ],
)
def test_invalid_workers_get_a_422_naming_the_field(
    staff: Client, change: dict[str, Any], field: str
) -> None:
    response = post(staff, "/api/v1/workers", {**WORKER, **change})
    assert response.status_code == 422, response.content
    fields = [e["field"] for e in response.json()["errors"]]
    assert any(f == field or f.startswith(field) for f in fields), fields


def test_agency_licence_lookup_is_public_and_status_follows_decisions(staff: Client) -> None:
    today = timezone.localdate()
    agency = {
        "name": "Тест Жумуш Агенттиги",
        "licence_number": "лц 0001",
        "issued_on": (today - dt.timedelta(days=100)).isoformat(),
        "expires_on": (today + dt.timedelta(days=265)).isoformat(),
        "countries_served": ["RU", "KR"],
        "deposit": {"amount": "500000", "currency": "KGS"},
    }
    created = post(staff, "/api/v1/agencies", agency)
    assert created.status_code == 201, created.content
    assert created.json()["licence_number"] == "ЛЦ0001"
    public = Client()
    by_number = public.get("/api/v1/agencies", {"q": "ЛЦ 0001"}).json()["items"]
    assert [a["status"] for a in by_number] == ["active"]
    assert by_number[0]["deposit"] == {"amount": "500000.00", "currency": "KGS"}
    by_name = public.get("/api/v1/agencies", {"q": "жумуш"}).json()["items"]
    assert by_name[0]["countries_served"] == ["KR", "RU"]
    by_part = public.get("/api/v1/agencies", {"q": "0001"}).json()["items"]
    assert [a["licence_number"] for a in by_part] == ["ЛЦ0001"]
    assert public.get("/api/v1/agencies").status_code == 422
    assert staff.get("/api/v1/agencies").json()["count"] == 1
    assert public.get("/api/v1/agencies/lc-none").status_code == 404
    decide = post(
        staff,
        "/api/v1/agencies/ЛЦ0001/decisions",
        {"decision": "suspended", "effective_on": today.isoformat(), "reason": "test inspection"},
    )
    assert decide.json()["status"] == "suspended"
    assert (
        post(
            public,
            "/api/v1/agencies/ЛЦ0001/decisions",
            {"decision": "revoked", "effective_on": today.isoformat(), "reason": "x"},
        ).status_code
        == 401
    )
    post(
        staff,
        "/api/v1/agencies/ЛЦ0001/decisions",
        {"decision": "revoked", "effective_on": today.isoformat(), "reason": "fees charged"},
    )
    reinstate = post(
        staff,
        "/api/v1/agencies/ЛЦ0001/decisions",
        {"decision": "reinstated", "effective_on": today.isoformat(), "reason": "appeal"},
    )
    assert reinstate.status_code == 422
    assert reinstate.json()["code"] == "agency.revoked_final"


def test_expired_licence_is_expired_from_its_dates(staff: Client) -> None:
    post(
        staff,
        "/api/v1/agencies",
        {
            "name": "Old Test Agency",
            "licence_number": "OLD-1",
            "issued_on": "2020-01-01",
            "expires_on": "2023-01-01",
        },
    )
    assert Client().get("/api/v1/agencies/old-1").json()["status"] == "expired"


def test_employer_verification_records_who_when_and_why(staff: Client) -> None:
    created = post(
        staff,
        "/api/v1/employers",
        {
            "legal_name": "Test Farm Ltd",
            "country": "GB",
            "registration_number": "00000001",
            "sector_isic": "01",
        },
    )
    assert created.status_code == 201, created.content
    employer_id = created.json()["id"]
    verified = post(
        staff,
        f"/api/v1/employers/{employer_id}/verification",
        {"status": "verified", "reason": "Companies House record checked"},
    ).json()
    assert verified["verification"] == "verified"
    assert verified["verification_reason"] == "Companies House record checked"
    assert verified["verified_at"]
    duplicate = post(
        staff,
        "/api/v1/employers",
        {"legal_name": "Other", "country": "GB", "registration_number": "00000001"},
    )
    assert duplicate.status_code == 422
    bad_sector = post(
        staff, "/api/v1/employers", {"legal_name": "X", "country": "GB", "sector_isic": "04"}
    )
    assert bad_sector.json()["errors"][0]["field"] == "sector_isic"
    listed = staff.get("/api/v1/employers?verification=verified&q=farm").json()
    assert [e["id"] for e in listed["items"]] == [employer_id]
    assert Client().get("/api/v1/employers").status_code == 401


def test_upload_import_reports_rows(staff: Client) -> None:
    data = (
        "title;destination_country;wage_amount;wage_currency;wage_period\n"
        "Сварщик;RU;85 000;RUB;month\nПовар;RU;85,000;RUB;month\n"
    )
    upload = SimpleUploadedFile("v.csv", data.encode("cp1251"), content_type="text/csv")
    response = staff.post("/api/v1/vacancies/import", {"file": upload})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["imported"], body["duplicates"], body["invalid"]) == (1, 0, 1)
    assert body["encoding"] == "cp1251"
    assert body["issues"] == [
        {"row": 3, "field": "wage.amount", "value": "85,000", "reason": body["issues"][0]["reason"]}
    ]
    junk = SimpleUploadedFile("v.csv", bytes(range(128, 256)), content_type="text/csv")
    refused = staff.post("/api/v1/vacancies/import", {"file": junk})
    assert refused.status_code == 422
    assert refused.json()["code"] == "import.file_unreadable"
    anonymous = Client().post("/api/v1/vacancies/import", {"file": upload})
    assert anonymous.status_code == 401


@pytest.mark.django_db
def test_a_nul_byte_in_a_search_never_reaches_the_database(client: Client) -> None:
    # PostgreSQL refuses NUL in text: found by schemathesis on GET /agencies?q=...
    for url in ("/api/v1/agencies", "/api/v1/esco/occupations", "/api/v1/vacancies"):
        response = client.get(url, {"q": "Тест\x00агенттиги"})
        assert response.status_code == 200, (url, response.content)
