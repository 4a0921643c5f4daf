"""Accounts: a role (and its scope) for each Django user, the TOTP second factor, and personal
access tokens for integrations.

Django's `auth.User` stays the user model (the registry's migrations point at it); `Account` is
its one-to-one profile. Sign-in names are the phone (E.164) or the e-mail (lower case), each
unique. A role is revoked by setting `role_revoked_at`; `sessions_valid_after` ends every session
signed in before it. Both take effect on the account's next request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jumush.accounts.roles import Role
from jumush.registry.models import Agency, Employer, Worker

ROLE_CHOICES = [(r.value, r.value.replace("_", " ")) for r in Role]


class Account(models.Model):
    """A user's role and scope. `employer` is set for employer staff, `agency` for agency
    staff, `worker` for a worker whose registry record exists (linked when they register it).
    `consent_*` records the sign-up consent (text version shown, when)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    phone = models.CharField(max_length=16, null=True, blank=True, unique=True)
    email = models.CharField(max_length=254, null=True, blank=True, unique=True)
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    worker = models.OneToOneField(
        Worker, null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    role_revoked_at = models.DateTimeField(null=True, blank=True)
    sessions_valid_after = models.DateTimeField(null=True, blank=True)
    consent_text_version = models.CharField(max_length=40, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phone__isnull=False) | models.Q(email__isnull=False),
                name="account_has_a_sign_in_name",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="employer_staff") | models.Q(employer__isnull=False),
                name="employer_staff_have_an_employer",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="agency_staff") | models.Q(agency__isnull=False),
                name="agency_staff_have_an_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"account {self.user_id} ({self.role})"


class TotpDevice(models.Model):
    """A user's TOTP secret (RFC 6238, 30 s steps, 6 digits), sealed at rest like identity
    numbers (core/crypto.py). `confirmed_at` is set once a first code was right; `last_step`
    is the last time step accepted, so a code is never accepted twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret_sealed = models.BinaryField()
    key_id = models.CharField(max_length=8)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"TOTP device of user {self.user_id}"


class AccessToken(models.Model):
    """A personal access token: `prefix` (public, to find it) and `digest` (SHA-256 hex of the
    whole token; the token itself is shown once and never stored), the actions it may take
    (`scopes`, within its owner's role), and when it expires or was revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"token {self.prefix} ({self.name})"
