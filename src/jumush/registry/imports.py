"""Bulk import of vacancies and workers that loses nothing.

Every row is read (registry/formats.py), validated against VacancyIn / WorkerIn, its titles
coded, and then either stored or reported: `ImportResult.issues` holds one RowIssue per
problem (row, field, value, reason). Rows are stored in batches, each batch in one
transaction, so an interrupted import leaves whole batches behind and a re-run stores the rest:
a row already stored (same source and external id, or the same content when the source has no
id) counts as a duplicate and is not stored twice.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, connections, transaction
from psycopg.errors import DeadlockDetected
from pydantic import ValidationError

from jumush.audit.log import Who, record_many
from jumush.audit.models import Outcome
from jumush.coding.coder import CodingResult
from jumush.coding.service import get_coder
from jumush.core.bulk import insert_many
from jumush.registry import actions
from jumush.registry.actions import EmployerKey, RecordError, References
from jumush.registry.formats import Kind, RawRecord, RowIssue, decode, detect_format, read_records
from jumush.registry.models import Vacancy, Worker
from jumush.registry.schemas import VacancyIn, WorkerIn, error_list

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
#: Times a batch is run again after the database chose it as a deadlock's victim.
DEADLOCK_RETRIES = 3
#: The actor of an import that names none (tests, benchmarks).
SYSTEM = Who(None, "system", "")
#: The command line uses several processes for files with more rows than this.
PARALLEL_MIN_ROWS = 20_000


@dataclass
class ImportResult:
    """What an import did. `imported` rows stored now; `duplicates` rows stored before (or
    twice in the file); `invalid` rows refused, each with at least one entry in `issues`;
    `flagged` workers stored with a possible-duplicate flag for review."""

    file: str
    format: str
    encoding: str
    imported: int = 0
    duplicates: int = 0
    invalid: int = 0
    flagged: int = 0
    rows: int = 0
    issues: list[RowIssue] = field(default_factory=list)

    def merge(self, other: ImportResult) -> None:
        """Add another batch's counts and issues to these."""
        self.imported += other.imported
        self.duplicates += other.duplicates
        self.invalid += other.invalid
        self.flagged += other.flagged
        self.rows += other.rows
        self.issues.extend(other.issues)

    def summary(self, kind: Kind = "vacancies") -> dict[str, int]:
        """{"imported", "duplicates", "invalid"}, plus "flagged" for workers."""
        out = {"imported": self.imported, "duplicates": self.duplicates, "invalid": self.invalid}
        if kind == "workers":
            out["flagged"] = self.flagged
        return out


