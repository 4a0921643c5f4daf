"""POST /api/v1/occupations/code through Django's test client."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
URL = "/api/v1/occupations/code"


def post(client: Client, body: object) -> object:
    return client.post(URL, body, content_type="application/json")


def test_codes_titles_in_order_with_alternatives(client: Client) -> None:
    texts = ["сварщик", "ашпозчунун жардамчысы", "welder 6G", "мастер", ""]
    response = post(client, {"texts": texts})
    assert response.status_code == 200  # type: ignore[attr-defined]
    results = response.json()["results"]  # type: ignore[attr-defined]
    assert [r["text"] for r in results] == texts
    assert [r["isco08_code"] for r in results] == ["7212", "9412", "7212", None, None]
    assert [r["lang"] for r in results[:3]] == ["ru", "ky", "en"]
    assert results[3]["abstain"] and results[3]["reason"] == "vague"
    assert results[4]["reason"] == "empty"
    welder = results[2]
    assert welder["esco_uri"].startswith("http://data.europa.eu/esco/occupation/")
    assert 0.0 <= welder["confidence"] <= 1.0
    assert welder["alternatives"][0]["isco08_code"] == "7212"
    assert all(len(a["isco08_code"]) == 4 for r in results for a in r["alternatives"])


def test_label_is_in_the_query_language(client: Client) -> None:
    results = post(client, {"texts": ["ширетүүчү", "сварщик"]}).json()["results"]  # type: ignore[attr-defined]
    assert "ширетүүчү" in results[0]["alternatives"][0]["label"].lower()
    assert "сварщик" in results[1]["alternatives"][0]["label"].lower()


def test_codes_stay_four_character_strings(client: Client) -> None:
    result = post(client, {"texts": ["контрактник в армию"]}).json()["results"][0]  # type: ignore[attr-defined]
    assert result["alternatives"][0]["isco08_code"] == "0310"


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01binary\x7f",
        "😀" * 50,
        "свaрщик welder ширетүүчү",
        "x" * 1000,
        "<script>alert(1)</script>",
        "용접공",
    ],
)
def test_odd_input_never_crashes(client: Client, text: str) -> None:
    response = post(client, {"texts": [text]})
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert len(response.json()["results"]) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"texts": []}, "texts"),
        ({"texts": ["a"] * 1001}, "texts"),
        ({"texts": ["x" * 10_001]}, "texts.0"),
        ({"texts": ["ok"], "top_k": True}, "top_k"),
        ({"texts": ["ok", 5]}, "texts.1"),
        ({"texts": ["ok"], "top_k": 0}, "top_k"),
        ({}, "texts"),
        ({"texts": ["ok"], "top": 2}, "top"),
    ],
)
def test_bad_requests_are_422_naming_the_field(client: Client, body: object, field: str) -> None:
    response = post(client, body)
    assert response.status_code == 422  # type: ignore[attr-defined]
    payload = response.json()  # type: ignore[attr-defined]
    assert payload["code"] == "request.invalid"
    assert field in [e["field"] for e in payload["errors"]]


def test_malformed_json_is_400_saying_where(client: Client) -> None:
    response = client.post(URL, '{"texts": ["a",]}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "http.400"
    assert "line 1, column 16" in response.json()["message"]
    response = client.post(URL, b'{"texts": ["\xff"]}', content_type="application/json")
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["message"]
    response = client.post(URL, "[" * 100_000, content_type="application/json")
    assert response.json()["message"].endswith("nested too deeply")
    response = client.post(URL, '{"top_k": ' + "9" * 5000 + "}", content_type="application/json")
    assert "digits" in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [(["сварщик"], "an array"), ("сварщик", "a string"), (None, "null"), (5, "a number")],
)
def test_a_body_that_is_not_an_object_is_refused_as_such(
    client: Client, body: object, kind: str
) -> None:
    response = client.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == f"the request body must be a JSON object, not {kind}"


def test_an_empty_body_is_refused_as_no_json_object(client: Client) -> None:
    response = client.post(URL, "", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "the request body is empty: it must be a JSON object"


def test_overlong_text_abstains_as_too_long(client: Client) -> None:
    result = post(client, {"texts": ["сварщик " * 1200]}).json()["results"][0]  # type: ignore[attr-defined]
    assert result["abstain"] and result["reason"] == "too_long"


def test_blank_text_abstains_as_empty_however_long(client: Client) -> None:
    results = post(client, {"texts": ["", " " * 1200, "\t\n"]}).json()["results"]  # type: ignore[attr-defined]
    assert [r["reason"] for r in results] == ["empty", "empty", "empty"]


def test_full_batch_of_long_escaped_titles_is_accepted(client: Client) -> None:
    title = "Требуется сварщик на вахту в Москву, " * 14
    body = json.dumps({"texts": [title] * 1000})  # ensure_ascii: Cyrillic as \\u escapes
    assert len(body) > 2_621_440
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1000


def test_top_k_does_not_change_confidence(client: Client) -> None:
    texts = ["повар", "сваршик"]
    one = post(client, {"texts": texts, "top_k": 1}).json()["results"]  # type: ignore[attr-defined]
    five = post(client, {"texts": texts, "top_k": 5}).json()["results"]  # type: ignore[attr-defined]
    assert [r["confidence"] for r in one] == [r["confidence"] for r in five]
    assert [r["abstain"] for r in one] == [r["abstain"] for r in five]
    assert len(one[0]["alternatives"]) == 1
