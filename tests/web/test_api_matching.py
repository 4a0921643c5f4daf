"""GET /api/v1/workers/{id}/matches through the registry: ranking, reasons, and a ranking
that does not change when only the worker's sex changes. Synthetic people."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def vacancy(title: str, country: str, currency: str, amount: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "destination": {"country": country},
        "start_date": "2027-03-01",
        "wage": {"amount": amount, "currency": currency, "period": "month", "basis": "gross"},
        "weekly_hours": "40",
        "contract_months": 12,
        "contract_languages": ["ru"],
        "status": "published",
        **extra,
    }


WORKER: dict[str, Any] = {
    "surname_latin": "TESTOV",
    "given_names_latin": "NURBEK",
    "sex": "male",
    "birth_date": "14.03.1994",
    "passport": {"number": "AC0000077", "expiry": "01.01.2032"},
    "languages": [{"language": "ky", "cefr": "C2"}, {"language": "ru", "cefr": "A2"}],
    "occupations": [{"title": "ширетүүчү", "experience_months": 36}],
    "destinations": ["RU"],
    "min_wage": {"amount": "80000", "currency": "RUB"},
    "available_from": "01.02.2027",
    "consent": {"purpose": "registry", "given_on": "30.11.2026", "text_version": "v1"},
}


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_user("officer-m", password="x" * 16, is_staff=True))
    return client


def post(client: Client, url: str, body: object) -> Any:
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_matches_rank_the_trade_first_and_say_why(staff: Client) -> None:
    welder_ru = post(staff, "/api/v1/vacancies", vacancy("Сварщик", "RU", "RUB", "90000"))
    post(staff, "/api/v1/vacancies", vacancy("Повар", "RU", "RUB", "90000"))
    post(
        staff,
        "/api/v1/vacancies",
        vacancy(
            "Сварщик",
            "RU",
            "RUB",
            "90000",
            requirements={"languages": [{"language": "ru", "cefr": "B1"}]},
        ),
    )
    post(
        staff,
        "/api/v1/vacancies",
        vacancy("Сварщик", "RU", "RUB", "90000", requirements={"driving_licence": ["C"]}),
    )
    worker = post(staff, "/api/v1/workers", WORKER)
    response = staff.get(f"/api/v1/workers/{worker['id']}/matches", HTTP_ACCEPT_LANGUAGE="ky")
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    matches = response.json()
    assert [m["title"] for m in matches] == [
        "Сварщик",
        "Сварщик",
        "Повар",
    ]  # the C licence job is not offered
    assert matches[0]["vacancy_id"] == welder_ru["id"]
    assert matches[0]["score"] == 1.0
    assert matches[0]["reasons"][0] == "Тажрыйбаңыз: 36 ай ушул кесипте"
    assert matches[1]["components"]["languages"] < 1
    assert any("B1" in r for r in matches[1]["reasons"])
    assert matches[2]["components"]["occupation"] < 0.5


def test_ranking_does_not_change_when_only_sex_changes(staff: Client) -> None:
    for i, (title, country, currency, amount) in enumerate(
        [
            ("Сварщик", "RU", "RUB", "90000"),
            ("Швея", "RU", "RUB", "70000"),
            ("Сварщик", "KZ", "KZT", "350000"),
            ("Грузчик", "RU", "RUB", "60000"),
        ]
    ):
        post(staff, "/api/v1/vacancies", vacancy(title, country, currency, amount, positions=i + 1))
    man = post(staff, "/api/v1/workers", WORKER)
    woman = post(
        staff,
        "/api/v1/workers",
        {
            **WORKER,
            "sex": "female",
            "given_names_latin": "NURIA",
            "passport": {"number": "AC0000078", "expiry": "01.01.2032"},
        },
    )
    ranked = [
        [
            (m["vacancy_id"], m["score"])
            for m in staff.get(f"/api/v1/workers/{w['id']}/matches").json()
        ]
        for w in (man, woman)
    ]
    assert ranked[0] == ranked[1]
    assert len(ranked[0]) == 4


def test_matches_need_staff_and_a_known_worker(staff: Client) -> None:
    assert (
        Client().get("/api/v1/workers/00000000-0000-0000-0000-000000000000/matches").status_code
        == 401
    )
    assert (
        staff.get("/api/v1/workers/00000000-0000-0000-0000-000000000000/matches").status_code == 404
    )
    assert staff.get("/api/v1/workers/not-a-uuid/matches").status_code == 404
