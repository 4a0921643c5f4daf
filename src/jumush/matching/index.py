"""The in-memory matching indexes, with exactly the results of `score.score` for each pair.

- `VacancyIndex`: vacancies in columns, queried with a worker (`top`: the k best vacancies,
  as Match objects).
- `WorkerIndex`: workers in columns, queried with a vacancy (`top`: the k best workers, as
  Candidate tuples; the caller explains them with `score.score` on the full profiles).

Both are kept current in place: `upsert` rewrites a record in its slot, `remove` frees it
(store.py). A query never scans every record unless it must: records are posted by ISCO-08
unit, minor, sub-major and major group and by ESCO occupation, and scored tier by tier of
occupation fit (1, 0.75, 0.5, 0.25, 0); a tier is skipped once k records already score more
than the best any record of that tier could (its occupation part plus full marks
elsewhere), so the result is exact, not approximate.

Scores are floats for ranking only: the wage enters as the ratio of offered to acceptable
wage in one currency, and money itself is never stored or shown from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from jumush.matching.score import (
    CEFR_RANK,
    DEFAULT_WEIGHTS,
    HOME_COUNTRY,
    Match,
    VacancyProfile,
    WorkerProfile,
    ceiling,
    combine,
    licences_held,
    rounded,
    score,
    start_of,
)
from jumush.matching.store import Entries, Slots
from jumush.registry.fields import LICENCE_CATEGORIES

_LICENCE_BIT = {c: 1 << i for i, c in enumerate(LICENCE_CATEGORIES)}
_NONE = -1
_NEVER = -(10**9)  # an ordinal day before any date: "no date given"
_TIERS = (1.0, 0.75, 0.5, 0.25)
_LEVELS = (("u", 1), ("m", 10), ("s", 100), ("j", 1000))  # posting name, divisor of the code
_MONTHS_SPAN = 10**7  # more months of experience than anyone has


def _licence_mask(categories: Iterable[str]) -> int:
    mask = 0
    for c in categories:
        mask |= _LICENCE_BIT[c]
    return mask


def _day(d: dt.date | None, default: int) -> int:
    return d.toordinal() if d is not None else default


def _contract_days(months: int | None) -> int:
    return round((months or 12) * 30.44)


def _occupation_keys(cols: Mapping[str, NDArray[Any]]) -> list[tuple[str, NDArray[Any]]]:
    """Posting keys of occupation entries: the code at each ISCO level, and the ESCO id."""
    unit = cols["unit"]
    return [(name, unit // div) for name, div in _LEVELS] + [("e", cols["esco"])]


def _skill_keys(cols: Mapping[str, NDArray[Any]]) -> list[tuple[str, NDArray[Any]]]:
    return [("k", cols["skill"])]


def _fit(
    unit: NDArray[np.int32], esco: NDArray[np.int32], code: int, esco_code: int
) -> NDArray[np.float64]:
    """Occupation fit of entries against one ISCO-08 unit group (and ESCO id, -1 = none):
    0.25 for each level shared (major, sub-major, minor, unit group), 1 for the same ESCO
    occupation, 0 for an entry not coded."""
    shared = (
        (unit // 1000 == code // 1000).astype(np.int8)
        + (unit // 100 == code // 100)
        + (unit // 10 == code // 10)
        + (unit == code)
    )
    fit: NDArray[np.float64] = shared * 0.25
    if esco_code >= 0:
        fit[esco == esco_code] = 1.0
    fit[unit < 0] = 0.0
    return fit


def _wage(offered: Any, wanted: Any) -> NDArray[np.float64]:
    """The wage component as score.score has it: 1 from the acceptable wage up, falling to 0
    at half of it; 0.5 when the offered wage is unknown in the worker's currency (NaN)."""
    offered = np.asarray(offered, dtype=np.float64)
    wanted = np.asarray(wanted, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(wanted > 0, offered / wanted, 1.0)
    return np.where(
        np.isnan(offered), 0.5, np.where(ratio >= 1.0, 1.0, np.maximum(0.0, 2 * ratio - 1))
    )


def _language_part(have: Any, need: Any) -> NDArray[np.float64]:
    """`have` and `need` are CEFR ranks (1 = A1 .. 6 = C2, 0 = none), arrays or scalars."""
    need_f = need.astype(np.float64)
    return np.where(
        have >= need, 1.0, np.maximum(0.0, 1 - (need_f - have) / np.where(need > 0, need_f, 1))
    )


class _Codes(dict[str, int]):
    """String -> small int, growing (countries, currencies, ESCO URIs, skills)."""

    def code(self, value: str) -> int:
        found = self.get(value)
        if found is None:
            found = self[value] = len(self)
        return found


def _top_rows(
    rows: NDArray[np.int64], totals: NDArray[np.float64], keys: NDArray[np.int64], k: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The k rows of highest total, best first (ties: lower key). Only the rows tying with
    or beating the k-th total are sorted."""
    if len(rows) > 2 * k:
        kth = np.partition(totals, len(totals) - k)[len(totals) - k]
        near = totals >= kth
        rows, totals = rows[near], totals[near]
    order = np.lexsort((keys[rows], -totals))[:k]
    return rows[order], totals[order]


def _first_mask(rows: NDArray[np.int64], scratch: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Which of `rows` are the first occurrence of their value. Postings are mostly in row
    order (records are indexed in id order, a record's entries together), where this is a
    comparison of neighbours; otherwise `scratch` (an int array longer than the largest
    row, contents irrelevant) finds each value's first position."""
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    step = np.diff(rows)
    if bool((step >= 0).all()):
        return np.concatenate([[True], step != 0])
    position = np.arange(len(rows))
    scratch[rows] = len(rows)
    np.minimum.at(scratch, rows, position)
    first: NDArray[np.bool_] = scratch[rows] == position
    return first


def _first_occurrences(rows: NDArray[np.int64], scratch: NDArray[np.int64]) -> NDArray[np.int64]:
    """`rows` with repeats dropped, order kept (see _first_mask)."""
    if len(rows) < 2:
        return rows
    kept: NDArray[np.int64] = rows[_first_mask(rows, scratch)]
    return kept


def _groups(
    tier: float, wanted: NDArray[np.bool_] | None, weights: Mapping[str, float]
) -> list[tuple[float, NDArray[np.bool_] | None]]:
    """The rows of one occupation tier in groups of (ceiling, mask): the ones whose
    destination component is 1 first, then the others, whose best is lower by its weight."""
    top = ceiling(tier, weights)
    if wanted is None:
        return [(top, None)]
    return [(top, wanted), (ceiling(tier, weights, lost=weights.get("destination", 0.0)), ~wanted)]


class VacancyIndex:
    """Vacancies in columns, for ranking vacancies for a worker. Build with `build`, keep
    current with `upsert`/`remove`, query with `top` (or `scores`/`allowed` for all)."""

    def __init__(self) -> None:
        self.slots = Slots(
            {
                "open": (bool, False),
                "unit": (np.int32, _NONE),
                "esco": (np.int32, _NONE),
                "country": (np.int32, _NONE),
                "experience": (np.float64, 0.0),
                "skill_count": (np.float64, 0.0),
                "licences": (np.int64, 0),
                "age_min": (np.int32, 0),
                "age_max": (np.int32, 999),
                "wage": (np.float64, np.nan),
                "currency": (np.int32, _NONE),
                "start_given": (bool, False),
                "start_day": (np.int64, 0),
                "start_md": (np.int32, 0),
                "start_year": (np.int32, 0),
                "contract_days": (np.int64, 0),
                "languages_asked": (np.int8, 0),
                "occ_entry": (np.int64, _NONE),
                "skill_first": (np.int64, 0),
                "skill_n": (np.int64, 0),
            }
        )
        self.slots.keyed_group("lang", np.int8, 0)
        self.slots.keyed_group("wage_in", np.float64, np.nan)  # converted monthly wages
        self.occupations = Entries({"unit": np.int32, "esco": np.int32})
        self.skills = Entries({"skill": np.int32})
        self.profiles: list[VacancyProfile | None] = []
        self.esco_codes = _Codes()
        self.countries = _Codes()
        self.currencies = _Codes()
        self.skill_codes = _Codes()
        self._scratch_rows = np.zeros(0, dtype=np.int64)

    @classmethod
    def build(cls, profiles: Iterable[VacancyProfile]) -> VacancyIndex:
        """An index of the vacancies (any order; slots follow it)."""
        index = cls()
        index.upsert(profiles)
        return index

    def __len__(self) -> int:
        return len(self.slots)

    def upsert(self, profiles: Iterable[VacancyProfile]) -> None:
        """Add the vacancies, or replace those already here (same id)."""
        unique = list({p.id: p for p in profiles}.values())
        if not unique:
            return
        s = self.slots
        slots, new = s.take([p.id for p in unique])
        old = slots[~new]
        if len(old):
            entries = s.cols["occ_entry"][old]
            self.occupations.kill(entries[entries >= 0])
            self._kill_skills(old)
            s.keyed_reset(old)
        while len(self.profiles) < s.size:
            self.profiles.append(None)
        for slot, p in zip(slots.tolist(), unique, strict=True):
            self.profiles[slot] = p
        c = s.cols
        c["open"][slots] = [p.status == "published" and p.open_positions > 0 for p in unique]
        c["unit"][slots] = [int(p.isco08_code) if p.isco08_code else _NONE for p in unique]
        c["esco"][slots] = [
            self.esco_codes.code(p.esco_uri) if p.esco_uri else _NONE for p in unique
        ]
        c["country"][slots] = [self.countries.code(p.country) for p in unique]
        c["experience"][slots] = [p.experience_months for p in unique]
        c["skill_count"][slots] = [len(p.skills) for p in unique]
        c["languages_asked"][slots] = [len(p.languages) for p in unique]
        c["licences"][slots] = [_licence_mask(p.licences) for p in unique]
        c["age_min"][slots] = [p.age_min if p.age_min is not None else 0 for p in unique]
        c["age_max"][slots] = [p.age_max if p.age_max is not None else 999 for p in unique]
        c["wage"][slots] = [float(p.monthly_wage[0]) if p.monthly_wage else np.nan for p in unique]
        c["currency"][slots] = [
            self.currencies.code(p.monthly_wage[1]) if p.monthly_wage else _NONE for p in unique
        ]
        c["start_given"][slots] = [p.start_date is not None for p in unique]
        c["start_day"][slots] = [_day(p.start_date, 0) for p in unique]
        c["start_md"][slots] = [
            p.start_date.month * 100 + p.start_date.day if p.start_date else 0 for p in unique
        ]
        c["start_year"][slots] = [p.start_date.year if p.start_date else 0 for p in unique]
        c["contract_days"][slots] = [_contract_days(p.contract_months) for p in unique]
        for slot, p in zip(slots.tolist(), unique, strict=True):
            at = np.array([slot])
            for lang, level in p.languages.items():
                s.keyed_set("lang", lang, at, CEFR_RANK[level])
            if p.monthly_wage is not None:
                for cur, amount in p.monthly_wage_in.items():
                    s.keyed_set("wage_in", cur, at, float(amount))
        coded = [(slot, p) for slot, p in zip(slots.tolist(), unique, strict=True) if p.isco08_code]
        coded_slots = np.array([slot for slot, _ in coded], dtype=np.int64)
        cols: dict[str, NDArray[Any]] = {
            "row": coded_slots,
            "unit": np.array([int(p.isco08_code or 0) for _, p in coded], dtype=np.int32),
            "esco": c["esco"][coded_slots],
        }
        c["occ_entry"][slots] = _NONE
        c["occ_entry"][coded_slots] = self.occupations.append(cols, _occupation_keys(cols))
        self._add_skills(slots, [p.skills for p in unique])
        self._maybe_compact()

    def remove(self, ids: Iterable[int]) -> None:
        """Take the vacancies out (ids not here are ignored)."""
        slots = self.slots.release(ids)
        if len(slots):
            entries = self.slots.cols["occ_entry"][slots]
            self.occupations.kill(entries[entries >= 0])
            self._kill_skills(slots)
            self.slots.keyed_reset(slots)
            self.slots.cols["open"][slots] = False
            self.slots.cols["occ_entry"][slots] = _NONE
            self.slots.cols["skill_n"][slots] = 0
            for slot in slots.tolist():
                self.profiles[slot] = None
        self._maybe_compact()

    def _kill_skills(self, slots: NDArray[np.int64]) -> None:
        first = self.slots.cols["skill_first"][slots]
        n = self.slots.cols["skill_n"][slots]
        if n.sum():
            self.skills.kill(
                np.concatenate([np.arange(f, f + m) for f, m in zip(first, n, strict=True)])
            )

    def _add_skills(self, slots: NDArray[np.int64], skills: Sequence[Iterable[str]]) -> None:
        codes = [[self.skill_codes.code(u) for u in sorted(set(s))] for s in skills]
        n = np.array([len(x) for x in codes], dtype=np.int64)
        rows = np.repeat(slots, n)
        flat = np.array([x for xs in codes for x in xs], dtype=np.int32)
        ids = self.skills.append({"row": rows, "skill": flat}, [("k", flat)])
        first = ids[0] if len(ids) else self.skills.size
        self.slots.cols["skill_first"][slots] = first + np.concatenate([[0], np.cumsum(n)[:-1]])
        self.slots.cols["skill_n"][slots] = n

    def _maybe_compact(self) -> None:
        if self.occupations.needs_compaction():
            remap = self.occupations.compact(_occupation_keys)
            e = self.slots.cols["occ_entry"]
            has = e >= 0
            e[has] = remap[e[has]]
        if self.skills.needs_compaction():
            remap = self.skills.compact(_skill_keys)
            live = np.flatnonzero(self.slots.alive & (self.slots.cols["skill_n"] > 0))
            self.slots.cols["skill_first"][live] = remap[self.slots.cols["skill_first"][live]]

    # Queries ------------------------------------------------------------------------------

    def _all(self) -> NDArray[np.int64]:
        return np.arange(self.slots.size, dtype=np.int64)

    def _occupation(
        self, worker: WorkerProfile, rows: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(occupation fit, months in the best-fitting occupation) at the rows."""
        unit = self.slots.cols["unit"][rows]
        esco = self.slots.cols["esco"][rows]
        occupation = np.zeros(len(rows))
        months = np.zeros(len(rows))
        for occ in worker.occupations:
            esco_code = self.esco_codes.get(occ.esco_uri, _NONE) if occ.esco_uri else _NONE
            fit = _fit(unit, esco, int(occ.isco08_code), esco_code)
            better = (fit > occupation) | ((fit == occupation) & (occ.months > months) & (fit > 0))
            occupation = np.where(better, fit, occupation)
            months = np.where(better, occ.months, months)
        return occupation, months

    def _starts(
        self, today: dt.date, rows: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        c = self.slots.cols
        # A start date that has passed counts as today (score.start_of).
        given = c["start_given"][rows] & (c["start_day"][rows] > today.toordinal())
        return (
            np.where(given, c["start_day"][rows], today.toordinal()),
            np.where(given, c["start_year"][rows], today.year),
            np.where(given, c["start_md"][rows], today.month * 100 + today.day),
        )

    def allowed(
        self,
        worker: WorkerProfile,
        *,
        today: dt.date,
        rows: NDArray[np.int64] | None = None,
        starts: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None = None,
    ) -> NDArray[np.bool_]:
        """Which vacancies (at `rows`, default every slot) the hard constraints let the
        worker be offered. `starts` is `_starts` for the same rows when the caller has it."""
        rows = self._all() if rows is None else rows
        c = self.slots.cols
        _, start_year, start_md = starts or self._starts(today, rows)
        born = worker.birth_date
        age = start_year - born.year - (start_md < born.month * 100 + born.day)
        have = _licence_mask(licences_held(worker.licences))
        allowed = (
            self.slots.alive[rows]
            & c["open"][rows]
            & (age >= c["age_min"][rows])
            & (age <= c["age_max"][rows])
            & ((c["licences"][rows] & ~have) == 0)
        )
        return np.asarray(allowed, dtype=np.bool_)

    def scores(
        self,
        worker: WorkerProfile,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
        rows: NDArray[np.int64] | None = None,
        occupation: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
        start_day: NDArray[np.int64] | None = None,
        skill_overlap: NDArray[np.int64] | None = None,
    ) -> NDArray[np.float64]:
        """The total score for the worker of the vacancies at `rows` (default every slot),
        hard constraints not applied (see `allowed`). `occupation`, `start_day` (`_starts`)
        and `skill_overlap` (`_skill_overlap`) are passed by a caller that has them."""
        rows = self._all() if rows is None else rows
        c = self.slots.cols
        n = len(rows)
        if start_day is None:
            start_day = self._starts(today, rows)[0]
        occupation_fit, months = occupation or self._occupation(worker, rows)
        months = np.where(occupation_fit >= 0.75, months, 0.0)
        need_months = c["experience"][rows]
        experience = np.where(
            need_months > 0, np.minimum(1.0, months / np.maximum(need_months, 1)), 1.0
        )
        skill_count = c["skill_count"][rows]
        per_slot = self._skill_overlap(worker) if skill_overlap is None else skill_overlap
        overlap = per_slot[rows] if per_slot is not None else np.zeros(n)
        skills = np.where(skill_count > 0, overlap / np.maximum(skill_count, 1), 1.0)
        # A language the worker does not speak adds 0 (max(0, 1 - need/need)): only theirs
        # are read; the mean is over the languages each vacancy asks for.
        parts_sum = np.zeros(n)
        for lang, level in worker.languages.items():
            column = self.slots.keyed_column("lang", lang)
            if column is not None:
                need = column[rows]
                parts_sum += np.where(
                    need > 0, _language_part(np.int8(CEFR_RANK[level]), need), 0.0
                )
        asked = c["languages_asked"][rows]
        languages = np.where(asked > 0, parts_sum / np.maximum(asked, 1), 1.0)
        if worker.min_monthly_wage is None:
            wage = np.ones(n)
        else:
            wanted, cur = worker.min_monthly_wage
            offered = np.where(
                c["currency"][rows] == self.currencies.get(cur, -2), c["wage"][rows], np.nan
            )
            converted = self.slots.keyed_column("wage_in", cur)
            if converted is not None:
                offered = np.where(np.isnan(offered), converted[rows], offered)
            wage = _wage(offered, float(wanted))
        country = c["country"][rows]
        if worker.destinations:
            destination = self._wanted(worker)[country].astype(np.float64)
        else:
            destination = np.ones(n)
        availability = (_day(worker.available_from, _NEVER) <= start_day).astype(np.float64)
        home = self.countries.get(HOME_COUNTRY, -2)
        expiry = _day(worker.passport_expiry, _NEVER)
        readiness = np.where(
            country == home,
            1.0,
            (expiry >= start_day + c["contract_days"][rows]).astype(np.float64),
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
        return np.asarray(rounded(combine(parts, weights)), dtype=np.float64)

    def _skill_overlap(self, worker: WorkerProfile) -> NDArray[np.int64] | None:
        """Per slot, how many of the worker's skills the vacancy asks for (None: none)."""
        known = [self.skill_codes[s] for s in worker.skills if s in self.skill_codes]
        if not known:
            return None
        hits = np.concatenate([self.skills.posted("k", code) for code in known])
        return np.bincount(self.skills.cols["row"][hits], minlength=self.slots.size)

    def _wanted(self, worker: WorkerProfile) -> NDArray[np.bool_]:
        """By country code: is it one the worker wants."""
        table = np.zeros(len(self.countries) + 1, dtype=bool)
        table[[self.countries[x] for x in worker.destinations if x in self.countries]] = True
        return table

    def _tier_rows(self, worker: WorkerProfile, tier: int) -> NDArray[np.int64]:
        """The vacancies posted under the worker's occupation codes at one ISCO level
        (0 = unit group, with the ESCO occupations), each once."""
        name, div = _LEVELS[tier]
        # A vacancy has one occupation entry, posted once per level: distinct keys give
        # disjoint rows, so only the ESCO postings can repeat a row.
        parts = [
            self.occupations.posted(name, key)
            for key in sorted({int(o.isco08_code) // div for o in worker.occupations})
        ]
        esco = {
            self.esco_codes[o.esco_uri]
            for o in worker.occupations
            if tier == 0 and o.esco_uri is not None and o.esco_uri in self.esco_codes
        }
        parts += [self.occupations.posted("e", code) for code in sorted(esco)]
        if not parts:
            return np.empty(0, dtype=np.int64)
        rows = self.occupations.cols["row"][np.concatenate(parts)]
        return _first_occurrences(rows, self._scratch()) if esco else rows

    def _scratch(self) -> NDArray[np.int64]:
        if len(self._scratch_rows) < self.slots.size:
            self._scratch_rows = np.zeros(self.slots.capacity, dtype=np.int64)
        return self._scratch_rows

    def ranked(
        self,
        worker: WorkerProfile,
        k: int,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """(vacancy ids, totals) of the k best vacancies the worker may be offered, best
        first (ties: lower id). Exact (see the module's docstring)."""
        keys = self.slots.keys
        chosen = np.empty(0, dtype=np.int64)
        totals = np.empty(0)
        wanted_table = self._wanted(worker)
        overlap = self._skill_overlap(worker)

        def beaten(ceiling: float) -> bool:
            return len(chosen) >= k and totals[k - 1] > ceiling + 1e-9

        for tier_no, tier in enumerate((*_TIERS, 0.0)):
            if beaten(ceiling(tier, weights)):
                break
            rows = self._tier_rows(worker, tier_no) if tier > 0 else self._all()
            starts = self._starts(today, rows)
            ok = self.allowed(worker, today=today, rows=rows, starts=starts)
            fit, months = self._occupation(worker, rows)
            ok &= fit == tier
            rows, fit, months, start_day = rows[ok], fit[ok], months[ok], starts[0][ok]
            if rows.size == 0:
                continue
            wanted = wanted_table[self.slots.cols["country"][rows]] if worker.destinations else None
            for best, mask in _groups(tier, wanted, weights):
                if beaten(best):
                    continue
                part = (
                    (rows, fit, months, start_day)
                    if mask is None
                    else (rows[mask], fit[mask], months[mask], start_day[mask])
                )
                if part[0].size == 0:
                    continue
                scored = self.scores(
                    worker,
                    today=today,
                    weights=weights,
                    rows=part[0],
                    occupation=(part[1], part[2]),
                    start_day=part[3],
                    skill_overlap=overlap,
                )
                chosen, totals = _top_rows(
                    np.concatenate([chosen, part[0]]), np.concatenate([totals, scored]), keys, k
                )
        return keys[chosen], totals

    def top(
        self,
        worker: WorkerProfile,
        k: int,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    ) -> list[Match]:
        """`ranked`, each vacancy explained by `score.score`."""
        ids, _ = self.ranked(worker, k, today=today, weights=weights)
        out = []
        for vacancy_id in ids.tolist():
            profile = self.profiles[self.slots.slot[vacancy_id]]
            if profile is None:  # pragma: no cover - a live slot always has its profile
                raise LookupError(f"vacancy {vacancy_id}: slot without a profile")
            out.append(score(worker, profile, today=today, weights=weights))
        return out


class Candidate(NamedTuple):
    """A worker ranked for a vacancy: database id, public id, total score in [0, 1]."""

    pk: int
    worker_id: str
    total: float


class WorkerIndex:
    """Workers in columns, for ranking workers for a vacancy. Records are keyed by the
    worker's database id; `upsert` takes (id, WorkerProfile) pairs. Only the columns are
    kept, not the profiles: explain a Candidate with `score.score` on its full profile."""

    def __init__(self) -> None:
        self.slots = Slots(
            {
                "birth_year": (np.int32, 0),
                "birth_md": (np.int32, 0),
                "licences": (np.int64, 0),
                "has_destinations": (bool, False),
                "min_wage": (np.float64, np.nan),
                "currency": (np.int32, _NONE),
                "available": (np.int64, _NEVER),
                "expiry": (np.int64, _NEVER),
                "occ_first": (np.int64, 0),
                "occ_n": (np.int64, 0),
                "skill_first": (np.int64, 0),
                "skill_n": (np.int64, 0),
            }
        )
        self.slots.keyed_group("lang", np.int8, 0)
        self.slots.keyed_group("dest", bool, False)
        self.occupations = Entries({"unit": np.int32, "esco": np.int32, "months": np.int64})
        self.skills = Entries({"skill": np.int32})
        self.public_ids: list[str] = []
        self.esco_codes = _Codes()
        self.currencies = _Codes()
        self.skill_codes = _Codes()
        self._seen = np.zeros(0, dtype=bool)
        self._scratch_rows = np.zeros(0, dtype=np.int64)

    @classmethod
    def build(
        cls, records: Iterable[tuple[int, WorkerProfile]], chunk: int = 20_000
    ) -> WorkerIndex:
        """An index of the workers, read from `records` a chunk at a time."""
        index = cls()
        batch: list[tuple[int, WorkerProfile]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= chunk:
                index.upsert(batch)
                batch = []
        index.upsert(batch)
        return index

    def __len__(self) -> int:
        return len(self.slots)

    def upsert(self, records: Iterable[tuple[int, WorkerProfile]]) -> None:
        """Add the workers, or replace those already here (same database id)."""
        unique = list(dict(records).items())
        if not unique:
            return
        s = self.slots
        slots, new = s.take([pk for pk, _ in unique])
        profiles = [p for _, p in unique]
        old = slots[~new]
        if len(old):
            self._kill_entries(old)
            s.keyed_reset(old)
        while len(self.public_ids) < s.size:
            self.public_ids.append("")
        for slot, p in zip(slots.tolist(), profiles, strict=True):
            self.public_ids[slot] = p.id
        c = s.cols
        c["birth_year"][slots] = [p.birth_date.year for p in profiles]
        c["birth_md"][slots] = [p.birth_date.month * 100 + p.birth_date.day for p in profiles]
        c["licences"][slots] = [_licence_mask(licences_held(p.licences)) for p in profiles]
        c["has_destinations"][slots] = [bool(p.destinations) for p in profiles]
        c["min_wage"][slots] = [
            float(p.min_monthly_wage[0]) if p.min_monthly_wage else np.nan for p in profiles
        ]
        c["currency"][slots] = [
            self.currencies.code(p.min_monthly_wage[1]) if p.min_monthly_wage else _NONE
            for p in profiles
        ]
        c["available"][slots] = [_day(p.available_from, _NEVER) for p in profiles]
        c["expiry"][slots] = [_day(p.passport_expiry, _NEVER) for p in profiles]
        by_lang: dict[tuple[str, int], list[int]] = {}
        by_dest: dict[str, list[int]] = {}
        for slot, p in zip(slots.tolist(), profiles, strict=True):
            for lang, level in p.languages.items():
                by_lang.setdefault((lang, CEFR_RANK[level]), []).append(slot)
            for country in p.destinations:
                by_dest.setdefault(country, []).append(slot)
        for (lang, rank), at in by_lang.items():
            s.keyed_set("lang", lang, np.array(at, dtype=np.int64), rank)
        for country, at in by_dest.items():
            s.keyed_set("dest", country, np.array(at, dtype=np.int64), True)
        # Occupations: one entry each.
        n_occ = np.array([len(p.occupations) for p in profiles], dtype=np.int64)
        occs = [o for p in profiles for o in p.occupations]
        cols: dict[str, NDArray[Any]] = {
            "row": np.repeat(slots, n_occ),
            "unit": np.array([int(o.isco08_code) for o in occs], dtype=np.int32),
            "esco": np.array(
                [self.esco_codes.code(o.esco_uri) if o.esco_uri else _NONE for o in occs],
                dtype=np.int32,
            ),
            "months": np.array([o.months for o in occs], dtype=np.int64),
        }
        ids = self.occupations.append(cols, _occupation_keys(cols))
        first = ids[0] if len(ids) else self.occupations.size
        c["occ_first"][slots] = first + np.concatenate([[0], np.cumsum(n_occ)[:-1]])
        c["occ_n"][slots] = n_occ
        # Skills.
        codes = [[self.skill_codes.code(u) for u in sorted(p.skills)] for p in profiles]
        n_sk = np.array([len(x) for x in codes], dtype=np.int64)
        flat = np.array([x for xs in codes for x in xs], dtype=np.int32)
        ids = self.skills.append({"row": np.repeat(slots, n_sk), "skill": flat}, [("k", flat)])
        first = ids[0] if len(ids) else self.skills.size
        c["skill_first"][slots] = first + np.concatenate([[0], np.cumsum(n_sk)[:-1]])
        c["skill_n"][slots] = n_sk
        self._maybe_compact()

    def remove(self, pks: Iterable[int]) -> None:
        """Take the workers out (ids not here are ignored)."""
        slots = self.slots.release(pks)
        if len(slots):
            self._kill_entries(slots)
            self.slots.keyed_reset(slots)
            for slot in slots.tolist():
                self.public_ids[slot] = ""
        self._maybe_compact()

    def _kill_entries(self, slots: NDArray[np.int64]) -> None:
        c = self.slots.cols
        for entries, first, n in (
            (self.occupations, c["occ_first"][slots], c["occ_n"][slots]),
            (self.skills, c["skill_first"][slots], c["skill_n"][slots]),
        ):
            if n.sum():
                entries.kill(
                    np.concatenate([np.arange(f, f + m) for f, m in zip(first, n, strict=True)])
                )
            # A slot whose entries are gone has none until rewritten.
        c["occ_n"][slots] = 0
        c["skill_n"][slots] = 0

    def _maybe_compact(self) -> None:
        c = self.slots.cols
        for entries, keys_of, first, count in (
            (self.occupations, _occupation_keys, "occ_first", "occ_n"),
            (self.skills, _skill_keys, "skill_first", "skill_n"),
        ):
            if entries.needs_compaction():
                remap = entries.compact(keys_of)
                live = np.flatnonzero(self.slots.alive & (c[count] > 0))
                c[first][live] = remap[c[first][live]]

    # Queries ------------------------------------------------------------------------------

    def allowed(
        self, vacancy: VacancyProfile, *, today: dt.date, rows: NDArray[np.int64] | None = None
    ) -> NDArray[np.bool_]:
        """Which workers (at `rows`, default every slot) the vacancy may be offered to: the
        vacancy published with open positions, the worker's age on the start date within its
        window, and its driving licence categories held."""
        rows = np.arange(self.slots.size, dtype=np.int64) if rows is None else rows
        if vacancy.status != "published" or vacancy.open_positions < 1:
            return np.zeros(len(rows), dtype=bool)
        c = self.slots.cols
        start = start_of(vacancy, today)
        age = (
            start.year
            - c["birth_year"][rows]
            - (start.month * 100 + start.day < c["birth_md"][rows])
        )
        need = _licence_mask(vacancy.licences)
        ok = self.slots.alive[rows] & ((c["licences"][rows] & need) == need)
        if vacancy.age_min is not None:
            ok &= age >= vacancy.age_min
        if vacancy.age_max is not None:
            ok &= age <= vacancy.age_max
        return np.asarray(ok, dtype=np.bool_)

    def _occupation(
        self, vacancy: VacancyProfile, rows: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(best occupation fit, months in the best-fitting occupation) of the workers at
        `rows` (each row once)."""
        if vacancy.isco08_code is None or len(rows) == 0:
            return np.zeros(len(rows)), np.zeros(len(rows))
        c = self.slots.cols
        n = c["occ_n"][rows]
        offsets = np.concatenate([[0], np.cumsum(n)[:-1]])
        entry = np.repeat(c["occ_first"][rows] - offsets, n) + np.arange(n.sum())
        esco_code = self.esco_codes.get(vacancy.esco_uri, _NONE) if vacancy.esco_uri else _NONE
        fit = _fit(
            self.occupations.cols["unit"][entry],
            self.occupations.cols["esco"][entry],
            int(vacancy.isco08_code),
            esco_code,
        )
        # One integer per entry ordering by (fit, months): its maximum per worker gives the
        # best fit and, among the occupations with that fit, the most months.
        key = np.rint(fit * 4).astype(np.int64) * _MONTHS_SPAN + self.occupations.cols["months"][
            entry
        ].astype(np.int64)
        best_key = np.zeros(len(rows), dtype=np.int64)
        has = n > 0
        if entry.size:
            best_key[has] = np.maximum.reduceat(key, offsets[has])
        return (best_key // _MONTHS_SPAN) / 4, (best_key % _MONTHS_SPAN).astype(np.float64)

    def scores(
        self,
        vacancy: VacancyProfile,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
        rows: NDArray[np.int64] | None = None,
        occupation: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
        skill_hits: NDArray[np.int64] | None = None,
    ) -> NDArray[np.float64]:
        """The total score for the vacancy of the workers at `rows` (default every slot),
        hard constraints not applied (see `allowed`)."""
        rows = np.arange(self.slots.size, dtype=np.int64) if rows is None else rows
        c = self.slots.cols
        n = len(rows)
        occupation_fit, months = occupation or self._occupation(vacancy, rows)
        months = np.where(occupation_fit >= 0.75, months, 0.0)
        need = vacancy.experience_months
        experience = np.minimum(1.0, months / need) if need else np.ones(n)
        if vacancy.skills:
            hits = self._skill_hits(vacancy) if skill_hits is None else skill_hits
            skills = hits[rows] / len(vacancy.skills)
        else:
            skills = np.ones(n)
        if vacancy.languages:
            total = np.zeros(n)
            for lang, level in vacancy.languages.items():
                column = self.slots.keyed_column("lang", lang)
                have = column[rows] if column is not None else np.zeros(n, dtype=np.int8)
                total += _language_part(have, np.int8(CEFR_RANK[level]))
            languages = total / len(vacancy.languages)
        else:
            languages = np.ones(n)
        # The offered wage in each worker currency: its own, or converted (NaN: unknown).
        in_currency = np.full(len(self.currencies) + 1, np.nan)
        if vacancy.monthly_wage is not None:
            for cur, amount in (
                (vacancy.monthly_wage[1], vacancy.monthly_wage[0]),
                *vacancy.monthly_wage_in.items(),
            ):
                if cur in self.currencies:
                    in_currency[self.currencies[cur]] = float(amount)
        worker_cur = c["currency"][rows]
        wage = np.where(
            worker_cur == _NONE, 1.0, _wage(in_currency[worker_cur], c["min_wage"][rows])
        )
        wants = self.slots.keyed_column("dest", vacancy.country)
        destination = np.where(
            c["has_destinations"][rows],
            wants[rows] if wants is not None else False,
            True,
        ).astype(np.float64)
        start = start_of(vacancy, today).toordinal()
        availability = (c["available"][rows] <= start).astype(np.float64)
        if vacancy.country == HOME_COUNTRY:
            readiness = np.ones(n)
        else:
            ends = start + _contract_days(vacancy.contract_months)
            readiness = (c["expiry"][rows] >= ends).astype(np.float64)
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
        return np.asarray(rounded(combine(parts, weights)), dtype=np.float64)

    def _skill_hits(self, vacancy: VacancyProfile) -> NDArray[np.int64]:
        """Per slot, how many of the vacancy's required skills the worker declares."""
        known = [self.skill_codes[s] for s in vacancy.skills if s in self.skill_codes]
        if not known:
            return np.zeros(self.slots.size, dtype=np.int64)
        entries = np.concatenate([self.skills.posted("k", code) for code in known])
        return np.bincount(self.skills.cols["row"][entries], minlength=self.slots.size)

    def top(
        self,
        vacancy: VacancyProfile,
        k: int,
        *,
        today: dt.date,
        weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    ) -> list[Candidate]:
        """The k best workers the vacancy may be offered to, best first (ties: lower
        database id). Exact (see the module's docstring)."""
        if vacancy.status != "published" or vacancy.open_positions < 1:
            return []
        keys = self.slots.keys
        if len(self._seen) < self.slots.size:
            self._seen = np.zeros(self.slots.capacity, dtype=bool)
        seen = self._seen
        touched: list[NDArray[np.int64]] = []
        skill_hits = self._skill_hits(vacancy) if vacancy.skills else None
        chosen = np.empty(0, dtype=np.int64)
        totals = np.empty(0)
        code = int(vacancy.isco08_code) if vacancy.isco08_code else None
        if len(self._scratch_rows) < self.slots.size:
            self._scratch_rows = np.zeros(self.slots.capacity, dtype=np.int64)
        scratch = self._scratch_rows

        def beaten(ceiling: float) -> bool:
            return len(chosen) >= k and totals[k - 1] > ceiling + 1e-9

        try:
            for tier_no, tier in enumerate((*_TIERS, 0.0)):
                if beaten(ceiling(tier, weights)):
                    break
                if tier > 0:
                    if code is None:
                        continue
                    name, div = _LEVELS[tier_no]
                    entries = self.occupations.posted(name, code // div)
                    if tier_no == 0 and vacancy.esco_uri in self.esco_codes:
                        entries = np.concatenate(
                            [
                                entries,
                                self.occupations.posted(
                                    "e", self.esco_codes[vacancy.esco_uri or ""]
                                ),
                            ]
                        )
                    # A worker with two occupations under one key is posted twice.
                    entry_rows = self.occupations.cols["row"][entries]
                    first = _first_mask(entry_rows, scratch)
                    rows = entry_rows[first]
                else:
                    rows = np.arange(self.slots.size, dtype=np.int64)
                rows = rows[~seen[rows]]
                seen[rows] = True
                touched.append(rows)
                rows = rows[self.allowed(vacancy, today=today, rows=rows)]
                if rows.size == 0:
                    continue
                # A worker first met in this tier has its best fit here (a better one would
                # be posted in an earlier tier), and its months are the most of its entries
                # in this posting (they only count from 0.75 up).
                fit = np.full(len(rows), tier)
                if tier >= 0.75:
                    posted_months = self.occupations.cols["months"][entries]
                    scratch[entry_rows[first]] = posted_months[first]
                    if not first.all():
                        np.maximum.at(scratch, entry_rows[~first], posted_months[~first])
                    months = scratch[rows].astype(np.float64)
                else:
                    months = np.zeros(len(rows))
                wants = self.slots.keyed_column("dest", vacancy.country)
                wanted = ~self.slots.cols["has_destinations"][rows]
                if wants is not None:
                    wanted |= wants[rows]
                for best, mask in _groups(tier, wanted, weights):
                    if beaten(best):
                        continue
                    part = rows if mask is None else rows[mask]
                    if part.size == 0:
                        continue
                    scored = self.scores(
                        vacancy,
                        today=today,
                        weights=weights,
                        rows=part,
                        occupation=(fit, months) if mask is None else (fit[mask], months[mask]),
                        skill_hits=skill_hits,
                    )
                    chosen, totals = _top_rows(
                        np.concatenate([chosen, part]), np.concatenate([totals, scored]), keys, k
                    )
        finally:
            for rows in touched:
                seen[rows] = False
        return [
            Candidate(int(keys[slot]), self.public_ids[slot], float(t))
            for slot, t in zip(chosen.tolist(), totals.tolist(), strict=True)
        ]
