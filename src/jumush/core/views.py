"""Error responses for every app: JSON under /api/ and /healthz, a translated page elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 when a form post lacks a valid CSRF token: JSON under /api/, a page elsewhere."""
    if _wants_json(request):
        return JsonResponse(
            {"code": "csrf.failed", "message": "CSRF verification failed"}, status=403
        )
    return render(request, "core/error.html", {"status": 403}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 for requests Django rejects before a view (bad Host header, bad encoding)."""
    if _wants_json(request):
        return JsonResponse({"code": "bad_request", "message": "bad request"}, status=400)
    return render(request, "core/error.html", {"status": 400}, status=400)
