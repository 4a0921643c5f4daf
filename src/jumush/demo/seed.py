"""Write the synthetic demo data (demo/synthetic.py) into the registry: employers, agencies,
vacancies and workers, every row with `source_system` "demo".

Fast at national scale: rows go in with `core.bulk.insert_many` (COPY on PostgreSQL,
executemany on SQLite), one transaction per chunk, never through the ORM row by row.
Vacancies are validated as VacancyIn and stored through the registry's own
`build_vacancies`, so the compliance engine screens each one for real (published or blocked).

Idempotent: a demo row whose external id is already stored is skipped (and counted as
skipped), so running the seed again, or after an interruption, adds only what is missing;
`replace=True` deletes every demo row first.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing import get_context
from typing import Any

from django.db import connections, models, transaction
from django.db.models import Q
from django.utils import timezone

from jumush.compliance.ruleset import rules_for
from jumush.core.bulk import insert_many
from jumush.core.errors import InvalidInput
from jumush.core.text import search_key
from jumush.demo import synthetic
from jumush.demo.synthetic import SOURCE, Occupation, Reference
from jumush.matching.models import Removal
from jumush.registry.actions import EmployerKey, References, build_vacancies
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    Consent,
    DuplicateFlag,
    Employer,
    EmployerVerification,
    Vacancy,
    Worker,
    WorkerDestination,
    WorkerLanguage,
    WorkerOccupation,
    WorkerSkill,
)
from jumush.registry.schemas import VacancyIn
from jumush.taxonomy.models import EscoOccupation, OccupationLabel, Subdivision

#: on_progress(kind, done, total): kind is "employers", "agencies", "vacancies" or "workers".
Progress = Callable[[str, int, int], None]

DEFAULT_WORKERS = 2_000
DEFAULT_VACANCIES = 500
DEFAULT_SEED = 1
#: Days ahead whose statutory minimum wages vacancies must meet (their start dates fall
#: within the next eight months).
MINIMUM_HORIZON_DAYS = 270


@dataclass
class Counts:
    """Rows of one kind: `created` now, `skipped` because a demo row with the same external
    id was already stored."""

    created: int = 0
    skipped: int = 0


@dataclass
class SeedResult:
    """What `seed_demo` did. `vacancy_status` counts the created vacancies by status
    ("published", "blocked"); `rows` counts every row written per table (workers' languages,
    occupations, ...); `seconds` per kind."""

    employers: Counts = field(default_factory=Counts)
    agencies: Counts = field(default_factory=Counts)
    vacancies: Counts = field(default_factory=Counts)
    workers: Counts = field(default_factory=Counts)
    vacancy_status: Counter[str] = field(default_factory=Counter)
    rows: Counter[str] = field(default_factory=Counter)
    deleted: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def merge(self, other: SeedResult) -> None:
        """Add what another chunk did."""
        for mine, theirs in (
            (self.employers, other.employers),
            (self.agencies, other.agencies),
            (self.vacancies, other.vacancies),
            (self.workers, other.workers),
        ):
            mine.created += theirs.created
            mine.skipped += theirs.skipped
        self.vacancy_status.update(other.vacancy_status)
        self.rows.update(other.rows)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            kind: {"created": c.created, "skipped": c.skipped}
            for kind, c in (
                ("employers", self.employers),
                ("agencies", self.agencies),
                ("vacancies", self.vacancies),
                ("workers", self.workers),
            )
        } | {
            "vacancy_status": dict(sorted(self.vacancy_status.items())),
            "rows": dict(sorted(self.rows.items())),
            "deleted": self.deleted,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


class DemoDataError(InvalidInput):
    """The shipped occupation table names something the loaded reference data lacks."""

    code = "demo.reference_missing"


# --- reference data -----------------------------------------------------------------------


def statutory_minimums(today: dt.date) -> dict[str, tuple[Decimal, str]]:
    """Per destination, the highest national gross minimum wage for employment contracts in
    force at any time from `today` to MINIMUM_HORIZON_DAYS later, as (amount, period), from
    the compliance rules (compliance/rules/*.toml). Countries without one are absent."""
    until = today + dt.timedelta(days=MINIMUM_HORIZON_DAYS)
    out: dict[str, tuple[Decimal, str]] = {}
    for d in synthetic.DESTINATIONS:
        rules = rules_for(d.country)
        if rules is None:
            continue
        candidates = [
            m
            for m in rules.minimum_wage
            if m.contract == "employment"
            and m.basis == "gross"
            and m.region == ""
            and m.currency == d.currency
            and m.effective_from <= until
            and (m.effective_to is None or m.effective_to >= today)
        ]
        periods = {m.period for m in candidates}
        for period in ("month", "hour"):
            if period in periods:
                best = max(m.amount for m in candidates if m.period == period)
                out[d.country] = (best, period)
                break
    return out


def load_reference(today: dt.date | None = None) -> Reference:
    """The generator's reference: the shipped occupation mix with each occupation's Russian,
    Kyrgyz and English names from the loaded reference data, the KG districts, and the
    destinations' minimum wages. Raises DemoDataError when an occupation, its unit group or
    a skill is not loaded (run `jumush reference load`)."""
    today = today or timezone.localdate()
    table = synthetic.read_occupation_table()
    refs = References.current()
    uris = [o.esco_uri for o in table]
    english = dict(
        EscoOccupation.objects.filter(uri__in=uris).values_list("uri", "preferred_label_en")
    )
    names: dict[tuple[str, str], list[str]] = {}
    labels = (
        OccupationLabel.objects.filter(occupation__uri__in=uris, lang__in=("ru", "ky"))
        .exclude(kind="hidden")
        .order_by("id")
        .values_list("occupation__uri", "lang", "kind", "text")
    )
    for uri, lang, kind, text in labels:
        names_of = names.setdefault((uri, lang), [])
        if kind == "preferred":
            names_of.insert(0, text)
        else:
            names_of.append(text)
    occupations = []
    for o in table:
        known = refs.esco.get(o.esco_uri)
        if known is None or known[1] != o.isco08_code:
            raise DemoDataError(
                f"occupation {o.esco_uri} ({o.isco08_code}) is not in the loaded reference "
                "data: run `jumush reference load`",
                field="esco_uri",
            )
        missing = [s for s in o.skills if s not in refs.skills]
        if missing:
            raise DemoDataError(f"ESCO skill {missing[0]} is not loaded", field="skills")
        occupations.append(
            Occupation(
                isco08_code=o.isco08_code,
                esco_uri=o.esco_uri,
                weight=o.weight,
                skills=o.skills,
                destinations=o.destinations,
                names_ru=tuple(names.get((o.esco_uri, "ru"), ())),
                names_ky=tuple(names.get((o.esco_uri, "ky"), ())),
                name_en=english[o.esco_uri],
            )
        )
    districts: dict[str, list[str]] = {}
    for code, parent in (
        Subdivision.objects.filter(country_id="KG", kind="district")
        .order_by("code")
        .values_list("code", "parent_id")
    ):
        districts.setdefault(parent, []).append(code)
    if not districts:
        raise DemoDataError("no KG districts are loaded: run `jumush reference load`")
    return Reference(
        occupations=tuple(occupations),
        districts={k: tuple(v) for k, v in districts.items()},
        minimums=statutory_minimums(today),
    )


# --- helpers ------------------------------------------------------------------------------


def _existing(model: type[Worker] | type[Vacancy], low: str, high: str) -> dict[str, int]:
    """Demo rows of `model` with external ids from `low` to `high` (fixed width, so the
    string range is the number range): external id -> id."""
    found = model.objects.filter(
        source_system=SOURCE, external_id__gte=low, external_id__lte=high
    ).values_list("external_id", "id")
    return {external_id or "": pk for external_id, pk in found}


def _delete(model: type[models.Model], where: str, params: Sequence[Any]) -> int:
    """DELETE FROM model's table WHERE `where` (raw: a million workers are not loaded into
    Python to be deleted)."""
    connection = connections["default"]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # Identifiers come from the models and are quoted; values are parameters.
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
        return max(int(cursor.rowcount), 0)


def _in_demo(model: type[models.Model], column: str = "id") -> str:
    connection = connections["default"]
    quote = connection.ops.quote_name
    # Identifiers come from the models and are quoted; the value is a parameter.
    return (
        f"{quote(column)} IN (SELECT {quote('id')} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('source_system')} = %s)"
    )


def _log_removals() -> None:
    """Write the matching Removal log for the demo workers and vacancies about to be deleted,
    as the post_delete signal does for one record, so that every running server's matching
    index drops them (the raw DELETE sends no signal)."""
    connection = connections["default"]
    quote = connection.ops.quote_name
    removal = quote(Removal._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        for model, kind in ((Worker, Removal.Kind.worker), (Vacancy, Removal.Kind.vacancy)):
            # Identifiers come from the models and are quoted; values are parameters.
            cursor.execute(
                f"INSERT INTO {removal} ({quote('kind')}, {quote('record_id')}, {quote('at')}) "  # noqa: S608
                f"SELECT %s, {quote('id')}, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote('source_system')} = %s",
                [str(kind), now, SOURCE],
            )


@transaction.atomic
def delete_demo() -> dict[str, int]:
    """Delete every demo row (source_system "demo") and what hangs on it, logging the
    workers and vacancies in matching's Removal log; returns the rows deleted per table.
    Raises django.db.IntegrityError (PROTECT) when a record that is not demo data refers to
    a demo employer or agency."""
    deleted: dict[str, int] = {}
    _log_removals()
    for child in (WorkerLanguage, WorkerOccupation, WorkerSkill, WorkerDestination, Consent):
        deleted[child._meta.model_name or ""] = _delete(
            child, _in_demo(Worker, "worker_id"), [SOURCE]
        )
    deleted["duplicateflag"] = _delete(
        DuplicateFlag,
        f"{_in_demo(Worker, 'worker_id')} OR {_in_demo(Worker, 'other_id')}",
        [SOURCE, SOURCE],
    )
    deleted["worker"] = _delete(Worker, "source_system = %s", [SOURCE])
    deleted["vacancy"] = _delete(Vacancy, "source_system = %s", [SOURCE])
    deleted["employerverification"] = _delete(
        EmployerVerification, _in_demo(Employer, "employer_id"), [SOURCE]
    )
    deleted["employer"] = _delete(Employer, "source_system = %s", [SOURCE])
    deleted["agencydecision"] = _delete(AgencyDecision, _in_demo(Agency, "agency_id"), [SOURCE])
    served = Agency.countries_served.through
    _delete(served, _in_demo(Agency, "agency_id"), [SOURCE])
    deleted["agency"] = _delete(Agency, "source_system = %s", [SOURCE])
    return {k: v for k, v in deleted.items() if v}


# --- employers and agencies ----------------------------------------------------------------


def seed_employers(rows: Sequence[Mapping[str, Any]], result: SeedResult) -> None:
    """Store the demo employers not stored yet, with a verification decision for the
    verified and suspended ones."""
    known = set(Employer.objects.filter(source_system=SOURCE).values_list("external_id", flat=True))
    now = timezone.now()
    new = []
    for row in rows:
        if row["external_id"] in known:
            result.employers.skipped += 1
            continue
        decided = row["verification"] != "unverified"
        new.append(
            {
                **row,
                "name_key": search_key(row["legal_name"]),
                "verified_at": now if decided else None,
                "verification_reason": f"demo data: {row['verification']}" if decided else "",
            }
        )
    with transaction.atomic():
        insert_many(Employer, new)
        ids = dict(
            Employer.objects.filter(
                source_system=SOURCE, external_id__in=[r["external_id"] for r in new]
            ).values_list("external_id", "id")
        )
        decisions = [
            {
                "employer_id": ids[r["external_id"]],
                "status": r["verification"],
                "actor_id": None,
                "at": now,
                "reason": r["verification_reason"],
            }
            for r in new
            if r["verification"] != "unverified"
        ]
        insert_many(EmployerVerification, decisions)
    result.employers.created += len(new)
    result.rows["employer"] += len(new)
    result.rows["employerverification"] += len(decisions)


def seed_agencies(rows: Sequence[Mapping[str, Any]], result: SeedResult) -> None:
    """Store the demo agencies not stored yet, with countries served and licence
    decisions."""
    known = set(Agency.objects.filter(source_system=SOURCE).values_list("external_id", flat=True))
    new = [r for r in rows if r["external_id"] not in known]
    result.agencies.skipped += len(rows) - len(new)
    now = timezone.now()
    with transaction.atomic():
        insert_many(
            Agency,
            [
                {k: v for k, v in r.items() if k not in ("countries_served", "decisions")}
                | {"name_key": search_key(r["name"])}
                for r in new
            ],
        )
        ids = dict(
            Agency.objects.filter(
                source_system=SOURCE, external_id__in=[r["external_id"] for r in new]
            ).values_list("external_id", "id")
        )
        served = [
            {"agency_id": ids[r["external_id"]], "country_id": c}
            for r in new
            for c in r["countries_served"]
        ]
        insert_many(Agency.countries_served.through, served)
        decisions = [
            {
                "agency_id": ids[r["external_id"]],
                "decision": d["decision"],
                "effective_on": d["effective_on"],
                "actor_id": None,
                "at": now,
                "reason": d["reason"],
            }
            for r in new
            for d in r["decisions"]
        ]
        insert_many(AgencyDecision, decisions)
    result.agencies.created += len(new)
    result.rows["agency"] += len(new)
    result.rows["agencydecision"] += len(decisions)


# --- chunks, in one process or several ----------------------------------------------------


@dataclass
class _Job:
    """What a chunk needs; set in the parent just before a pool forks (inherited, not
    pickled)."""

    kind: str
    reference: Reference
    count: int
    seed: int
    today: dt.date
    employer_rows: Sequence[Mapping[str, Any]] = ()
    agency_rows: Sequence[Mapping[str, Any]] = ()
    refs: References | None = None
    employers: dict[EmployerKey, int] = field(default_factory=dict)
    agencies: dict[str, int | None] = field(default_factory=dict)


_JOB: _Job | None = None


def _run_chunk(chunk: int) -> SeedResult:
    if _JOB is None:  # pragma: no cover - the pool is only made with the job set
        raise RuntimeError("demo seed process started without its job")
    return _store_chunk(_JOB, chunk)


def _store_chunk(job: _Job, chunk: int) -> SeedResult:
    result = SeedResult()
    if job.refs is None:
        job.refs = References.current()
    # A chunk stored whole before is not made again: a second run only counts.
    workers = job.kind == "workers"
    size = synthetic.CHUNK if workers else synthetic.VACANCY_CHUNK
    first = chunk * size
    n = min(size, job.count - first)
    model, external_id = (
        (Worker, synthetic.worker_external_id)
        if workers
        else (Vacancy, synthetic.vacancy_external_id)
    )
    stored = model.objects.filter(
        source_system=SOURCE,
        external_id__gte=external_id(first),
        external_id__lte=external_id(first + n - 1),
    ).count()
    if stored == n:
        (result.workers if workers else result.vacancies).skipped += n
        return result
    if workers:
        made = synthetic.worker_chunk(
            job.reference, chunk, job.count, seed=job.seed, today=job.today
        )
        _store_worker_chunk(made, job.refs, result)
    else:
        first, records = synthetic.vacancy_chunk(
            job.reference,
            chunk,
            job.count,
            seed=job.seed,
            today=job.today,
            employer_rows=job.employer_rows,
            agency_rows=job.agency_rows,
        )
        _store_vacancy_chunk(first, records, job, result)
    return result


def default_processes(chunks: int) -> int:
    """Processes to store chunks with: 2 on PostgreSQL with several cores and at least four
    chunks to share, else 1 (SQLite has one writer; a test's open transaction cannot be
    shared with a forked process)."""
    connection = connections["default"]
    if (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and (os.cpu_count() or 1) > 1
        and chunks >= 4
    ):
        return 2
    return 1


def _run(
    job: _Job,
    chunks: int,
    size: int,
    result: SeedResult,
    processes: int | None,
    on_progress: Progress | None,
) -> None:
    """Store chunks 0..chunks-1 of `job`, in `processes` forked processes (each chunk one
    transaction) or here, merging what each did into `result`."""
    global _JOB
    processes = default_processes(chunks) if processes is None else processes
    done = 0

    def merged(part: SeedResult) -> None:
        nonlocal done
        result.merge(part)
        done = min(job.count, done + size)
        if on_progress is not None:
            on_progress(job.kind, done, job.count)

    if processes <= 1 or chunks < 2:
        for chunk in range(chunks):
            merged(_store_chunk(job, chunk))
        return
    job.refs = References.current()  # read once here, inherited by the processes
    # A forked process must not share the parent's database connection.
    connections.close_all()
    _JOB = job
    try:
        with get_context("fork").Pool(processes) as pool:
            for part in pool.imap_unordered(_run_chunk, range(chunks)):
                merged(part)
    finally:
        _JOB = None


# --- vacancies ----------------------------------------------------------------------------


def seed_vacancies(
    reference: Reference,
    count: int,
    *,
    seed: int,
    today: dt.date,
    employer_rows: Sequence[Mapping[str, Any]],
    agency_rows: Sequence[Mapping[str, Any]],
    result: SeedResult,
    processes: int | None = None,
    on_progress: Progress | None = None,
) -> None:
    """Store demo vacancies 0..count-1 that are not stored yet, each validated as VacancyIn,
    built and screened by registry.actions.build_vacancies, one transaction per chunk of
    synthetic.VACANCY_CHUNK."""
    job = _Job("vacancies", reference, count, seed, today, employer_rows, agency_rows)
    chunks = synthetic.chunk_count(count, synthetic.VACANCY_CHUNK)
    _run(job, chunks, synthetic.VACANCY_CHUNK, result, processes, on_progress)


def _store_vacancy_chunk(
    first: int, records: list[dict[str, Any]], job: _Job, result: SeedResult
) -> None:
    assert job.refs is not None  # noqa: S101 - set by _store_chunk
    existing = _existing(
        Vacancy,
        synthetic.vacancy_external_id(first),
        synthetic.vacancy_external_id(first + len(records) - 1),
    )
    fresh = [
        VacancyIn.model_validate(r) for r in records if r["source"]["external_id"] not in existing
    ]
    result.vacancies.skipped += len(records) - len(fresh)
    with transaction.atomic():
        built, refused = build_vacancies(fresh, job.refs, {}, job.employers, job.agencies)
        if refused:
            record, error = refused[0]
            raise DemoDataError(
                f"demo vacancy {record.source.external_id} refused: {error}", field=error.field
            )
        insert_many(Vacancy, built)
    result.vacancies.created += len(built)
    result.rows["vacancy"] += len(built)
    result.vacancy_status.update(row["status"] for row in built)


# --- workers ------------------------------------------------------------------------------


def seed_workers(
    reference: Reference,
    count: int,
    *,
    seed: int,
    today: dt.date,
    result: SeedResult,
    processes: int | None = None,
    on_progress: Progress | None = None,
) -> None:
    """Store demo workers 0..count-1 that are not stored yet, with their occupations,
    languages, skills, wanted destinations and consent: one transaction per chunk of
    synthetic.CHUNK."""
    job = _Job("workers", reference, count, seed, today)
    chunks = synthetic.chunk_count(count, synthetic.CHUNK)
    _run(job, chunks, synthetic.CHUNK, result, processes, on_progress)


def _store_worker_chunk(chunk: synthetic.WorkerChunk, refs: References, result: SeedResult) -> None:
    low = synthetic.worker_external_id(chunk.first)
    high = synthetic.worker_external_id(chunk.first + len(chunk.workers) - 1)
    existing = _existing(Worker, low, high)
    keep = [i for i, w in enumerate(chunk.workers) if w["external_id"] not in existing]
    result.workers.skipped += len(chunk.workers) - len(keep)
    if not keep:
        return
    kept = set(keep)
    with transaction.atomic():
        insert_many(Worker, [chunk.workers[i] for i in keep])
        ids = _existing(Worker, low, high)
        worker_id = [ids[w["external_id"]] for w in chunk.workers]
        tables: list[tuple[type[models.Model], list[dict[str, Any]]]] = [
            (
                WorkerOccupation,
                [
                    {
                        "worker_id": worker_id[i],
                        "title": o["title"],
                        "isco_group_id": o["isco_group_id"],
                        "esco_occupation_id": refs.esco[o["esco_uri"]][0],
                        "coding_confidence": None,
                        "experience_months": o["experience_months"],
                        "country_id": o["country_id"],
                    }
                    for i, o in chunk.occupations
                    if i in kept
                ],
            ),
            (
                WorkerLanguage,
                [{**row, "worker_id": worker_id[i]} for i, row in chunk.languages if i in kept],
            ),
            (
                WorkerSkill,
                [
                    {"worker_id": worker_id[i], "skill_id": refs.skills[uri]}
                    for i, uri in chunk.skills
                    if i in kept
                ],
            ),
            (
                WorkerDestination,
                [
                    {"worker_id": worker_id[i], "country_id": c}
                    for i, c in chunk.destinations
                    if i in kept
                ],
            ),
            (
                Consent,
                [{**row, "worker_id": worker_id[i]} for i, row in chunk.consents if i in kept],
            ),
        ]
        for model, table_rows in tables:
            result.rows[model._meta.model_name or ""] += insert_many(model, table_rows)
    result.workers.created += len(keep)
    result.rows["worker"] += len(keep)


# --- all of it ----------------------------------------------------------------------------


def seed_demo(
    *,
    workers: int = DEFAULT_WORKERS,
    vacancies: int = DEFAULT_VACANCIES,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
    today: dt.date | None = None,
    processes: int | None = None,
    on_progress: Progress | None = None,
) -> SeedResult:
    """Fill the registry with synthetic demo data: employers and agencies for `vacancies`
    vacancies (synthetic.employer_count / agency_count), the vacancies (screened: published
    or blocked) and `workers` workers. Deterministic for (`seed`, `workers`, `vacancies`,
    `today`; default: the local date). Rows already stored are skipped; `replace` deletes
    all demo rows first. `processes`: how many forked processes store the chunks (default:
    `default_processes`, 2 on PostgreSQL for large counts). Raises DemoDataError when the
    reference data is not loaded, and ValueError for counts out of range (0 to 9,999,999)."""
    if not 0 <= workers <= synthetic.MAX_WORKERS:
        raise ValueError(f"workers {workers}: give 0 to {synthetic.MAX_WORKERS:,}")
    if not 0 <= vacancies <= synthetic.MAX_VACANCIES:
        raise ValueError(f"vacancies {vacancies}: give 0 to {synthetic.MAX_VACANCIES:,}")
    today = today or timezone.localdate()
    result = SeedResult()
    clock = time.perf_counter()
    if replace:
        result.deleted = delete_demo()
        result.seconds["delete"] = time.perf_counter() - clock
    reference = load_reference(today)

    clock = time.perf_counter()
    employer_rows = synthetic.employers(synthetic.employer_count(vacancies), seed=seed)
    seed_employers(employer_rows, result)
    agency_rows = synthetic.agencies(synthetic.agency_count(vacancies), seed=seed, today=today)
    seed_agencies(agency_rows, result)
    if on_progress is not None:
        on_progress("employers", len(employer_rows), len(employer_rows))
    result.seconds["employers_agencies"] = time.perf_counter() - clock

    clock = time.perf_counter()
    seed_vacancies(
        reference,
        vacancies,
        seed=seed,
        today=today,
        employer_rows=employer_rows,
        agency_rows=agency_rows,
        result=result,
        processes=processes,
        on_progress=on_progress,
    )
    result.seconds["vacancies"] = time.perf_counter() - clock

    clock = time.perf_counter()
    seed_workers(
        reference,
        workers,
        seed=seed,
        today=today,
        result=result,
        processes=processes,
        on_progress=on_progress,
    )
    result.seconds["workers"] = time.perf_counter() - clock
    return result


def demo_workers(limit: int = 1) -> list[Worker]:
    """The first demo job seekers (by external id), to show `jumush match worker` with."""
    return list(
        Worker.objects.filter(Q(source_system=SOURCE), status="job_seeker").order_by("external_id")[
            :limit
        ]
    )
