"""JSON API v1 for the reference taxonomies, through Django's test client."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jumush.taxonomy import queries
from jumush.taxonomy.models import ReferenceDataset

pytestmark = pytest.mark.django_db


def test_isco_unit_group_with_titles_parents_and_esco_occupations(client: Client) -> None:
    response = client.get("/api/v1/isco/7212")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Сварщики и газорезчики".encode() in response.content  # UTF-8, not \u escapes
    body = response.json()
    assert body["title"] == "Welders and flamecutters"
    assert body["titles"]["ru"] == "Сварщики и газорезчики"
    assert body["titles"]["ky"].startswith("Ширетүүчүлөр")
    assert [p["code"] for p in body["parents"]] == ["7", "72", "721"]
    assert body["children"] == []
    assert "welder" in {o["preferred_label"] for o in body["esco_occupations"]}
    assert body["definition"].startswith("Welders and flame cutters")


def test_isco_title_in_requested_language(client: Client) -> None:
    body = client.get("/api/v1/isco/72?lang=ky").json()
    assert body["title"] == body["titles"]["ky"]
    assert {c["code"] for c in body["children"]} == {"721", "722", "723"}


def test_isco_code_with_leading_zero(client: Client) -> None:
    body = client.get("/api/v1/isco/0310").json()
    assert body["code"] == "0310"
    assert body["parents"][0]["code"] == "0"


@pytest.mark.parametrize("code", ["9999", "110", "0001"])
def test_unknown_isco_code_is_404_with_code_and_message(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/isco/{code}")
    assert response.status_code == 404
    assert response.json() == {
        "code": "isco.not_found",
        "message": f"no ISCO-08 group has code '{code}'",
    }


@pytest.mark.parametrize("code", ["72a", "12345", "%D9%A1%D9%A2"])
def test_malformed_isco_code_is_422(client: Client, code: str) -> None:
    response = client.get(f"/api/v1/isco/{code}")
    assert response.status_code == 422
    assert response.json()["code"] == "isco.code_invalid"


def test_esco_search_ranks_exact_label_first(client: Client) -> None:
    body = client.get("/api/v1/esco/occupations?q=Welder&lang=ru&limit=5").json()
    assert body["count"] >= 5
    assert len(body["items"]) == 5
    first = body["items"][0]
    assert first["preferred_label"] == "welder"
    assert first["isco08_code"] == "7212"
    assert first["isco08_title"] == "Сварщики и газорезчики"


def test_esco_search_pages_do_not_overlap(client: Client) -> None:
    one = client.get("/api/v1/esco/occupations?q=driver&limit=3&offset=0").json()
    two = client.get("/api/v1/esco/occupations?q=driver&limit=3&offset=3").json()
    assert one["count"] == two["count"] > 6
    assert not {i["uri"] for i in one["items"]} & {i["uri"] for i in two["items"]}


def test_esco_search_past_the_end_is_an_empty_page(client: Client) -> None:
    body = client.get("/api/v1/esco/occupations?q=welder&offset=5000").json()
    assert body["items"] == []
    assert body["count"] > 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "q"),
        ("?q=", "q"),
        ("?q=weld&limit=0", "limit"),
        ("?q=weld&limit=101", "limit"),
        ("?q=weld&offset=-1", "offset"),
        ("?q=weld&lang=de", "lang"),
        ("?q=weld&limit=ten", "limit"),
        ("?q=" + "x" * 201, "q"),
    ],
)
def test_bad_search_parameters_are_422_naming_the_field(
    client: Client, query: str, field: str
) -> None:
    response = client.get("/api/v1/esco/occupations" + query)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "request.invalid"
    assert field in body["message"]
    assert [e["field"] for e in body["errors"]] == [field]


def test_blank_search_text_is_422(client: Client) -> None:
    response = client.get("/api/v1/esco/occupations?q=%20%20")
    assert response.status_code == 422
    assert response.json()["code"] == "search.empty"


def test_countries_with_names_in_three_languages(client: Client) -> None:
    body = client.get("/api/v1/countries?lang=ky").json()
    assert len(body) == 249
    kg = next(c for c in body if c["alpha2"] == "KG")
    assert kg["name"] == "Кыргызстан"
    assert kg["names"]["en"] == "Kyrgyzstan"
    assert kg["alpha3"] == "KGZ"


def test_unknown_api_path_is_json_404(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_document_and_docs_page(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/v1/isco/{code}" in spec["paths"]
    assert "/api/v1/esco/occupations" in spec["paths"]
    assert client.get("/api/docs").status_code == 200


def test_unexpected_error_reveals_no_detail(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(code: str) -> None:
        raise RuntimeError("internal detail: /srv/secret path")

    monkeypatch.setattr(queries, "get_isco_group", explode)
    response = client.get("/api/v1/isco/7212")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server.error",
        "message": "internal error; it has been logged",
    }
    assert b"secret" not in response.content
    assert b"Traceback" not in response.content


def test_healthz_ok_when_database_and_reference_data_are_there(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "reference_data_missing": [],
    }


def test_healthz_503_when_reference_data_missing(client: Client) -> None:
    ReferenceDataset.objects.filter(name="esco_occupations").delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reference_data_missing"] == ["esco_occupations"]


def test_api_language_follows_lang_then_accept_language_then_english(client: Client) -> None:
    bare = client.get("/api/v1/isco/7212")
    assert bare.json()["title"] == "Welders and flamecutters"
    assert bare["Content-Language"] == "en"
    russian = client.get("/api/v1/isco/7212", headers={"accept-language": "ru"})
    assert russian.json()["title"] == "Сварщики и газорезчики"
    assert russian["Content-Language"] == "ru"
    asked = client.get("/api/v1/isco/7212?lang=ky", headers={"accept-language": "ru"})
    assert asked.json()["title"].startswith("Ширетүүчүлөр")
    assert asked["Content-Language"] == "ky"


def test_invalid_code_422_lists_the_field(client: Client) -> None:
    body = client.get("/api/v1/isco/7x").json()
    assert body["errors"] == [
        {"field": "code", "message": body["message"], "type": "isco.code_invalid"}
    ]


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_wrong_method_on_api_is_json_405(client: Client, method: str) -> None:
    response = getattr(client, method)("/api/v1/isco/7212")
    assert response.status_code == 405
    assert response.json() == {"code": "http.405", "message": "method not allowed"}


@pytest.mark.parametrize("q", ["%00", "weld%00", "%E2%80%8B"])
def test_control_characters_in_api_search(client: Client, q: str) -> None:
    response = client.get(f"/api/v1/esco/occupations?q={q}")
    if q == "weld%00":
        assert response.status_code == 200
        assert response.json()["count"] > 0
    else:
        assert response.status_code == 422
        assert response.json()["code"] == "search.empty"


def test_esco_search_in_russian_and_kyrgyz(client: Client) -> None:
    ru = client.get("/api/v1/esco/occupations?q=сварщик&lang=ru").json()
    assert ru["items"][0]["isco08_code"] == "7212"
    ky = client.get("/api/v1/esco/occupations?q=ширетүүчү&lang=ky").json()
    assert ky["items"][0]["isco08_code"] == "7212"


@pytest.mark.parametrize(
    "path", ["/api/v1/isco/7212", "/api/v1/countries", "/api/v1/esco/occupations?q=cook"]
)
def test_head_on_api_reads(client: Client, path: str) -> None:
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""


def test_esco_search_labels_in_the_asked_language(client: Client) -> None:
    item = client.get("/api/v1/esco/occupations?q=сварщик&lang=ru").json()["items"][0]
    assert item["label"] == "сварщик"
    assert item["preferred_label"] == "welder"


def test_post_to_healthz_is_405_not_csrf(client: Client) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/healthz").status_code == 405
