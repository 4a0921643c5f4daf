"""Synthetic demo data: workers, employers, agencies and vacancies that look like the registry of
Kyrgyz labour migrants, with names that are plainly not real people's. Pure: NumPy and the
standard library, no Django; `demo/seed.py` writes what this makes.

Deterministic: the same `seed`, counts and `today` give the same data. Workers are made in
chunks of CHUNK, each from its own generator (seed, kind, chunk number), so worker i is the same
whatever the total, and 1,000,000 workers never need to be in memory at once. Vacancies come in
chunks of VACANCY_CHUNK the same way; which employer a vacancy names depends on how many
employers there are, and so on the number of vacancies.

Rows use the registry's column names (`isco_group_id`, `min_wage_currency_id`, ...); ESCO
occupations and skills are given by URI (`esco_uri`, `skill_uri`), which the writer turns into
ids. Vacancies are VacancyIn-shaped JSON dicts (registry/schemas.py), so that the registry's own
code builds and screens them.

The occupation mix is data (data/occupations.csv, see its header); the wage levels, shares of
destinations, languages and statuses below are the project's rough assumptions for a
believable demo, not statistics.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import hashlib
import itertools
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

DATA_DIR = Path(__file__).resolve().parent / "data"
OCCUPATIONS_CSV = DATA_DIR / "occupations.csv"

#: Workers per chunk (fixed: worker i must not depend on how many are made).
CHUNK = 10_000
#: Vacancies per chunk.
VACANCY_CHUNK = 1_000
#: `source_system` of every demo row; external ids are demo-w-0000001, demo-v-0000001,
#: demo-e-000001, demo-a-0001.
SOURCE = "demo"
MAX_WORKERS = 9_999_999
MAX_VACANCIES = 9_999_999

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)

# Generators are seeded with (seed, kind, chunk): one stream per kind of record.
_WORKERS, _VACANCIES, _EMPLOYERS, _AGENCIES = 1, 2, 3, 4


@dataclass(frozen=True)
class Destination:
    """A destination country as the demo draws it. `typical_monthly`: a usual monthly wage
    for elementary work (ISCO major group 9) in `currency`, rounded to `round_to`;
    `hourly_share`: share of vacancies paid by the hour; `language`: (ISO 639-1, CEFR
    levels, probability) a vacancy requires; `places`: (ISO 3166-2 region, city)."""

    country: str
    currency: str
    vacancy_share: float
    worker_share: float
    typical_monthly: int
    round_to: int
    hourly_share: float
    weekly_hours: tuple[tuple[int, float], ...]
    language: tuple[str, tuple[str, ...], float]
    contract_languages: tuple[str, ...]
    employer_pays: tuple[str, ...]
    legal_form: str
    places: tuple[tuple[str, str], ...]


DESTINATIONS: tuple[Destination, ...] = (
    Destination(
        "RU", "RUB", 0.55, 0.60, 70_000, 1_000, 0.0, ((40, 0.7), (48, 0.15), (60, 0.15)),
        ("ru", ("A2", "B1"), 0.7), ("ru", "ky"), ("travel", "housing"), "LLC",
        (("RU-MOW", "Москва"), ("RU-SPE", "Санкт-Петербург"), ("RU-MOS", "Подольск"),
         ("RU-SVE", "Екатеринбург"), ("RU-NVS", "Новосибирск"), ("RU-KDA", "Краснодар"),
         ("RU-TA", "Казань")),
    ),
    Destination(
        "KZ", "KZT", 0.12, 0.12, 250_000, 5_000, 0.0, ((40, 0.8), (48, 0.2)),
        ("ru", ("A2", "B1"), 0.5), ("ru", "ky"), ("travel",), "LLP",
        (("KZ-75", "Алматы"), ("KZ-71", "Астана")),
    ),
    Destination(
        "KR", "KRW", 0.08, 0.08, 2_300_000, 10_000, 0.3, ((40, 0.6), (48, 0.3), (52, 0.1)),
        ("ko", ("A1", "A2"), 0.6), ("ko", "ky"), ("visa", "travel", "medical check"),
        "Co., Ltd.", (("KR-41", "Ansan"), ("KR-11", "Seoul"), ("KR-26", "Busan")),
    ),
    Destination(
        "TR", "TRY", 0.06, 0.06, 38_000, 500, 0.0, ((45, 1.0),),
        ("tr", ("A1", "A2"), 0.3), ("tr", "ru"), ("visa", "travel", "work permit"),
        "Ltd. Şti.", (("TR-34", "İstanbul"), ("TR-07", "Antalya")),
    ),
    Destination(
        "GB", "GBP", 0.06, 0.05, 2_300, 50, 0.6, ((40, 0.7), (48, 0.3)),
        ("en", ("A2", "B1"), 0.6), ("en", "ru"), ("visa", "travel", "housing"), "Ltd",
        (("GB-KEN", "Maidstone"), ("GB-HEF", "Hereford"), ("GB-LND", "London")),
    ),
    Destination(
        "DE", "EUR", 0.05, 0.04, 2_700, 50, 0.5, ((40, 1.0),),
        ("de", ("A2", "B1", "B2"), 0.85), ("de", "ru"),
        ("visa", "travel", "work permit", "training"), "GmbH",
        (("DE-BE", "Berlin"), ("DE-BY", "München"), ("DE-NW", "Köln")),
    ),
    Destination(
        "AE", "AED", 0.04, 0.04, 2_000, 100, 0.0, ((48, 1.0),),
        ("en", ("A1", "A2"), 0.4), ("en", "ru"), ("visa", "travel", "housing", "work permit"),
        "LLC", (("AE-DU", "Dubai"), ("AE-AZ", "Abu Dhabi")),
    ),
    Destination(
        "PL", "PLN", 0.04, 0.03, 5_500, 100, 0.0, ((40, 1.0),),
        ("pl", ("A1", "A2"), 0.1), ("pl", "ru"), ("visa", "travel", "work permit"),
        "sp. z o.o.", (("PL-14", "Warszawa"), ("", "Wrocław")),
    ),
)  # fmt: skip
_BY_COUNTRY = {d.country: d for d in DESTINATIONS}
_COUNTRIES = tuple(d.country for d in DESTINATIONS)

#: Wage relative to elementary work, by ISCO-08 major group (skill level).
MAJOR_FACTOR = {
    "0": 1.2, "1": 1.9, "2": 1.7, "3": 1.4, "4": 1.15, "5": 1.05, "6": 1.0, "7": 1.3,
    "8": 1.2, "9": 1.0,
}  # fmt: skip

#: Regions of origin (ISO 3166-2:KG) and their shares of workers: the south sends most.
REGION_SHARES = {
    "KG-O": 0.20, "KG-J": 0.18, "KG-B": 0.10, "KG-C": 0.15, "KG-GB": 0.12, "KG-GO": 0.05,
    "KG-N": 0.05, "KG-Y": 0.07, "KG-T": 0.08,
}  # fmt: skip

#: Driving licence categories a vacancy of this unit group asks for, and a worker in it holds.
VACANCY_LICENCES = {"8322": ("B",), "8332": ("C",), "8331": ("D",), "8321": ("A",)}
WORKER_LICENCES = {
    "8322": ("B",), "8332": ("B", "C", "CE"), "8331": ("B", "D"), "8321": ("A", "B"),
    "8343": ("B", "C"), "5165": ("B", "C"),
}  # fmt: skip

#: (language, probability, (CEFR levels, their probabilities)) of every worker, before the
#: boost for a wanted destination (LANGUAGE_BOOST).
WORKER_LANGUAGES: tuple[tuple[str, float, tuple[str, ...], tuple[float, ...]], ...] = (
    ("ky", 0.96, ("B2", "C1", "C2"), (0.1, 0.3, 0.6)),
    ("ru", 0.88, ("A1", "A2", "B1", "B2", "C1"), (0.05, 0.2, 0.35, 0.25, 0.15)),
    ("uz", 0.08, ("B2", "C1", "C2"), (0.3, 0.3, 0.4)),
    ("en", 0.10, ("A1", "A2", "B1", "B2"), (0.3, 0.35, 0.25, 0.1)),
    ("tr", 0.03, ("A1", "A2", "B1"), (0.4, 0.4, 0.2)),
    ("ko", 0.02, ("A1", "A2", "B1"), (0.4, 0.4, 0.2)),
    ("de", 0.01, ("A2", "B1", "B2"), (0.4, 0.4, 0.2)),
    ("pl", 0.0, ("A1", "A2"), (0.6, 0.4)),
)
LANGUAGE_BOOST = {"GB": "en", "AE": "en", "TR": "tr", "KR": "ko", "DE": "de", "PL": "pl"}
STATUSES = (("job_seeker", 0.80), ("returned", 0.10), ("abroad", 0.06), ("deployed", 0.04))
DESCRIPTION = (
    "Демонстрационная вакансия: синтетические данные Jumush (jumush demo seed), "
    "не настоящее предложение работы."
)
ISIC_SECTIONS = ("A", "C", "F", "G", "H", "I", "N", "Q", "S")


@dataclass(frozen=True)
class Occupation:
    """One job of the mix: ISCO-08 unit group, ESCO occupation, relative weight, ESCO skills,
    the destinations it is recruited for (empty: any), and its names from the reference data
    (Russian and Kyrgyz best first, English)."""

    isco08_code: str
    esco_uri: str
    weight: float
    skills: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    names_ru: tuple[str, ...] = ()
    names_ky: tuple[str, ...] = ()
    name_en: str = ""


@dataclass(frozen=True)
class Reference:
    """What the generator needs from the reference data: the occupations (with their names),
    the KG districts of each region (none for the cities), and each destination's statutory
    minimum as (amount, "hour" | "month") in its currency (absent: no minimum)."""

    occupations: tuple[Occupation, ...]
    districts: Mapping[str, tuple[str, ...]]
    minimums: Mapping[str, tuple[Decimal, str]] = field(default_factory=dict)


def read_occupation_table(path: Path = OCCUPATIONS_CSV) -> list[Occupation]:
    """The occupation mix as shipped (names empty: they come from the reference data)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return [
            Occupation(
                isco08_code=r["isco08_code"],
                esco_uri=r["esco_uri"],
                weight=float(r["weight"]),
                skills=tuple(r["skills"].split()),
                destinations=tuple(r["destinations"].split()),
            )
            for r in rows
        ]


