"""The worker, public and grievance pages say what is wrong, and why, in the page's language
(no programmer's English on a Kyrgyz or Russian page); money with more decimals than its
currency has is refused everywhere; small page fixes (dates, redirects, country lists)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from jumush.accounts.roles import Role
from jumush.cases.models import Case
from jumush.pages.choices import country_choices
from tests.factories import World, sign_in
from tests.web.test_public_pages import OFFER
from tests.web.test_worker_pages import SIGNUP, errors_of, signed_up

pytestmark = pytest.mark.django_db

ENGLISH = (
    "incident_to is before",
    "decimal places",
    "cannot close",
    "not allowed",
    "is not an active case worker",
)
CASE = {
    "category": "recruitment_fee",
    "summary": "The agency took money before the visa was issued.",
    "country": "RU",
}


def errors_in(html: str) -> dict[str, str]:
    """{field: error text} of a form shown with Django's error lists or our own markup."""
    found = dict(re.findall(r'<ul class="errorlist" id="id_(\w+)_error"><li>([^<]*)</li>', html))
    return {**found, **errors_of(html)}


def page(lang: str) -> Client:
    return Client(headers={"accept-language": lang})


def no_english(html: str) -> None:
    for words in ENGLISH:
        assert words not in html, words


def test_grievance_form_errors_are_in_the_page_language_under_their_field() -> None:
    dates = page("ru").post(
        "/grievances/new/", {**CASE, "incident_from": "2026-11-30", "incident_to": "2026-10-01"}
    )
    html = dates.content.decode()
    no_english(html)
    assert "Дата окончания раньше даты начала." in errors_in(html).get("incident_to", "")
    money = page("ky").post("/grievances/new/", {**CASE, "amount": "100.5", "currency": "KRW"})
    html = money.content.decode()
    no_english(html)
    assert "KRW ондук бөлүксүз жазылат" in errors_in(html).get("amount", "")
    assert not Case.objects.filter(summary=CASE["summary"]).exists()


def new_case(client: Client) -> str:
    filed = client.post("/api/v1/cases", CASE, content_type="application/json")
    assert filed.status_code == 201, filed.content
    return str(filed.json()["reference"])


def test_case_page_refusals_are_translated_and_per_field(world: World) -> None:
    cw = sign_in(page("ru"), world.accounts[Role.case_worker])
    reference = new_case(Client())
    closed = cw.post(f"/cases/{reference}/", {"action": "close"})
    assert closed.status_code == 422
    html = closed.content.decode()
    no_english(html)
    assert "Этот шаг невозможен, пока обращение в состоянии «Новое»" in html or (
        "Этот шаг невозможен, пока обращение в состоянии" in html
    )
    assert cw.post(f"/cases/{reference}/", {"action": "triage"}).status_code == 302
    assigned = cw.post(f"/cases/{reference}/", {"action": "assign", "assignee_id": "999999"})
    html = assigned.content.decode()
    no_english(html)
    assert "Пользователь 999999 не является действующим специалистом" in errors_in(html).get(
        "assignee_id", ""
    )


