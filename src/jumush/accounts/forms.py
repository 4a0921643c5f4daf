"""Forms of the sign-in pages: name and password, then the TOTP code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jumush.accounts.passwords import MAX_PASSWORD_LENGTH


class SignInForm(forms.Form):
    """Phone number (any usual spelling) or e-mail, and password."""

    username = forms.CharField(
        label=_("Phone number or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    """The 6-digit code from the authenticator app (RFC 6238 TOTP)."""

    code = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        error_messages={"invalid": _("Enter the 6 digits the app shows.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
    )
