"""Journeys 2 and 3 of issue 8 in a real browser on a phone-sized screen: an employer's staff
post a vacancy with a worker-paid fee, see it blocked with the finding in plain words, fix it
and publish it; an officer enrols TOTP at the first sign-in, suspends an agency with a reason,
and the public licence look-up shows the suspension. People and companies are synthetic."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

import pyotp

from tests.browser.conftest import Site, sign_in

PASSWORD = "saryk tash jolu 2026"  # noqa: S105 (synthetic accounts)


def create_account(site: Site, role: str, *extra: str) -> str:
    name = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    site.run(
        ["accounts", "create", name, "--role", role, *extra], stdin=f"{PASSWORD}\n{PASSWORD}\n"
    )
    return name


def test_employer_posts_a_vacancy_with_a_worker_paid_fee_sees_it_blocked_and_fixes_it(
    page: Any, site: Site
) -> None:
    reg = f"77{uuid.uuid4().int % 10**8:08d}"
    employer_id = (
        site.python(
            "from jumush.registry import actions as a\n"
            "from jumush.registry.models import Verification\n"
            "from jumush.registry.schemas import EmployerIn\n"
            f"e = a.register_employer(EmployerIn(legal_name='ООО Журнал-{reg}', country='RU', "
            f"registration_number='{reg}'))\n"
            "a.set_employer_verification(\n"
            "    e, Verification.verified, actor=None, reason='Документы')\n"
            "print(e.pk)\n"
        )
        .strip()
        .splitlines()[-1]
    )
    username = create_account(site, "employer_staff", "--employer-id", employer_id)
    page.goto("/")
    page.get_by_role("button", name="Русский").click()
    page.wait_for_load_state()
    sign_in(page, username, PASSWORD)
    assert page.url.endswith("/staff/vacancies/")
    page.goto("/staff/vacancies/new/")
    start = (dt.date.today() + dt.timedelta(days=60)).isoformat()  # noqa: DTZ011 (a date in the form)
    page.locator("#id_title").fill("Сварщик (РДС)")
    page.locator("#id_destination_country").select_option("RU")
    page.locator("#id_destination_city").fill("Москва")
    page.locator("#id_start_date").fill(start)
    page.locator("#id_positions").fill("4")
    page.locator("#id_wage_amount").fill("95000")
    page.locator("#id_wage_currency").select_option("RUB")
    page.locator("#id_weekly_hours").fill("40")
    page.locator("#id_contract_months").fill("12")
    page.locator("#id_worker_costs").fill("placement fee: 20000")
    page.locator("#id_employer_pays").fill("visa, travel")
    page.locator("input[name=contract_languages][value=ru]").check()
    page.locator("input[name=contract_languages][value=ky]").check()
    page.locator("button[name=step][value=check]").click()
    page.wait_for_load_state()
    findings = page.locator(".findings")
    assert "status-blocked" in (findings.get_attribute("class") or "")
    assert "брать с вас деньги нельзя" in findings.inner_text()
    # Submitting as it is is refused: nothing is stored.
    page.locator("button[name=step][value=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/staff/vacancies/new/")
    assert page.locator("main [role=alert]").count() >= 1
    # The fix: the employer pays the fee.
    page.locator("#id_worker_costs").fill("")
    page.locator("#id_employer_pays").fill("visa, travel, placement fee")
    page.locator("button[name=step][value=check]").click()
    page.wait_for_load_state()
    assert "status-blocked" not in (page.locator(".findings").get_attribute("class") or "")
    page.locator("button[name=step][value=submit]").click()
    page.wait_for_load_state()
    assert re.search(r"/staff/vacancies/\d+/$", page.url)
    assert page.locator("#vacancy-status").inner_text().strip() == "опубликована"
    page.goto("/staff/vacancies/")
    assert "Сварщик (РДС)" in page.locator("main").inner_text()


def test_officer_suspends_an_agency_and_the_public_lookup_shows_it(page: Any, site: Site) -> None:
    licence = f"ЛЦ-J{uuid.uuid4().hex[:6].upper()}"
    today = dt.date.today()  # noqa: DTZ011 (the server's local date, same machine)
    agency = {
        "name": "Журнал Агенттиги",
        "licence_number": licence,
        "issued_on": (today - dt.timedelta(days=30)).isoformat(),
        "expires_on": (today + dt.timedelta(days=300)).isoformat(),
        "countries_served": ["RU"],
    }
    site.python(
        "from jumush.registry import actions as a\n"
        "from jumush.registry.schemas import AgencyIn\n"
        f"a.register_agency(AgencyIn.model_validate({agency!r}))\n"
    )
    username = create_account(site, "officer")
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    sign_in(page, username, PASSWORD)
    assert page.url.endswith("/signin/code/")
    secret = page.locator("#totp-secret").inner_text().strip()
    assert page.locator("#totp-uri").inner_text().startswith("otpauth://totp/")
    page.locator("#id_code").fill(pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/staff/")
    page.get_by_role("link", name="Agency licences").click()
    page.locator("#q").fill(licence)
    page.locator("form[role=search] button").click()
    page.wait_for_load_state()
    card = page.locator("ul.cards > li", has_text=licence)
    card.locator("input[name=decision][value=suspended]").check()
    card.locator("input[name=reason]").fill("Workers report fees taken in cash")
    card.locator("button[type=submit]").click()
    page.wait_for_load_state()
    card = page.locator("ul.cards > li", has_text=licence)
    assert "suspended" in card.locator(".badge").inner_text()
    assert "Workers report fees taken in cash" in card.inner_text()
    # The public look-up, signed out.
    page.locator("nav.staff-nav button").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Check an agency").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/licences/")
    page.locator("#id_q").fill(licence.lower())  # a worker types it as they can
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    card = page.locator("ul.cards > li", has_text=licence)
    assert f"Suspended since {today:%d.%m.%Y}" in card.inner_text()
    # The JSON API says the same.
    page.goto(f"/api/v1/agencies/{licence}")
    public = json.loads(page.locator("body").inner_text())
    assert public["licence_number"] == licence
    assert public["status"] == "suspended"
