"""Matching score of one worker for one vacancy: hard constraints first, then components in
[0, 1] combined by configurable weights; the breakdown is the explanation.

Pure: profiles are plain data built from the registry elsewhere. A profile carries no sex,
ethnicity, religion or marital status, so none of them can enter the score.

Components (each in [0, 1]; combined by `combine`, which counts the others in proportion to
the occupation fit):
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
from functools import lru_cache
from typing import Any

import numpy as np
from babel import Locale

CEFR_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}
HOME_COUNTRY = "KG"

#: Driving licence categories a category also entitles its holder to drive, as Directive
#: 2006/126/EC on driving licences, Art. 4 and 6(2), and the Vienna Convention on Road
#: Traffic (1968), Annex 6, have them: A covers A1; C covers C1; D covers D1; CE covers
#: C1E and BE; DE covers D1E and BE; C1E and D1E cover BE.
LICENCE_COVERS: Mapping[str, frozenset[str]] = {
    "A": frozenset({"A1"}),
    "C": frozenset({"C1"}),
    "D": frozenset({"D1"}),
    "CE": frozenset({"C1E", "BE"}),
    "DE": frozenset({"D1E", "BE"}),
    "C1E": frozenset({"BE"}),
    "D1E": frozenset({"BE"}),
}


def licences_held(categories: frozenset[str]) -> frozenset[str]:
    """The categories a worker may drive: those held and those they cover (LICENCE_COVERS)."""
    out = set(categories)
    for c in categories:
        out |= LICENCE_COVERS.get(c, frozenset())
    return frozenset(out)


def start_of(vacancy: VacancyProfile, today: dt.date) -> dt.date:
    """The day the job starts for matching: its start date, or today when it has none or
    it has passed (the age, availability and passport are judged from then)."""
    return max(vacancy.start_date or today, today)


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
    age = age_on(worker.birth_date, start_of(vacancy, today))
    if (vacancy.age_min is not None and age < vacancy.age_min) or (
        vacancy.age_max is not None and age > vacancy.age_max
    ):
        return "age"
    if not vacancy.licences <= licences_held(worker.licences):
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
    """The total: the weighted mean of the components, each component other than occupation
    counted in proportion to the occupation fit (fully at fit 1, half at fit 0), so that a
    job in another trade cannot rank high for asking nothing. Floats give a float, NumPy
    arrays (one value per record) give an array. The one formula for `score` and the
    indexes (whose pruning bound is `ceiling`)."""
    weight_sum = sum(weights.values()) or 1.0
    fit = components["occupation"]
    rest = sum(weights.get(k, 0.0) * v for k, v in components.items() if k != "occupation")
    return (weights.get("occupation", 0.0) * fit + (0.5 + 0.5 * fit) * rest) / weight_sum


def rounded(total: Any) -> Any:
    """Totals rounded to 6 decimals the one way (NumPy's, for floats and arrays alike), so
    that `score` and the indexes rank ties identically."""
    return np.round(total, 6)


def ceiling(fit: float, weights: Mapping[str, float], lost: float = 0.0) -> float:
    """The best total a record of this occupation fit can reach when the components whose
    weights sum to `lost` are 0 and the others 1 (`combine`)."""
    weight_sum = sum(weights.values()) or 1.0
    rest = weight_sum - weights.get("occupation", 0.0) - lost
    return (weights.get("occupation", 0.0) * fit + (0.5 + 0.5 * fit) * rest) / weight_sum


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
    wage_note = ""  # why the wage falls short: "below", "no_wage", "other_currency"
    if worker.min_monthly_wage is not None:
        wanted, currency = worker.min_monthly_wage
        offered = None
        if vacancy.monthly_wage is not None:
            amount, offered_currency = vacancy.monthly_wage
            offered = (
                amount if offered_currency == currency else vacancy.monthly_wage_in.get(currency)
            )
        if offered is None:  # unknown in the worker's currency
            wage = 0.5
            wage_note = "no_wage" if vacancy.monthly_wage is None else "other_currency"
        elif offered < wanted:
            # In floats, as the indexes compute it, so that both round alike.
            wage = max(0.0, 2 * (float(offered) / float(wanted)) - 1) if wanted else 1.0
            wage_note = "below"
    destination = 1.0 if not worker.destinations or vacancy.country in worker.destinations else 0.0
    start = start_of(vacancy, today)
    availability = 1.0 if worker.available_from is None or worker.available_from <= start else 0.0
    readiness = 1.0
    if vacancy.country != HOME_COUNTRY:
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
        float(rounded(combine(components, weights))),
        components,
        *(
            _reasons(
                components,
                weights,
                _Facts(
                    months,
                    len(vacancy.skills & worker.skills),
                    short,
                    wage_note,
                    worker.passport_expiry is not None,
                ),
                vacancy,
                to_worker=to_worker,
            )
            for to_worker in (True, False)
        ),
    )


@dataclass(frozen=True)
class _Facts:
    """What the reasons say beyond the components: months in the matched occupation, how
    many required skills the worker has, the language shortfalls (language, level asked,
    level held), why the wage falls short, whether a passport is on record."""

    months: int
    skills_had: int
    short: list[tuple[str, str, str | None]]
    wage_note: str
    has_passport: bool


@lru_cache(maxsize=4096)
def _language_name(code: str, lang: str) -> str:
    """The language's name in the reader's language (CLDR via Babel), else its code."""
    name = str(Locale.parse(lang).languages.get(code, code))
    return name[:1].upper() + name[1:] if lang == "ky" else name


@lru_cache(maxsize=4096)
def _country_name(code: str, lang: str) -> str:
    """The country's name in the reader's language (CLDR via Babel), else its code."""
    return str(Locale.parse(lang).territories.get(code, code))


def _months_en(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


def _reasons(
    c: Mapping[str, float],
    weights: Mapping[str, float],
    facts: _Facts,
    v: VacancyProfile,
    *,
    to_worker: bool,
) -> dict[str, tuple[str, ...]]:
    """Up to three sentences per language, to the worker ("your experience") or, for the
    employer, about the worker ("experience"): first what fits (experience in the same
    occupation), then what falls short, the costliest first (weight x shortfall)."""
    lines: list[tuple[float, dict[str, str]]] = []  # (cost, {lang: sentence}); cost -1 first

    def say(cost: float, worker: tuple[str, str, str], employer: tuple[str, str, str]) -> None:
        chosen = worker if to_worker else employer
        lines.append((cost, dict(zip(("ky", "ru", "en"), chosen, strict=True))))

    def cost(component: str) -> float:
        return weights.get(component, 0.0) * (1.0 - c[component])

    m, need = facts.months, v.experience_months
    fit = c["occupation"]
    if v.isco08_code is None:
        say(
            cost("occupation"),
            (
                "Бул жумуштун кесиби аныкталган эмес",
                "Профессия в этой вакансии не определена",
                "This job's occupation is not coded",
            ),
            (
                "Вакансиянын кесиби аныкталган эмес",
                "Профессия в вакансии не определена",
                "The vacancy's occupation is not coded",
            ),
        )
    elif fit == 1.0 and m:
        say(
            -1.0,
            (
                f"Тажрыйбаңыз: {m} ай ушул кесипте",
                f"Ваш опыт: {m} мес. по этой профессии",
                f"Your experience: {_months_en(m)} in this occupation",
            ),
            (
                f"Тажрыйбасы: {m} ай ушул кесипте",
                f"Опыт: {m} мес. по этой профессии",
                f"Experience: {_months_en(m)} in this occupation",
            ),
        )
    elif fit == 0.75:
        say(
            cost("occupation"),
            (
                "Бул жумуш кесибиңизге жакын",
                "Работа близка к вашей профессии",
                "The job is close to your occupation",
            ),
            (
                "Кесиби бул жумушка жакын",
                "Профессия кандидата близка к требуемой",
                "Their occupation is close to this job",
            ),
        )
    elif fit > 0:
        say(
            cost("occupation"),
            (
                "Бул жумуш кесибиңизге анча жакын эмес",
                "Работа лишь отчасти связана с вашей профессией",
                "The job is only loosely related to your occupation",
            ),
            (
                "Кесиби бул жумушка анча жакын эмес",
                "Профессия кандидата лишь отчасти связана с вакансией",
                "Their occupation is only loosely related to this job",
            ),
        )
    else:
        say(
            cost("occupation"),
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
    if c["experience"] < 1.0:
        say(
            cost("experience"),
            (
                f"{need} ай тажрыйба керек — сизде {m}",
                f"Требуется опыт {need} мес. — у вас {m}",
                f"{_months_en(need)} of experience required — you have {m}",
            ),
            (
                f"{need} ай тажрыйба керек — анда {m} ай",
                f"Требуется опыт {need} мес. — у кандидата {m}",
                f"{_months_en(need)} of experience required — they have {m}",
            ),
        )
    if c["skills"] < 1.0:
        n, had = len(v.skills), facts.skills_had
        say(
            cost("skills"),
            (
                f"Талап кылынган {n} көндүмдүн {had} бар",
                f"У вас {had} из {n} требуемых навыков",
                f"You have {had} of the {n} skills asked for",
            ),
            (
                f"Талап кылынган {n} көндүмдүн {had} бар",
                f"У кандидата {had} из {n} требуемых навыков",
                f"They have {had} of the {n} skills asked for",
            ),
        )
    for code, level, have in facts.short[:1]:
        names = {lang: _language_name(code, lang) for lang in ("ky", "ru", "en")}
        mine = {"ky": have or "жок", "ru": have or "нет", "en": have or "none recorded"}
        say(
            cost("languages"),
            (
                f"{names['ky']} {level} деңгээлинде керек — сизде {mine['ky']}",
                f"Требуется {names['ru']} {level} — у вас {mine['ru']}",
                f"{names['en']} {level} is required — you have {mine['en']}",
            ),
            (
                f"{names['ky']} {level} деңгээлинде керек — анын деңгээли {mine['ky']}",
                f"Требуется {names['ru']} {level} — у кандидата {mine['ru']}",
                f"{names['en']} {level} is required — they have {mine['en']}",
            ),
        )
    if facts.wage_note == "below":
        say(
            cost("wage"),
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
    elif facts.wage_note:
        none = facts.wage_note == "no_wage"
        say(
            cost("wage"),
            (
                "Айлык көрсөтүлгөн эмес" if none else "Айлык башка валютада: салыштырууга болбойт",
                "Зарплата не указана" if none else "Зарплата в другой валюте: сравнить нельзя",
                "No wage is given" if none else "The wage is in another currency: not compared",
            ),
            (
                "Айлык көрсөтүлгөн эмес" if none else "Айлык башка валютада: салыштырууга болбойт",
                "Зарплата не указана" if none else "Зарплата в другой валюте: сравнить нельзя",
                "No wage is given" if none else "The wage is in another currency: not compared",
            ),
        )
    if c["destination"] < 1.0:
        country = {lang: _country_name(v.country, lang) for lang in ("ky", "ru", "en")}
        say(
            cost("destination"),
            (
                f"{country['ky']} сиз тандаган өлкөлөрдүн ичинде жок",
                f"{country['ru']} — не из тех стран, что вы выбрали",
                f"{country['en']} is not a country you chose",
            ),
            (
                f"Ал {country['ky']} өлкөсүн тандаган эмес",
                f"Кандидат не выбирал страну {country['ru']}",
                f"They did not choose {country['en']}",
            ),
        )
    if c["availability"] < 1.0:
        say(
            cost("availability"),
            (
                "Сиз иш башталгандан кийин гана даяр болосуз",
                "Вы сможете приступить только после даты начала работы",
                "You are available only after the start date",
            ),
            (
                "Ал иш башталгандан кийин гана даяр",
                "Кандидат сможет приступить только после даты начала работы",
                "They are available only after the start date",
            ),
        )
    if c["readiness"] < 1.0:
        passport = facts.has_passport
        say(
            cost("readiness"),
            (
                "Паспортуңуз келишимдин аягына чейин жарактуу эмес"
                if passport
                else "Паспортуңуз катталган эмес",
                "Паспорт не действует до конца договора" if passport else "Паспорт не указан",
                "Your passport is not valid for the whole contract"
                if passport
                else "No passport is recorded",
            ),
            (
                "Паспорту келишимдин аягына чейин жарактуу эмес"
                if passport
                else "Паспорту катталган эмес",
                "Паспорт кандидата не действует до конца договора"
                if passport
                else "Паспорт кандидата не указан",
                "Their passport is not valid for the whole contract"
                if passport
                else "No passport is recorded for them",
            ),
        )
    # What fits first (cost -1), then the shortfalls, costliest first.
    ordered = [s for _, s in sorted(lines, key=lambda line: (line[0] >= 0, -line[0]))]
    return {
        lang: tuple(sentences[lang] for sentences in ordered[:3]) for lang in ("ky", "ru", "en")
    }
