"""Middleware of our own: JSON error bodies for everything under /api/."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse


def api_errors_as_json(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Under /api/, turn any 4xx/5xx that is not already JSON (a 405 for a wrong method, a 403
    from CSRF) into `{"code": "http.<status>", "message": <reason>}`, with its headers kept."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = response.status_code
            try:
                phrase = HTTPStatus(status).phrase
            except ValueError:
                phrase = ""
            replacement = JsonResponse(
                {"code": f"http.{status}", "message": phrase.lower() or "error"},
                status=status,
                json_dumps_params={"ensure_ascii": False},
            )
            if "Allow" in response:
                replacement["Allow"] = response["Allow"]
            return replacement
        return response

    return middleware
