"""Screening through the API and on storage: POST /api/v1/vacancies/check stores nothing;
a vacancy submitted for publication is published or blocked; imports are screened."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jumush.accounts.roles import Role
from jumush.registry.imports import import_data
from jumush.registry.models import Vacancy
from tests.factories import make_account, sign_in

pytestmark = pytest.mark.django_db

OFFER: dict[str, Any] = {
    "title": "Сварщик",
    "destination": {"country": "RU"},
    "start_date": "2027-03-01",
    "wage": {"amount": "90000", "currency": "RUB", "period": "month", "basis": "gross"},
    "weekly_hours": "40",
    "contract_languages": ["ru"],
    "employer": {"name": "ООО Тест", "country": "RU", "registration_number": "7700000009"},
}


@pytest.fixture
def staff(client: Client) -> Client:
    """An officer, signed in with TOTP passed."""
    return sign_in(client, make_account(Role.officer))


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, body, content_type="application/json")


def test_check_is_public_stores_nothing_and_speaks_the_asked_language() -> None:
    offer = {**OFFER, "worker_costs": [{"kind": "visa", "amount": "150", "currency": "USD"}]}
    response = post(Client(), "/api/v1/vacancies/check?lang=ky", offer)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "blocked"
    fee = next(f for f in body["findings"] if f["code"] == "fee.charged_to_worker")
    assert fee["severity"] == "block"
    assert "төлөйт" in fee["message"]
    assert set(fee["messages"]) == {"ky", "ru", "en"}
    assert fee["facts"]["items"] == [{"kind": "visa", "amount": "150.00", "currency": "USD"}]
    assert "ILO" in fee["source"]
    assert Vacancy.objects.count() == 0
    # An employer not on the register is "unverified" in a check, and is not registered by it.
    assert any(f["code"] == "employer.unverified" for f in body["findings"])


def test_check_rejects_bad_input_with_the_field() -> None:
    response = post(Client(), "/api/v1/vacancies/check", {**OFFER, "weekly_hours": "-5"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "weekly_hours"


def test_published_vacancy_is_blocked_or_published_with_its_findings(staff: Client) -> None:
    ok = post(staff, "/api/v1/vacancies", {**OFFER, "status": "published"}).json()
    assert ok["status"] == "published"
    bad = post(
        staff,
        "/api/v1/vacancies",
        {**OFFER, "title": "Грузчик", "status": "published", "documents_held_by_employer": True},
    ).json()
    assert bad["status"] == "blocked"
    stored = Vacancy.objects.get(pk=bad["id"])
    assert stored.screening is not None
    assert stored.screening["status"] == "blocked"
    assert "documents.retained" in [f["code"] for f in stored.screening["findings"]]
    assert stored.rules_version
    draft = post(staff, "/api/v1/vacancies", {**OFFER, "title": "Повар"}).json()
    assert draft["status"] == "draft"
    public = Client().get("/api/v1/vacancies").json()
    assert [v["id"] for v in public["items"]] == [ok["id"]]


def test_agency_licence_is_checked_on_the_start_date(staff: Client) -> None:
    today = timezone.localdate()
    post(
        staff,
        "/api/v1/agencies",
        {
            "name": "Тест Агенттиги",
            "licence_number": "T-7",
            "issued_on": (today - dt.timedelta(days=30)).isoformat(),
            "expires_on": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    within = {**OFFER, "agency_licence_number": "t-7", "start_date": today.isoformat()}
    after = {**within, "start_date": (today + dt.timedelta(days=60)).isoformat()}
    assert post(Client(), "/api/v1/vacancies/check", within).json()["status"] != "blocked"
    expired = post(Client(), "/api/v1/vacancies/check", after).json()
    assert expired["status"] == "blocked"
    finding = next(f for f in expired["findings"] if f["code"] == "agency.licence_invalid")
    assert finding["facts"]["status"] == "expired"


def test_imported_vacancies_are_screened() -> None:
    text = (
        "title;destination_country;wage_amount;wage_currency;wage_period;weekly_hours;"
        "contract_languages;worker_costs\n"
        "Сварщик;RU;90000;RUB;month;40;ru;\n"
        "Грузчик;RU;20000;RUB;month;40;ru;\n"
        "Повар;RU;90000;RUB;month;40;ru;placement fee:20000:KGS\n"
    )
    result = import_data(text.encode(), "vacancies", file_name="screen.csv")
    assert result.imported == 3
    statuses = dict(Vacancy.objects.values_list("title", "status"))
    assert statuses == {"Сварщик": "published", "Грузчик": "blocked", "Повар": "blocked"}


def test_vacancy_shows_its_screening_in_the_readers_language(staff: Client) -> None:
    created = post(
        staff, "/api/v1/vacancies", {**OFFER, "status": "published", "weekly_hours": "45"}
    )
    vacancy_id = created.json()["id"]
    shown = Client().get(f"/api/v1/vacancies/{vacancy_id}", HTTP_ACCEPT_LANGUAGE="ky").json()
    assert shown["status"] == "published"
    assert shown["screening"]["status"] == "warning"
    hours = next(f for f in shown["screening"]["findings"] if f["code"] == "hours.above_normal")
    assert "саат" in hours["message"]
    assert set(hours["messages"]) == {"ky", "ru", "en"}
    assert shown["source"]["system"] == "api"
    assert (shown["source"]["file"], shown["source"]["row"]) == ("", None)  # not for the public
