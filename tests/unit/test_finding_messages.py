"""Screening findings in Kyrgyz and Russian write money, countries and dates as those
languages do; English (what the API has always said) is unchanged."""

from __future__ import annotations

from jumush.compliance.messages import localise_fact, render


def test_money_country_and_dates_are_written_in_the_readers_language() -> None:
    facts = {"wage": "100.00 RUB/month", "country": "RU", "minimum": "22 440.00 RUB/month"}
    out = render("wage.below_minimum", facts)
    assert out["en"] == (
        "The wage 100.00 RUB/month is below the legal minimum wage in RU: 22 440.00 RUB/month."
    )
    assert "100,00\u00a0₽ в месяц" in out["ru"] and "(Россия)" in out["ru"]
    assert "айына 100,00\u00a0RUB" in out["ky"] and "(Россия)" in out["ky"]
    for lang in ("ru", "ky"):
        assert "RUB/month" not in out[lang] and " RU)" not in out[lang]


def test_iso_dates_become_day_first() -> None:
    out = render(
        "wage.minimum_latest_recorded",
        {"country": "KR", "day": "2026-12-01", "since": "2026-01-01"},
    )
    assert "01.12.2026" in out["ru"] and "01.01.2026" in out["ky"]
    assert "2026-12-01" in out["en"]
    assert localise_fact("costs", "visa 1 500.00 KGS, fee 30.00 USD", "ru") == (
        "visa 1\u00a0500,00\u00a0KGS, fee 30,00\u00a0$"
    )


def test_route_names_are_translated_where_we_have_them() -> None:
    facts = {
        "route": "Employment Permit System (E-9 non-professional employment visa)",
        "route_code": "kr.eps_e9",
        "test": "EPS-TOPIK",
    }
    out = render("route.language_test", facts)
    assert out["ru"] == "Для программы Система разрешений на работу (EPS, виза E-9) нужен " + (
        "языковой тест EPS-TOPIK."
    )
    assert "Employment Permit System" not in out["ky"]
    assert out["en"].startswith("The Employment Permit System (E-9")
