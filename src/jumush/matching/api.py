"""JSON API v1 of matching: the open vacancies ranked for a worker, with the reasons."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from jumush.core.i18n import request_lang
from jumush.matching.profiles import ranked_for_worker
from jumush.registry import queries
from jumush.registry.api import staff
from jumush.taxonomy.schemas import ErrorOut

router = Router(tags=["matching"])


class MatchOut(Schema):
    """One vacancy for the worker: `score` in [0, 1], each component's value in [0, 1], and
    up to three reasons in the reader's language."""

    vacancy_id: int
    title: str
    country: str
    score: float
    components: dict[str, float]
    reasons: list[str]


class MatchParams(Schema):
    limit: Annotated[int, Field(ge=1, le=100)] = 20


@router.get(
    "/workers/{uuid:worker_id}/matches",
    auth=staff,
    response={200: list[MatchOut], 404: ErrorOut, 422: ErrorOut},
    summary="Published vacancies ranked for a worker, with the reasons",
)
def worker_matches(
    request: HttpRequest,
    response: HttpResponse,
    worker_id: uuid.UUID,
    params: Query[MatchParams],
) -> list[dict[str, Any]]:
    """Staff only for now (the access-control issue opens it to the worker); never cached."""
    response["Cache-Control"] = "no-store"
    worker = queries.get_worker(worker_id)
    return ranked_for_worker(worker, params.limit, request_lang(request, None))