def _batches(items: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _refuse(result: ImportResult, issues: list[RowIssue]) -> None:
    result.invalid += 1
    result.issues.extend(issues)


def _validated(
    raw: RawRecord, schema: type[VacancyIn] | type[WorkerIn], file_name: str, system: str
) -> tuple[VacancyIn | WorkerIn | None, list[RowIssue]]:
    if raw.record is None:
        return None, raw.issues
    record = dict(raw.record)
    source = dict(record.get("source") or {})
    source.setdefault("system", system)
    source.update(file=file_name[-255:], row=raw.row)
    record["source"] = source
    if schema is VacancyIn:
        # Imported vacancies go through screening: published, or blocked with the reasons.
        record.setdefault("status", "screening")
    try:
        return schema.model_validate(record), []
    except ValidationError as exc:
        return None, [
            RowIssue(raw.row, e["field"], e["value"], e["reason"]) for e in error_list(exc)
        ]


@dataclass
class _Batches:
    """The state one process keeps across the batches it stores: reference codes, employer
    ids, coded titles. With several processes, each has its own (forked) copy."""

    kind: Kind
    file_name: str
    system: str
    refs: References
    who: Who
    employers: dict[EmployerKey, int] = field(default_factory=dict)
    coded: dict[str, CodingResult] = field(default_factory=dict)

    def store(self, batch: list[RawRecord]) -> ImportResult:
        """Validate and store one batch; the counts and issues of this batch alone."""
        result = ImportResult(file=self.file_name, format="", encoding="")
        schema = VacancyIn if self.kind == "vacancies" else WorkerIn
        valid = []
        for raw in batch:
            record, issues = _validated(raw, schema, self.file_name, self.system)
            if record is None:
                _refuse(result, issues)
            else:
                valid.append(record)
        if len(self.coded) > actions.CODING_CACHE_SIZE:
            self.coded.clear()
        if self.kind == "vacancies":
            _store_vacancies(valid, self.refs, self.employers, self.coded, result)  # type: ignore[arg-type]
        else:
            _store_workers(valid, self.refs, self.coded, result, self.who)  # type: ignore[arg-type]
        result.rows = len(batch)
        return result


#: The state of a worker process (set in the parent just before the pool forks).
_WORKER_STATE: _Batches | None = None


def _store_in_worker(batch: list[RawRecord]) -> ImportResult:
    if _WORKER_STATE is None:  # pragma: no cover - the pool is only made with the state set
        raise RuntimeError("import worker started without its state")
    return _WORKER_STATE.store(batch)


def import_data(
    data: bytes,
    kind: Kind,
    *,
    file_name: str,
    fmt: str | None = None,
    batch_size: int = BATCH_SIZE,
    processes: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
    who: Who | None = None,
) -> ImportResult:
    """Import a file's bytes as `kind` ("vacancies" or "workers") in `fmt` ("jsonl", "csv",
    "hh", "superjob"; detected when None). `on_progress(rows_done, rows_estimated)` is called
    after each batch. Raises FileFormatError when the file as a whole cannot be read; every
    row-level problem is in the result instead.

    Each worker stored is audited ("worker.import", one row per record, in its batch's
    transaction) as `who`: the API's actor, or the command line's (`--actor` or the
    operating-system user); None (tests, benchmarks) is recorded as role "system".

    With `processes` > 1, batches are stored by that many forked processes at once (each batch
    still one transaction); batches then commit out of file order, but no row is lost or stored
    twice. Only for the command line: never fork inside a web server."""
    global _WORKER_STATE
    text, encoding = decode(data)
    fmt = fmt or detect_format(text, file_name)
    result = ImportResult(file=file_name, format=fmt, encoding=encoding)
    lines = text.count("\n") + (not text.endswith("\n"))
    estimate = max(lines - (fmt != "jsonl"), 1)  # a CSV's header is not a row
    system = fmt if fmt in {"hh", "superjob"} else "file"
    state = _Batches(kind, file_name, system, References.current(), who or SYSTEM)
    batches = _batches(read_records(text, fmt, kind), batch_size)
    if processes > 1 and estimate > batch_size:
        get_coder(settings.CACHE_DIR)  # loaded once here, shared by the forked processes
        # A forked process must not share the parent's database connection: close it here;
        # every process opens its own on first use.
        connections.close_all()
        _WORKER_STATE = state
        try:
            with get_context("fork").Pool(processes) as pool:
                # At most two batches per process in flight, so memory stays flat.
                pending: deque[AsyncResult[ImportResult]] = deque()
                for batch in batches:
                    pending.append(pool.apply_async(_store_in_worker, (batch,)))
                    while len(pending) >= 2 * processes or (pending and pending[0].ready()):
                        result.merge(pending.popleft().get())
                        if on_progress is not None:
                            on_progress(result.rows, max(estimate, result.rows))
                while pending:
                    result.merge(pending.popleft().get())
                    if on_progress is not None:
                        on_progress(result.rows, max(estimate, result.rows))
        finally:
            _WORKER_STATE = None
    else:
        for batch in batches:
            result.merge(state.store(batch))
            if on_progress is not None:
                on_progress(result.rows, max(estimate, result.rows))
    result.issues.sort(key=lambda issue: issue.row)
    log.debug("import of %s %s: %s", kind, fmt, result.summary())
    return result


def _new_keys(
    records: list[Any], model: type[Vacancy] | type[Worker], result: ImportResult
) -> list[tuple[Any, tuple[str, str]]]:
    """The records not yet stored, with their source keys. A record stored before with the
    same content is a duplicate; one whose id is stored with different content is refused
    (an import never silently overwrites, nor silently drops a change)."""
    keyed = [
        (r, actions.source_key(r.source.system, r.source.external_id, r.content_hash()))
        for r in records
    ]
    ids = {k[1] for _, k in keyed}
    systems = {k[0] for _, k in keyed}
    stored: dict[tuple[str, str], tuple[str, int | None]] = {
        (system, external or ""): (digest, row)
        for system, external, digest, row in model.objects.filter(
            source_system__in=systems, external_id__in=ids
        ).values_list("source_system", "external_id", "content_hash", "source_row")
    }
    fresh = []
    for record, key in keyed:
        if key not in stored:
            stored[key] = (record.content_hash(), record.source.row)
            fresh.append((record, key))
        elif stored[key][0] == record.content_hash():
            result.duplicates += 1
        else:
            _refuse(
                result,
                [
                    RowIssue(
                        record.source.row or 0,
                        "external_id",
                        key[1],
                        "a record with this id is already stored with different content"
                        + (f" (from row {stored[key][1]})" if stored[key][1] else "")
                        + "; it was not changed",
                    )
                ],
            )
    return fresh


def _store_vacancies(
    records: list[VacancyIn],
    refs: References,
    employers: dict[EmployerKey, int],
    cache: dict[str, CodingResult],
    result: ImportResult,
) -> None:
    fresh = [record for record, _ in _new_keys(records, Vacancy, result)]
    coded = actions.code_titles([r.title for r in fresh if r.isco08_code is None], cache)
    agencies: dict[str, int | None] = {}
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                built, refused = actions.build_vacancies(fresh, refs, coded, employers, agencies)
                insert_many(Vacancy, built)
        except OperationalError as exc:
            # Two processes of one import (or two imports) can still deadlock in the
            # database; the batch was rolled back whole, so it is simply run again.
            employers.clear()
            if not isinstance(exc.__cause__, DeadlockDetected) or attempt == DEADLOCK_RETRIES:
                raise
            continue
        except IntegrityError:
            # Another import stored some of these rows meanwhile: store one by one.
            employers.clear()
            refused = []
            for record in fresh:
                try:
                    with transaction.atomic():
                        one, no = actions.build_vacancies(
                            [record], refs, coded, employers, agencies
                        )
                        refused += no
                        result.imported += insert_many(Vacancy, one)
                except IntegrityError:
                    result.duplicates += 1
        else:
            result.imported += len(built)
        break
    for record, error in refused:
        _refuse(result, [_issue(record.source.row, error)])


def _issue(row: int | None, exc: RecordError) -> RowIssue:
    value = exc.value if isinstance(exc.value, str | int | float | bool) else str(exc.value)
    return RowIssue(row or 0, exc.field, value, exc.reason)


def _store_workers(
    records: list[WorkerIn],
    refs: References,
    cache: dict[str, CodingResult],
    result: ImportResult,
    who: Who,
) -> None:
    fresh = _new_keys(records, Worker, result)
    titles = [o.title for r, _ in fresh for o in r.occupations if o.isco08_code is None]
    coded = actions.code_titles(titles, cache)
    with transaction.atomic():
        stored = []
        for record, _ in fresh:
            try:
                with transaction.atomic():
                    worker, flags = actions.store_worker(record, refs, coded)
            except RecordError as exc:
                _refuse(result, [_issue(record.source.row, exc)])
                continue
            except IntegrityError:
                result.duplicates += 1
                continue
            result.imported += 1
            result.flagged += bool(flags)
            stored.append(str(worker.public_id))
        record_many(who, "worker.import", "worker", stored, Outcome.ok)
