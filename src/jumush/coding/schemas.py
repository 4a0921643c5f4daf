"""Pydantic shapes of the occupation-coding API."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict, Field

MAX_TEXTS = 1000
MAX_TEXT_CHARS = 10_000


class CodeRequest(Schema):
    """POST /api/v1/occupations/code: 1 to 1,000 texts of at most 10,000 characters each
    (texts over 1,000 characters or 60 words are answered with an abstention, reason
    "too_long"). An unknown field is an error ("top" for "top_k" must not vanish)."""

    model_config = ConfigDict(extra="forbid")

    texts: Annotated[
        list[Annotated[str, Field(max_length=MAX_TEXT_CHARS, strict=True)]],
        Field(min_length=1, max_length=MAX_TEXTS),
    ]
    top_k: Annotated[int, Field(ge=1, le=10, strict=True)] = 5


class Alternative(Schema):
    """One ranked answer: ISCO-08 unit group (4-character string), ESCO URI or null, label in
    the query's language, score in [0, 1]."""

    isco08_code: str
    esco_uri: str | None
    label: str
    score: float


class CodeResult(Schema):
    """The coding of one text; `isco08_code` and `esco_uri` are null when `abstain`."""

    text: str
    lang: str
    isco08_code: str | None
    esco_uri: str | None
    confidence: float
    abstain: bool
    reason: str | None
    alternatives: list[Alternative]


class CodeResponse(Schema):
    """Results in the order of the request's texts."""

    results: list[CodeResult]
