"""Benchmark of matching at national scale: the in-memory indexes against a straightforward
SQL query on PostgreSQL and brute-force NumPy scoring of every pair, in the same run.

    bench/matching.sh --workers 1000000 --vacancies 100000

(`bench/matching.sh` starts a throwaway PostgreSQL and runs this script against it; run
directly, the script uses JUMUSH_DATABASE_URL, which it fills: give it a throwaway one.)

Steps: `jumush demo seed` fills the database with the synthetic workers, employers, agencies
and vacancies of the demo (a subprocess, so that its memory is not counted); the indexes are
built from the database as the server builds them (live.warm: `build_s`); then, for a sample
of workers and of published vacancies:
- worker -> vacancies (top 20, explained) and vacancy -> candidates (top 50) from the indexes;
- the same through the product's ranked lists, which also read the registry (`api_*`);
- brute force: every pair scored with NumPy, then sorted (`bruteforce_*`);
- SQL: one query scoring every published vacancy for the worker in PostgreSQL (`sql_*`);
- `topk_agreement`: share of sampled queries (both kinds) whose top k from the index is
  identical, ids and order, to brute force's (the index is exact, so 1.0 is expected);
  `sql_topk_agreement` likewise for the SQL query, which computes in numeric and may
  break ties differently;
- batch: `jumush match all` (every matched worker's top 20, two processes) timed over all
  workers (`all_top20_s`), unless --batch-workers limits it (then extrapolated and
  labelled `all_top20_estimated_s`).
The last line printed is one JSON object; keys carry their units.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]


def percentiles(seconds: list[float], name: str) -> dict[str, float]:
    ms = np.array(seconds) * 1000
    return {
        f"{name}_p50_ms": round(float(np.percentile(ms, 50)), 2),
        f"{name}_p95_ms": round(float(np.percentile(ms, 95)), 2),
        f"{name}_p99_ms": round(float(np.percentile(ms, 99)), 2),
    }


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def sql_for(
    worker: Any, k: int, today: dt.date, weights: dict[str, float], legal: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]]:
    """One SQL query scoring every published vacancy for the worker as score.score does,
    best k first (ties: lower id). `legal` is the law as a table: the age window
    (profiles.legal_ages) of each destination and ISCO-08 unit group."""
    from jumush.matching.score import licences_held

    params: dict[str, Any] = {
        "legal": json.dumps(legal),
        "today": today,
        "born": worker.birth_date,
        "skills": sorted(worker.skills),
        "langs": json.dumps(
            {lang: CEFR.index(level) + 1 for lang, level in worker.languages.items()}
        ),
        "licences": json.dumps(sorted(licences_held(worker.licences))),
        "dests": sorted(worker.destinations),
        "available": worker.available_from,
        "expiry": worker.passport_expiry,
        "wanted": worker.min_monthly_wage[0] if worker.min_monthly_wage else None,
        "wanted_cur": worker.min_monthly_wage[1] if worker.min_monthly_wage else None,
        "k": k,
    }
    fits, months = [], []
    for i, occ in enumerate(worker.occupations):
        params[f"code{i}"] = occ.isco08_code
        params[f"esco{i}"] = occ.esco_uri
        params[f"months{i}"] = occ.months
        fit = (
            f"(CASE WHEN unit IS NULL THEN 0.0 "
            f"WHEN esco IS NOT NULL AND esco = %(esco{i})s THEN 1.0 "
            f"WHEN unit = %(code{i})s THEN 1.0 "
            f"WHEN left(unit, 3) = left(%(code{i})s, 3) THEN 0.75 "
            f"WHEN left(unit, 2) = left(%(code{i})s, 2) THEN 0.5 "
            f"WHEN left(unit, 1) = left(%(code{i})s, 1) THEN 0.25 ELSE 0.0 END)"
        )
        fits.append(fit)
        months.append(f"(CASE WHEN {fit} = occ AND occ >= 0.75 THEN %(months{i})s ELSE 0 END)")
    occ = f"GREATEST({', '.join(fits)})" if fits else "0.0"
    best_months = f"GREATEST({', '.join(months)})" if months else "0"
    total_weight = sum(weights.values())
    # score.combine: the components other than occupation count in proportion to its fit.
    rest = " + ".join(f"{w} * {name}" for name, w in weights.items() if name != "occupation")
    combined = f"{weights['occupation']} * occupation + (0.5 + 0.5 * occupation) * ({rest})"

    def arr(field: str) -> str:
        return f"COALESCE(NULLIF(req->'{field}', 'null'::jsonb), '[]'::jsonb)"

    have = "COALESCE((%(langs)s::jsonb ->> (l ->> 'language'))::int, 0)"
    rank = "array_position(ARRAY['A1','A2','B1','B2','C1','C2'], l ->> 'cefr')"
    sql = f"""
