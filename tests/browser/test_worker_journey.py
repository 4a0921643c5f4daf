"""The whole worker journey in Kyrgyz, in Chromium on a phone-sized screen: sign up with
consent → build the profile step by step (free-text "ширетүүчү" confirmed as ISCO-08 7212,
experience, a language by plain words, destination, wage) → matched vacancies with reasons →
open one and apply → see it in "my applications" → check an agency's licence and a job offer
with a worker-paid fee, and read the plain-language finding."""

from __future__ import annotations

import json
from typing import Any

from tests.browser.conftest import Site

SEED = """
import datetime as dt, json
from django.db import transaction
from django.utils import timezone
from jumush.registry import actions
from jumush.registry.models import Agency, Vacancy
from jumush.registry.schemas import AgencyIn, EmployerIn, VacancyIn
today = timezone.localdate()
with transaction.atomic():
    agency = Agency.objects.filter(licence_number="ЖУМ-0808").first() or actions.register_agency(
        AgencyIn.model_validate({
            "name": "Ала-Тоо Жумуш агенттиги", "licence_number": "ЖУМ-0808",
            "issued_on": (today - dt.timedelta(days=30)).isoformat(),
            "expires_on": (today + dt.timedelta(days=700)).isoformat(),
            "countries_served": ["RU"],
        }))
    employer = actions.register_employer(
        EmployerIn(legal_name="ООО Йошкар-Строй", country="RU", registration_number="7799000808"))
    actions.set_employer_verification(employer, "verified", reason="проверен", actor=None)
    vacancy = actions.create_vacancy(VacancyIn.model_validate({
        "title": "Ширетүүчү (металл конструкциялар)", "isco08_code": "7212",
        "employer": {"name": "ООО Йошкар-Строй", "country": "RU",
                     "registration_number": "7799000808"},
        "agency_licence_number": "ЖУМ-0808",
        "destination": {"country": "RU", "city": "Казань"},
        "start_date": (today + dt.timedelta(days=45)).isoformat(),
        "positions": 3,
        "wage": {"amount": "95000", "currency": "RUB", "period": "month", "basis": "gross"},
        "weekly_hours": "40", "contract_months": 12, "contract_languages": ["ru", "ky"],
        "employer_pays": ["visa", "travel"],
        "requirements": {"languages": [{"language": "ru", "cefr": "A2"}]},
        "status": "published",
        "source": {"system": "browser-test", "external_id": "worker-journey-1"},
    }))
print(json.dumps({"vacancy": vacancy.pk, "status": vacancy.status}))
"""


def seed(site: Site) -> dict[str, Any]:
    out = site.python(SEED).strip().splitlines()[-1]
    seeded: dict[str, Any] = json.loads(out)
    assert seeded["status"] == "published", seeded
    return seeded


