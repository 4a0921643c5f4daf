# mypy: disable-error-code="type-arg"
"""Django admin for accounts: roles and scopes, with revocation, ended sessions and TOTP reset
as actions (each audited). Token digests and TOTP secrets never appear."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from jumush.accounts import actions
from jumush.accounts.access import actor_for
from jumush.accounts.models import AccessToken, Account


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user_id", "role", "phone", "email", "employer", "agency", "role_revoked_at")
    list_filter = ("role",)
    search_fields = ("phone", "email")
    raw_id_fields = ("user", "employer", "agency", "worker")
    readonly_fields = (
        "role_revoked_at",
        "sessions_valid_after",
        "consent_text_version",
        "consent_given_at",
        "created_at",
    )
    actions = ("revoke_roles", "restore_roles", "end_all_sessions", "reset_totp")

    @admin.action(description="Revoke the role (takes effect on the next request)")
    def revoke_roles(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        for account in queryset:
            actions.revoke_role(account, by=actor_for(request).who)
        messages.success(request, f"{queryset.count()} role(s) revoked")

    @admin.action(description="Restore the role")
    def restore_roles(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        for account in queryset:
            actions.restore_role(account, by=actor_for(request).who)

    @admin.action(description="End every session of these accounts")
    def end_all_sessions(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        for account in queryset:
            actions.end_sessions(account, by=actor_for(request).who)

    @admin.action(description="Reset the TOTP authenticator (lost phone)")
    def reset_totp(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        for account in queryset:
            actions.reset_totp(account.user, by=actor_for(request).who)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "expires_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    readonly_fields = ("user", "name", "prefix", "scopes", "expires_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
