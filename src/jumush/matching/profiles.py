"""Matching profiles from the registry, and the ranked lists the API and the CLI show.

`worker_profile(worker)` and `vacancy_profile(vacancy)` read what matching needs and nothing
else (no sex, ethnicity, religion or marital status). The rankings come from the
process-wide indexes of live.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils import timezone

from jumush.compliance.engine import WEEKS_PER_MONTH
from jumush.compliance.ruleset import rules_for
from jumush.core.errors import Conflict
from jumush.matching import live
from jumush.matching.score import HOME_COUNTRY, Occupation, VacancyProfile, WorkerProfile, score
from jumush.registry.models import Vacancy, VacancyStatus, Worker


def worker_profile(worker: Worker) -> WorkerProfile:
    """The worker as matching reads it: occupations, skills, CEFR levels, licences, wanted
    destinations, lowest acceptable monthly wage, availability and passport expiry (fetch
    the worker with registry.queries.get_worker, which prefetches these)."""
    return WorkerProfile(
        id=str(worker.public_id),
        birth_date=worker.birth_date,
        occupations=tuple(
            Occupation(
                o.isco_group_id,
                o.esco_occupation.uri if o.esco_occupation else None,
                o.experience_months,
            )
            for o in worker.occupations.all()
        ),
        skills=frozenset(s.skill.uri for s in worker.skills.all()),
        languages={lang.language_id: lang.cefr_id for lang in worker.languages.all()},
        licences=frozenset(worker.driving_licences),
        destinations=frozenset(d.country_id for d in worker.destinations.all()),
        min_monthly_wage=(
            (worker.min_wage_amount, worker.min_wage_currency_id)
            if worker.min_wage_amount is not None and worker.min_wage_currency_id
            else None
        ),
        available_from=worker.available_from,
        passport_expiry=worker.passport_expiry,
    )


def monthly_wage(vacancy: Vacancy) -> tuple[Decimal, str] | None:
    """The vacancy's wage per month (an hourly wage x weekly hours, else 40, x 52/12)."""
    if vacancy.wage_amount is None or not vacancy.wage_currency_id:
        return None
    if vacancy.wage_period == "hour":
        hours = vacancy.weekly_hours or Decimal(40)
        return vacancy.wage_amount * hours * WEEKS_PER_MONTH, vacancy.wage_currency_id
    return vacancy.wage_amount, vacancy.wage_currency_id


@lru_cache(maxsize=512)
def _rates(country: str, currency: str, day: dt.date) -> tuple[tuple[str, Decimal], ...]:
    """((currency, rate), ...): 1 `currency` in each other currency the destination's
    compliance rules give an official rate for on `day` (RuleSet.rate, as the screening
    converts)."""
    rules = rules_for(country)
    if rules is None:
        return ()
    others = {r.to_currency for r in rules.exchange_rate} | {
        r.from_currency for r in rules.exchange_rate
    }
    found = ((other, rules.rate(currency, other, day)) for other in sorted(others - {currency}))
    return tuple((other, rate.rate) for other, rate in found if rate is not None)


#: Nobody under 18 is offered a job abroad: recruitment abroad of children is among the
#: worst forms of child labour (ILO Convention 182, Art. 3(a), trafficking) and most jobs
#: migrants are recruited for are hazardous work, barred under 18 (ILO Convention 138,
#: Art. 3(1)); private employment agencies must not supply child labour (ILO Convention
#: 181, Art. 9).
MIN_AGE_ABROAD = 18


@lru_cache(maxsize=8192)
def legal_ages(country: str, isco08_code: str | None, day: dt.date) -> tuple[int, int | None]:
    """(youngest, oldest or None) a worker may be for a job in `country` in that ISCO-08
    group on `day`: abroad, at least MIN_AGE_ABROAD, and within the age window of the
    destination's labour-migration routes that cover the occupation (compliance rules
    `[[route]]`, each with its source; the widest window when several apply). At home (KG):
    no bound beyond the vacancy's own."""
    if country == HOME_COUNTRY:
        return 0, None
    rules = rules_for(country)
    routes = [r for r in rules.in_force(rules.route, day) if r.covers(isco08_code)] if rules else []
    low = min((r.age_min or 0 for r in routes), default=0)
    high = max((r.age_max or 999 for r in routes), default=999)
    return max(low, MIN_AGE_ABROAD), None if high >= 999 else high