# --- helpers ------------------------------------------------------------------------------


def _rng(seed: int, kind: int, chunk: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, kind, chunk])


def _pick(rng: np.random.Generator, n: int, probs: Sequence[float]) -> NDArray[np.int64]:
    """n indices drawn with these (unnormalised) probabilities."""
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _ranked(rng: np.random.Generator, n: int, weights: Sequence[float]) -> NDArray[np.int64]:
    """For each of n rows, all indices in a weighted random order without repeats (Gumbel
    top-k): the first k of a row are a weighted sample of k distinct items."""
    w = np.log(np.asarray(weights, dtype=float))
    keys = w + rng.gumbel(size=(n, len(weights)))
    return np.argsort(-keys, axis=1)


def letters(index: int, width: int = 5) -> str:
    """`index` in base 26 written with A-Z: passport (Latin) names have no digits."""
    out = []
    for _ in range(width):
        index, digit = divmod(index, 26)
        out.append(chr(65 + digit))
    return "".join(reversed(out))


def _round(amount: Decimal, step: int, rounding: str) -> Decimal:
    return (amount / step).quantize(Decimal(1), rounding=rounding) * step


def _month_start(today: dt.date, months_ahead: int, day: int) -> dt.date:
    month = today.month - 1 + months_ahead
    return dt.date(today.year + month // 12, month % 12 + 1, day)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uuids(rng: np.random.Generator, n: int) -> list[uuid.UUID]:
    raw = rng.bytes(16 * n)
    return [uuid.UUID(bytes=raw[i * 16 : i * 16 + 16], version=4) for i in range(n)]


def monthly_floor(reference: Reference, country: str, weekly_hours: int) -> Decimal | None:
    """The statutory minimum as a monthly wage at these weekly hours (None: no minimum)."""
    minimum = reference.minimums.get(country)
    if minimum is None:
        return None
    amount, period = minimum
    return amount if period == "month" else amount * weekly_hours * WEEKS_PER_MONTH


# --- workers ------------------------------------------------------------------------------


@dataclass
class WorkerChunk:
    """Workers `first` to `first + len(workers) - 1`. `workers` are Worker rows without id;
    the other lists are (index in `workers`, row) of the worker's occupations (with
    `esco_uri` for the ESCO occupation), languages, skills (`skill_uri`), destinations and
    consent."""

    first: int
    workers: list[dict[str, Any]] = field(default_factory=list)
    occupations: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    languages: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    skills: list[tuple[int, str]] = field(default_factory=list)
    destinations: list[tuple[int, str]] = field(default_factory=list)
    consents: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def worker_external_id(index: int) -> str:
    return f"demo-w-{index:07d}"


def vacancy_external_id(index: int) -> str:
    return f"demo-v-{index:07d}"


def worker_chunks(
    reference: Reference, count: int, *, seed: int, today: dt.date, start: int = 0
) -> Iterator[WorkerChunk]:
    """Workers 0..count-1 (only those from chunk `start // CHUNK` on), one WorkerChunk per
    CHUNK workers."""
    if not 0 <= count <= MAX_WORKERS:
        raise ValueError(f"count {count}: give 0 to {MAX_WORKERS:,}")
    for chunk in range(start // CHUNK, chunk_count(count, CHUNK)):
        yield worker_chunk(reference, chunk, count, seed=seed, today=today)


def chunk_count(count: int, size: int) -> int:
    """How many chunks of `size` hold `count` records."""
    return (count + size - 1) // size


def worker_chunk(
    reference: Reference, chunk: int, count: int, *, seed: int, today: dt.date
) -> WorkerChunk:
    """Chunk number `chunk` of `count` workers (workers chunk * CHUNK onwards)."""
    first = chunk * CHUNK
    return _worker_chunk(reference, first, min(CHUNK, count - first), seed, chunk, today)


def _worker_chunk(
    ref: Reference, first: int, n: int, seed: int, chunk: int, today: dt.date
) -> WorkerChunk:
    # Always draw a whole chunk so that a short last chunk starts like a full one.
    rng = _rng(seed, _WORKERS, chunk)
    size = CHUNK
    out = WorkerChunk(first)
    occupations = ref.occupations
    groups = sorted({o.isco08_code for o in occupations})
    group_weight = {g: 0.0 for g in groups}
    by_group: dict[str, list[Occupation]] = {g: [] for g in groups}
    for o in occupations:
        group_weight[o.isco08_code] += o.weight
        by_group[o.isco08_code].append(o)

    public_ids = _uuids(rng, size)
    male = rng.random(size) < 0.62
    age_years = np.clip(18 + rng.gamma(2.2, 6.0, size), 18, 60.99)
    born = today.toordinal() - (age_years * 365.25).astype(np.int64)
    regions = list(REGION_SHARES)
    region_ix = _pick(rng, size, list(REGION_SHARES.values()))
    district_u = rng.random(size)
    status_ix = _pick(rng, size, [p for _, p in STATUSES])
    n_occupations = _pick(rng, size, [0.6, 0.3, 0.1]) + 1
    group_order = _ranked(rng, size, [group_weight[g] for g in groups])[:, :3]
    pick_u = rng.random((size, 3))
    experience = rng.gamma(1.8, 20.0, (size, 3))
    n_destinations = _pick(rng, size, [0.08, 0.6, 0.25, 0.07])
    destination_order = _ranked(rng, size, [d.worker_share for d in DESTINATIONS])[:, :3]
    language_u = rng.random((size, len(WORKER_LANGUAGES)))
    level_u = rng.random((size, len(WORKER_LANGUAGES)))
    n_skills = rng.integers(0, 7, size)
    skill_u = rng.random((size, 6))
    wage_factor = rng.uniform(0.55, 0.95, size)
    has_wage = rng.random(size) < 0.85
    available_days = rng.integers(0, 90, size)
    available_none = rng.random(size) < 0.15
    passport_days = rng.integers(-365, 3650, size)
    passport_none = rng.random(size) < 0.05
    isced = _pick(rng, size, [0.1, 0.5, 0.2, 0.1, 0.1]) + 2
    car_licence = rng.random(size) < 0.3
    consent_days = rng.integers(0, 365, size)

    today_ord = today.toordinal()
    # Plain lists: indexing them is several times faster than indexing NumPy arrays.
    male_l = male.tolist()
    age_l = age_years.tolist()
    born_l = born.tolist()
    region_l = region_ix.tolist()
    district_l = district_u.tolist()
    status_l = status_ix.tolist()
    n_occ_l = n_occupations.tolist()
    group_l = group_order.tolist()
    pick_l = pick_u.tolist()
    experience_l = experience.tolist()
    n_dest_l = n_destinations.tolist()
    dest_l = destination_order.tolist()
    language_l = language_u.tolist()
    level_l = level_u.tolist()
    n_skills_l = n_skills.tolist()
    skill_l = skill_u.tolist()
    wage_l = wage_factor.tolist()
    has_wage_l = has_wage.tolist()
    available_l = available_days.tolist()
    available_none_l = available_none.tolist()
    passport_l = passport_days.tolist()
    passport_none_l = passport_none.tolist()
    isced_l = isced.tolist()
    car_l = car_licence.tolist()
    consent_l = consent_days.tolist()
    level_cum = [list(itertools.accumulate(p)) for _, _, _, p in WORKER_LANGUAGES]
    for i in range(n):
        index = first + i
        external_id = worker_external_id(index)
        region = regions[region_l[i]]
        districts = ref.districts.get(region, ())
        district = districts[int(district_l[i] * len(districts))] if districts else None
        status = STATUSES[status_l[i]][0]
        wanted = [_COUNTRIES[j] for j in dest_l[i][: n_dest_l[i]]]
        birth_date = dt.date.fromordinal(born_l[i])
        max_months = int((age_l[i] - 16) * 12)

        chosen: list[Occupation] = []
        for k in range(n_occ_l[i]):
            options = by_group[groups[group_l[i][k]]]
            chosen.append(options[int(pick_l[i][k] * len(options))])
        for k, occ in enumerate(chosen):
            months = min(int(experience_l[i][k] * (1.5 if k == 0 else 0.6)), max_months)
            gained = wanted[0] if wanted and status != "job_seeker" else None
            names = occ.names_ky if k == 1 and occ.names_ky else occ.names_ru
            out.occupations.append(
                (
                    i,
                    {
                        "title": _capitalised(names[0]) if names else occ.name_en,
                        "isco_group_id": occ.isco08_code,
                        "esco_uri": occ.esco_uri,
                        "coding_confidence": None,
                        "experience_months": months,
                        "country_id": gained,
                    },
                )
            )

        boosted = {LANGUAGE_BOOST[c] for c in wanted if c in LANGUAGE_BOOST}
        for j, (language, p, levels, _) in enumerate(WORKER_LANGUAGES):
            if language_l[i][j] < p + (0.5 if language in boosted else 0.0):
                level = levels[min(bisect.bisect(level_cum[j], level_l[i][j]), len(levels) - 1)]
                out.languages.append((i, {"language_id": language, "cefr_id": level}))

        pool = list(dict.fromkeys(s for occ in chosen for s in occ.skills))
        if pool and n_skills_l[i]:
            taken = sorted({int(u * len(pool)) for u in skill_l[i][: n_skills_l[i]]})
            out.skills.extend((i, pool[t]) for t in taken)
        for country in wanted:
            out.destinations.append((i, country))

        licences: set[str] = set()
        for occ in chosen:
            licences.update(WORKER_LICENCES.get(occ.isco08_code, ()))
        if car_l[i]:
            licences.add("B")
        min_wage = None
        currency = None
        if wanted and has_wage_l[i]:
            d = _BY_COUNTRY[wanted[0]]
            factor = MAJOR_FACTOR[chosen[0].isco08_code[0]] * wage_l[i]
            min_wage = _round(Decimal(d.typical_monthly * factor), d.round_to, ROUND_FLOOR)
            currency = d.currency
        if available_none_l[i] and status == "job_seeker":
            available = None
        else:
            later = {"job_seeker": 0, "returned": 0, "abroad": 90, "deployed": 180}[status]
            available = dt.date.fromordinal(today_ord + later + available_l[i])
        passport = None if passport_none_l[i] else dt.date.fromordinal(today_ord + passport_l[i])
        sex = "male" if male_l[i] else "female"
        row = {
            "public_id": public_ids[i],
            "surname_latin": "DEMO",
            "given_names_latin": f"WORKER {letters(index)}",
            "surname_cyrillic": "Демо",
            "given_names_cyrillic": f"Жумушчу {index:07d}",
            "patronymic_cyrillic": "",
            "sex": sex,
            "birth_date": birth_date,
            "citizenship_id": "KG",
            "region_id": region,
            "district_id": district,
            "locality": "",
            "phone": "",
            "passport_sealed": None,
            "passport_key_id": "",
            "passport_lookup": "",
            "passport_expiry": passport,
            "education_isced": isced_l[i],
            "driving_licences": sorted(licences),
            "min_wage_amount": min_wage,
            "min_wage_currency_id": currency,
            "available_from": available,
            "status": status,
            "source_system": SOURCE,
            "external_id": external_id,
            "source_file": "",
            "source_row": None,
        }
        row["content_hash"] = hashlib.sha256(
            f"{external_id}|{sex}|{birth_date}|{region}|{district}|{passport}|{isced_l[i]}|"
            f"{sorted(licences)}|{min_wage} {currency}|{available}|{status}|{public_ids[i]}|"
            f"{out.occupations[-1][1]['isco_group_id']}".encode()
        ).hexdigest()
        out.workers.append(row)
        out.consents.append(
            (
                i,
                {
                    "purpose": "registry",
                    "given_on": dt.date.fromordinal(today_ord - consent_l[i]),
                    "text_version": "demo",
                    "withdrawn_on": None,
                },
            )
        )
    return out


# --- employers and agencies ----------------------------------------------------------------


def employer_count(vacancies: int) -> int:
    """Employers for this many vacancies: one per 20, at least two per destination."""
    return max(2 * len(DESTINATIONS), vacancies // 20)


def agency_count(vacancies: int) -> int:
    """Licensed agencies for this many vacancies: one per 200, 5 to 150."""
    return min(150, max(5, vacancies // 200))


def employers(count: int, *, seed: int) -> list[dict[str, Any]]:
    """Employer rows (without id) plus "verification": "verified" (about 60%), "unverified"
    or "suspended" (about 3%). Each destination has at least two."""
    rng = _rng(seed, _EMPLOYERS)
    shares = [d.vacancy_share for d in DESTINATIONS]
    country_ix = np.concatenate(
        [np.repeat(np.arange(len(DESTINATIONS)), 2), _pick(rng, count, shares)]
    )[:count]
    verification_ix = _pick(rng, count, [0.60, 0.37, 0.03])
    sector_ix = rng.integers(0, len(ISIC_SECTIONS), count)
    rows = []
    for i in range(count):
        d = DESTINATIONS[country_ix[i]]
        number = i + 1
        rows.append(
            {
                "legal_name": f"Demo Employer {number:04d} {d.legal_form}",
                "country_id": d.country,
                "registration_number": f"DEMO-E-{number:06d}",
                "name_key": "",  # set by the writer (core.text.search_key)
                "sector_isic": ISIC_SECTIONS[sector_ix[i]],
                "address": "",
                "verification": ("verified", "unverified", "suspended")[verification_ix[i]],
                "source_system": SOURCE,
                "external_id": f"demo-e-{number:06d}",
            }
        )
    return rows


def agencies(count: int, *, seed: int, today: dt.date) -> list[dict[str, Any]]:
    """Agency rows (without id) plus "countries_served" and "decisions" ([{decision,
    effective_on, reason}], each within the licence's term). Licences run five years; agency
    4 of every 25 is revoked, agency 12 of every 25 has expired, agency 6 of every 25 was
    suspended and reinstated (active again)."""
    rng = _rng(seed, _AGENCIES)
    rows = []
    for i in range(count):
        number = i + 1
        issued = today - dt.timedelta(days=int(rng.integers(200, 1500)))
        expires = issued + dt.timedelta(days=5 * 365)
        decisions: list[dict[str, Any]] = []
        if i % 25 == 11:
            expires = today - dt.timedelta(days=int(rng.integers(5, 60)))
            issued = expires - dt.timedelta(days=5 * 365)
        elif i % 25 == 3:
            decisions.append(
                {
                    "decision": "revoked",
                    "effective_on": today - dt.timedelta(days=60),
                    "reason": "demo data: licence revoked after an inspection",
                }
            )
        elif i % 25 == 5:
            decisions += [
                {
                    "decision": "suspended",
                    "effective_on": issued + dt.timedelta(days=100),
                    "reason": "demo data: deposit not topped up",
                },
                {
                    "decision": "reinstated",
                    "effective_on": issued + dt.timedelta(days=160),
                    "reason": "demo data: deposit restored",
                },
            ]
        served = ["RU"] + [c for c in _COUNTRIES[1:] if rng.random() < 0.35]
        rows.append(
            {
                "name": f"Demo Agency {number:03d}",
                "name_key": "",  # set by the writer
                "licence_number": f"DEMO-{number:04d}",
                "issued_on": issued,
                "expires_on": expires,
                "deposit_amount": Decimal(int(rng.integers(5, 21)) * 100_000),
                "deposit_currency_id": "KGS",
                "source_system": SOURCE,
                "external_id": f"demo-a-{number:04d}",
                "countries_served": served,
                "decisions": decisions,
            }
        )
    return rows


def agency_in_good_standing(row: Mapping[str, Any], day: dt.date) -> bool:
    """Whether the agency's licence is active on `day` (the registry's rule, for choosing)."""
    latest = [d for d in row["decisions"] if d["effective_on"] <= day]
    if latest and latest[-1]["decision"] != "reinstated":
        return False
    return bool(row["issued_on"] <= day <= row["expires_on"])


# --- vacancies ----------------------------------------------------------------------------


def vacancy_chunks(
    reference: Reference,
    count: int,
    *,
    seed: int,
    today: dt.date,
    employer_rows: Sequence[Mapping[str, Any]],
    agency_rows: Sequence[Mapping[str, Any]],
    start: int = 0,
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(first index, VacancyIn-shaped dicts) per VACANCY_CHUNK vacancies 0..count-1, from
    the chunk holding `start` on. Submitted for screening (status "screening"): the registry
    publishes or blocks each. About 3% charge the worker a fee, 3% pay below the minimum
    wage, 1% want a deposit or keep documents; a few name a suspended employer or an agency
    whose licence is not active: those are blocked by the screening."""
    if not 0 <= count <= MAX_VACANCIES:
        raise ValueError(f"count {count}: give 0 to {MAX_VACANCIES:,}")
    for chunk in range(start // VACANCY_CHUNK, chunk_count(count, VACANCY_CHUNK)):
        yield vacancy_chunk(
            reference,
            chunk,
            count,
            seed=seed,
            today=today,
            employer_rows=employer_rows,
            agency_rows=agency_rows,
        )


def vacancy_chunk(
    reference: Reference,
    chunk: int,
    count: int,
    *,
    seed: int,
    today: dt.date,
    employer_rows: Sequence[Mapping[str, Any]],
    agency_rows: Sequence[Mapping[str, Any]],
) -> tuple[int, list[dict[str, Any]]]:
    """Chunk number `chunk` of `count` vacancies: (its first index, VacancyIn dicts)."""
    employers_by_country: dict[str, list[Mapping[str, Any]]] = {c: [] for c in _COUNTRIES}
    for e in employer_rows:
        employers_by_country[e["country_id"]].append(e)
    first = chunk * VACANCY_CHUNK
    n = min(VACANCY_CHUNK, count - first)
    return first, _vacancy_chunk(
        reference, first, n, seed, chunk, today, employers_by_country, agency_rows
    )


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = float(sum(weights))
    return [x / total for x in itertools.accumulate(weights)]


def _choose(u: float, cumulative: Sequence[float]) -> int:
    """The index a uniform `u` falls on in these cumulative probabilities."""
    return min(bisect.bisect(cumulative, u), len(cumulative) - 1)


_VIOLATIONS = _cumulative(
    [0.93, 0.03, 0.03, 0.005, 0.005]
)  # none, fee, low wage, deposit, documents
_BASIS = _cumulative([0.7, 0.2, 0.1])
_AGE_MAX = _cumulative([0.7, 0.05, 0.1, 0.1, 0.05])
_N_SKILLS = _cumulative([0.3, 0.3, 0.25, 0.15])
_EXPERIENCE = _cumulative([0.35, 0.15, 0.25, 0.15, 0.1])
_CONTRACT = _cumulative([0.1, 0.2, 0.1, 0.35, 0.1, 0.15])
#: Uniform draws per vacancy, one column per decision (see _vacancy_chunk).
_DRAWS = 26


def _vacancy_chunk(
    ref: Reference,
    first: int,
    n: int,
    seed: int,
    chunk: int,
    today: dt.date,
    employers_by_country: Mapping[str, Sequence[Mapping[str, Any]]],
    agency_rows: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    rng = _rng(seed, _VACANCIES, chunk)
    occupations = ref.occupations
    occ_ix = _pick(rng, VACANCY_CHUNK, [o.weight for o in occupations]).tolist()
    draws = rng.random((VACANCY_CHUNK, _DRAWS)).tolist()
    noise = rng.lognormal(0.0, 0.15, VACANCY_CHUNK).tolist()
    positions = np.minimum(20, rng.geometric(0.25, VACANCY_CHUNK)).tolist()
    allowed_of: dict[int, tuple[list[Destination], list[float]]] = {}
    serving_of: dict[str, list[Mapping[str, Any]]] = {
        c: [a for a in agency_rows if c in a["countries_served"]] for c in _COUNTRIES
    }
    standing: dict[tuple[str, dt.date], list[float]] = {}
    out = []
    for i in range(n):
        u = draws[i]
        occ = occupations[occ_ix[i]]
        major = occ.isco08_code[0]
        if occ_ix[i] not in allowed_of:
            allowed = [
                d
                for d in DESTINATIONS
                if (not occ.destinations or d.country in occ.destinations)
                # Korea's Employment Permit System recruits for ISCO major groups 6-9 only.
                and (d.country != "KR" or major in "6789")
            ]
            allowed_of[occ_ix[i]] = (allowed, _cumulative([d.vacancy_share for d in allowed]))
        allowed, cumulative = allowed_of[occ_ix[i]]
        d = allowed[_choose(u[0], cumulative)]
        region, city = d.places[int(u[1] * len(d.places))]
        start_date = _month_start(today, 1 + int(u[2] * 8), 1 if u[3] < 0.6 else 15)
        hours = d.weekly_hours[_choose(u[4], _cumulative([p for _, p in d.weekly_hours]))][0]
        floor = monthly_floor(ref, d.country, hours)
        violation = _choose(u[5], _VIOLATIONS)
        if violation == 2 and floor is None:
            violation = 1  # no statutory minimum to fall below: a fee instead
        monthly = Decimal(d.typical_monthly * MAJOR_FACTOR[major] * noise[i])
        if floor is not None:
            monthly = max(monthly, floor * Decimal("1.03"))
        monthly = _round(monthly, d.round_to, ROUND_CEILING)
        if violation == 2 and floor is not None:
            share = Decimal(60 + int(u[6] * 30)) / 100
            monthly = _round(floor * share, d.round_to, ROUND_FLOOR)
        hourly = u[7] < d.hourly_share
        places = 0 if d.currency == "KRW" else 2
        if hourly:
            step = Decimal(10) if d.currency == "KRW" else Decimal("0.01")
            per_hour = monthly / (hours * WEEKS_PER_MONTH)
            rounding = ROUND_FLOOR if violation == 2 else ROUND_CEILING
            amount = (per_hour / step).quantize(Decimal(1), rounding=rounding) * step
        else:
            amount = monthly
        wage = {
            "amount": str(amount.quantize(Decimal(1).scaleb(-places))),
            "currency": d.currency,
            "period": "hour" if hourly else "month",
            "basis": ("gross", "net", None)[_choose(u[8], _BASIS)],
        }
        deductions = []
        if floor is not None and violation != 2 and monthly >= floor * Decimal("1.3"):
            housing = _round(monthly * Decimal("0.1"), d.round_to, ROUND_FLOOR)
            if u[9] < 0.25 and housing > 0:
                deductions.append(
                    {
                        "kind": "housing",
                        "amount": str(housing.quantize(Decimal(1).scaleb(-places))),
                        "currency": d.currency,
                        "period": "month",
                    }
                )
        worker_costs = []
        if violation == 1:
            fee = (3 + int(u[10] * 13)) * 100
            worker_costs.append({"kind": "placement fee", "amount": f"{fee}.00", "currency": "USD"})
        deposit = None
        if violation == 3:
            deposit = {"amount": f"{(2 + int(u[10] * 9)) * 100}.00", "currency": "USD"}

        language, levels, p = d.language
        required_languages = []
        if u[11] < p:
            required_languages.append(
                {"language": language, "cefr": levels[int(u[12] * len(levels))]}
            )
        age_min: int | None
        age_max: int | None
        if d.country == "KR":
            age_min, age_max = 18, 39  # EPS-TOPIK applicants: 18-39
        else:
            age_min = 18 if u[13] < 0.7 else None
            age_max = (None, 40, 45, 50, 55)[_choose(u[14], _AGE_MAX)]
        licences = list(VACANCY_LICENCES.get(occ.isco08_code, ()))
        if occ.isco08_code == "8332" and u[15] < 0.3:
            licences.append("CE")
        skills: list[str] = []
        if occ.skills:
            wanted = _choose(u[16], _N_SKILLS)
            start = int(u[17] * len(occ.skills))
            skills = sorted({occ.skills[(start + k) % len(occ.skills)] for k in range(wanted)})
        experience = (0, 6, 12, 24, 36)[_choose(u[18], _EXPERIENCE)]
        contract = (3, 6, 9, 12, 18, 24)[_choose(u[19], _CONTRACT)]
        if d.country == "GB" and major == "9":
            contract = 6  # seasonal worker visa: up to six months

        # Titles in the languages such job orders are written in: Russian for Russia and
        # Kazakhstan, often English elsewhere; some in Kyrgyz (as a Kyrgyz agency posts them).
        title_u = u[20]
        english = 0.0 if d.country in ("RU", "KZ") else 0.4
        if title_u < 0.12 and occ.names_ky:
            title = occ.names_ky[0]
        elif title_u < 0.12 + english or not occ.names_ru:
            title = occ.name_en
        elif title_u > 0.9 and len(occ.names_ru) > 1:
            title = occ.names_ru[1 + int(u[21] * (len(occ.names_ru) - 1))]
        else:
            title = occ.names_ru[0]
        pool = employers_by_country[d.country]
        employer = pool[int(u[22] * len(pool))]
        agency_number = None
        serving = serving_of[d.country]
        if serving and u[23] < 0.25:
            key = (d.country, start_date)
            if key not in standing:
                # An agency whose licence is not active is named now and then, not often.
                standing[key] = _cumulative(
                    [1.0 if agency_in_good_standing(a, start_date) else 0.15 for a in serving]
                )
            agency_number = serving[_choose(u[24], standing[key])]["licence_number"]
        pays = set(d.employer_pays)
        if u[25] < 0.5:
            pays.add("medical check")
        out.append(
            {
                "title": _capitalised(title)[:255],
                "isco08_code": occ.isco08_code,
                "esco_uri": occ.esco_uri,
                "employer": {
                    "name": employer["legal_name"],
                    "country": employer["country_id"],
                    "registration_number": employer["registration_number"],
                },
                "agency_licence_number": agency_number,
                "destination": {"country": d.country, "region": region, "city": city},
                "start_date": start_date.isoformat(),
                "positions": positions[i],
                "wage": wage,
                "weekly_hours": str(hours),
                "contract_months": contract,
                "worker_costs": worker_costs,
                "deposit_from_worker": deposit,
                "deductions": deductions,
                "employer_pays": sorted(pays),
                "contract_languages": list(d.contract_languages),
                "documents_held_by_employer": violation == 4,
                "requirements": {
                    "languages": required_languages,
                    "experience_months": experience,
                    "age_min": age_min,
                    "age_max": age_max,
                    "driving_licence": licences,
                    "skills": skills,
                },
                "description": DESCRIPTION,
                "status": "screening",
                "source": {"system": SOURCE, "external_id": vacancy_external_id(first + i)},
            }
        )
    return out
