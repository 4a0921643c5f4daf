"""Matching score of one worker for one vacancy: hard constraints first, then components in
[0, 1] combined by configurable weights; the breakdown is the explanation.

Pure: profiles are plain data built from the registry elsewhere. A profile carries no sex,
ethnicity, religion or marital status, so none of them can enter the score.

Components (each in [0, 1]):
- occupation: the ISCO-08 tree distance of the closest of the worker's occupations (same unit
  group 1.0, minor group 0.75, sub-major 0.5, major 0.25, else 0), 1.0 for the same ESCO
  occupation;
- skills: share of the vacancy's required ESCO skills the worker declares (1.0 when it asks
  none);
- experience: months in the matched occupation against the months required (capped at 1);
- languages: for each required language, 1 when the worker's CEFR level reaches it, less per
  level short (ordinal A1..C2);
- wage: 1 when the vacancy's monthly wage reaches the worker's lowest acceptable wage, falling
  linearly to 0 at half of it; in another currency the wage is converted at the official rate
  the destination's compliance rules record; 0.5 (unknown) without one, or when the
  vacancy gives no wage;
- destination: 1 when the vacancy's country is one the worker wants (or the worker names none);
- availability: 1 when the worker is available by the start date;
- readiness: 1 when the passport is valid for the whole contract.
Hard constraints (a vacancy failing one is not offered): published (so never blocked by
screening), open positions, the age window on the start date, and the driving licence
categories asked for (compared as categories, never as letters in text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

CEFR_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}

#: Default weights (configurable): occupation dominates, as in public employment services'
#: matching (the job must fit the trade), then skills, experience and language.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "occupation": 0.35,
    "skills": 0.15,
    "experience": 0.12,
    "languages": 0.12,
    "wage": 0.10,
    "destination": 0.08,
    "availability": 0.04,
    "readiness": 0.04,
}


@dataclass(frozen=True)
class Occupation:
    """One of a worker's occupations: ISCO-08 unit group, ESCO URI or None, months."""

    isco08_code: str
    esco_uri: str | None
    months: int


@dataclass(frozen=True)
class WorkerProfile:
    """What matching reads of a worker. `min_monthly_wage` is (amount, ISO 4217 currency)."""

    id: str
    birth_date: dt.date
    occupations: tuple[Occupation, ...]
    skills: frozenset[str] = frozenset()
    languages: Mapping[str, str] = field(default_factory=dict)
    licences: frozenset[str] = frozenset()
    destinations: frozenset[str] = frozenset()
    min_monthly_wage: tuple[Decimal, str] | None = None
    available_from: dt.date | None = None
    passport_expiry: dt.date | None = None


@dataclass(frozen=True)
class VacancyProfile:
    """What matching reads of a vacancy. `monthly_wage` is (amount, currency) per month
    (hourly wages converted with the vacancy's weekly hours x 52/12); `monthly_wage_in` the
    same amount in other currencies ({ISO 4217: amount}) at the official rates the
    destination's compliance rules record (compliance/ruleset.py RuleSet.rate), as the
    screening converts."""

    id: int
    isco08_code: str | None
    esco_uri: str | None
    country: str
    status: str = "published"
    open_positions: int = 1
    skills: frozenset[str] = frozenset()
    experience_months: int = 0
    languages: Mapping[str, str] = field(default_factory=dict)
    licences: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    monthly_wage: tuple[Decimal, str] | None = None
    monthly_wage_in: Mapping[str, Decimal] = field(default_factory=dict)
    start_date: dt.date | None = None
    contract_months: int | None = None


@dataclass(frozen=True)
class Match:
    """A scored pair: `total` in [0, 1], the `components`, and the reasons (at most three
    sentences per language, ky/ru/en): `reasons` addressed to the worker, `employer_reasons`
    about the worker, for the employer or agency reading a list of candidates."""

    worker_id: str
    vacancy_id: int
    total: float
    components: Mapping[str, float]
    reasons: Mapping[str, tuple[str, ...]]
    employer_reasons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def refusal(worker: WorkerProfile, vacancy: VacancyProfile, today: dt.date) -> str | None:
    """Why the vacancy may not be offered to the worker, or None. Codes: "not_published",
    "no_positions", "age", "driving_licence"."""
    if vacancy.status != "published":
        return "not_published"
    if vacancy.open_positions < 1:
        return "no_positions"
    age = age_on(worker.birth_date, vacancy.start_date or today)
    if (vacancy.age_min is not None and age < vacancy.age_min) or (
        vacancy.age_max is not None and age > vacancy.age_max
    ):
        return "age"
    if not vacancy.licences <= worker.licences:
        return "driving_licence"
    return None


