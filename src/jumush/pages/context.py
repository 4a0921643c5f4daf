"""Template context for every page: who is signed in, for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jumush.accounts.access import actor_for
from jumush.accounts.models import Account
from jumush.accounts.roles import Role


def mask(name: str) -> str:
    """A sign-in name shown in the page header, partly hidden from onlookers:
    "+996700123456" → "+996 700 ••• 456", "ann@example.org" → "a•••@example.org"."""
    if "@" in name:
        local, _at, domain = name.partition("@")
        return f"{local[:1]}•••@{domain}"
    if len(name) >= 10:
        return f"{name[:4]} {name[4:7]} ••• {name[-3:]}"
    return "•••"


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`nav_signed_in`, `nav_is_worker`, `nav_role` and `nav_name` (masked phone or e-mail)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_signed_in": False}
    actor = actor_for(request)
    account = Account.objects.filter(user_id=actor.user_id or 0).only("phone", "email").first()
    name = (account.phone or account.email or "") if account else ""
    return {
        "nav_signed_in": actor.signed_in,
        "nav_is_worker": actor.role is Role.worker and actor.worker_id is not None,
        "nav_role": actor.role.value if actor.role else "",
        "nav_name": mask(name),
    }
