"""Domain errors with stable codes. The edge (API, pages, CLI) maps a code to a status.

Callers match on the class or on `code`, never on the message text.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error we raise on purpose.

    `code` is stable and dotted (`"isco.not_found"`); `message` is English for logs and API
    clients; `facts` holds the values that explain it (never personal data).
    `http_status` is what the JSON API answers.
    """

    code: str = "error"
    http_status: int = 400

    def __init__(self, message: str, *, code: str | None = None, **facts: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.facts = facts


class NotFound(DomainError):
    """The record does not exist, or the actor may not see it (the two look the same)."""

    code = "not_found"
    http_status = 404


class InvalidInput(DomainError):
    """Input that parses but breaks a rule; the message names the record, field and why."""

    code = "invalid_input"
    http_status = 422


class Conflict(DomainError):
    """The record exists already (a second create of the same thing), or is in a state that
    does not allow the request."""

    code = "conflict"
    http_status = 409


class TooLarge(DomainError):
    """The input is larger than the limit the message names."""

    code = "too_large"
    http_status = 413
