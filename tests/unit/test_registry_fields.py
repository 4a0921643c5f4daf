"""Reading typed values: amounts, dates, phone numbers, licence categories, ISIC, ISCED.
Table-driven; each row is a trap seen in migrant-centre spreadsheets or vacancy exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jumush.registry.fields import (
    FieldError,
    isic_section,
    normalise_licence_number,
    parse_amount,
    parse_date,
    parse_isic,
    parse_licence_categories,
    parse_phone,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85000", "85000"),
        ("85 000,50", "85000.50"),
        (f"85{NBSP}000,50", "85000.50"),
        (f"85{NNBSP}000,50", "85000.50"),
        ("85000.50", "85000.50"),
        ("1,250.75", "1250.75"),
        ("1.250,75", "1250.75"),
        ("1 250 000", "1250000"),
        ("1.250.000", "1250000"),
        ("12,5", "12.5"),
        ("12.71", "12.71"),
        ("0", "0"),
        (85000, "85000"),
        ("60000.0", "60000.0"),
    ],
)
def test_amounts_are_read_exactly(text: str | int, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("85,000", "ambiguous"),
        ("85.000", "ambiguous"),
        ("", "empty"),
        ("-5", "negative"),
        ("85 000 руб", "not an amount"),
        ("1,2,3", "several separators"),
        ("1.250,75.5", "cannot be read"),
        ("12.345", "ambiguous"),
        ("12.3456", "decimal places"),
        ("abc", "not an amount"),
    ],
)
def test_unreadable_amounts_are_errors_never_guesses(text: str, reason: str) -> None:
    with pytest.raises(FieldError, match=reason):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.12.2026", dt.date(2026, 12, 31)),
        ("01.02.2027", dt.date(2027, 2, 1)),
        ("1.2.2027", dt.date(2027, 2, 1)),
        ("2026-12-31", dt.date(2026, 12, 31)),
        ("31.12.2026 0:00:00", dt.date(2026, 12, 31)),
        ("2026-12-31T00:00:00", dt.date(2026, 12, 31)),
    ],
)
def test_dates_are_day_first(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12/31/2026",
        "31/12/2026",
        "31.12.26",
        "2026-12-31T18:00:00+06:00",
        "31.02.2026",
        "",
        "завтра",
    ],
)
def test_ambiguous_or_timed_dates_are_refused(text: str) -> None:
    with pytest.raises(FieldError):
        parse_date(text)


def test_a_datetime_is_not_a_date() -> None:
    with pytest.raises(FieldError, match="not a date and time"):
        parse_date(dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+996 555 123 456", "+996555123456"),
        ("00996555123456", "+996555123456"),
        ("8 10 996 555 123 456", "+996555123456"),
        ("(+996) 555 12-34-56", "+996555123456"),
        ("0555 123 456", "+996555123456"),
        ("555123456", "+996555123456"),
        ("996 700 123 456", "+996700123456"),
        ("8 912 345 67 89", "+79123456789"),
        ("+7 (912) 345-67-89", "+79123456789"),
        ("+82 10-1234-5678", "+821012345678"),
    ],
)
def test_phone_numbers_become_e164(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize("text", ["12345", "+996 123", "телефон", "+1 000 000 0000"])
def test_invalid_phone_numbers_are_refused(text: str) -> None:
    with pytest.raises(FieldError):
        parse_phone(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("B, C", ["B", "C"]),
        ("В,С", ["B", "C"]),  # Cyrillic В and С
        ("ce; c1e", ["CE", "C1E"]),
        (["D", "b", "B"], ["B", "D"]),
        ("", []),
        ("Tm", ["Tm"]),
    ],
)
def test_licence_categories_are_categories(value: str | list[str], expected: list[str]) -> None:
    assert parse_licence_categories(value) == expected


def test_unknown_licence_category_is_named() -> None:
    with pytest.raises(FieldError, match="'Z'"):
        parse_licence_categories("B, Z")


@pytest.mark.parametrize(
    ("code", "section"), [("F", "F"), ("41", "F"), ("01", "A"), ("99", "U"), ("86", "Q")]
)
def test_isic_codes(code: str, section: str) -> None:
    assert parse_isic(code) == code
    assert isic_section(code) == section


@pytest.mark.parametrize("code", ["04", "34", "Z", "100", "4"])
def test_isic_codes_that_do_not_exist(code: str) -> None:
    with pytest.raises(FieldError):
        parse_isic(code)


def test_licence_numbers_ignore_case_and_spaces() -> None:
    assert normalise_licence_number(" лц 0123 ") == "ЛЦ0123"


def test_ambiguous_amount_hint_names_the_number() -> None:
    with pytest.raises(FieldError, match="Write 100555 for the whole number"):
        parse_amount("100.555")


def test_a_date_with_a_time_of_day_says_so() -> None:
    with pytest.raises(FieldError, match="time of day"):
        parse_date("2027-02-01T10:00:00")
