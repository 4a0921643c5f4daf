"""URL path converters."""

from __future__ import annotations

import uuid


class AnyCaseUUIDConverter:
    """A UUID in either case (RFC 9562 §4: "input ... is case insensitive"): Django's own
    `uuid` converter takes lower case only, so "/workers/3F2A...-..." answered 404. Yields a
    `uuid.UUID`; URLs are reversed in lower case. Registered as "anyuuid" (core/apps.py)."""

    regex = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_url(self, value: uuid.UUID | str) -> str:
        return str(value).lower()
