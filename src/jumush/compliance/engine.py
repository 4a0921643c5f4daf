"""Fair-recruitment screening of one vacancy: pure, no database.

`screen(vacancy, parties, today=...)` applies the destination's rules in force on the
vacancy's `start_date` (today when it has none) and the employer-pays principle, and returns a
Screening: `status` "ok" | "warning" | "blocked" and the findings, each with a stable `code`,
a `severity` ("block", "warn", "info"), messages in ky/ru/en, the `facts` it used and its
`source`.

Arithmetic is Decimal throughout and unrounded until the comparison. An hourly wage becomes
monthly as hourly x weekly hours x 52/12 (weeks a month); a monthly minimum is pro-rated for
part-time hours where the rules say the law does so. Currencies are converted only with an
official dated rate recorded in the rules; otherwise the wage is "unverifiable".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from jumush.compliance.messages import STATUS_WORDS, render
from jumush.compliance.ruleset import MinimumWage, RuleSet, rules_for
from jumush.registry.schemas import VacancyIn

Severity = Literal["block", "warn", "info"]
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
#: Working days a week assumed when a deduction is given per day.
DAYS_PER_WEEK = Decimal(5)
#: Languages Jumush's users read: a contract in neither may not be understood.
READ_LANGUAGES = {"ky", "ru"}

ILO_FAIR_RECRUITMENT = (
    "ILO General Principles and Operational Guidelines for Fair Recruitment and Definition of "
    "Recruitment Fees and Related Costs (2019), General Principle 7 and paras. 8-16; "
    "ILO C181 Private Employment Agencies Convention, 1997, Art. 7"
)
ILO_FORCED_LABOUR = (
    "ILO Indicators of Forced Labour (2012): retention of identity documents; "
    "ILO C029 Forced Labour Convention, 1930, and Protocol P029 (2014), Art. 2"
)
ILO_WAGES = "ILO C095 Protection of Wages Convention, 1949, Art. 8 (deductions) and Art. 9"


@dataclass(frozen=True)
class Parties:
    """What the registry knows of the vacancy's employer and agency on the check date.

    `employer`: "verified", "unverified", "suspended", or "absent" (none named).
    `agency`: None when no agency is named; else "active", "expired", "suspended", "revoked"
    or "unknown" (no agency holds the licence number).
    """

    employer: Literal["verified", "unverified", "suspended", "absent"] = "absent"
    agency: Literal["active", "expired", "suspended", "revoked", "unknown"] | None = None


@dataclass(frozen=True)
class Finding:
    """One finding: stable `code`, `severity`, `facts` (JSON-ready values it used), `source`
    (the law or standard) and `template`, the message template its `message` {ky, ru, en} is
    written from (rendered when asked for, so stored findings stay small)."""

    code: str
    severity: Severity
    facts: dict[str, Any]
    source: str
    template: str

    @property
    def message(self) -> dict[str, str]:
        return render(self.template, self.facts)

    def as_dict(self, *, messages: bool = True) -> dict[str, Any]:
        """The finding as JSON: with `messages` ({ky, ru, en}) to show, or with its
        `template` instead, to store."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "facts": self.facts,
            "source": self.source,
        }
        if messages:
            out["message"] = self.message
        else:
            out["template"] = self.template
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """A finding as `as_dict` stored it."""
        return cls(data["code"], data["severity"], data["facts"], data["source"], data["template"])


