"""Schema rules found by a new-user test: whole numbers, money per currency, regions,
plausible people and dates, plain-words errors. Synthetic people only."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jumush.core import crypto
from jumush.registry.schemas import VacancyIn, WorkerIn, error_list

VACANCY = {"title": "Сварщик", "destination": {"country": "RU"}}
WORKER: dict[str, Any] = {
    "surname_latin": "TESTOV",
    "given_names_latin": "ARMAN",
    "sex": "male",
    "birth_date": "01.01.1995",
    "consent": {"purpose": "registry", "given_on": "01.11.2026", "text_version": "v1"},
}


def errors(schema: type[VacancyIn] | type[WorkerIn], data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        schema.model_validate(data)
    return {e["field"]: e["reason"] for e in error_list(exc.value)}


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"positions": True}, "positions", "true/false"),
        ({"positions": 2.5}, "positions", "whole number"),
        (
            {"destination": {"country": "RU", "region": "KZ-ALA"}},
            "destination.region",
            "not a region of RU",
        ),
        (
            {"destination": {"country": "RU", "region": "RU-ZZZ"}},
            "destination.region",
            "ISO 3166-2",
        ),
        ({"start_date": "01.01.1900"}, "start_date", "plausible"),
        (
            {"wage": {"amount": "12.5", "currency": "KRW", "period": "hour"}},
            "wage",
            "0 decimal places",
        ),
        ({"title": "x" * 300}, "title", "300 characters long; at most 255"),
        ({"employer": "ООО Тест"}, "employer", "JSON object"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"title": None}, "title", "must be text"),
    ],
)
def test_vacancy_errors_in_plain_words(change: dict[str, Any], field: str, reason: str) -> None:
    found = errors(VacancyIn, {**VACANCY, **change})
    assert reason in found[field], found


def test_missing_field_has_no_value_and_says_required() -> None:
    with pytest.raises(ValidationError) as exc:
        VacancyIn.model_validate({"title": "Сварщик"})
    (error,) = error_list(exc.value)
    assert error == {"field": "destination", "reason": "required", "value": None}


def test_amounts_follow_the_currency_minor_units() -> None:
    v = VacancyIn.model_validate(
        {**VACANCY, "wage": {"amount": "1800000.00", "currency": "KRW", "period": "month"}}
    )
    assert str(v.wage.amount) == "1800000"  # type: ignore[union-attr]
    v = VacancyIn.model_validate(
        {**VACANCY, "wage": {"amount": "12.5", "currency": "GBP", "period": "hour"}}
    )
    assert str(v.wage.amount) == "12.50"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"birth_date": "01.01.2020"}, "birth_date", "minimum age"),
        (
            {"consent": {**WORKER["consent"], "given_on": "01.01.2099"}},
            "consent.given_on",
            "future",
        ),
        ({"surname_cyrillic": "Testov"}, "surname_cyrillic", "Latin letters"),
    ],
)
def test_implausible_workers_are_refused(change: dict[str, Any], field: str, reason: str) -> None:
    found = errors(WorkerIn, {**WORKER, **change})
    assert reason in found[field], found


def test_cyrillic_look_alikes_in_a_passport_number_hash_the_same() -> None:
    from django.conf import settings

    assert settings.SECRET_KEY
    assert crypto.lookup_hash("АС1234567") == crypto.lookup_hash("ac 1234567")


def test_an_unknown_region_or_city_may_be_null() -> None:
    data = {**VACANCY, "destination": {"country": "RU", "region": None, "city": None}}
    destination = VacancyIn.model_validate(data).destination
    assert (destination.region, destination.city) == ("", "")
    assert errors(VacancyIn, {**VACANCY, "destination": {"country": "RU", "city": 5}})


def test_an_unknown_origin_may_be_null_as_our_worker_json_writes_it() -> None:
    data = {**WORKER, "origin": {"region": None, "district": None, "locality": None}}
    origin = WorkerIn.model_validate(data).origin
    assert (origin.region, origin.district, origin.locality) == ("", "", "")
    assert errors(WorkerIn, {**WORKER, "origin": {"district": 5}})