def vacancy_profile(vacancy: Vacancy, day: dt.date | None = None) -> VacancyProfile:
    """The vacancy as matching reads it, from its columns and stored terms, on `day`
    (default today): its wage also in the currencies the destination's rules have an
    official rate for; its age window narrowed to `legal_ages`; and "blocked" when its
    stored screening blocks, whatever its status says (an edit cannot publish it)."""
    req = vacancy.terms.get("requirements") or {}
    day = day or timezone.localdate()
    wage = monthly_wage(vacancy)
    converted = {}
    if wage is not None:
        rates = _rates(vacancy.destination_country_id, wage[1], day)
        converted = {other: wage[0] * rate for other, rate in rates}
    youngest, oldest = legal_ages(
        vacancy.destination_country_id, vacancy.isco_group_id, vacancy.start_date or day
    )
    own_min, own_max = req.get("age_min"), req.get("age_max")
    age_min = max(own_min or 0, youngest) or None
    age_max = min(x for x in (own_max, oldest, 999) if x is not None)
    blocked = (vacancy.screening or {}).get("status") == "blocked"
    return VacancyProfile(
        id=vacancy.pk,
        isco08_code=vacancy.isco_group_id,
        esco_uri=vacancy.terms.get("esco_uri"),
        country=vacancy.destination_country_id,
        status="blocked" if blocked else vacancy.status,
        open_positions=vacancy.positions,
        skills=frozenset(req.get("skills") or ()),
        experience_months=int(req.get("experience_months") or 0),
        languages={item["language"]: item["cefr"] for item in req.get("languages") or ()},
        licences=frozenset(req.get("driving_licence") or ()),
        age_min=age_min,
        age_max=None if age_max >= 999 else age_max,
        monthly_wage=wage,
        monthly_wage_in=converted,
        start_date=vacancy.start_date,
        contract_months=vacancy.contract_months,
    )


def ranked_for_worker(worker: Worker, limit: int, lang: str) -> list[dict[str, Any]]:
    """The published vacancies best for the worker, best first: vacancy_id, title,
    country, score, components, and the reasons in `lang`. Used by the API and the CLI."""
    matches = live.top_vacancies(worker_profile(worker), limit, timezone.localdate())
    shown = {
        pk: (title, country)
        for pk, title, country in Vacancy.objects.filter(
            id__in=[m.vacancy_id for m in matches]
        ).values_list("id", "title", "destination_country_id")
    }
    live.forget_vacancies(m.vacancy_id for m in matches if m.vacancy_id not in shown)
    return [
        {
            "vacancy_id": m.vacancy_id,
            "title": shown[m.vacancy_id][0],
            "country": shown[m.vacancy_id][1],
            "score": m.total,
            "components": dict(m.components),
            "reasons": list(m.reasons[lang]),
        }
        for m in matches
        if m.vacancy_id in shown
    ]


def ranked_for_vacancy(vacancy: Vacancy, limit: int, lang: str) -> list[dict[str, Any]]:
    """The matched workers best for a published vacancy, best first: worker_id (public),
    occupations (ISCO-08 codes), score, components, and the reasons in `lang` as the
    employer reads them. Never the name, passport or phone. Raises Conflict when the
    vacancy is not published (only published vacancies are matched)."""
    if vacancy.status != VacancyStatus.published:
        raise Conflict(
            f"vacancy {vacancy.pk} is {vacancy.status}: only published vacancies are matched",
            code="vacancy.not_published",
        )
    profile = vacancy_profile(vacancy)
    today = timezone.localdate()
    candidates = live.top_workers(profile, limit, today)
    found = dict(live.worker_records_by_id([c.pk for c in candidates]))
    live.forget_workers(c.pk for c in candidates if c.pk not in found)
    out = []
    for c in candidates:
        worker = found.get(c.pk)
        if worker is None:  # deleted since the index was brought up to date
            continue
        m = score(worker, profile, today=today, weights=live.weights())
        out.append(
            {
                "worker_id": worker.id,
                "occupations": sorted({o.isco08_code for o in worker.occupations}),
                "score": m.total,
                "components": dict(m.components),
                "reasons": list(m.employer_reasons[lang]),
            }
        )
    return out
