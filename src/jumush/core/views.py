"""Pages and probes of the core app: home page, occupation search page, /healthz, errors."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jumush.core.errors import InvalidInput, NotFound
from jumush.core.i18n import current_lang
from jumush.taxonomy import queries
from jumush.taxonomy.load import missing_datasets

log = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The home page in the visitor's language: what the service is for, and a search box."""
    return render(request, "core/home.html")


@require_GET
def occupation_search(request: HttpRequest) -> HttpResponse:
    """Search ISCO-08 groups (titles in ky/ru/en) and ESCO occupations (labels) by text."""
    q = request.GET.get("q", "").strip()
    context: dict[str, object] = {"q": q, "lang": current_lang()}
    if q:
        try:
            context["groups"] = queries.search_isco_groups(q, limit=10)
            context["page"] = queries.search_esco_occupations(q, limit=20, offset=0)
        except InvalidInput as exc:
            context["error"] = exc.code
    return render(request, "core/occupation_search.html", context)


@require_GET
def isco_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An ISCO-08 group page: titles, definition, parents, children, ESCO occupations."""
    try:
        group = queries.get_isco_group(code)
    except (NotFound, InvalidInput) as exc:
        raise Http404(exc.code) from exc
    return render(
        request,
        "core/isco_detail.html",
        {
            "group": group,
            "lang": current_lang(),
            "parents": queries.isco_parent_chain(group),
            "children": group.children.order_by("code"),
            "occupations": group.occupations.order_by("preferred_label_en"),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and all reference data is loaded; 503 otherwise.

    Body: {"status": "ok"|"unavailable", "database": "ok"|"error",
    "reference_data_missing": [dataset names]}.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        missing = missing_datasets()
    except DatabaseError:
        log.exception("health check: database error")
        return JsonResponse(
            {"status": "unavailable", "database": "error", "reference_data_missing": None},
            status=503,
        )
    status = 200 if not missing else 503
    return JsonResponse(
        {
            "status": "ok" if not missing else "unavailable",
            "database": "ok",
            "reference_data_missing": missing,
        },
        status=status,
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 for every unmatched URL: JSON under /api/, a page elsewhere."""
    if _wants_json(request):
        return JsonResponse({"code": "not_found", "message": "no such resource"}, status=404)
    return render(request, "core/error.html", {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 without any detail of the failure: JSON under /api/, a page elsewhere."""
    if _wants_json(request):
        return JsonResponse(
            {"code": "server.error", "message": "internal error; it has been logged"}, status=500
        )
    return render(request, "core/error.html", {"status": 500}, status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 for requests Django rejects before a view (bad Host header, bad encoding)."""
    if _wants_json(request):
        return JsonResponse({"code": "bad_request", "message": "bad request"}, status=400)
    return render(request, "core/error.html", {"status": 400}, status=400)
