"""The JSON API: one NinjaAPI, routers from each app under /api/v1/, one error shape.

Every error body is `{"code": ..., "message": ...}` (plus `errors` for a 422). No stack trace
reaches a client: unexpected exceptions are logged and answered with code "server.error".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from jumush.accounts.access import CLOSED, Door
from jumush.accounts.api import router as accounts_router
from jumush.cases.api import router as cases_router
from jumush.coding.api import router as coding_router
from jumush.core.errors import DomainError
from jumush.matching.api import router as matching_router
from jumush.registry.api import router as registry_router
from jumush.registry.schemas import plain_reason
from jumush.taxonomy.api import router as taxonomy_router

log = logging.getLogger(__name__)


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Kyrgyz and Russian text as UTF-8 characters, not \\u escapes."""

    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


#: Error answers any operation may give, whatever its own responses say: 401 (not signed in, or
#: a bearer token unknown, expired or revoked: checked on every route), 403 (role not given the
#: action, CSRF failed, TOTP check pending), and for operations with a body 400 (not readable as
#: JSON or a form) and 413 (over the limit); 422 (bad parameters).
COMMON_ERRORS = {
    "400": "The body cannot be read as JSON or form data, or its JSON is not an object",
    "401": "Not signed in, or a bearer token that is unknown, expired or revoked",
    "403": "Not permitted: the role lacks the action, CSRF failed, or TOTP is pending",
    "413": "The request body is too large",
    "422": "Invalid parameters or body",
}


class BodyNotAnObject(ValueError):
    """A JSON request body that is valid JSON but no object (a list, a string, null)."""


class ObjectParser(Parser):
    """ninja's JSON parser, refusing a body that is not a JSON object: every operation's body
    is an object, and ninja would otherwise read `["сварщик"]` as `{}` and answer that its
    fields are missing."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            kind = {list: "an array", str: "a string", type(None): "null", bool: "a boolean"}
            raise BodyNotAnObject(
                f"the request body must be a JSON object, not {kind.get(type(data), 'a number')}"
            )
        return data


class JumushAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema documents the error answers every operation can give
    (COMMON_ERRORS), each with the `ErrorOut` body, so a client (and schemathesis) knows them."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_ERRORS.items():
                    if status in {"400", "413"} and "requestBody" not in operation:
                        continue
                    responses.setdefault(status, {"description": description, "content": error})
        return schema


api = JumushAPI(
    renderer=Utf8JSONRenderer(),
    parser=ObjectParser(),
    title="Jumush API",
    version="1",
    description="Reference taxonomies, occupation coding and the migrant employment registry.",
    docs_url="/docs",
    urls_namespace="api",
    # Deny by default: a route that names no action (accounts/access.py Door) is closed.
    auth=CLOSED,
)
api.add_router("/v1/", taxonomy_router, auth=Door("reference.read"))
api.add_router("/v1/", coding_router, auth=Door("occupation.code", csrf=False))
api.add_router("/v1/", registry_router)
api.add_router("/v1/", matching_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", cases_router)


def error_body(code: str, message: str, **extra: object) -> dict[str, object]:
    """The JSON body of every error response."""
    return {"code": code, "message": message, **extra}


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    extra: dict[str, object] = {}
    if "field" in exc.facts:
        extra["errors"] = [{"field": exc.facts["field"], "message": exc.message, "type": exc.code}]
    return api.create_response(
        request, error_body(exc.code, exc.message, **extra), status=exc.http_status
    )


def _field(loc: object) -> str | None:
    """ "texts.0" from ninja's ("body", "body", "texts", 0); "wage.amount" from ("body",
    "payload", "wage", "amount"); "q" from ("query", "q")."""
    parts = [str(p) for p in loc] if isinstance(loc, (list, tuple)) else []
    if parts[:2] == ["body", "payload"]:
        parts = parts[2:]
    while parts and parts[0] in ("body", "query", "path", "params", "params_model"):
        parts.pop(0)
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if not request.body and any(
        e.get("type") == "missing" and tuple(e.get("loc", ()))[:1] == ("body",) for e in exc.errors
    ):
        # ninja reads an empty body as a missing one: it is no JSON object, as "" is no JSON.
        return api.create_response(
            request,
            error_body("http.400", "the request body is empty: it must be a JSON object"),
            status=400,
        )
    errors = [
        {
            "field": _field(e.get("loc", ())),
            "message": plain_reason(e),
            "type": e.get("type", ""),
        }
        for e in exc.errors
    ]
    fields = ", ".join(str(e["field"]) for e in errors if e["field"]) or "the request"
    return api.create_response(
        request,
        error_body("request.invalid", f"invalid value for {fields}", errors=errors),
        status=422,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body("not_found", "no such resource"), status=404)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, error_body("auth.required", "authentication required"), status=401
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = _unparsable(exc.__cause__) if exc.status_code == 400 else None
    return api.create_response(
        request,
        error_body(f"http.{exc.status_code}", message or str(exc.message)),
        status=exc.status_code,
    )


def _unparsable(cause: BaseException | None) -> str | None:
    """Where a request body ninja could not parse ("Cannot parse request body") goes wrong:
    the JSON error's line and column, the first byte that is not UTF-8, or a body that is no
    object; None for any other cause."""
    if isinstance(cause, json.JSONDecodeError):
        return (
            f"the request body is not valid JSON: {cause.msg} at line {cause.lineno}, "
            f"column {cause.colno}"
        )
    if isinstance(cause, UnicodeDecodeError):
        return f"the request body is not UTF-8 text: byte {cause.start} cannot be read"
    if isinstance(cause, BodyNotAnObject):
        return str(cause)
    if isinstance(cause, RecursionError):
        return "the request body is not valid JSON: it is nested too deeply"
    if isinstance(cause, ValueError):  # a number of more than 4,300 digits
        return f"the request body is not valid JSON: {cause}"
    return None


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        error_body("request.too_large", "the request body is larger than 16 MB"),
        status=413,
    )


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("unhandled error in %s %s", request.method, request.path)
    return api.create_response(
        request, error_body("server.error", "internal error; it has been logged"), status=500
    )
