"""The public pages, no sign-in: the agency licence look-up (with a suspension's date) and
the job-offer check (findings in plain language, per-field errors, nothing stored)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jumush.accounts.roles import Role
from jumush.audit.log import Who
from jumush.cases import actions as cases
from jumush.cases.schemas import TransitionIn
from jumush.pages.worker.views import vacancy_url
from jumush.registry import actions as registry
from jumush.registry.models import AgencyDecision, Vacancy
from tests.factories import World, make_account

pytestmark = pytest.mark.django_db

OFFER = {
    "title": "Ширетүүчү",
    "country": "RU",
    "employer": "ООО Йошкар-Строй",
    "wage_amount": "90 000",
    "wage_currency": "RUB",
    "wage_period": "month",
    "weekly_hours": "40",
    "fee_amount": "30000",
    "fee_currency": "KGS",
    "fee_kind": "виза",
    "contract_languages": ["ru"],
}


def test_licence_check_finds_by_number_or_name_and_shows_a_suspension_with_its_date(
    world: World,
) -> None:
    agency = world.agencies[1]
    day = timezone.localdate() - dt.timedelta(days=1)
    registry.record_agency_decision(
        agency, AgencyDecision.Kind.suspended, effective_on=day, reason="проверка", actor=None
    )
    en = Client(headers={"accept-language": "en"})
    by_number = en.get("/licences/", {"q": agency.licence_number.lower()})
    html = by_number.content.decode()
    assert by_number.status_code == 200
    assert agency.name in html
    assert f"Suspended since {day:%d.%m.%Y}" in html
    by_name = en.get("/licences/", {"q": "тест агенттиги 1"}).content.decode()
    assert "Valid: this agency may recruit workers." in by_name
    ky = Client(headers={"accept-language": "ky"}).get("/licences/", {"q": agency.licence_number})
    assert f"{day:%d.%m.%Y}" in ky.content.decode()
    none = en.get("/licences/", {"q": "НЕТ-ТАКОЙ"}).content.decode()
    assert "No licensed agency has this number or name." in none
    assert "Write a licence number or a name." in en.get("/licences/", {"q": " "}).content.decode()


def test_offer_check_with_a_worker_paid_fee_says_they_must_not_take_a_fee() -> None:
    before = Vacancy.objects.count()
    response = Client(headers={"accept-language": "en"}).post("/check-offer/", OFFER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This offer breaks the law or the rules of fair recruitment" in html
    assert "they must not take a fee from you" in html
    assert "no-store" in response["Cache-Control"]
    assert Vacancy.objects.count() == before
    ky = Client(headers={"accept-language": "ky"}).post("/check-offer/", OFFER)
    assert "сизден акча алууга болбойт" in ky.content.decode()


def test_offer_check_errors_are_per_field_and_keep_what_was_typed() -> None:
    bad = {**OFFER, "country": "", "wage_amount": "90,000", "weekly_hours": "200"}
    html = Client(headers={"accept-language": "en"}).post("/check-offer/", bad).content.decode()
    errors = dict(re.findall(r'<p class="error" id="id_(\w+)_error">([^<]*)</p>', html))
    assert set(errors) == {"country", "wage_amount", "weekly_hours"}
    assert 'value="90,000"' in html
    assert 'value="ООО Йошкар-Строй"' in html  # й kept as typed
    assert 'value="виза"' in html


def test_public_pages_need_no_sign_in_and_have_csrf_on_the_post_form() -> None:
    assert Client().get("/licences/").status_code == 200
    html = Client().get("/check-offer/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/check-offer/", OFFER).status_code == 403


def test_a_watchlisted_agency_is_marked_on_the_licence_check_and_beside_its_vacancy(
    world: World, settings: Any
) -> None:
    settings.CASES_WATCHLIST_THRESHOLD = 1
    settings.CASES_SUSPENSION_THRESHOLD = 5
    case_worker = make_account(Role.case_worker)
    who = Who(case_worker.user_id, "case_worker", "198.51.100.7")
    case = world.cases[0]  # against employer 0 and agency 0
    now = dt.datetime.now(tz=dt.UTC)
    for action, extra in [
        ("triage", {}),
        ("assign", {"assignee_id": who.user_id}),
        ("resolve", {"outcome": "substantiated"}),
    ]:
        case = cases.transition(
            case, TransitionIn.model_validate({"action": action, **extra}), who=who, now=now
        )
    agency = world.agencies[0]
    agency.refresh_from_db()
    assert agency.watchlisted_since is not None

    page = Client().get(
        "/licences/", {"q": agency.licence_number}, headers={"accept-language": "ru"}
    )
    html = page.content.decode()
    assert "В списке наблюдения с" in html
    other = Client().get(
        "/licences/", {"q": world.agencies[1].licence_number}, headers={"accept-language": "ru"}
    )
    assert "В списке наблюдения" not in other.content.decode()

    vacancy = world.vacancies[0]
    listed = Client().get(vacancy_url(vacancy), headers={"accept-language": "ky"}).content.decode()
    assert "Көзөмөл тизмесинде:" in listed
    assert "бул агенттикке каршы" in listed and "бул иш берүүчүгө каршы" in listed
    clean = Client().get(vacancy_url(world.vacancies[1]), headers={"accept-language": "ky"})
    assert "Көзөмөл тизмесинде" not in clean.content.decode()