def test_worker_journey_in_kyrgyz_on_a_phone(page: Any, site: Site) -> None:
    seeded = seed(site)

    # Sign up, on the consent screen.
    page.goto("/")
    page.get_by_role("link", name="Катталуу").first.click()
    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.get_by_text("Сиз жөнүндө эмнени сактайбыз жана эмне үчүн").is_visible()
    assert page.get_by_text("Укуктарыңыз:").is_visible()
    page.get_by_label("Телефон номери").fill("0700 080 808")
    page.get_by_label("Сырсөз", exact=True).fill("ала-тоо-жайлоо-2026")
    page.get_by_label("Сырсөздү кайталаңыз").fill("ала-тоо-жайлоо-2026")
    page.get_by_label("Фамилия латын тамгалары менен, паспорттогудай").fill("TESTBEKOV")
    page.get_by_label("Аты латын тамгалары менен, паспорттогудай").fill("SYNTHBEK")
    page.get_by_label("Эркек").check()
    page.get_by_label("Туулган күнү").fill("1994-03-14")
    page.get_by_label("Мен жөнүндө эмне сакталарын жана эмне үчүн экенин окудум, макулмун.").check()
    page.get_by_role("button", name="Макулмун, катталуу").click()

    # Step 1: the occupation in free text, confirmed among the coder's offers.
    assert page.get_by_text("Кадам 1 / 5").is_visible()
    assert page.get_by_text("Кирдиңиз: +996 700 ••• 808").is_visible()
    page.get_by_label("Кандай жумуш кыласыз? Өз сөзүңүз менен жазыңыз.").fill("ширетүүчү")
    page.get_by_role("button", name="Табуу").click()
    offer = page.get_by_label("Ширетүүчүлөр жана газ менен кесүүчүлөр (7212)", exact=False).first
    offer.check()
    page.get_by_role("button", name="Ооба, бул менин жумушум").click()
    assert page.get_by_text("Ширетүүчүлөр жана газ менен кесүүчүлөр (7212)").first.is_visible()
    page.get_by_role("link", name="Улантуу").click()

    # Step 2: months of experience.
    assert page.get_by_text("Кадам 2 / 5").is_visible()
    page.get_by_label("«ширетүүчү» болуп иштеген айлар").fill("36")
    page.get_by_role("button", name="Сактоо жана улантуу").click()

    # Step 3: a language, by what the worker can do in it.
    assert page.get_by_text("Кадам 3 / 5").is_visible()
    page.get_by_label("орусча").select_option(
        label="Жумушта жана күнүмдүк турмушта көпчүлүк кырдаалдарды чече алам, көйгөйдү "
        "түшүндүрө алам. (B1)"
    )
    page.get_by_role("button", name="Сактоо жана улантуу").click()

    # Step 4: where to work; step 5: the lowest wage per month.
    assert page.get_by_text("Кадам 4 / 5").is_visible()
    page.get_by_label("Россия").check()
    page.get_by_role("button", name="Сактоо жана улантуу").click()
    assert page.get_by_text("Кадам 5 / 5").is_visible()
    page.get_by_label("Макул боло турган эң аз эмгек акы, айына").fill("60 000")
    page.get_by_label("Валюта").select_option("RUB")
    page.get_by_role("button", name="Сактоо жана жумуштарды көрүү").click()

    # Matched vacancies with their reasons, in Kyrgyz.
    assert page.get_by_role("heading", name="Мага ылайыктуу жумуштар").is_visible()
    card = page.locator(".card").filter(has_text="Ширетүүчү (металл конструкциялар)")
    assert card.count() == 1
    reasons = card.locator(".reasons li").all_inner_texts()
    assert reasons, "no reasons shown"
    assert any("36 ай" in r or "Тажрыйба" in r for r in reasons), reasons
    card.get_by_role("link", name="Ширетүүчү (металл конструкциялар)").click()

    # The vacancy page (slug transliterated, id decides), then apply.
    assert f"/vacancies/{seeded['vacancy']}-shiretuuchu-metall-konstruktsiyalar/" in page.url
    assert page.get_by_text("Бул вакансияны текшерүүнүн жыйынтыгы").is_visible()
    assert page.get_by_text("паспортуңуздун номерин жана телефон номериңизди").is_visible()
    page.get_by_role("button", name="Арыз берүү").click()

    # My applications.
    assert page.get_by_role("heading", name="Менин арыздарым").is_visible()
    assert page.get_by_text("арыз берилди, жооп күтүлүүдө").is_visible()
    assert page.get_by_text("Ширетүүчү (металл конструкциялар)").is_visible()

    # Check an agency's licence (public page).
    page.get_by_role("link", name="Агенттикти текшерүү").click()
    page.get_by_label("Лицензия номери же агенттиктин аталышы").fill("жум-0808")
    page.get_by_role("button", name="Текшерүү").click()
    assert page.get_by_text("Ала-Тоо Жумуш агенттиги").is_visible()
    assert page.get_by_text("Күчүндө: бул агенттик жумушчуларды жумушка ала алат.").is_visible()

    # Check a job offer with a fee the worker would pay.
    page.get_by_role("link", name="Жумуш сунушун текшерүү").click()
    page.get_by_label("Кандай жумуш?").fill("ширетүүчү")
    page.get_by_label("Иштей турган өлкө").select_option("RU")
    page.get_by_label("Эмгек акы", exact=True).fill("90000")
    page.get_by_label("Эмгек акынын валютасы").select_option("RUB")
    page.get_by_label("Жумасына канча саат иштейсиз").fill("40")
    page.get_by_label("Жумушка орношуу үчүн сизден сураган акча", exact=False).fill("30 000")
    page.get_by_label("Ошол төлөмдүн валютасы").select_option("KGS")
    page.get_by_label("Бул төлөм эмне үчүн?").fill("виза жана билет")
    page.get_by_role("button", name="Сунушту текшерүү").click()
    assert page.get_by_role(
        "heading", name="Бул сунуш мыйзамды же адилет жумушка алуунун эрежелерин бузат"
    ).is_visible()
    assert page.get_by_text("сизден акча алууга болбойт", exact=False).is_visible()


def test_licence_check_works_by_keyboard_alone_with_visible_focus(page: Any, site: Site) -> None:
    seed_agency = (
        "import datetime as dt\n"
        "from django.utils import timezone\n"
        "from jumush.registry import actions\n"
        "from jumush.registry.models import Agency\n"
        "from jumush.registry.schemas import AgencyIn\n"
        "t = timezone.localdate()\n"
        "Agency.objects.filter(licence_number='КЛАВ-0001').exists() or actions.register_agency("
        "AgencyIn.model_validate({'name': 'Клавиатура агенттиги', 'licence_number': 'КЛАВ-0001',"
        " 'issued_on': (t - dt.timedelta(days=3)).isoformat(),"
        " 'expires_on': (t + dt.timedelta(days=300)).isoformat()}))\n"
    )
    site.python(seed_agency)
    page.goto("/licences/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Негизги мазмунга өтүү")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    field = page.locator("#id_q")
    assert field.evaluate("e => e === document.activeElement"), "the search field is unreachable"
    assert field.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.type("клав-0001")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Клавиатура агенттиги").is_visible()
    assert page.get_by_text("Күчүндө: бул агенттик жумушчуларды жумушка ала алат.").is_visible()
