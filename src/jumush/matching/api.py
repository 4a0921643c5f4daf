"""JSON API v1 of matching: the published vacancies ranked for a worker, and the workers
ranked for a published vacancy, with the reasons."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from jumush.accounts import access
from jumush.accounts.access import Actor, Door
from jumush.core.i18n import request_lang
from jumush.matching.profiles import ranked_for_vacancy, ranked_for_worker
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


class CandidateOut(Schema):
    """One worker for the vacancy: the public id and ISCO-08 unit groups (never the name,
    passport or phone), `score` in [0, 1], each component in [0, 1], and up to three
    reasons in the reader's language, written for the employer."""

    worker_id: uuid.UUID
    occupations: list[str]
    score: float
    components: dict[str, float]
    reasons: list[str]


class MatchParams(Schema):
    """`limit`: how many (1-200); `lang`: the reasons' language (else Accept-Language)."""

    limit: Annotated[int, Field(ge=1, le=200)] = 20
    lang: Literal["ky", "ru", "en"] | None = None


class CandidateParams(MatchParams):
    limit: Annotated[int, Field(ge=1, le=200)] = 50


@router.get(
    "/workers/{anyuuid:worker_id}/matches",
    auth=Door("worker.matches"),
    response={200: list[MatchOut], 404: ErrorOut, 422: ErrorOut},
    summary="Published vacancies ranked for a worker, with the reasons",
)
def worker_matches(
    request: HttpRequest,
    response: HttpResponse,
    worker_id: uuid.UUID,
    params: Query[MatchParams],
) -> list[dict[str, Any]]:
    """The ministry, and the worker for their own record (404 for any other); never cached."""
    response["Cache-Control"] = "no-store"
    actor: Actor = request.auth  # type: ignore[attr-defined]
    worker = access.access_worker(actor, worker_id, "worker.matches")
    return ranked_for_worker(worker, params.limit, request_lang(request, params.lang))


@router.get(
    "/vacancies/{int:vacancy_id}/candidates",
    auth=Door("vacancy.candidates"),
    response={200: list[CandidateOut], 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Workers ranked for a published vacancy, with the reasons",
)
def vacancy_candidates(
    request: HttpRequest,
    response: HttpResponse,
    vacancy_id: int,
    params: Query[CandidateParams],
) -> list[dict[str, Any]]:
    """The ministry, and the vacancy's own employer's and agency's staff (404 for any other
    vacancy); never cached; each worker listed is audited. 409 when the vacancy is not
    published."""
    response["Cache-Control"] = "no-store"
    actor: Actor = request.auth  # type: ignore[attr-defined]
    vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.candidates")
    ranked = ranked_for_vacancy(vacancy, params.limit, request_lang(request, params.lang))
    access.audit_worker_reads(actor, "vacancy.candidates", [c["worker_id"] for c in ranked])
    return ranked
