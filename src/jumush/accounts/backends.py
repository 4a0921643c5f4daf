"""Sign-in by phone or e-mail and password (Django authentication backend)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest

from jumush.registry.fields import FieldError, parse_phone


def sign_in_name(text: str) -> str | None:
    """The stored form of a sign-in name: an e-mail lower-cased, a phone in E.164 ("0700 000
    002" -> "+996700000002"); None when it is neither."""
    text = text.strip()
    if "@" in text:
        local, _, domain = text.rpartition("@")
        if local and "." in domain and len(text) <= 254 and not any(c.isspace() for c in text):
            return text.lower()
        return None
    try:
        return parse_phone(text)
    except FieldError:
        return None


class PhoneOrEmailBackend(ModelBackend):
    """`authenticate(request, username=<phone or e-mail>, password=...)`. An unknown name costs
    the same password hashing as a wrong password, and both return None."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        name = sign_in_name(username)
        user = None
        if name is not None:
            field = "account__email" if "@" in name else "account__phone"
            user = User.objects.filter(**{field: name}).first()
        if user is None:
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        """Every Django model permission for an account whose admin role is in force (the
        admin site itself also asks for the TOTP check: admin_site.py); else Django's own."""
        account = getattr(user_obj, "account", None) if user_obj.is_active else None
        if account is not None and account.role == "admin" and account.role_revoked_at is None:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        account = getattr(user_obj, "account", None) if user_obj.is_active else None
        if account is not None and account.role == "admin" and account.role_revoked_at is None:
            return True
        return super().has_module_perms(user_obj, app_label)