def test_the_api_keeps_its_english_messages(world: World) -> None:
    reference = new_case(Client())
    cw = sign_in(Client(), world.accounts[Role.case_worker])
    refused = cw.post(
        f"/api/v1/cases/{reference}/transitions",
        {"action": "close"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert "cannot close a case that is new" in refused.content.decode()


def resolvable(world: World) -> tuple[Client, str]:
    cw = sign_in(page("en"), world.accounts[Role.case_worker])
    reference = new_case(Client())
    user_id = world.accounts[Role.case_worker].user_id
    for step in ({"action": "triage"}, {"action": "assign", "assignee_id": str(user_id)}):
        assert cw.post(f"/cases/{reference}/", step).status_code == 302
    return cw, reference


def test_a_resolve_refuses_more_decimals_than_the_currency_has(world: World) -> None:
    cw, reference = resolvable(world)
    step = {
        "action": "resolve",
        "outcome": "substantiated",
        "refund_amount": "1000.5",
        "recovered_currency": "KRW",
    }
    refused = cw.post(f"/cases/{reference}/", step)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "KRW is written without decimals" in errors_in(html).get("refund_amount", "")
    assert Case.objects.get(reference=reference).state == "in_progress"
    api = cw.post(f"/api/v1/cases/{reference}/transitions", step, content_type="application/json")
    assert api.status_code == 422
    assert "KRW has 0 decimal places" in api.content.decode()
    ok = cw.post(f"/cases/{reference}/", {**step, "refund_amount": "1000"})
    assert ok.status_code == 302
    assert Case.objects.get(reference=reference).state == "resolved"


def test_the_worker_wage_step_says_why_an_amount_is_refused() -> None:
    client = page("en")
    signed_up(client)
    said = {
        "-100": "The amount cannot be negative.",
        "99999999999999999999": "This amount is too large.",
    }
    for amount, words in said.items():
        html = client.post("/me/profile/wage/", {"amount": amount, "currency": "RUB"})
        assert words in errors_of(html.content.decode()).get("amount", ""), amount
    krw = client.post("/me/profile/wage/", {"amount": "1000.5", "currency": "KRW"})
    assert "KRW is written without decimals" in errors_of(krw.content.decode())["amount"]
    saved = client.post("/me/profile/wage/", {"amount": "1000", "currency": "KRW"})
    assert saved.status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"weekly_hours": "-1"}, "weekly_hours", "more than 0, at most 168"),
        ({"weekly_hours": "forty"}, "weekly_hours", "hours of one week as a number"),
        (
            {"wage_amount": "2500000.55", "wage_currency": "KRW"},
            "wage_amount",
            "KRW is written without decimals",
        ),
        ({"start_date": "01.01.1990"}, "start_date", "01.01.1990 is too far in the past"),
    ],
)
def test_offer_check_errors_say_why(change: dict[str, Any], field: str, words: str) -> None:
    html = page("en").post("/check-offer/", {**OFFER, **change}).content.decode()
    assert words in errors_of(html).get(field, ""), errors_of(html)


def test_signup_says_an_impossible_birth_date_is_not_real() -> None:
    html = page("en").post("/signup/", {**SIGNUP, "birth_date": "1800-01-01"}).content.decode()
    error = errors_of(html).get("birth_date", "")
    assert "01.01.1800 is not a real date of birth" in error
    assert "at least 15" not in error
    # the date input is given back as yyyy-mm-dd, the only form a browser keeps
    assert 'value="1800-01-01"' in html
    typed = page("en").post("/signup/", {**SIGNUP, "birth_date": "14.03.1994", "sex": ""})
    assert 'value="1994-03-14"' in typed.content.decode()


def test_the_api_says_a_summary_is_too_short_and_the_minimum() -> None:
    short = Client().post(
        "/api/v1/cases", {**CASE, "summary": "x"}, content_type="application/json"
    )
    assert short.status_code == 422
    assert "is too short: at least 10 characters" in short.content.decode()


def test_follow_up_shows_dates_day_first() -> None:
    filed = Client().post("/api/v1/cases", CASE, content_type="application/json").json()
    html = page("ru").post(
        "/grievances/follow-up/", {"reference": filed["reference"], "pin": filed["pin"]}
    )
    text = html.content.decode()
    assert re.search(r"\d{2}\.\d{2}\.\d{4}", text)
    assert not re.search(r"<dd>\d{4}-\d{2}-\d{2}</dd>", text)


def test_vacancy_addresses_without_slug_or_by_get_lead_to_the_vacancy(world: World) -> None:
    vacancy = world.vacancies[0]
    short = Client().get(f"/vacancies/{vacancy.pk}/")
    assert short.status_code == 301
    assert short["Location"] == f"/vacancies/{vacancy.pk}-svarshchik/"
    assert Client().get("/vacancies/999999/").status_code == 404
    worker = sign_in(Client(), world.accounts[Role.worker])
    reloaded = worker.get(f"/vacancies/{vacancy.pk}/apply/")
    assert reloaded.status_code == 302
    assert worker.get(reloaded["Location"], follow=True).status_code == 200


def test_destinations_leave_out_home_and_uninhabited_places_and_sort_by_letters() -> None:
    client = page("en")
    signed_up(client)
    html = client.get("/me/profile/destinations/").content.decode()
    for code in ("KG", "AQ", "BV"):
        assert f'value="{code}"' not in html, code
    assert 'value="RU"' in html
    names = [name for _code, name in country_choices()]
    aland = next(n for n in names if n.endswith("land Islands"))
    assert names.index(aland) < names.index("Albania")
    refused = client.post("/me/profile/destinations/", {"other": "KG"})
    assert refused.status_code != 302
