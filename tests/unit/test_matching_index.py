"""The vectorised index gives, for every pair, the score of `score.score`, and the same top k
as scoring every pair one by one. Synthetic, seeded profiles."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from jumush.matching.index import VacancyIndex
from jumush.matching.score import Occupation, VacancyProfile, WorkerProfile, refusal, score

TODAY = dt.date(2026, 11, 30)
CODES = ["7212", "7213", "7221", "7111", "8332", "9313", "5120", "9412", "9112", "7531"]
SKILLS = [f"http://data.europa.eu/esco/skill/s{i}" for i in range(12)]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]


def vacancies(rng: random.Random, n: int) -> list[VacancyProfile]:
    out = []
    for i in range(n):
        country = rng.choice(["RU", "KZ", "KR", "KG"])
        currency = {"RU": "RUB", "KZ": "KZT", "KR": "KRW", "KG": "KGS"}[country]
        out.append(
            VacancyProfile(
                id=i + 1,
                isco08_code=rng.choice([*CODES, None]),
                esco_uri=rng.choice([None, None, "http://data.europa.eu/esco/occupation/e1"]),
                country=country,
                status=rng.choice(["published"] * 5 + ["blocked"]),
                open_positions=rng.choice([0, 1, 5]),
                skills=frozenset(rng.sample(SKILLS, rng.randrange(0, 4))),
                experience_months=rng.choice([0, 6, 24, 48]),
                languages={
                    lang: rng.choice(LEVELS)
                    for lang in rng.sample(["ru", "en", "ko"], rng.randrange(0, 3))
                },
                licences=frozenset(rng.sample(["B", "C", "CE"], rng.randrange(0, 2))),
                age_min=rng.choice([None, 18, 21]),
                age_max=rng.choice([None, 39, 55]),
                monthly_wage=rng.choice(
                    [None, (Decimal(rng.randrange(20_000, 200_000)), currency)]
                ),
                start_date=rng.choice(
                    [None, dt.date(2027, rng.randrange(1, 13), rng.randrange(1, 28))]
                ),
                contract_months=rng.choice([None, 6, 12, 24]),
            )
        )
    return out


def worker(rng: random.Random, i: int) -> WorkerProfile:
    return WorkerProfile(
        id=f"w{i}",
        birth_date=dt.date(rng.randrange(1960, 2008), rng.randrange(1, 13), rng.randrange(1, 28)),
        occupations=tuple(
            Occupation(
                rng.choice(CODES),
                rng.choice([None, "http://data.europa.eu/esco/occupation/e1"]),
                rng.randrange(0, 100),
            )
            for _ in range(rng.randrange(1, 3))
        ),
        skills=frozenset(rng.sample(SKILLS, rng.randrange(0, 5))),
        languages={
            lang: rng.choice(LEVELS)
            for lang in rng.sample(["ky", "ru", "en", "ko"], rng.randrange(1, 4))
        },
        licences=frozenset(rng.sample(["B", "C", "CE", "D"], rng.randrange(0, 3))),
        destinations=frozenset(rng.sample(["RU", "KZ", "KR"], rng.randrange(0, 3))),
        min_monthly_wage=rng.choice(
            [None, (Decimal(rng.randrange(20_000, 150_000)), rng.choice(["RUB", "KZT"]))]
        ),
        available_from=rng.choice([None, dt.date(2027, rng.randrange(1, 13), 1)]),
        passport_expiry=rng.choice([None, dt.date(rng.randrange(2026, 2034), 6, 1)]),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_scores_equal_pairwise_scores_and_top_k_agrees(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
    jobs = vacancies(rng, 400)
    index = VacancyIndex.build(jobs)
    for i in range(25):
        w = worker(rng, i)
        totals = index.scores(w, today=TODAY)
        allowed = index.allowed(w, today=TODAY)
        for j, job in enumerate(jobs):
            assert allowed[j] == (refusal(w, job, TODAY) is None), (w, job)
            assert totals[j] == pytest.approx(score(w, job, today=TODAY).total, abs=1e-6), (w, job)
        brute = sorted(
            (score(w, job, today=TODAY) for job in jobs if refusal(w, job, TODAY) is None),
            key=lambda m: (-m.total, m.vacancy_id),
        )[:20]
        top = index.top(w, 20, today=TODAY)
        assert [(m.vacancy_id, m.total) for m in top] == [(m.vacancy_id, m.total) for m in brute]