def occupation_fit(
    worker: WorkerProfile, vacancy: VacancyProfile
) -> tuple[float, Occupation | None]:
    """(score, the worker's occupation that fits best)."""
    best, chosen = 0.0, None
    code = vacancy.isco08_code
    if code is None:
        return 0.0, None
    for occ in worker.occupations:
        if vacancy.esco_uri is not None and occ.esco_uri == vacancy.esco_uri:
            fit = 1.0
        else:
            shared = next((n for n in (4, 3, 2, 1) if occ.isco08_code[:n] == code[:n]), 0)
            fit = {4: 1.0, 3: 0.75, 2: 0.5, 1: 0.25, 0: 0.0}[shared]
        if fit > best or (fit == best and chosen is not None and occ.months > chosen.months):
            best, chosen = fit, occ
    return best, chosen


def _languages(
    worker: WorkerProfile, vacancy: VacancyProfile
) -> tuple[float, list[tuple[str, str, str | None]]]:
    if not vacancy.languages:
        return 1.0, []
    shortfalls = []
    total = 0.0
    for lang, level in vacancy.languages.items():
        need = CEFR_RANK[level]
        have_level = worker.languages.get(lang)
        have = CEFR_RANK.get(have_level or "", 0)
        total += 1.0 if have >= need else max(0.0, 1 - (need - have) / need)
        if have < need:
            shortfalls.append((lang, level, have_level))
    return total / len(vacancy.languages), shortfalls


def combine(components: Mapping[str, Any], weights: Mapping[str, float]) -> Any:
    """The weighted mean of the components: floats give a float, NumPy arrays (one value
    per vacancy) give an array. The one formula for `score` and the index."""
    weight_sum = sum(weights.values()) or 1.0
    return sum(weights.get(k, 0.0) * v for k, v in components.items()) / weight_sum


