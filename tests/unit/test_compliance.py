"""Fair-recruitment screening, table-driven: every finding code, boundaries, hour<->month
conversion, currency mismatch, rules that change on a date, messages in ky/ru/en.
Pure: no database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jumush.compliance.engine import Parties, Screening, screen
from jumush.compliance.messages import TEMPLATES
from jumush.compliance.ruleset import all_rules, rules_for
from jumush.registry.schemas import VacancyIn

TODAY = dt.date(2026, 11, 30)
VERIFIED = Parties(employer="verified")


def vacancy(**changes: Any) -> VacancyIn:
    base: dict[str, Any] = {
        "title": "Сварщик",
        "isco08_code": "7212",
        "destination": {"country": "RU"},
        "start_date": "2026-06-01",
        "wage": {"amount": "90000", "currency": "RUB", "period": "month", "basis": "gross"},
        "weekly_hours": "40",
        "contract_languages": ["ru"],
    }
    for key, value in changes.items():
        if value is None:
            base[key] = None
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return VacancyIn.model_validate(base)


def wage(
    amount: str, currency: str = "RUB", period: str = "month", basis: str | None = "gross"
) -> dict[str, Any]:
    return {"amount": amount, "currency": currency, "period": period, "basis": basis}


def run(v: VacancyIn, parties: Parties = VERIFIED) -> Screening:
    return screen(v, parties, today=TODAY)


def found(s: Screening) -> dict[str, str]:
    return {f.code: f.severity for f in s.findings if not f.code.startswith("route.ru.")}


# (case id, vacancy, parties, findings expected {code: severity}, codes that must be absent)
CASES: list[tuple[str, VacancyIn, Parties, dict[str, str], set[str]]] = [
    ("clean RU vacancy", vacancy(), VERIFIED, {}, set()),
    (
        "visa fee charged",
        vacancy(worker_costs=[{"kind": "visa", "amount": "100", "currency": "USD"}]),
        VERIFIED,
        {"fee.charged_to_worker": "block"},
        set(),
    ),
    (
        "several costs, one finding",
        vacancy(
            worker_costs=[
                {"kind": "placement fee", "amount": "30000", "currency": "KGS"},
                {"kind": "medical check", "amount": "2 500", "currency": "RUB"},
                {"kind": "training", "amount": "0", "currency": "RUB"},
            ]
        ),
        VERIFIED,
        {"fee.charged_to_worker": "block"},
        set(),
    ),
    (
        "a cost of zero is not a fee",
        vacancy(worker_costs=[{"kind": "travel", "amount": "0", "currency": "RUB"}]),
        VERIFIED,
        {},
        {"fee.charged_to_worker"},
    ),
    (
        "deposit",
        vacancy(deposit_from_worker={"amount": "5000", "currency": "RUB"}),
        VERIFIED,
        {"deposit.required_from_worker": "block"},
        set(),
    ),
    (
        "zero deposit",
        vacancy(deposit_from_worker={"amount": "0", "currency": "RUB"}),
        VERIFIED,
        {},
        {"deposit.required_from_worker"},
    ),
    (
        "passport kept",
        vacancy(documents_held_by_employer=True),
        VERIFIED,
        {"documents.retained": "block"},
        set(),
    ),
    ("no wage", vacancy(wage=None), VERIFIED, {"wage.missing": "block"}, set()),
    ("RU exactly the minimum", vacancy(wage=wage("27093")), VERIFIED, {}, {"wage.below_minimum"}),
    (
        "RU a kopeck below",
        vacancy(wage=wage("27092.99")),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU 2025 rule, above it",
        vacancy(start_date="2025-06-01", wage=wage("25000")),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "RU same wage under the 2026 rule",
        vacancy(start_date="2026-01-01", wage=wage("25000")),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU last day of 2025",
        vacancy(start_date="2025-12-31", wage=wage("22440")),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "RU first day of 2026",
        vacancy(start_date="2026-01-01", wage=wage("22440")),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU hourly above",
        vacancy(wage=wage("160", period="hour")),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "RU hourly below",
        vacancy(wage=wage("155", period="hour")),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU hourly just above 27093/(40*52/12)",
        vacancy(wage=wage("156.31", period="hour")),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "RU hourly just below",
        vacancy(wage=wage("156.30", period="hour")),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU hourly, 48 h a week",
        vacancy(wage=wage("131", period="hour"), weekly_hours="48"),
        VERIFIED,
        {"hours.above_normal": "warn"},
        {"wage.below_minimum"},
    ),
    (
        "RU part-time pro-rated, exact",
        vacancy(wage=wage("13546.50"), weekly_hours="20"),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "RU part-time pro-rated, below",
        vacancy(wage=wage("13546"), weekly_hours="20"),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "KR monthly above hourly minimum",
        vacancy(
            destination={"country": "KR"},
            wage=wage("2156880", "KRW"),
            contract_languages=["ko", "ru"],
        ),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "KR monthly exactly 10320*40*52/12",
        vacancy(
            destination={"country": "KR"}, wage=wage("1788800", "KRW"), contract_languages=["ru"]
        ),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "KR monthly a won below",
        vacancy(
            destination={"country": "KR"}, wage=wage("1788799", "KRW"), contract_languages=["ru"]
        ),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "KR 2025 rate",
        vacancy(
            destination={"country": "KR"},
            start_date="2025-05-01",
            wage=wage("10030", "KRW", "hour"),
            contract_languages=["ru"],
        ),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "KR same rate in 2026",
        vacancy(
            destination={"country": "KR"},
            start_date="2026-05-01",
            wage=wage("10030", "KRW", "hour"),
            contract_languages=["ru"],
        ),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU wage in USD: no official rate",
        vacancy(wage=wage("1000", "USD")),
        VERIFIED,
        {"wage.unverifiable": "warn"},
        {"wage.below_minimum"},
    ),
    (
        "GB 18-20 only: youth rate",
        vacancy(
            destination={"country": "GB"},
            wage=wage("11", "GBP", "hour"),
            requirements={"age_min": 18, "age_max": 20},
            isco08_code="9412",
        ),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "GB open to 21+: adult rate",
        vacancy(
            destination={"country": "GB"},
            wage=wage("11", "GBP", "hour"),
            requirements={"age_min": 18},
            isco08_code="9412",
        ),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "GB before April 2026",
        vacancy(
            destination={"country": "GB"},
            start_date="2026-03-31",
            wage=wage("12.50", "GBP", "hour"),
            isco08_code="9412",
        ),
        VERIFIED,
        {},
        {"wage.below_minimum"},
    ),
    (
        "GB from April 2026",
        vacancy(
            destination={"country": "GB"},
            start_date="2026-04-01",
            wage=wage("12.50", "GBP", "hour"),
            isco08_code="9412",
        ),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "TR net minimum met",
        vacancy(
            destination={"country": "TR"},
            wage=wage("28075.50", "TRY", basis="net"),
            weekly_hours="45",
        ),
        VERIFIED,
        {},
        {"wage.below_minimum", "wage.net_unclear"},
    ),
    (
        "TR net below net minimum",
        vacancy(
            destination={"country": "TR"}, wage=wage("28000", "TRY", basis="net"), weekly_hours="45"
        ),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU net below gross minimum",
        vacancy(wage=wage("25000", basis="net")),
        VERIFIED,
        {"wage.net_unclear": "warn"},
        {"wage.below_minimum"},
    ),
    (
        "basis unknown",
        vacancy(wage=wage("90000", basis=None)),
        VERIFIED,
        {"wage.basis_unknown": "info"},
        set(),
    ),
    (
        "basis unknown, checked as gross",
        vacancy(wage=wage("27000", basis=None)),
        VERIFIED,
        {"wage.basis_unknown": "info", "wage.below_minimum": "block"},
        set(),
    ),
    (
        "AE has no minimum wage",
        vacancy(destination={"country": "AE"}, wage=wage("1000", "AED"), weekly_hours="48"),
        VERIFIED,
        {"wage.no_statutory_minimum": "info"},
        {"wage.below_minimum"},
    ),
    (
        "after the latest recorded minimum: compared with the latest, not 'no minimum'",
        vacancy(
            destination={"country": "TR"},
            start_date="2027-03-01",
            wage=wage("10", "TRY"),
            deductions=[],
        ),
        VERIFIED,
        {"wage.minimum_latest_recorded": "info", "wage.below_minimum": "block"},
        {"wage.no_statutory_minimum"},
    ),
    (
        "before the earliest recorded minimum: said, not 'no minimum'",
        vacancy(start_date="2001-03-01", wage=wage("10")),
        VERIFIED,
        {"wage.minimum_not_recorded": "warn"},
        {"wage.no_statutory_minimum", "wage.below_minimum"},
    ),
    (
        "no rules for the destination",
        vacancy(destination={"country": "US"}, wage=wage("3000", "USD")),
        VERIFIED,
        {"rules.missing": "warn"},
        set(),
    ),
    (
        "KG at home, unconfirmed minimum",
        vacancy(
            destination={"country": "KG"},
            start_date="2026-06-01",
            wage=wage("3000", "KGS"),
            contract_languages=["ky"],
        ),
        VERIFIED,
        {"wage.below_minimum": "block"},
        set(),
    ),
    (
        "RU 45 h",
        vacancy(weekly_hours="45"),
        VERIFIED,
        {"hours.above_normal": "warn"},
        {"hours.above_maximum"},
    ),
    ("RU 40 h", vacancy(weekly_hours="40"), VERIFIED, {}, {"hours.above_normal"}),
    ("hours not stated", vacancy(weekly_hours=None), VERIFIED, {"hours.missing": "info"}, set()),
    (
        "KR 52 h: overtime, within maximum",
        vacancy(
            destination={"country": "KR"},
            wage=wage("3000000", "KRW"),
            weekly_hours="52",
            contract_languages=["ru"],
        ),
        VERIFIED,
        {"hours.above_normal": "warn"},
        {"hours.above_maximum"},
    ),
    (
        "KR 53 h",
        vacancy(
            destination={"country": "KR"},
            wage=wage("3000000", "KRW"),
            weekly_hours="53",
            contract_languages=["ru"],
        ),
        VERIFIED,
        {"hours.above_maximum": "block"},
        set(),
    ),
    (
        "GB 49 h",
        vacancy(
            destination={"country": "GB"},
            wage=wage("15", "GBP", "hour"),
            weekly_hours="49",
            isco08_code="9412",
        ),
        VERIFIED,
        {"hours.above_maximum": "block"},
        set(),
    ),
    (
        "RU deductions exactly 20%",
        vacancy(
            deductions=[
                {"kind": "housing", "amount": "18000", "currency": "RUB", "period": "month"}
            ]
        ),
        VERIFIED,
        {},
        {"deductions.excessive"},
    ),
    (
        "RU deductions above 20%",
        vacancy(
            deductions=[
                {"kind": "housing", "amount": "18001", "currency": "RUB", "period": "month"}
            ]
        ),
        VERIFIED,
        {"deductions.excessive": "block"},
        set(),
    ),
    (
        "RU weekly deductions add up",
        vacancy(
            deductions=[{"kind": "food", "amount": "4200", "currency": "RUB", "period": "week"}]
        ),
        VERIFIED,
        {"deductions.excessive": "block"},
        set(),
    ),
    (
        "RU daily deductions",
        vacancy(
            deductions=[{"kind": "transport", "amount": "500", "currency": "RUB", "period": "day"}]
        ),
        VERIFIED,
        {},
        {"deductions.excessive"},
    ),
    (
        "RU one-off spread over the contract",
        vacancy(
            contract_months=12,
            deductions=[
                {"kind": "uniform", "amount": "60000", "currency": "RUB", "period": "once"}
            ],
        ),
        VERIFIED,
        {},
        {"deductions.excessive"},
    ),
    (
        "GB deductions below the minimum",
        vacancy(
            destination={"country": "GB"},
            wage=wage("12.71", "GBP", "hour"),
            isco08_code="9412",
            deductions=[{"kind": "housing", "amount": "100", "currency": "GBP", "period": "month"}],
        ),
        VERIFIED,
        {"deductions.excessive": "block"},
        set(),
    ),
    (
        "deductions in another currency",
        vacancy(
            deductions=[{"kind": "housing", "amount": "50", "currency": "USD", "period": "month"}]
        ),
        VERIFIED,
        {"deductions.unverifiable": "warn"},
        set(),
    ),
    (
        "contract in English only",
        vacancy(contract_languages=["en"]),
        VERIFIED,
        {"contract.language_not_understood": "warn"},
        set(),
    ),
    (
        "contract language not given",
        vacancy(contract_languages=[]),
        VERIFIED,
        {"contract.language_not_understood": "warn"},
        set(),
    ),
    (
        "contract in Kyrgyz",
        vacancy(contract_languages=["ky"]),
        VERIFIED,
        {},
        {"contract.language_not_understood"},
    ),
    (
        "agency unknown",
        vacancy(agency_licence_number="X-1"),
        Parties("verified", "unknown"),
        {"agency.licence_invalid": "block"},
        set(),
    ),
    (
        "agency expired",
        vacancy(agency_licence_number="X-1"),
        Parties("verified", "expired"),
        {"agency.licence_invalid": "block"},
        set(),
    ),
    (
        "agency suspended",
        vacancy(agency_licence_number="X-1"),
        Parties("verified", "suspended"),
        {"agency.licence_invalid": "block"},
        set(),
    ),
    (
        "agency revoked",
        vacancy(agency_licence_number="X-1"),
        Parties("verified", "revoked"),
        {"agency.licence_invalid": "block"},
        set(),
    ),
    (
        "agency active",
        vacancy(agency_licence_number="X-1"),
        Parties("verified", "active"),
        {},
        {"agency.licence_invalid"},
    ),
    ("employer suspended", vacancy(), Parties("suspended"), {"employer.suspended": "block"}, set()),
    (
        "employer unverified",
        vacancy(),
        Parties("unverified"),
        {"employer.unverified": "warn"},
        set(),
    ),
    ("employer not named", vacancy(), Parties("absent"), {"employer.unverified": "warn"}, set()),
    (
        "KR EPS route and test",
        vacancy(
            destination={"country": "KR"}, wage=wage("2500000", "KRW"), contract_languages=["ru"]
        ),
        VERIFIED,
        {"route.kr.eps_e9": "info", "route.language_test": "info"},
        {"route.age_window"},
    ),
    (
        "KR EPS age window exceeded",
        vacancy(
            destination={"country": "KR"},
            wage=wage("2500000", "KRW"),
            contract_languages=["ru"],
            requirements={"age_min": 18, "age_max": 45},
        ),
        VERIFIED,
        {"route.age_window": "warn"},
        set(),
    ),
    (
        "KR route does not cover software developers",
        vacancy(
            destination={"country": "KR"},
            isco08_code="2512",
            wage=wage("4000000", "KRW"),
            contract_languages=["ru"],
        ),
        VERIFIED,
        {},
        {"route.kr.eps_e9"},
    ),
    (
        "GB seasonal worker within the route",
        vacancy(
            destination={"country": "GB"},
            isco08_code="9211",
            wage=wage("12.71", "GBP", "hour"),
            weekly_hours="32",
            contract_languages=["ru"],
        ),
        VERIFIED,
        {"route.gb.seasonal_worker": "info"},
        {"route.hours_below_guarantee", "route.rate_below_minimum"},
    ),
    (
        "GB seasonal worker, 30 h",
        vacancy(
            destination={"country": "GB"},
            isco08_code="9211",
            wage=wage("12.71", "GBP", "hour"),
            weekly_hours="30",
            contract_languages=["ru"],
        ),
        VERIFIED,
        {"route.hours_below_guarantee": "warn"},
        set(),
    ),
    (
        "GB seasonal worker under the route rate",
        vacancy(
            destination={"country": "GB"},
            isco08_code="6111",
            wage=wage("12.50", "GBP", "hour"),
            weekly_hours="40",
            contract_languages=["ru"],
            requirements={"age_min": 18, "age_max": 20},
        ),
        VERIFIED,
        {"route.rate_below_minimum": "warn"},
        {"wage.below_minimum"},
    ),
    (
        "GB kitchen job is not seasonal work",
        vacancy(destination={"country": "GB"}, isco08_code="9412", wage=wage("13", "GBP", "hour")),
        VERIFIED,
        {},
        {"route.gb.seasonal_worker"},
    ),
]


@pytest.mark.parametrize(
    ("case", "v", "parties", "expected", "absent"), CASES, ids=[c[0] for c in CASES]
)
def test_screening_table(
    case: str, v: VacancyIn, parties: Parties, expected: dict[str, str], absent: set[str]
) -> None:
    result = run(v, parties)
    got = found(result)
    for code, severity in expected.items():
        assert got.get(code) == severity, (case, got)
    assert not absent & set(got), (case, got)
    if not expected:
        assert not {c for c, s in got.items() if s in ("block", "warn")}, (case, got)
    for f in result.findings:
        assert set(f.message) == {"ky", "ru", "en"}
        assert all(text and "{" not in text for text in f.message.values()), f
        assert f.source


def test_table_covers_every_code() -> None:
    codes = {code for _, v, p, expected, _ in CASES for code in expected}
    templates = {k for k in TEMPLATES if k != "route.facts" and k.count(".") == 1}
    assert templates - codes == set()
    assert len(CASES) >= 60


def test_status_is_the_worst_severity() -> None:
    assert run(vacancy()).status == "ok"
    assert run(vacancy(weekly_hours="45")).status == "warning"
    assert run(vacancy(weekly_hours="45", wage=None)).status == "blocked"


def test_eaeu_route_fact_for_russia_and_kazakhstan() -> None:
    for country, currency in (("RU", "RUB"), ("KZ", "KZT")):
        result = run(vacancy(destination={"country": country}, wage=wage("300000", currency)))
        (route,) = [f for f in result.findings if f.code.endswith("eaeu_worker")]
        assert route.severity == "info"
        assert "97" in route.message["en"] and "97" in route.message["ru"]


def test_facts_explain_a_below_minimum_wage() -> None:
    (finding,) = [
        f
        for f in run(vacancy(wage=wage("155", period="hour"))).findings
        if f.code == "wage.below_minimum"
    ]
    assert finding.facts["required"] == "27093"
    assert finding.facts["weekly_hours_used"] == "40"
    assert finding.facts["rule_effective_from"] == "2026-01-01"
    assert "82-FZ" in finding.source
    assert finding.message["ru"].startswith("Зарплата 155,00\u00a0₽ в час ниже")


def test_start_date_absent_uses_today() -> None:
    result = run(vacancy(start_date=None))
    assert result.checked_on == TODAY


def test_every_rules_file_is_dated_sourced_and_marked() -> None:
    rules = all_rules()
    assert set(rules) >= {"RU", "KZ", "KR", "GB", "DE", "TR", "AE", "PL", "KG"}
    for country, ruleset in rules.items():
        entries = [*ruleset.minimum_wage, *ruleset.hours, *ruleset.deduction_cap, *ruleset.route]
        for entry in entries:
            assert entry.source and entry.effective_from, (country, entry)
            assert entry.verification in ("confirmed", "unconfirmed")
        for wage_rule in ruleset.minimum_wage:
            assert wage_rule.currency == ruleset.currency or ruleset.country == "PL"
    kg = rules_for("KG")
    assert kg is not None
    assert all(m.verification == "unconfirmed" for m in kg.minimum_wage)


def test_one_weekly_hours_figure_for_every_conversion_of_a_screening() -> None:
    from decimal import Decimal

    from jumush.compliance.engine import WEEKS_PER_MONTH

    # No weekly hours given: Türkiye's normal 45-hour week is used for the wage and the
    # deductions alike.
    v = vacancy(
        destination={"country": "TR"},
        wage=wage("200", "TRY", "hour"),
        weekly_hours=None,
        deductions=[{"kind": "housing", "amount": "8000", "currency": "TRY", "period": "month"}],
    )
    (excessive,) = [f for f in run(v).findings if f.code == "deductions.excessive"]
    assert Decimal(excessive.facts["monthly_wage"]) == Decimal(200) * 45 * WEEKS_PER_MONTH
