"""The process-wide matching indexes, kept current as the registry changes.

`vacancy_index()` holds the published vacancies, `worker_index()` the workers who are
matched (statuses in MATCHED_WORKER_STATUSES). Each is built once per process from the
database, then brought up to date before a query, at most every POLL_SECONDS: records whose
`updated_at` is at or after the previous poll's start less OVERLAP are re-read (an index on
`updated_at` makes that a short range scan), and records deleted since (the Removal log,
written by a post_delete signal) are dropped. A query never scans the registry.

Limits: a change is seen up to POLL_SECONDS late in another process; a write whose
transaction commits more than OVERLAP after it set `updated_at` is seen at the next full
build only (the importers commit every 1,000 rows, well inside it).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Generic, TypeVar

from django.conf import settings
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from jumush.matching.index import Candidate, VacancyIndex, WorkerIndex
from jumush.matching.models import Removal
from jumush.matching.score import (
    DEFAULT_WEIGHTS,
    Match,
    Occupation,
    VacancyProfile,
    WorkerProfile,
)
from jumush.registry.models import (
    Vacancy,
    VacancyStatus,
    Worker,
    WorkerDestination,
    WorkerLanguage,
    WorkerOccupation,
    WorkerSkill,
    WorkerStatus,
)

#: Workers offered to employers: job seekers, returnees and migrants abroad looking for their
#: next job. Deployed workers (in a job found here) are not.
MATCHED_WORKER_STATUSES = (WorkerStatus.job_seeker, WorkerStatus.returned, WorkerStatus.abroad)
POLL_SECONDS = 1.0
OVERLAP = dt.timedelta(seconds=10)
CHUNK = 20_000
IN_CHUNK = 5_000  # ids per IN (...) list: well under SQLite's bound parameters limit
REBUILD_MIN = 50_000  # more changes than this (and than half the index): rebuild instead

Index = TypeVar("Index", VacancyIndex, WorkerIndex)
T = TypeVar("T")


def worker_records(workers: QuerySet[Worker]) -> Iterator[tuple[int, WorkerProfile]]:
    """(database id, WorkerProfile) of the workers, read as plain columns a chunk of ids at
    a time (five queries per chunk, no model objects), in id order."""
    bounds = workers.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return
    lo = bounds["lo"]
    while lo <= bounds["hi"]:
        hi = lo + CHUNK
        yield from _worker_chunk(workers.filter(id__gte=lo, id__lt=hi))
        lo = hi


def worker_records_by_id(pks: Sequence[int]) -> Iterator[tuple[int, WorkerProfile]]:
    """As `worker_records`, for the workers with these database ids."""
    for i in range(0, len(pks), IN_CHUNK):
        yield from _worker_chunk(Worker.objects.filter(id__in=pks[i : i + IN_CHUNK]))


def _worker_chunk(workers: QuerySet[Worker]) -> Iterator[tuple[int, WorkerProfile]]:
    rows = list(
        workers.order_by("id").values_list(
            "id",
            "public_id",
            "birth_date",
            "driving_licences",
            "min_wage_amount",
            "min_wage_currency_id",
            "available_from",
            "passport_expiry",
        )
    )
    if not rows:
        return
    ids = [r[0] for r in rows]
    # Dense ids: the id range alone (an index range scan; children of workers not in the
    # chunk are read and skipped). Sparse ids: the list.
    dense = ids[-1] - ids[0] < 4 * len(ids)
    where = Q(worker_id__gte=ids[0], worker_id__lte=ids[-1]) if dense else Q(worker_id__in=ids)
    occupations: dict[int, list[Occupation]] = {}
    for wid, isco, esco, months in WorkerOccupation.objects.filter(where).values_list(
        "worker_id", "isco_group_id", "esco_occupation__uri", "experience_months"
    ):
        occupations.setdefault(wid, []).append(Occupation(isco, esco, months))
    skills: dict[int, set[str]] = {}
    for wid, uri in WorkerSkill.objects.filter(where).values_list("worker_id", "skill__uri"):
        skills.setdefault(wid, set()).add(uri)
    languages: dict[int, dict[str, str]] = {}
    for wid, lang, cefr in WorkerLanguage.objects.filter(where).values_list(
        "worker_id", "language_id", "cefr_id"
    ):
        languages.setdefault(wid, {})[lang] = cefr
    destinations: dict[int, set[str]] = {}
    for wid, country in WorkerDestination.objects.filter(where).values_list(
        "worker_id", "country_id"
    ):
        destinations.setdefault(wid, set()).add(country)
    for pk, public_id, born, licences, wage, currency, available, expiry in rows:
        yield (
            pk,
            WorkerProfile(
                id=str(public_id),
                birth_date=born,
                occupations=tuple(occupations.get(pk, ())),
                skills=frozenset(skills.get(pk, ())),
                languages=languages.get(pk, {}),
                licences=frozenset(licences or ()),
                destinations=frozenset(destinations.get(pk, ())),
                min_monthly_wage=(Decimal(wage), currency)
                if wage is not None and currency
                else None,
                available_from=available,
                passport_expiry=expiry,
            ),
        )


def vacancy_records(vacancies: QuerySet[Vacancy]) -> Iterator[VacancyProfile]:
    """VacancyProfile of each vacancy (profiles.vacancy_profile), streamed."""
    from jumush.matching.profiles import vacancy_profile

    for vacancy in vacancies.order_by().iterator(chunk_size=2_000):
        yield vacancy_profile(vacancy)


class Live(Generic[Index]):
    """One index kept current by polling (see the module's docstring)."""

    def __init__(
        self,
        kind: str,
        matched: Callable[[], QuerySet[Worker] | QuerySet[Vacancy]],
        build: Callable[[], Index],
        refresh: Callable[[Index, list[int], set[int]], None],
    ) -> None:
        self.kind = kind
        self._matched = matched
        self._build: Callable[[], Index] = build
        self._refresh: Callable[[Index, list[int], set[int]], None] = refresh
        self._lock = threading.Lock()
        self._index: Index | None = None
        self._since = timezone.now()
        self._removal_seen = 0
        self._polled = 0.0

    def query(self, ask: Callable[[Index], T]) -> T:
        """`ask(index)` on the index brought up to date first (when POLL_SECONDS have
        passed), holding the lock so that no other thread changes it meanwhile."""
        with self._lock:
            if self._index is None:
                self._index = self._full()
            elif time.monotonic() - self._polled >= POLL_SECONDS:
                self._update(self._index)
            return ask(self._index)

    def forget(self, ids: Iterable[int]) -> None:
        """Drop records found missing from the database (written by a transaction that was
        then rolled back, so no Removal row says so)."""
        with self._lock:
            if self._index is not None:
                self._index.remove(ids)

    def reset(self) -> None:
        """Forget the index (the next `current` builds it again): tests, and after a bulk
        change made without signals."""
        with self._lock:
            self._index = None

    def _full(self) -> Index:
        self._removal_seen = Removal.objects.aggregate(m=Max("id"))["m"] or 0
        self._since = timezone.now()
        self._polled = time.monotonic()
        return self._build()

    def _update(self, index: Index) -> None:
        started = timezone.now()
        model = Worker if self.kind == Removal.Kind.worker else Vacancy
        changed = list(
            model.objects.filter(updated_at__gte=self._since - OVERLAP).values_list("id", flat=True)
        )
        removed = list(
            Removal.objects.filter(kind=self.kind, id__gt=self._removal_seen).values_list(
                "id", "record_id"
            )
        )
        if removed:
            self._removal_seen = max(r[0] for r in removed)
        if len(changed) + len(removed) > max(REBUILD_MIN, len(index) // 2):
            self._index = self._full()
            return
        matched: set[int] = set()
        for i in range(0, len(changed), IN_CHUNK):
            part = changed[i : i + IN_CHUNK]
            matched.update(self._matched().filter(id__in=part).values_list("id", flat=True))
        gone = {r[1] for r in removed} | (set(changed) - matched)
        self._refresh(index, sorted(matched), gone)
        self._since = started
        self._polled = time.monotonic()


def matched_vacancies() -> QuerySet[Vacancy]:
    """The vacancies the index holds: published."""
    return Vacancy.objects.filter(status=VacancyStatus.published)


def matched_workers() -> QuerySet[Worker]:
    """The workers the index holds: statuses in MATCHED_WORKER_STATUSES, not erased."""
    return Worker.objects.filter(status__in=MATCHED_WORKER_STATUSES, erased_at__isnull=True)


def _refresh_vacancies(index: VacancyIndex, matched: list[int], gone: set[int]) -> None:
    index.remove(gone)
    for i in range(0, len(matched), IN_CHUNK):
        index.upsert(vacancy_records(Vacancy.objects.filter(id__in=matched[i : i + IN_CHUNK])))


def _refresh_workers(index: WorkerIndex, matched: list[int], gone: set[int]) -> None:
    index.remove(gone)
    index.upsert(worker_records_by_id(matched))


_vacancies = Live(
    Removal.Kind.vacancy,
    matched_vacancies,
    lambda: VacancyIndex.build(vacancy_records(matched_vacancies())),
    _refresh_vacancies,
)
_workers = Live(
    Removal.Kind.worker,
    matched_workers,
    lambda: WorkerIndex.build(worker_records(matched_workers())),
    _refresh_workers,
)


def weights() -> Mapping[str, float]:
    """The score's component weights: settings.MATCHING_WEIGHTS (JUMUSH_MATCHING_WEIGHTS)."""
    configured: Mapping[str, float] = getattr(settings, "MATCHING_WEIGHTS", DEFAULT_WEIGHTS)
    return configured


def top_vacancies(worker: WorkerProfile, k: int, today: dt.date) -> list[Match]:
    """The k best published vacancies for the worker (VacancyIndex.top), explained."""
    w = weights()
    return _vacancies.query(lambda index: index.top(worker, k, today=today, weights=w))


def top_workers(vacancy: VacancyProfile, k: int, today: dt.date) -> list[Candidate]:
    """The k best matched workers for the vacancy (WorkerIndex.top)."""
    w = weights()
    return _workers.query(lambda index: index.top(vacancy, k, today=today, weights=w))


def warm() -> tuple[VacancyIndex, WorkerIndex]:
    """Build (or bring up to date) both indexes now, e.g. at start-up so that the first
    request does not wait; returns them (read them only under this module's queries)."""
    return _vacancies.query(lambda index: index), _workers.query(lambda index: index)


def forget_vacancies(ids: Iterable[int]) -> None:
    """Drop vacancies that are no longer in the database (see Live.forget)."""
    _vacancies.forget(ids)


def forget_workers(ids: Iterable[int]) -> None:
    """Drop workers that are no longer in the database (see Live.forget)."""
    _workers.forget(ids)


def reset() -> None:
    """Forget both indexes (tests; after changes made with queryset.update or raw SQL)."""
    _vacancies.reset()
    _workers.reset()
