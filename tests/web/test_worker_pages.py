"""The worker pages through Django's test client: sign-up with consent, the profile steps,
matches, a vacancy, applying and withdrawing; clear per-field errors that keep what was typed;
the one door (anonymous, wrong role, someone else's record), the audit trail and no-store."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from jumush.accounts.models import Account
from jumush.accounts.roles import Role
from jumush.audit.models import AuditEvent
from jumush.registry import actions as registry
from jumush.registry.models import Application, ApplicationStatus, Worker
from tests.factories import World, sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "kyzyl-alma-too-suu-2026"  # noqa: S105 (a synthetic test password)
SIGNUP = {
    "phone": "0700 000 555",
    "password": PASSWORD,
    "password_again": PASSWORD,
    "surname_latin": "TESTOVA",
    "given_names_latin": "AIDAI",
    "sex": "female",
    "birth_date": "14.03.1994",
    "consent": "on",
}


def signed_up(client: Client, **change: str) -> Worker:
    response = client.post("/signup/", {**SIGNUP, **change})
    assert response.status_code == 302, response.content.decode()[:2000]
    account = Account.objects.select_related("worker").get(phone="+996700000555")
    assert account.worker is not None
    return account.worker


def errors_of(html: str) -> dict[str, str]:
    """{field id: error text} of a rendered form."""
    return dict(re.findall(r'<p class="error" id="id_(\w+)_error">([^<]*)</p>', html))


def test_signup_page_shows_the_consent_in_plain_words_and_labels_every_field() -> None:
    response = Client(headers={"accept-language": "en"}).get("/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for words in ("What we keep about you, and why", "Who sees it", "erase it"):
        assert words in html
    assert 'name="csrfmiddlewaretoken"' in html
    for name in SIGNUP:
        assert f'for="id_{name}' in html, name


def test_signup_creates_the_account_and_worker_with_consent_signs_in_and_audits() -> None:
    client = Client()
    worker = signed_up(client)
    account = Account.objects.get(worker=worker)
    assert account.role == Role.worker
    assert account.consent_given_at is not None
    consent = worker.consents.get()
    assert consent.text_version == account.consent_text_version
    assert worker.phone == "+996700000555"
    assert (worker.surname_latin, worker.given_names_latin) == ("TESTOVA", "AIDAI")
    page = client.get("/me/profile/occupation/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    actions = set(
        AuditEvent.objects.filter(record_id=str(worker.public_id)).values_list("action", flat=True)
    )
    assert {"worker.create", "account.link_worker", "worker.view"} <= actions
    assert "+996700000555" not in str(list(AuditEvent.objects.values()))


def test_signup_errors_are_per_field_and_keep_what_was_typed() -> None:
    bad = {
        **SIGNUP,
        "phone": "12",
        "password": "short",
        "password_again": "other",
        "surname_latin": "Тестова",
        "birth_date": "1994-31-31",
    }
    bad.pop("consent")
    response = Client(headers={"accept-language": "en"}).post("/signup/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    errors = errors_of(html)
    assert set(errors) >= {"phone", "password", "surname_latin", "birth_date", "consent"}
    assert "phone number" in errors["phone"]
    assert "12 characters" in errors["password"]
    assert "Latin letters" in errors["surname_latin"]
    assert "agree" in errors["consent"]
    assert 'value="Тестова"' in html  # kept as typed
    assert 'value="AIDAI"' in html  # a valid field is not lost
    assert "short" not in html  # passwords are never sent back
    assert not Account.objects.exists()


def test_signup_refuses_a_phone_that_has_an_account_and_different_passwords() -> None:
    signed_up(Client())
    response = Client(headers={"accept-language": "en"}).post(
        "/signup/", {**SIGNUP, "phone": "+996 700 000 555", "password_again": PASSWORD + "x"}
    )
    errors = errors_of(response.content.decode())
    assert "exists already" in errors["phone"]
    assert "not the same" in errors["password_again"]


def test_profile_step_by_step_saves_each_step_and_keeps_text_as_typed() -> None:
    client = Client(headers={"accept-language": "ky"})
    worker = signed_up(client)
    found = client.post("/me/profile/occupation/", {"do": "find", "title": "ширетүүчү"})
    html = found.content.decode()
    assert "Кадам 1 / 5" in html
    assert "7212" in html and "Ширетүүчүлөр" in html
    title = "Ширетүүчү (Йошкар-Ола), ёлка"  # й and ё kept as typed
    offers = client.post("/me/profile/occupation/", {"do": "find", "title": title})
    choice = re.search(r'value="(7212\|[^"]*)"', offers.content.decode())
    assert choice is not None
    saved = client.post(
        "/me/profile/occupation/", {"do": "confirm", "title": title, "choice": choice.group(1)}
    )
    assert saved.status_code == 302
    occupation = worker.occupations.get()
    assert (occupation.title, occupation.isco_group_id) == (title, "7212")
    assert title in client.get("/me/profile/occupation/").content.decode()

    step = client.post("/me/profile/experience/", {"months_7212": "36"})
    assert step["Location"] == "/me/profile/languages/"
    assert worker.occupations.get().experience_months == 36
    step = client.post("/me/profile/languages/", {"lang_ru": "B1", "lang_ky": "C2"})
    assert step["Location"] == "/me/profile/destinations/"
    assert dict(worker.languages.values_list("language_id", "cefr_id")) == {"ru": "B1", "ky": "C2"}
    step = client.post("/me/profile/destinations/", {"countries": ["RU"], "other": "JP"})
    assert step["Location"] == "/me/profile/wage/"
    assert set(worker.destinations.values_list("country_id", flat=True)) == {"RU", "JP"}
    step = client.post("/me/profile/wage/", {"amount": "60 000,50", "currency": "RUB"})
    assert step["Location"] == "/me/matches/"
    worker.refresh_from_db()
    assert (str(worker.min_wage_amount), worker.min_wage_currency_id) == ("60000.50", "RUB")
    updates = AuditEvent.objects.filter(record_id=str(worker.public_id), action="worker.update")
    assert updates.count() == 5


def test_languages_are_asked_in_plain_words_not_letter_codes_alone() -> None:
    client = Client(headers={"accept-language": "en"})
    signed_up(client)
    html = client.get("/me/profile/languages/").content.decode()
    assert "I know a few words and simple phrases: greetings, numbers, prices. (A1)" in html
    assert "I do not speak it" in html
    assert re.search(r">\s*A1\s*<", html) is None


def test_step_errors_are_per_field_and_keep_the_values() -> None:
    client = Client(headers={"accept-language": "en"})
    worker = signed_up(client)
    registry.set_worker_occupations(worker, [registry.OccupationChoice("сварщик", "7212", None, 0)])
    response = client.post("/me/profile/experience/", {"months_7212": "-3"})
    assert "Write 0 or more months." in errors_of(response.content.decode())["months_7212"]
    response = client.post("/me/profile/wage/", {"amount": "12,345", "currency": "RUB"})
    html = response.content.decode()
    assert "Write an amount of money" in errors_of(html)["amount"]
    assert 'value="12,345"' in html
    response = client.post("/me/profile/destinations/", {})
    assert "Choose at least one country." in response.content.decode()
    response = client.post("/me/profile/occupation/", {"do": "confirm", "title": "сварщик"})
    assert "Choose one of the offers." in response.content.decode()
    assert worker.occupations.get().experience_months == 0
    assert worker.destinations.count() == 0


def test_worker_pages_send_anonymous_visitors_to_sign_in_and_others_away(world: World) -> None:
    for url in ("/me/profile/occupation/", "/me/matches/", "/me/applications/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "next=" in response["Location"]
        for role in (Role.employer_staff, Role.officer):
            staff = sign_in(Client(), world.accounts[role])
            assert staff.get(url).status_code == 404, (role, url)
    refused = Client().post(f"/vacancies/{world.vacancies[0].pk}/apply/")
    assert refused.status_code == 302
    assert not Application.objects.exists()


def test_apply_follow_and_withdraw_and_nobody_withdraws_anothers(world: World) -> None:
    client = sign_in(Client(headers={"accept-language": "en"}), world.accounts[Role.worker])
    vacancy = world.vacancies[0]
    page = client.get(f"/vacancies/{vacancy.pk}-svarshchik/")
    assert page.status_code == 200
    assert "passport number and phone number" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    applied = client.post(f"/vacancies/{vacancy.pk}/apply/")
    assert applied["Location"] == "/me/applications/"
    mine = client.get("/me/applications/").content.decode()
    assert "applied, waiting for an answer" in mine and "Сварщик" in mine
    application = Application.objects.get()
    other = Client()
    other_worker = signed_up(other)
    assert other_worker.pk != application.worker_id
    refused = other.post(f"/me/applications/{application.pk}/withdraw/")
    assert refused.status_code == 404
    application.refresh_from_db()
    assert application.status == "applied"
    client.post(f"/me/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert "withdrawn by you" in client.get("/me/applications/").content.decode()
    events = AuditEvent.objects.filter(record_id=str(world.workers[0].public_id))
    assert {"application.apply", "application.withdraw"} <= set(
        events.values_list("action", flat=True)
    )


def test_rejected_application_shows_the_staffs_reason(world: World) -> None:
    client = sign_in(Client(headers={"accept-language": "en"}), world.accounts[Role.worker])
    vacancy = world.vacancies[0]
    client.post(f"/vacancies/{vacancy.pk}/apply/")
    registry.decide_candidate(
        vacancy=vacancy,
        worker=world.workers[0],
        decision=ApplicationStatus.rejected,
        reason="Нужен опыт 5 лет",
        actor=world.accounts[Role.employer_staff].user,
    )
    html = client.get("/me/applications/").content.decode()
    assert "declined" in html and "Нужен опыт 5 лет" in html
    assert "Withdraw my application" not in html


def test_vacancy_url_slug_is_transliterated_and_the_id_decides(world: World) -> None:
    vacancy = world.vacancies[0]
    wrong = Client().get(f"/vacancies/{vacancy.pk}-anything/")
    assert wrong.status_code == 301
    assert wrong["Location"] == f"/vacancies/{vacancy.pk}-svarshchik/"
    assert Client().get(f"/vacancies/{vacancy.pk}-svarshchik/").status_code == 200
    assert Client().get("/vacancies/999999-svarshchik/").status_code == 404


def test_matches_show_reasons_and_warnings(world: World) -> None:
    client = sign_in(Client(headers={"accept-language": "ru"}), world.accounts[Role.worker])
    response = client.get("/me/matches/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f"/vacancies/{world.vacancies[0].pk}-svarshchik/" in html
    assert 'class="reasons"' in html
    assert "Будьте осторожны:" in html or "Полезно знать:" in html


def test_a_signed_in_worker_keeps_the_chosen_language() -> None:
    client = Client(headers={"accept-language": "en"})
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    signed_up(client)
    html = client.get("/me/profile/occupation/").content.decode()
    assert '<html lang="ru">' in html
    assert "Шаг 1 из 5" in html


def test_matches_of_a_new_worker_ask_for_the_profile_first() -> None:
    client = Client(headers={"accept-language": "en"})
    worker = signed_up(client)
    response = client.get("/me/matches/")
    assert response.status_code == 200
    assert "Tell us your work first" in response.content.decode()
    assert AuditEvent.objects.filter(
        record_id=str(worker.public_id), action="worker.matches"
    ).exists()


def test_saving_a_step_keeps_what_was_saved_elsewhere(world: World) -> None:
    worker = world.workers[0]
    registry.set_worker_languages(worker, [("ru", "B1"), ("fr", "A2")])
    registry.set_worker_destinations(worker, ["RU", "JP", "CN"])
    registry.set_worker_min_wage(worker, Decimal("8000"), "CNY")
    client = sign_in(Client(headers={"accept-language": "en"}), world.accounts[Role.worker])
    for step in ("languages", "destinations", "wage"):
        page = client.get(f"/me/profile/{step}/").content.decode()
        checked = re.findall(r'value="(\w+)"[^>]*checked', page)
        data: dict[str, object] = {}
        if step == "languages":
            data = {"lang_ru": "B1", "lang_fr": "A2"}
            assert 'id="id_lang_fr"' in page
        elif step == "destinations":
            data = {"countries": checked}
        else:
            data = {"amount": "8000", "currency": "CNY"}
            assert "CNY" in page
        assert client.post(f"/me/profile/{step}/", data).status_code == 302, step
    assert set(worker.destinations.values_list("country_id", flat=True)) == {"RU", "JP", "CN"}
    assert dict(worker.languages.values_list("language_id", "cefr_id")) == {"ru": "B1", "fr": "A2"}
    worker.refresh_from_db()
    assert worker.min_wage_currency_id == "CNY"
