"""JSON API v1 for occupation coding."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router

from jumush.coding.schemas import CodeRequest, CodeResponse, CodeResult
from jumush.coding.service import get_coder
from jumush.taxonomy.schemas import ErrorOut

router = Router(tags=["occupation coding"])


@router.post(
    "/occupations/code",
    response={200: CodeResponse, 422: ErrorOut},
    summary="Code 1 to 1,000 job titles (ky/ru/en) to ISCO-08 unit groups and ESCO occupations",
)
def code_titles(request: HttpRequest, body: CodeRequest) -> CodeResponse:
    coder = get_coder(settings.CACHE_DIR)
    results = coder.code_many(body.texts, top_k=body.top_k)
    return CodeResponse(results=[CodeResult(**r.as_dict()) for r in results])
