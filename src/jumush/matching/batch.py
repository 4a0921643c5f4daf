"""Every matched worker's top k published vacancies, written as JSON Lines (`jumush match
all`).

One line per worker, in database id order:
`{"worker_id": "<public id>", "matches": [{"vacancy_id": 12, "score": 0.93}, ...]}` (scores
in [0, 1], best first; a worker with no vacancy open to them has an empty list). The index
of published vacancies is built once; workers are read a chunk of ids at a time, and with
`processes` > 1 the chunks are ranked by that many forked processes (command line only:
never fork inside a web server).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from multiprocessing import get_context
from typing import IO

from django.db import connections
from django.db.models import QuerySet

from jumush.matching import live
from jumush.matching.index import VacancyIndex
from jumush.matching.live import (
    CHUNK,
    matched_vacancies,
    matched_workers,
    vacancy_records,
    worker_records,
)
from jumush.registry.models import Worker

_state: tuple[VacancyIndex, int, dt.date, QuerySet[Worker]] | None = None


def _rank_chunk(bounds: tuple[int, int]) -> tuple[int, str]:
    """(workers, their JSON lines) for the matched workers with ids in [lo, hi)."""
    if _state is None:  # pragma: no cover - set by match_all before any chunk
        raise RuntimeError("_rank_chunk called outside match_all")
    index, k, today, workers = _state
    weights = live.weights()
    lo, hi = bounds
    lines = []
    for _, worker in worker_records(workers.filter(id__gte=lo, id__lt=hi)):
        ids, totals = index.ranked(worker, k, today=today, weights=weights)
        matches = [
            {"vacancy_id": v, "score": t}
            for v, t in zip(ids.tolist(), totals.tolist(), strict=True)
        ]
        lines.append(json.dumps({"worker_id": worker.id, "matches": matches}) + "\n")
    return len(lines), "".join(lines)


def match_all(
    out: IO[str],
    *,
    k: int,
    today: dt.date,
    processes: int = 1,
    chunk: int = CHUNK,
    workers: QuerySet[Worker] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Write every matched worker's top `k` to `out`; returns (workers, vacancies indexed).
    Workers (default: every matched worker, live.MATCHED_WORKER_STATUSES) are read `chunk`
    ids at a time; `on_progress(done, total)` is called after each chunk."""
    global _state
    index = VacancyIndex.build(vacancy_records(matched_vacancies()))
    workers = matched_workers() if workers is None else workers
    total = workers.count()
    ids = workers.order_by().values_list("id", flat=True)
    lo = ids.order_by("id").first()
    hi = ids.order_by("-id").first()
    chunks = [] if lo is None or hi is None else [(a, a + chunk) for a in range(lo, hi + 1, chunk)]
    _state = (index, k, today, workers)
    done = 0
    try:
        if processes > 1 and len(chunks) > 1:
            connections.close_all()  # each forked process opens its own connection
            with get_context("fork").Pool(processes) as pool:
                for n, text in pool.imap(_rank_chunk, chunks):
                    out.write(text)
                    done += n
                    if on_progress:
                        on_progress(done, total)
        else:
            for bounds_of_chunk in chunks:
                n, text = _rank_chunk(bounds_of_chunk)
                out.write(text)
                done += n
                if on_progress:
                    on_progress(done, total)
    finally:
        _state = None
    return done, len(index)