WITH legal AS MATERIALIZED (
  SELECT * FROM jsonb_to_recordset(%(legal)s::jsonb) AS t(country text, unit text, lo int, hi int)
), v AS (
  SELECT id, isco_group_id AS unit, terms ->> 'esco_uri' AS esco,
         destination_country_id AS country,
         GREATEST(COALESCE(start_date, %(today)s::date), %(today)s::date) AS start,
         legal.lo, legal.hi,
         COALESCE(contract_months, 12) AS months_of_contract, terms -> 'requirements' AS req,
         CASE WHEN wage_period = 'hour'
              THEN wage_amount * COALESCE(weekly_hours, 40) * 52 / 12
              ELSE wage_amount END AS monthly,
         wage_currency_id AS cur
  FROM registry_vacancy
  LEFT JOIN legal
    ON legal.country = destination_country_id AND legal.unit = COALESCE(isco_group_id, '')
  WHERE status = 'published' AND positions > 0
    AND COALESCE(screening ->> 'status', '') <> 'blocked'
), o AS (
  SELECT v.*, {occ} AS occ, date_part('year', age(v.start, %(born)s::date)) AS age FROM v
), c AS (
  SELECT id,
    occ AS occupation,
    CASE WHEN jsonb_array_length({arr("skills")}) = 0 THEN 1.0
         ELSE (SELECT count(*) FROM jsonb_array_elements_text({arr("skills")}) s
               WHERE s = ANY(%(skills)s::text[]))::float
              / jsonb_array_length({arr("skills")}) END AS skills,
    CASE WHEN COALESCE((req ->> 'experience_months')::int, 0) = 0 THEN 1.0
         ELSE LEAST(1.0, {best_months}::float / (req ->> 'experience_months')::int)
         END AS experience,
    CASE WHEN jsonb_array_length({arr("languages")}) = 0 THEN 1.0
         ELSE (SELECT avg(CASE WHEN {have} >= {rank} THEN 1.0
                               ELSE GREATEST(0.0, 1 - ({rank} - {have})::float / {rank}) END)
               FROM jsonb_array_elements({arr("languages")}) l) END AS languages,
    CASE WHEN %(wanted)s::numeric IS NULL THEN 1.0
         WHEN monthly IS NULL OR cur IS DISTINCT FROM %(wanted_cur)s THEN 0.5
         WHEN monthly >= %(wanted)s::numeric THEN 1.0
         WHEN %(wanted)s::numeric = 0 THEN 1.0
         ELSE GREATEST(0.0, (2 * monthly / %(wanted)s::numeric - 1)::float) END AS wage,
    CASE WHEN cardinality(%(dests)s::text[]) = 0 OR country = ANY(%(dests)s::text[])
         THEN 1.0 ELSE 0.0 END AS destination,
    CASE WHEN %(available)s::date IS NULL OR %(available)s::date <= start THEN 1.0 ELSE 0.0 END
      AS availability,
    CASE WHEN country = 'KG' THEN 1.0
         WHEN %(expiry)s::date IS NOT NULL
              AND %(expiry)s::date >= start + round(months_of_contract * 30.44)::int THEN 1.0
         ELSE 0.0 END AS readiness
  FROM o
  WHERE age >= GREATEST(COALESCE((req ->> 'age_min')::int, 0), COALESCE(lo, 0))
    AND age <= LEAST(COALESCE((req ->> 'age_max')::int, 999), COALESCE(hi, 999))
    AND {arr("driving_licence")} <@ %(licences)s::jsonb
)
SELECT id, round((({combined}) / {total_weight})::numeric, 6) AS total
FROM c ORDER BY total DESC, id LIMIT %(k)s
"""  # noqa: S608 - identifiers and weights are ours; every value is a parameter
    return sql, params


def brute_force(
    index: Any, queries: list[Any], tops: Any, k: int, today: dt.date, n: int
) -> tuple[list[bool], list[float]]:
    """For the first `n` queries: every record scored and sorted (score, then id), timed,
    and whether its top k equals the index's (`tops`, same order as `queries`)."""
    agree, timings = [], []
    keys = index.slots.keys
    for query, top in list(zip(queries, tops, strict=True))[:n]:
        started = time.perf_counter()
        totals = index.scores(query, today=today)
        ok = np.flatnonzero(index.allowed(query, today=today))
        brute = keys[ok][np.lexsort((keys[ok], -totals[ok]))[:k]].tolist()
        timings.append(time.perf_counter() - started)
        agree.append(brute == top)
    return agree, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300, help="sampled queries of each kind")
    parser.add_argument("--brute-queries", type=int, default=50)
    parser.add_argument("--sql-queries", type=int, default=20)
    parser.add_argument(
        "--batch-workers", type=int, default=None, help="rank only this many in the batch run"
    )
    parser.add_argument("--no-seed", action="store_true", help="the database is filled already")
    args = parser.parse_args()
    if not os.environ.get("JUMUSH_DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "JUMUSH_DATABASE_URL must name a throwaway PostgreSQL (bench/matching.sh starts one)"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jumush.settings")
    sys.path.insert(0, str(ROOT / "src"))
    jumush = [sys.executable, "-m", "jumush.cli"]
    out: dict[str, Any] = {"workers": args.workers, "vacancies": args.vacancies}
    if not args.no_seed:
        subprocess.run([*jumush, "setup"], check=True, cwd=ROOT)
        started = time.perf_counter()
        subprocess.run(
            [
                *jumush,
                "demo",
                "seed",
                "--workers",
                str(args.workers),
                "--vacancies",
                str(args.vacancies),
            ],
            check=True,
            cwd=ROOT,
        )
        out["seed_s"] = round(time.perf_counter() - started, 1)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from jumush.matching import live
    from jumush.matching.batch import match_all
    from jumush.matching.profiles import legal_ages, ranked_for_vacancy, ranked_for_worker
    from jumush.matching.score import DEFAULT_WEIGHTS
    from jumush.registry.models import Vacancy, Worker

    today = timezone.localdate()
    started = time.perf_counter()
    vacancy_index, worker_index = live.warm()
    out["build_s"] = round(time.perf_counter() - started, 1)
    out["indexed_vacancies"] = len(vacancy_index)
    out["indexed_workers"] = len(worker_index)
    out["peak_rss_mb"] = rss_mb()

    rng = random.Random(20261130)
    worker_pks = rng.sample(sorted(worker_index.slots.slot), min(args.queries, len(worker_index)))
    workers = dict(live.worker_records_by_id(sorted(worker_pks)))
    vacancy_ids = rng.sample(
        sorted(vacancy_index.slots.slot), min(args.queries, len(vacancy_index))
    )
    vacancies = {p.id: p for p in live.vacancy_records(Vacancy.objects.filter(id__in=vacancy_ids))}

    timings: list[float] = []
    index_tops: dict[int, list[int]] = {}
    for pk in worker_pks:
        t = time.perf_counter()
        matches = vacancy_index.top(workers[pk], 20, today=today)
        timings.append(time.perf_counter() - t)
        index_tops[pk] = [m.vacancy_id for m in matches]
    out.update(percentiles(timings, "worker_matches"))
    timings = []
    candidate_tops: dict[int, list[int]] = {}
    for vid in vacancy_ids:
        t = time.perf_counter()
        found = worker_index.top(vacancies[vid], 50, today=today)
        timings.append(time.perf_counter() - t)
        candidate_tops[vid] = [c.pk for c in found]
    out.update(percentiles(timings, "vacancy_candidates"))

    # End to end, as the API answers: the index, then the registry for titles or profiles.
    api_workers = Worker.objects.filter(id__in=worker_pks[:100])
    timings = []
    for w in api_workers.prefetch_related(
        "languages", "occupations__esco_occupation", "skills__skill", "destinations"
    ):
        t = time.perf_counter()
        ranked_for_worker(w, 20, "ky")
        timings.append(time.perf_counter() - t)
    out.update(percentiles(timings, "api_worker_matches"))
    timings = []
    for v in Vacancy.objects.filter(id__in=vacancy_ids[:100]):
        t = time.perf_counter()
        ranked_for_vacancy(v, 50, "ru")
        timings.append(time.perf_counter() - t)
    out.update(percentiles(timings, "api_vacancy_candidates"))

    # Brute force: every pair scored, then sorted.
    agree, timings = brute_force(
        vacancy_index,
        [workers[p] for p in worker_pks],
        index_tops.values(),
        20,
        today,
        args.brute_queries,
    )
    out.update(percentiles(timings, "bruteforce_worker_matches"))
    agree_v, timings = brute_force(
        worker_index,
        [vacancies[v] for v in vacancy_ids],
        candidate_tops.values(),
        50,
        today,
        args.brute_queries,
    )
    out.update(percentiles(timings, "bruteforce_vacancy_candidates"))
    out["topk_agreement"] = round((sum(agree) + sum(agree_v)) / (len(agree) + len(agree_v)), 4)
    out["topk_agreement_worker_matches"] = round(sum(agree) / len(agree), 4)
    out["topk_agreement_vacancy_candidates"] = round(sum(agree_v) / len(agree_v), 4)

    # SQL: the score computed by PostgreSQL for every published vacancy.
    timings = []
    sql_agree = []
    legal = [
        {"country": country, "unit": unit or "", "lo": lo, "hi": hi}
        for country, unit in Vacancy.objects.filter(status="published")
        .order_by()
        .values_list("destination_country_id", "isco_group_id")
        .distinct()
        for lo, hi in [legal_ages(country, unit, today)]
    ]
    with connection.cursor() as cursor:
        for pk in worker_pks[: args.sql_queries]:
            sql, params = sql_for(workers[pk], 20, today, dict(DEFAULT_WEIGHTS), legal)
            t = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            timings.append(time.perf_counter() - t)
            sql_agree.append([r[0] for r in rows] == index_tops[pk])
    out.update(percentiles(timings, "sql_worker_matches"))
    out["sql_topk_agreement"] = round(sum(sql_agree) / len(sql_agree), 4)

    # Batch: every matched worker's top 20 (or a slice, extrapolated).
    out["peak_rss_mb"] = rss_mb()
    matched = live.matched_workers()
    total = matched.count()
    workers_qs = matched
    if args.batch_workers:
        last = matched.order_by("id").values_list("id", flat=True)[args.batch_workers - 1]
        workers_qs = matched.filter(id__lte=last)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        started = time.perf_counter()
        done, _ = match_all(sink, k=20, today=today, processes=2, workers=workers_qs)
        elapsed = time.perf_counter() - started
    out["batch_workers_per_s"] = round(done / elapsed)
    if args.batch_workers:
        out["all_top20_estimated_s"] = round(total * elapsed / done)
    else:
        out["all_top20_s"] = round(elapsed)
    out["matched_workers"] = total
    out["peak_rss_mb"] = rss_mb()
    out["batch_children_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
