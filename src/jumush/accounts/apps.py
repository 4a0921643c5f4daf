from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class AccountsConfig(AppConfig):
    name = "jumush.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        user_logged_in.connect(_note_sign_in, dispatch_uid="jumush.accounts.sign_in_time")


def _note_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Every sign-in (Django's login(), which also gives the session a new key) starts the
    session's absolute and idle clocks."""
    import time

    from jumush.accounts.access import SEEN_AT, SIGNED_IN_AT, TOTP_AT

    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now
        if getattr(request, "_jumush_totp_passed", False):
            request.session[TOTP_AT] = now
        else:
            request.session.pop(TOTP_AT, None)
