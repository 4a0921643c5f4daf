"""Public pages and the health probe: home, occupation search, ISCO-08 group, /healthz."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from jumush.coding.service import get_coder
from jumush.core.errors import InvalidInput, NotFound
from jumush.core.i18n import current_lang
from jumush.core.text import printable
from jumush.taxonomy import queries
from jumush.taxonomy.load import missing_datasets
from jumush.taxonomy.models import IscoGroup

log = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The home page in the visitor's language: what the service is for, and a search box."""
    return render(request, "pages/home.html")


@require_safe
def occupation_search(request: HttpRequest) -> HttpResponse:
    """Search occupations by free text: the coder's best ISCO-08 unit groups first, then ISCO
    groups and ESCO occupations whose names (ky/ru/en) contain the text."""
    q = printable(request.GET.get("q", "")).strip()
    context: dict[str, object] = {"q": q, "lang": current_lang()}
    if q:
        try:
            groups = queries.search_isco_groups(q, limit=10)
            page = queries.search_esco_occupations(q, limit=20, offset=0)
            context["page"] = page
            names = queries.occupation_names(page.items, current_lang())
            context["occupations"] = [(o, names[o.id]) for o in page.items]
        except InvalidInput as exc:
            context["error"] = exc.code
        else:
            coded = get_coder(settings.CACHE_DIR).code(q)
            suggested = [c.isco08_code for c in coded.candidates[:3]]
            if coded.abstain:
                suggested = suggested[:1] if coded.reason == "low_confidence" else []
            by_code = IscoGroup.objects.in_bulk(suggested)
            context["coded"] = coded
            context["suggested"] = [by_code[c] for c in suggested if c in by_code]
            context["groups"] = [g for g in groups if g.code not in suggested]
    return render(request, "pages/occupation_search.html", context)


@require_safe
def isco_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An ISCO-08 group page: titles, definition, parents, children, ESCO occupations."""
    try:
        group = queries.get_isco_group(code)
    except (NotFound, InvalidInput) as exc:
        raise Http404(exc.code) from exc
    return render(
        request,
        "pages/isco_detail.html",
        {
            "group": group,
            "lang": current_lang(),
            "parents": queries.isco_parent_chain(group),
            "children": group.children.order_by("code"),
            "occupations": group.occupations.order_by("preferred_label_en"),
        },
    )


@csrf_exempt
@never_cache
@require_safe
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
