"""Server-rendered pages: language negotiation, switching, occupation search, errors."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HEADINGS = {
    "ky": "Чет өлкөдө жана мекенде коопсуз иштеңиз",
    "ru": "Безопасная работа за рубежом и дома",
    "en": "Work abroad and at home, safely",
}


@pytest.mark.parametrize(
    ("accept", "lang"),
    [
        ("ky", "ky"),
        ("ru-RU,ru;q=0.9,en;q=0.5", "ru"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9", "ky"),  # not served: the default language
        ("", "ky"),
    ],
)
def test_home_page_language_from_accept_language(client: Client, accept: str, lang: str) -> None:
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert HEADINGS[lang] in html
    assert 'href="/occupations/"' in html


def test_chosen_language_is_remembered_over_accept_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["jumush_language"].value == "en"
    page = client.get("/", headers={"accept-language": "ru"})
    assert HEADINGS["en"] in page.content.decode()


def test_language_switch_is_a_csrf_protected_form(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert refused.status_code == 403
    html = client.get("/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count('name="language"') == 3


@pytest.mark.parametrize(
    ("q", "lang", "expected"),
    [
        ("сварщик", "ru", "7212"),
        ("ширетүүчү", "ky", "7212"),
        ("Welders", "en", "7212"),
        ("Повара", "ru", "5120"),
        ("ашпозчу", "ky", "5120"),
    ],
)
def test_occupation_search_finds_isco_groups_in_each_language(
    client: Client, q: str, lang: str, expected: str
) -> None:
    html = client.get("/occupations/", {"q": q}, headers={"accept-language": lang}).content.decode()
    assert f'href="/occupations/isco/{expected}/"' in html


def test_occupation_search_lists_esco_occupations(client: Client) -> None:
    html = client.get("/occupations/", {"q": "welder"}, headers={"accept-language": "en"})
    assert '<span class="code">7212</span> <span lang="en">welder</span>' in html.content.decode()


def test_occupation_search_with_overlong_text_says_so(client: Client) -> None:
    html = client.get("/occupations/", {"q": "x" * 500}, headers={"accept-language": "ru"})
    assert html.status_code == 200
    assert "Слишком длинный текст поиска." in html.content.decode()


def test_isco_group_page_in_kyrgyz(client: Client) -> None:
    response = client.get("/occupations/isco/7212/", headers={"accept-language": "ky"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ширетүүчүлөр" in html
    assert "Сварщики и газорезчики" in html
    assert 'href="/occupations/isco/721/"' in html


@pytest.mark.parametrize("path", ["/occupations/isco/9999/", "/occupations/isco/abc/", "/nowhere"])
def test_unknown_page_is_a_translated_404(client: Client, path: str) -> None:
    response = client.get(path, headers={"accept-language": "ru"})
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_pages_load_nothing_from_other_servers(client: Client) -> None:
    for path in ("/", "/occupations/?q=cook", "/occupations/isco/5120/"):
        html = client.get(path).content.decode()
        assert "http://" not in html.replace('href="http', "")
        assert 'src="http' not in html and 'href="//' not in html


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/occupations/?q=cook", "/occupations/isco/5120/"]
)
def test_head_requests_are_answered(client: Client, path: str) -> None:
    assert client.head(path).status_code == 200


@pytest.mark.parametrize(
    ("q", "lang", "expected"),
    [
        ("продавец", "ru", "5223"),
        ("разнорабочий", "ru", "9313"),
        ("швея", "ru", "7533"),
        ("уборщица", "ru", "9112"),
        ("сиделка", "ru", "5322"),
        ("дворник", "ru", "9613"),
        ("ашпозчу", "ky", "5120"),
    ],
)
def test_everyday_russian_and_kyrgyz_words_find_their_group(
    client: Client, q: str, lang: str, expected: str
) -> None:
    html = client.get("/occupations/", {"q": q}, headers={"accept-language": lang}).content.decode()
    best = html.split("<h2>", 2)[1]  # the "Best matches" section comes first
    assert f'href="/occupations/isco/{expected}/"' in best


def test_vague_title_asks_for_more(client: Client) -> None:
    html = client.get("/occupations/", {"q": "менеджер"}, headers={"accept-language": "ru"})
    assert "уточните, пожалуйста" in html.content.decode()


def test_control_characters_in_search_are_dropped_not_echoed(client: Client) -> None:
    response = client.get("/occupations/", {"q": "weld\x00er"}, headers={"accept-language": "en"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "\x00" not in html
    assert 'value="welder"' in html


def test_form_post_without_csrf_token_gets_our_page(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en"}, headers={"accept-language": "ru"})
    assert response.status_code == 403
    assert "Срок действия формы истёк" in response.content.decode()