def score(
    worker: WorkerProfile,
    vacancy: VacancyProfile,
    *,
    today: dt.date,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> Match:
    """Score one pair (call `refusal` first: this does not apply hard constraints)."""
    occ_fit, occ = occupation_fit(worker, vacancy)
    skills = len(vacancy.skills & worker.skills) / len(vacancy.skills) if vacancy.skills else 1.0
    months = occ.months if occ is not None and occ_fit >= 0.75 else 0
    experience = min(1.0, months / vacancy.experience_months) if vacancy.experience_months else 1.0
    languages, short = _languages(worker, vacancy)
    wage = 1.0  # the worker names no lowest wage
    wage_known = True
    if worker.min_monthly_wage is not None:
        wanted, currency = worker.min_monthly_wage
        offered = None
        if vacancy.monthly_wage is not None:
            amount, offered_currency = vacancy.monthly_wage
            offered = (
                amount if offered_currency == currency else vacancy.monthly_wage_in.get(currency)
            )
        if offered is None:
            wage, wage_known = 0.5, False  # unknown in the worker's currency
        elif offered < wanted:
            wage = max(0.0, float(2 * offered / wanted - 1)) if wanted else 1.0
    destination = 1.0 if not worker.destinations or vacancy.country in worker.destinations else 0.0
    start = vacancy.start_date or today
    availability = 1.0 if worker.available_from is None or worker.available_from <= start else 0.0
    readiness = 1.0
    if vacancy.country != "KG":
        months_needed = vacancy.contract_months or 12
        ends = start + dt.timedelta(days=round(months_needed * 30.44))
        readiness = (
            1.0 if worker.passport_expiry is not None and worker.passport_expiry >= ends else 0.0
        )
    components = {
        "occupation": occ_fit,
        "skills": skills,
        "experience": experience,
        "languages": languages,
        "wage": wage,
        "destination": destination,
        "availability": availability,
        "readiness": readiness,
    }
    return Match(
        worker.id,
        vacancy.id,
        round(float(combine(components, weights)), 6),
        components,
        _reasons(components, months, vacancy, short, wage_known, to_worker=True),
        _reasons(components, months, vacancy, short, wage_known, to_worker=False),
    )


def _reasons(
    c: Mapping[str, float],
    months: int,
    v: VacancyProfile,
    short: list[tuple[str, str, str | None]],
    wage_known: bool,
    *,
    to_worker: bool,
) -> dict[str, tuple[str, ...]]:
    """Up to three sentences per language: to the worker ("your experience") or, for the
    employer, about the worker ("experience")."""
    out: dict[str, list[str]] = {"ky": [], "ru": [], "en": []}

    def say(worker: tuple[str, str, str], employer: tuple[str, str, str]) -> None:
        for lang, sentence in zip(
            ("ky", "ru", "en"), worker if to_worker else employer, strict=True
        ):
            out[lang].append(sentence)

    if c["occupation"] >= 0.75 and months:
        say(
            (
                f"Тажрыйбаңыз: {months} ай ушул кесипте",
                f"Ваш опыт: {months} мес. по этой профессии",
                f"Your experience: {months} months in this occupation",
            ),
            (
                f"Тажрыйбасы: {months} ай ушул кесипте",
                f"Опыт: {months} мес. по этой профессии",
                f"Experience: {months} months in this occupation",
            ),
        )
    elif c["occupation"] < 0.5:
        say(
            (
                "Кесибиңиз бул жумушка дал келбейт",
                "Ваша профессия не совпадает с этой работой",
                "Your occupation differs from this job",
            ),
            (
                "Кесиби бул жумушка дал келбейт",
                "Профессия не совпадает с вакансией",
                "Their occupation differs from this job",
            ),
        )
    for lang, level, have in short[:1]:
        mine = have or "—"
        say(
            (
                f"{lang} тили {level} деңгээлинде керек — сизде {mine}",
                f"Требуется {lang} {level} — у вас {mine}",
                f"{lang} {level} is required — you have {mine}",
            ),
            (
                f"{lang} тили {level} деңгээлинде керек — анда {mine}",
                f"Требуется {lang} {level} — у кандидата {mine}",
                f"{lang} {level} is required — they have {mine}",
            ),
        )
    if c["wage"] < 1.0 and wage_known:
        say(
            (
                "Айлык сиз күткөндөн аз",
                "Зарплата ниже той, на которую вы согласны",
                "The wage is below what you accept",
            ),
            (
                "Айлык анын күткөнүнөн аз",
                "Зарплата ниже той, на которую согласен кандидат",
                "The wage is below what they accept",
            ),
        )
    if c["readiness"] < 1.0:
        say(
            (
                "Паспортуңуз келишимдин аягына чейин жарактуу эмес",
                "Паспорт не действует до конца договора",
                "Your passport is not valid for the whole contract",
            ),
            (
                "Паспорту келишимдин аягына чейин жарактуу эмес",
                "Паспорт кандидата не действует до конца договора",
                "Their passport is not valid for the whole contract",
            ),
        )
    if c["destination"] < 1.0:
        say(
            (
                f"Өлкө ({v.country}) сиз тандаган өлкөлөрдүн ичинде жок",
                f"Страна ({v.country}) не из тех, что вы выбрали",
                f"The country ({v.country}) is not one you chose",
            ),
            (
                f"Ал {v.country} өлкөсүн тандаган эмес",
                f"Кандидат не выбирал страну {v.country}",
                f"They did not choose {v.country}",
            ),
        )
    if c["availability"] < 1.0:
        say(
            (
                "Сиз иштей баштоо күнүнө даяр эмессиз",
                "Вы не сможете начать к дате начала работы",
                "You are not available by the start date",
            ),
            (
                "Иштей баштоо күнүнө даяр эмес",
                "Кандидат не сможет начать к дате начала работы",
                "They are not available by the start date",
            ),
        )
    return {lang: tuple(sentences[:3]) for lang, sentences in out.items()}
