"""The in-memory matching index: vacancies as columns of NumPy arrays, scored for one worker
at once (vectorised), with exactly the results of `score.score` for each pair.

`VacancyIndex.build(profiles)` lays the vacancies out; `top(worker, k, today)` applies the
hard constraints and returns the best k as Match objects (ties by vacancy id). Scores are
floats for ranking only: the wage enters as the ratio of offered to acceptable wage in one
currency, and money itself is never stored or shown from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from jumush.matching.score import (
    CEFR_RANK,
    DEFAULT_WEIGHTS,
    Match,
    VacancyProfile,
    WorkerProfile,
    combine,
    score,
)
from jumush.registry.fields import LICENCE_CATEGORIES

_LICENCE_BIT = {c: 1 << i for i, c in enumerate(LICENCE_CATEGORIES)}
_NONE = -1


def _licence_mask(categories: frozenset[str]) -> int:
    mask = 0
    for c in categories:
        mask |= _LICENCE_BIT[c]
    return mask


def _day(d: dt.date | None, default: int) -> int:
    return d.toordinal() if d is not None else default


@dataclass
class VacancyIndex:
    """Vacancies in columns. Build with `VacancyIndex.build`; query with `top`."""

    profiles: list[VacancyProfile]
    ids: NDArray[np.int64]
    open_: NDArray[np.bool_]
    unit: NDArray[np.int32]  # ISCO unit group as a number, -1 when not coded
    esco: NDArray[np.int32]  # ESCO URI as a number, -1 when none
    esco_codes: dict[str, int]
    country: NDArray[np.int32]
    countries: dict[str, int]
    experience: NDArray[np.float64]
    lang_need: NDArray[np.int8]  # vacancies x languages: CEFR rank required, 0 = none
    languages: dict[str, int]
    skills: sparse.csr_matrix
    skill_codes: dict[str, int]
    skill_count: NDArray[np.float64]
    licences: NDArray[np.int64]
    age_min: NDArray[np.int32]
    age_max: NDArray[np.int32]
    wage: NDArray[np.float64]
    currency: NDArray[np.int32]
    currencies: dict[str, int]
    start_given: NDArray[np.bool_]
    start_day: NDArray[np.int64]
    start_md: NDArray[np.int32]  # month * 100 + day of the start date
    start_year: NDArray[np.int32]
    contract_days: NDArray[np.int64]

    @classmethod
    def build(cls, profiles: Sequence[VacancyProfile]) -> VacancyIndex:
        """Lay out the vacancies (any order; results are ranked by score, then id)."""
        n = len(profiles)
        esco_codes: dict[str, int] = {}
        countries: dict[str, int] = {}
        languages: dict[str, int] = {}
        skill_codes: dict[str, int] = {}
        currencies: dict[str, int] = {}
        for p in profiles:
            if p.esco_uri is not None:
                esco_codes.setdefault(p.esco_uri, len(esco_codes))
            countries.setdefault(p.country, len(countries))
            for lang in p.languages:
                languages.setdefault(lang, len(languages))
            for s in p.skills:
                skill_codes.setdefault(s, len(skill_codes))
            if p.monthly_wage is not None:
                currencies.setdefault(p.monthly_wage[1], len(currencies))
        lang_need = np.zeros((n, max(len(languages), 1)), dtype=np.int8)
        rows, cols = [], []
        for i, p in enumerate(profiles):
            for lang, level in p.languages.items():
                lang_need[i, languages[lang]] = CEFR_RANK[level]
            for s in p.skills:
                rows.append(i)
                cols.append(skill_codes[s])
        skills = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float64), (rows, cols)),
            shape=(n, max(len(skill_codes), 1)),
        )
        return cls(
            profiles=list(profiles),
            ids=np.array([p.id for p in profiles], dtype=np.int64),
            open_=np.array(
                [p.status == "published" and p.open_positions > 0 for p in profiles], dtype=bool
            ),
            unit=np.array(
                [int(p.isco08_code) if p.isco08_code else _NONE for p in profiles], dtype=np.int32
            ),
            esco=np.array(
                [esco_codes[p.esco_uri] if p.esco_uri else _NONE for p in profiles], dtype=np.int32
            ),
            esco_codes=esco_codes,
            country=np.array([countries[p.country] for p in profiles], dtype=np.int32),
            countries=countries,
            experience=np.array([p.experience_months for p in profiles], dtype=np.float64),
            lang_need=lang_need,
            languages=languages,
            skills=skills,
            skill_codes=skill_codes,
            skill_count=np.asarray(skills.sum(axis=1)).ravel(),
            licences=np.array([_licence_mask(p.licences) for p in profiles], dtype=np.int64),
            age_min=np.array(
                [p.age_min if p.age_min is not None else 0 for p in profiles], dtype=np.int32
            ),
            age_max=np.array(
                [p.age_max if p.age_max is not None else 999 for p in profiles], dtype=np.int32
            ),
            wage=np.array(
                [float(p.monthly_wage[0]) if p.monthly_wage else np.nan for p in profiles],
                dtype=np.float64,
            ),
            currency=np.array(
                [currencies[p.monthly_wage[1]] if p.monthly_wage else _NONE for p in profiles],
                dtype=np.int32,
            ),
            currencies=currencies,
            start_given=np.array([p.start_date is not None for p in profiles], dtype=bool),
            start_day=np.array([_day(p.start_date, 0) for p in profiles], dtype=np.int64),
            start_md=np.array(
                [
                    p.start_date.month * 100 + p.start_date.day if p.start_date else 0
                    for p in profiles
                ],
                dtype=np.int32,
            ),
            start_year=np.array(
                [p.start_date.year if p.start_date else 0 for p in profiles], dtype=np.int32
            ),
            contract_days=np.array(
                [round((p.contract_months or 12) * 30.44) for p in profiles], dtype=np.int64
            ),
        )

    def _occupation(
        self, worker: WorkerProfile, rows: NDArray[np.intp] | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(occupation fit, months in the best-fitting occupation) for the rows (None: all)."""
        unit = self.unit if rows is None else self.unit[rows]
        esco = self.esco if rows is None else self.esco[rows]
        occupation = np.zeros(unit.shape[0])
        months = np.zeros(unit.shape[0])
        coded = unit >= 0
        for occ in worker.occupations:
            code = int(occ.isco08_code)
            fit = np.select(
                [
                    unit == code,
                    unit // 10 == code // 10,
                    unit // 100 == code // 100,
                    unit // 1000 == code // 1000,
                ],
                [1.0, 0.75, 0.5, 0.25],
                0.0,
            )
            if occ.esco_uri is not None and occ.esco_uri in self.esco_codes:
                fit = np.where(esco == self.esco_codes[occ.esco_uri], 1.0, fit)
            fit = np.where(coded, fit, 0.0)
            better = (fit > occupation) | ((fit == occupation) & (occ.months > months) & (fit > 0))
            occupation = np.where(better, fit, occupation)
            months = np.where(better, occ.months, months)
        return occupation, months

    def _starts(
        self, today: dt.date, rows: NDArray[np.intp] | None
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        given = self.start_given if rows is None else self.start_given[rows]

        def pick(column: NDArray[Any], default: int) -> NDArray[np.int64]:
            values = column if rows is None else column[rows]
            return np.where(given, values, default)

        return (
            pick(self.start_day, today.toordinal()),
            pick(self.start_year, today.year),
            pick(self.start_md, today.month * 100 + today.day),
        )

    def allowed(self, worker: WorkerProfile, *, today: dt.date) -> NDArray[np.bool_]:
        """The vacancies the hard constraints let the worker be offered."""
        _, start_year, start_md = self._starts(today, None)
        born = worker.birth_date
        age = start_year - born.year - (start_md < born.month * 100 + born.day)
        have = _licence_mask(worker.licences)
        allowed = (
            self.open_
            & (age >= self.age_min)
            & (age <= self.age_max)
            & ((self.licences & ~have) == 0)
        )
        return np.asarray(allowed, dtype=np.bool_)

    def scores(
        self,
        worker: WorkerProfile,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
        rows: NDArray[np.intp] | None = None,
        occupation: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
    ) -> NDArray[np.float64]:
        """The total score for the worker of every vacancy, or of the vacancies at `rows`
        (hard constraints not applied: see `allowed`). `occupation` is `_occupation` for the
        same rows when the caller has it already."""

        def col(a: NDArray[Any]) -> NDArray[Any]:
            return a if rows is None else a[rows]

        n = len(self.profiles) if rows is None else len(rows)
        start_day, _, _ = self._starts(today, rows)
        occupation_fit, months = occupation or self._occupation(worker, rows)
        months = np.where(occupation_fit >= 0.75, months, 0.0)
        need_months = col(self.experience)
        experience = np.where(
            need_months > 0, np.minimum(1.0, months / np.maximum(need_months, 1)), 1.0
        )
        # Skills: share of the required skills the worker declares.
        skill_count = col(self.skill_count)
        known = [self.skill_codes[s] for s in worker.skills if s in self.skill_codes]
        if known:
            w = np.zeros(self.skills.shape[1])
            w[known] = 1.0
            overlap = (self.skills if rows is None else self.skills[rows]) @ w
        else:
            overlap = np.zeros(n)
        skills = np.where(skill_count > 0, overlap / np.maximum(skill_count, 1), 1.0)
        # Languages: ordinal CEFR shortfall, averaged over the languages asked for.
        have_rank = np.zeros(self.lang_need.shape[1], dtype=np.int8)
        for lang, level in worker.languages.items():
            if lang in self.languages:
                have_rank[self.languages[lang]] = CEFR_RANK[level]
        need = col(self.lang_need).astype(np.float64)
        asked = need > 0
        per = np.where(
            have_rank >= need,
            1.0,
            np.maximum(0.0, 1 - (need - have_rank) / np.where(asked, need, 1)),
        )
        n_asked = asked.sum(axis=1)
        languages = np.where(n_asked > 0, (per * asked).sum(axis=1) / np.maximum(n_asked, 1), 1.0)
        # Wage: in one currency only.
        vacancy_wage = col(self.wage)
        if worker.min_monthly_wage is None:
            wage = np.ones(n)
        else:
            wanted, cur = worker.min_monthly_wage
            code_cur = self.currencies.get(cur, -2)
            ratio = vacancy_wage / float(wanted) if wanted else np.ones(n)
            comparable = (col(self.currency) == code_cur) & ~np.isnan(vacancy_wage)
            wage = np.where(
                comparable,
                np.where(ratio >= 1.0, 1.0, np.maximum(0.0, 2 * ratio - 1)),
                0.5,
            )
        # Destination, availability, readiness.
        country = col(self.country)
        if worker.destinations:
            wanted_countries = [
                self.countries[c] for c in worker.destinations if c in self.countries
            ]
            destination = np.isin(country, wanted_countries).astype(np.float64)
        else:
            destination = np.ones(n)
        available = _day(worker.available_from, -(10**9))
        availability = (available <= start_day).astype(np.float64)
        home = self.countries.get("KG", -2)
        expiry = _day(worker.passport_expiry, -(10**9))
        readiness = np.where(
            country == home, 1.0, (expiry >= start_day + col(self.contract_days)).astype(np.float64)
        )
        parts = {
            "occupation": occupation_fit,
            "skills": skills,
            "experience": experience,
            "languages": languages,
            "wage": wage,
            "destination": destination,
            "availability": availability,
            "readiness": readiness,
        }
        return np.asarray(np.round(combine(parts, weights), 6), dtype=np.float64)

    def top(
        self,
        worker: WorkerProfile,
        k: int,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    ) -> list[Match]:
        """The k best vacancies the worker may be offered, best first (ties: lower id),
        each explained by `score.score`.

        Exact, with pruning: vacancies are scored tier by tier of occupation fit (1, 0.75,
        0.5, 0.25, 0); a tier is skipped once k vacancies already score more than the best
        any vacancy of that tier could (its occupation part plus full marks elsewhere)."""
        allowed = self.allowed(worker, today=today)
        occupation, months = self._occupation(worker, None)
        weight_sum = sum(weights.values()) or 1.0
        rest = (weight_sum - weights.get("occupation", 0.0)) / weight_sum
        chosen_rows = np.empty(0, dtype=np.intp)
        chosen_totals = np.empty(0)
        for tier in (1.0, 0.75, 0.5, 0.25, 0.0):
            ceiling = weights.get("occupation", 0.0) * tier / weight_sum + rest
            if len(chosen_rows) >= k and chosen_totals[k - 1] > ceiling + 1e-9:
                break
            rows = np.flatnonzero(allowed & (occupation == tier))
            if rows.size == 0:
                continue
            totals = self.scores(
                worker,
                today=today,
                weights=weights,
                rows=rows,
                occupation=(occupation[rows], months[rows]),
            )
            chosen_rows = np.concatenate([chosen_rows, rows])
            chosen_totals = np.concatenate([chosen_totals, totals])
            order = np.lexsort((self.ids[chosen_rows], -chosen_totals))[:k]
            chosen_rows, chosen_totals = chosen_rows[order], chosen_totals[order]
        return [score(worker, self.profiles[i], today=today, weights=weights) for i in chosen_rows]