@dataclass
class Screening:
    """The outcome: findings, and `status` "blocked" (any block), "warning" (any warn) or
    "ok"; `checked_on` is the date whose rules were applied."""

    checked_on: dt.date
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> Literal["ok", "warning", "blocked"]:
        severities = {f.severity for f in self.findings}
        if "block" in severities:
            return "blocked"
        return "warning" if "warn" in severities else "ok"

    def as_dict(self, lang: str | None = None, *, messages: bool = True) -> dict[str, Any]:
        """{"status", "checked_on", "findings": [...]}. With `lang`, each finding's `message`
        is the string in that language and `messages` has all three; without `messages`,
        no message at all (the form that is stored)."""
        findings = []
        for f in self.findings:
            item = f.as_dict(messages=messages)
            if messages and lang is not None:
                item["messages"] = item["message"]
                item["message"] = item["messages"][lang]
            findings.append(item)
        return {
            "status": self.status,
            "checked_on": self.checked_on.isoformat(),
            "findings": findings,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Screening:
        """A screening as `as_dict(messages=False)` stored it."""
        return cls(
            dt.date.fromisoformat(data["checked_on"]),
            [Finding.from_dict(f) for f in data["findings"]],
        )


def _money(amount: Decimal, currency: str, period: str | None = None) -> str:
    text = f"{amount.quantize(Decimal('0.01')):,.2f}".replace(",", " ") + f" {currency}"
    return f"{text}/{period}" if period else text


def _rule_facts(rule: Any) -> dict[str, Any]:
    return {
        "rule_effective_from": rule.effective_from.isoformat(),
        "rule_verification": rule.verification,
        "rule_source_url": rule.source_url,
    }


class _Check:
    """One screening run; collects findings."""

    def __init__(
        self, vacancy: VacancyIn, parties: Parties, day: dt.date, isco08_code: str | None
    ) -> None:
        self.v = vacancy
        self.isco = isco08_code or vacancy.isco08_code
        self.parties = parties
        self.day = day
        #: The day whose minimum wages apply: `day`, or the start of the latest minimum the
        #: rules record when `day` is after it (wage()).
        self.minimum_day = day
        self.rules = rules_for(vacancy.destination.country)
        self.country = vacancy.destination.country
        self.findings: list[Finding] = []
        self.monthly_minimum: tuple[Decimal, str] | None = None

    def add(
        self,
        code: str,
        severity: Severity,
        facts: dict[str, Any],
        source: str,
        template: str | None = None,
    ) -> None:
        self.findings.append(Finding(code, severity, facts, source, template or code))

    # --- employer-pays, deposits, documents --------------------------------------------

    def fees(self) -> None:
        charged = [c for c in self.v.worker_costs if c.amount > 0]
        if charged:
            costs = ", ".join(f"{c.kind} {_money(c.amount, c.currency)}" for c in charged)
            self.add(
                "fee.charged_to_worker",
                "block",
                {
                    "costs": costs,
                    "items": [
                        {"kind": c.kind, "amount": str(c.amount), "currency": c.currency}
                        for c in charged
                    ],
                },
                ILO_FAIR_RECRUITMENT,
            )
        deposit = self.v.deposit_from_worker
        if deposit is not None and deposit.amount > 0:
            self.add(
                "deposit.required_from_worker",
                "block",
                {
                    "deposit": _money(deposit.amount, deposit.currency),
                    "amount": str(deposit.amount),
                    "currency": deposit.currency,
                },
                ILO_FAIR_RECRUITMENT,
            )
        if self.v.documents_held_by_employer:
            self.add("documents.retained", "block", {}, ILO_FORCED_LABOUR)

    # --- wage ---------------------------------------------------------------------------

    def _hours(self) -> tuple[Decimal | None, Decimal | None, Any]:
        """(normal weekly hours, maximum weekly hours, the hours rule) in force."""
        if self.rules is None:
            return None, None, None
        in_force = self.rules.in_force(self.rules.hours, self.day)
        if not in_force:
            return None, None, None
        rule = max(in_force, key=lambda h: h.effective_from)
        return rule.normal_weekly, rule.maximum_weekly, rule

    def _weekly_hours(self) -> Decimal:
        """The vacancy's weekly hours; when it gives none, the statutory normal week, else
        40. Every hour<->month conversion of one screening uses this same figure."""
        normal, _, _ = self._hours()
        return self.v.weekly_hours or normal or Decimal(40)

    def _convert(self, amount: Decimal, source: str, target: str) -> Decimal | None:
        if source == target:
            return amount
        if self.rules is None:
            return None
        rate = self.rules.rate(source, target, self.day)
        return None if rate is None else amount * rate.rate

    def _minimums(self, rules: RuleSet, basis: str) -> list[MinimumWage]:
        req = self.v.requirements
        low, high = req.age_min or 0, req.age_max or 200
        region = self.v.destination.region.upper()
        return [
            m
            for m in rules.in_force(rules.minimum_wage, self.minimum_day)
            if m.contract == "employment"
            and m.basis == basis
            and m.region in ("", region)
            and (m.age_min or 0) <= high
            and low <= (m.age_max or 200)
        ]

    def wage(self) -> None:
        wage = self.v.wage
        if wage is None:
            self.add("wage.missing", "block", {}, ILO_FAIR_RECRUITMENT)
            return
        if self.rules is None:
            self.add("rules.missing", "warn", {"country": self.country}, "Jumush rules data")
            return
        if not self.rules.minimum_wage:
            self.add(
                "wage.no_statutory_minimum",
                "info",
                {"country": self.country},
                self.rules.note or f"{self.rules.name}: no statutory minimum wage in the rules",
            )
            return
        if not self.rules.in_force(self.rules.minimum_wage, self.day):
            recorded = [m for m in self.rules.minimum_wage if m.effective_from <= self.day]
            if not recorded:
                # Before the earliest minimum the rules record: nothing to compare with.
                self.add(
                    "wage.minimum_not_recorded",
                    "warn",
                    {"country": self.country, "day": self.day.isoformat()},
                    f"{self.rules.name}: minimum wages recorded from "
                    f"{min(m.effective_from for m in self.rules.minimum_wage).isoformat()}",
                )
                return
            # After the latest minimum the rules record (next year's is not published yet):
            # compare with the latest, since a statutory minimum is not lowered in practice.
            since = max(m.effective_from for m in recorded)
            self.add(
                "wage.minimum_latest_recorded",
                "info",
                {"country": self.country, "day": self.day.isoformat(), "since": since.isoformat()},
                f"{self.rules.name}: minimum wage in force from {since.isoformat()}",
            )
            self.minimum_day = since
        basis = wage.basis or "gross"
        if wage.basis is None:
            self.add("wage.basis_unknown", "info", {}, "Jumush screening rule")
        minimums = self._minimums(self.rules, basis)
        net_against_gross = False
        if not minimums and basis == "net":
            minimums, net_against_gross = self._minimums(self.rules, "gross"), True
        normal, _, _ = self._hours()
        hours = self._weekly_hours()
        # (paid, required, monthly equivalent of required, rule) of the binding minimum.
        worst: tuple[Decimal, Decimal, Decimal, MinimumWage] | None = None
        for rule in minimums:
            amount = self._convert(wage.amount, wage.currency, rule.currency)
            if amount is None:
                self.add(
                    "wage.unverifiable",
                    "warn",
                    {
                        "currency": wage.currency,
                        "rule_currency": rule.currency,
                        **_rule_facts(rule),
                    },
                    rule.source,
                )
                return
            if rule.period == "month":
                paid = amount if wage.period == "month" else amount * hours * WEEKS_PER_MONTH
                required = rule.amount
                if (
                    rule.prorated_part_time
                    and normal
                    and self.v.weekly_hours is not None
                    and self.v.weekly_hours < normal
                ):
                    required = rule.amount * self.v.weekly_hours / normal
            else:
                paid = amount if wage.period == "hour" else amount / (hours * WEEKS_PER_MONTH)
                required = rule.amount
            monthly_required = (
                required if rule.period == "month" else rule.amount * hours * WEEKS_PER_MONTH
            )
            if worst is None or paid / required < worst[0] / worst[1]:
                worst = (paid, required, monthly_required, rule)
        if worst is None:
            return
        paid, required, monthly_required, rule = worst
        self.monthly_minimum = (monthly_required, rule.currency)
        if paid >= required:
            return
        facts = {
            "wage": _money(wage.amount, wage.currency, wage.period),
            "minimum": _money(required, rule.currency, rule.period),
            "country": self.country,
            "paid_in_rule_terms": str(paid),
            "required": str(required),
            "weekly_hours_used": str(hours),
            "basis": basis,
            "rule_basis": rule.basis,
            "rule_applies_to": rule.applies_to,
            **_rule_facts(rule),
        }
        if net_against_gross:
            self.add("wage.net_unclear", "warn", facts, rule.source)
        else:
            self.add("wage.below_minimum", "block", facts, rule.source)

    # --- hours and deductions -------------------------------------------------------------

    def hours(self) -> None:
        weekly = self.v.weekly_hours
        if weekly is None:
            self.add("hours.missing", "info", {}, "Jumush screening rule")
            return
        normal, maximum, rule = self._hours()
        if rule is None:
            return
        facts = {"hours": str(weekly), "country": self.country, **_rule_facts(rule)}
        if maximum is not None and weekly > maximum:
            self.add(
                "hours.above_maximum", "block", {**facts, "maximum": str(maximum)}, rule.source
            )
        elif normal is not None and weekly > normal:
            self.add("hours.above_normal", "warn", {**facts, "normal": str(normal)}, rule.source)

    def _monthly_deduction(self, amount: Decimal, period: str) -> Decimal:
        hours = self._weekly_hours()
        if period == "hour":
            return amount * hours * WEEKS_PER_MONTH
        if period == "day":
            return amount * DAYS_PER_WEEK * WEEKS_PER_MONTH
        if period == "week":
            return amount * WEEKS_PER_MONTH
        if period == "once":
            return amount / (self.v.contract_months or 1)
        return amount

    def deductions(self) -> None:
        wage = self.v.wage
        if not self.v.deductions or wage is None:
            return
        hours = self._weekly_hours()
        monthly_wage = (
            wage.amount if wage.period == "month" else wage.amount * hours * WEEKS_PER_MONTH
        )
        total = Decimal(0)
        for d in self.v.deductions:
            amount = d.amount if d.currency == wage.currency else None
            if amount is None and self.rules is not None:
                amount = self._convert(d.amount, d.currency, wage.currency)
            if amount is None:
                self.add("deductions.unverifiable", "warn", {"currency": d.currency}, ILO_WAGES)
                return
            total += self._monthly_deduction(amount, d.period)
        if self.rules is None or monthly_wage == 0:
            return
        share = total / monthly_wage
        facts = {
            "deductions": _money(total, wage.currency),
            "share": f"{share:.0%}",
            "monthly_wage": str(monthly_wage),
            "total_monthly": str(total),
        }
        caps = [
            (c.share_of_wage, c)
            for c in self.rules.in_force(self.rules.deduction_cap, self.day)
            if c.general and c.share_of_wage is not None
        ]
        if caps:
            cap_share, cap = min(caps, key=lambda pair: pair[0])
            if share > cap_share:
                self.add(
                    "deductions.excessive",
                    "block",
                    {**facts, "cap": f"{cap_share:.0%}", "variant": "cap", **_rule_facts(cap)},
                    f"{cap.source}; {ILO_WAGES}",
                )
                return
        if self.monthly_minimum is not None:
            minimum, currency = self.monthly_minimum
            minimum_in_wage = self._convert(minimum, currency, wage.currency)
            left = monthly_wage - total
            if minimum_in_wage is not None and left < minimum_in_wage:
                self.add(
                    "deductions.excessive",
                    "block",
                    {
                        **facts,
                        "left": _money(left, wage.currency),
                        "minimum": _money(minimum_in_wage, wage.currency),
                        "variant": "minimum",
                    },
                    ILO_WAGES,
                    template="deductions.excessive.minimum",
                )

    # --- contract, parties, routes ---------------------------------------------------------

    def contract(self) -> None:
        languages = self.v.contract_languages
        if not READ_LANGUAGES & set(languages):
            self.add(
                "contract.language_not_understood",
                "warn",
                {"languages": ", ".join(languages) or "—", "contract_languages": languages},
                "ILO General Principles and Operational Guidelines for Fair Recruitment "
                "(2019), Operational Guideline 7.2: contracts in a language the worker understands",
            )

    def parties_(self) -> None:
        agency = self.parties.agency
        if agency is not None and agency != "active":
            words = STATUS_WORDS[agency]
            self.add(
                "agency.licence_invalid",
                "block",
                {
                    "licence": self.v.agency_licence_number or "",
                    "status": agency,
                    "date": self.day.isoformat(),
                    "status_en": words["en"],
                    "status_ru": words["ru"],
                    "status_ky": words["ky"],
                },
                "ILO C181 Art. 3 (licensing of private employment agencies); national register",
            )
        employer = self.parties.employer
        if employer == "suspended":
            self.add("employer.suspended", "block", {}, "Jumush registry: employer suspended")
        elif employer in ("unverified", "absent"):
            self.add(
                "employer.unverified",
                "warn",
                {"employer": employer},
                "Jumush registry: employer verification",
            )

    def routes(self) -> None:
        if self.rules is None:
            return
        isco = self.isco
        req = self.v.requirements
        for route in self.rules.in_force(self.rules.route, self.day):
            if not route.covers(isco):
                continue
            base = {"route": route.name, "route_code": route.code, **_rule_facts(route)}
            self.add(
                f"route.{route.code}",
                "info",
                {
                    **base,
                    "facts_en": route.summary_en or route.name,
                    "facts_ru": route.summary_ru or route.name,
                    "facts_ky": route.summary_ky or route.name,
                },
                route.source,
                template="route.facts",
            )
            low, high = req.age_min, req.age_max
            too_young = low is not None and route.age_min is not None and low < route.age_min
            too_old = high is not None and route.age_max is not None and high > route.age_max
            if too_young or too_old:
                self.add(
                    "route.age_window",
                    "warn",
                    {
                        **base,
                        "ages": f"{'—' if low is None else low}–{'—' if high is None else high}",
                        "route_ages": f"{route.age_min or '—'}–{route.age_max or '—'}",
                    },
                    route.source,
                )
            if route.language_test:
                self.add(
                    "route.language_test",
                    "info",
                    {**base, "test": route.language_test},
                    route.source,
                )
            wage = self.v.wage
            if route.min_hourly_rate is not None and wage is not None:
                hours = self._weekly_hours()
                hourly = (
                    wage.amount
                    if wage.period == "hour"
                    else wage.amount / (hours * WEEKS_PER_MONTH)
                )
                hourly_in = self._convert(hourly, wage.currency, self.rules.currency)
                if hourly_in is not None and hourly_in < route.min_hourly_rate:
                    self.add(
                        "route.rate_below_minimum",
                        "warn",
                        {
                            **base,
                            "rate": _money(hourly_in, self.rules.currency, "hour"),
                            "minimum": _money(route.min_hourly_rate, self.rules.currency, "hour"),
                        },
                        route.source,
                    )
            guaranteed = route.guaranteed_weekly_hours
            if guaranteed is not None and self.v.weekly_hours is not None:
                if self.v.weekly_hours < guaranteed:
                    self.add(
                        "route.hours_below_guarantee",
                        "warn",
                        {**base, "hours": str(self.v.weekly_hours), "guaranteed": str(guaranteed)},
                        route.source,
                    )


def screen(
    vacancy: VacancyIn, parties: Parties, *, today: dt.date, isco08_code: str | None = None
) -> Screening:
    """Screen a vacancy against the rules in force on its start date (else `today`).

    `isco08_code` is the vacancy's coded unit group when the record itself has none (route
    rules depend on the occupation). Never raises for a valid VacancyIn.
    """
    day = vacancy.start_date or today
    check = _Check(vacancy, parties, day, isco08_code)
    for step in (
        check.fees,
        check.wage,
        check.hours,
        check.deductions,
        check.contract,
        check.parties_,
        check.routes,
    ):
        step()
    return Screening(day, check.findings)


def codes(findings: Iterable[Finding]) -> list[str]:
    """The finding codes, in order (handy in tests and logs)."""
    return [f.code for f in findings]
