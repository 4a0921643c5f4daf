"""The vectorised index gives, for every pair, the score of `score.score`, and the same top k
as scoring every pair one by one. Synthetic, seeded profiles."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from jumush.matching import store
from jumush.matching.index import VacancyIndex, WorkerIndex
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
        wage = rng.choice([None, (Decimal(rng.randrange(20_000, 200_000)), currency)])
        # Sometimes also at an official rate into the currency workers often name.
        converted = (
            {"KZT" if currency == "RUB" else "RUB": wage[0] * Decimal("5.3")}
            if wage and rng.random() < 0.5
            else {}
        )
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
                licences=frozenset(rng.sample(["B", "C", "CE", "C1", "BE"], rng.randrange(0, 2))),
                age_min=rng.choice([None, 18, 21]),
                age_max=rng.choice([None, 39, 55]),
                monthly_wage=wage,
                monthly_wage_in=converted,
                start_date=rng.choice(
                    [
                        None,
                        dt.date(2027, rng.randrange(1, 13), rng.randrange(1, 28)),
                        dt.date(2026, rng.randrange(1, 12), 1),  # passed: counts as today
                    ]
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


def _brute_workers(
    people: dict[int, WorkerProfile], job: VacancyProfile, k: int
) -> list[tuple[int, float]]:
    ranked = sorted(
        (
            (pk, score(w, job, today=TODAY).total)
            for pk, w in people.items()
            if refusal(w, job, TODAY) is None
        ),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:k]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_worker_index_scores_equal_pairwise_scores_and_top_k_agrees(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
    people = {100 + i: worker(rng, i) for i in range(300)}
    index = WorkerIndex.build(people.items(), chunk=64)
    slots = [index.slots.slot[pk] for pk in people]
    for job in vacancies(rng, 30):
        totals = index.scores(job, today=TODAY)
        allowed = index.allowed(job, today=TODAY)
        for slot, (pk, w) in zip(slots, people.items(), strict=True):
            assert allowed[slot] == (refusal(w, job, TODAY) is None), (pk, w, job)
            assert totals[slot] == pytest.approx(score(w, job, today=TODAY).total, abs=1e-6)
        top = index.top(job, 25, today=TODAY)
        assert [(c.pk, c.total) for c in top] == _brute_workers(people, job, 25)
        assert all(c.worker_id == people[c.pk].id for c in top)


def test_indexes_stay_exact_through_updates_and_removals(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records rewritten in place, removed and added again give the rankings of a fresh
    index of the same records, through compactions of the entry tables."""
    monkeypatch.setattr(store, "COMPACT_MIN_DEAD", 50)
    rng = random.Random(7)  # noqa: S311 - synthetic test data, not secrets
    people = {i: worker(rng, i) for i in range(400)}
    jobs = {v.id: v for v in vacancies(rng, 400)}
    windex = WorkerIndex.build(people.items())
    vindex = VacancyIndex.build(jobs.values())
    for round_no in range(6):
        changed = rng.sample(sorted(people), 150)
        for pk in changed[:100]:
            people[pk] = worker(rng, pk)
        gone = changed[100:]
        for pk in gone:
            del people[pk]
        windex.upsert((pk, people[pk]) for pk in changed[:100])
        windex.remove(gone)
        fresh_ids = [1000 * (round_no + 1) + i for i in range(50)]
        for pk in fresh_ids:
            people[pk] = worker(rng, pk)
        windex.upsert((pk, people[pk]) for pk in fresh_ids)
        replaced = [VacancyProfile(**{**v.__dict__, "id": v.id}) for v in vacancies(rng, 60)]
        dropped = rng.sample(sorted(jobs), 40)
        for v in replaced:
            jobs[v.id] = v
        for vid in dropped:
            jobs.pop(vid, None)
        vindex.upsert(replaced)
        vindex.remove(dropped)
        assert len(windex) == len(people) and len(vindex) == len(jobs)
        fresh_w = WorkerIndex.build(people.items())
        fresh_v = VacancyIndex.build(jobs.values())
        for job in rng.sample(list(jobs.values()), 10):
            got = windex.top(job, 20, today=TODAY)
            assert [(c.pk, c.total) for c in got] == [
                (c.pk, c.total) for c in fresh_w.top(job, 20, today=TODAY)
            ]
            assert [(c.pk, c.total) for c in got] == _brute_workers(people, job, 20)
        for pk in rng.sample(sorted(people), 10):
            got_v = [(m.vacancy_id, m.total) for m in vindex.top(people[pk], 20, today=TODAY)]
            assert got_v == [
                (m.vacancy_id, m.total) for m in fresh_v.top(people[pk], 20, today=TODAY)
            ]
    for entries in (windex.occupations, windex.skills, vindex.occupations, vindex.skills):
        assert entries.compactions > 0


def test_an_emptied_posting_and_an_empty_index_give_no_results() -> None:
    rng = random.Random(11)  # noqa: S311 - synthetic test data, not secrets
    job = next(v for v in vacancies(rng, 50) if v.status == "published" and v.open_positions)
    people = WorkerIndex.build([(1, worker(rng, 1))])
    people.remove([1])
    assert people.top(job, 10, today=TODAY) == []
    assert WorkerIndex().top(job, 10, today=TODAY) == []
    jobs = VacancyIndex.build([job])
    jobs.remove([job.id])
    assert jobs.top(worker(rng, 2), 10, today=TODAY) == []
    assert VacancyIndex().top(worker(rng, 3), 10, today=TODAY) == []
