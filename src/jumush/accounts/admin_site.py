"""The Django admin behind the one door: only an account with the admin role in force, and
whose session passed the TOTP check (the sign-in form asks for the code), gets in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from jumush.accounts.access import actor_for


class TotpAdminAuthenticationForm(AdminAuthenticationForm):
    """Sign-in name (phone or e-mail), password and the TOTP code."""

    otp_code = forms.CharField(label="TOTP code", max_length=8, required=True)

    def clean(self) -> dict[str, Any]:
        from jumush.accounts.actions import check_totp

        cleaned = super().clean()
        user = self.get_user()
        if user is None or not check_totp(user, cleaned.get("otp_code") or ""):
            raise self.get_invalid_login_error()
        self.request._jumush_totp_passed = True  # type: ignore[union-attr]
        return cleaned


class JumushAdminSite(admin.AdminSite):
    site_header = "Jumush"
    login_form = TotpAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        if not (request.user.is_active and request.user.is_authenticated):
            return False
        actor = actor_for(request)
        return actor.can("admin.site") and not actor.totp_pending
