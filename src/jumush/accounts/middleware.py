"""Session limits: idle and absolute timeouts, checked on every request before any view."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

from jumush.accounts.access import SEEN_AT, session_expired

#: The last-seen time is written at most this often (each write is a session save).
SEEN_RESOLUTION_S = 60


def session_limits(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """End a signed-in session past its idle or absolute timeout (server side: the session row
    is deleted and the cookie cleared); else note that it was used, which also moves the
    session's expiry (SESSION_COOKIE_AGE is the idle timeout)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            if session_expired(session, now):
                logout(request)
            elif now - float(session.get(SEEN_AT, 0)) > SEEN_RESOLUTION_S:
                session[SEEN_AT] = now
        return get_response(request)

    return middleware
