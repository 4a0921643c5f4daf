"""Forms of the worker pages: sign-up with consent, and the profile's steps. Every field has
a label; every error names its field in the page's language; a form with errors shows back
everything that was typed (except passwords)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision
from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError

from jumush.accounts.backends import sign_in_name
from jumush.accounts.models import Account
from jumush.accounts.passwords import MAX_PASSWORD_LENGTH
from jumush.pages.choices import (
    PROFILE_LANGUAGES,
    cefr_choices,
    choice_field,
    common_destination_choices,
    country_choices,
    currency_choices,
    language_names,
)
from jumush.pages.errors import amount_message, minor_units_message
from jumush.registry.fields import FieldError, parse_amount, parse_date
from jumush.registry.schemas import OLDEST_AGE_YEARS, LatinName, WorkerIn, fits_minor_units

#: The version of the consent text on the sign-up page (templates/worker/signup.html); a new
#: wording gets a new version, stored with each account and worker record.
CONSENT_TEXT_VERSION = "worker-signup-2026-11"

#: Schema fields of WorkerIn and the sign-up field that holds each.
_SIGNUP_FIELDS = {
    "surname_latin": "surname_latin",
    "given_names_latin": "given_names_latin",
    "sex": "sex",
    "birth_date": "birth_date",
    "phone": "phone",
}


class DayField(forms.CharField):
    """A date typed as 31.12.1990 (day first) or picked as 1990-12-31. The value is shown
    back as yyyy-mm-dd, the only form an `<input type=date>` keeps (HTML "valid date
    string"); a typed text that is not a date is shown back as typed."""

    widget = forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return parse_date(value).isoformat()
            except FieldError:
                return value
        return super().prepare_value(value)

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except FieldError as exc:
            raise ValidationError(
                _("Write the date as day.month.year, for example 14.03.1994."), code="invalid"
            ) from exc


class SignUpForm(forms.Form):
    """A worker's sign-up: phone and password to sign in, the passport name, sex and date of
    birth that the registry record needs, and consent to the text shown beside the form."""

    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        help_text=_("For example +996 700 123 456. You sign in with it."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        help_text=_("At least 12 characters. A few words you remember are good."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        max_length=MAX_PASSWORD_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    surname_latin = forms.CharField(
        label=_("Surname in Latin letters, as in your passport"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "family-name", "autocapitalize": "characters"}
        ),
    )
    given_names_latin = forms.CharField(
        label=_("Given names in Latin letters, as in your passport"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "given-name", "autocapitalize": "characters"}
        ),
    )
    sex = forms.ChoiceField(
        label=_("Sex, as in your passport"),
        choices=[("female", _("Female")), ("male", _("Male"))],
        widget=forms.RadioSelect,
    )
    birth_date = DayField(label=_("Date of birth"), help_text=_("Day.month.year"))
    consent = forms.BooleanField(
        label=_("I have read what is stored about me and why, and I agree."),
        error_messages={"required": _("You can only sign up if you agree.")},
    )

    PHONE_TAKEN = _("An account with this phone number exists already. Sign in instead.")

    def clean_phone(self) -> str:
        phone = sign_in_name(self.cleaned_data["phone"])
        if phone is None or "@" in phone:
            raise ValidationError(
                _("This is not a phone number we can read. Write it as +996 700 123 456."),
                code="invalid",
            )
        if Account.objects.filter(phone=phone).exists():
            raise ValidationError(self.PHONE_TAKEN, code="taken")
        return phone

    def _latin(self, name: str) -> str:
        try:
            return str(TypeAdapter(LatinName).validate_python(self.cleaned_data[name]))
        except SchemaError as exc:
            raise ValidationError(
                _("Write the name in Latin letters exactly as in your passport."), code="invalid"
            ) from exc

    def clean_surname_latin(self) -> str:
        return self._latin("surname_latin")

    def clean_given_names_latin(self) -> str:
        return self._latin("given_names_latin")

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        try:
            validate_password(password, User(username="new"))
        except ValidationError as exc:
            raise ValidationError(
                _(
                    "Choose a longer password that is not a common one: at least 12 "
                    "characters, for example three or four words."
                ),
                code="weak",
            ) from exc
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password")
            and self.data.get("password_again") != self.data.get("password")
            and "password_again" not in self.errors
        ):
            self.add_error("password_again", _("The two passwords are not the same."))
        if self.errors:
            return data
        try:
            data["record"] = self.worker_record(data)
        except SchemaError as exc:
            for error in exc.errors():
                name = _SIGNUP_FIELDS.get(str(error["loc"][0]) if error["loc"] else "", None)
                self.add_error(name, self._schema_message(name, data))
        return data

    @staticmethod
    def _schema_message(name: str | None, data: dict[str, Any] | None = None) -> str:
        born = (data or {}).get("birth_date")
        if name == "birth_date" and isinstance(born, dt.date):
            today = timezone.localdate()
            if born > today:
                return str(_("The date of birth is in the future."))
            if born.year < today.year - OLDEST_AGE_YEARS:
                return str(
                    _("%(date)s is not a real date of birth: it is too far in the past.")
                    % {"date": born.strftime("%d.%m.%Y")}
                )
            return str(_("You must be at least 15 years old."))
        if name in ("surname_latin", "given_names_latin"):
            return str(_("Write the name in Latin letters exactly as in your passport."))
        if name == "birth_date":
            return str(_("You must be at least 15 years old, and the date must be real."))
        return str(_("Please check this."))

    @staticmethod
    def worker_record(data: dict[str, Any]) -> WorkerIn:
        """The registry record of the new worker, with their consent. Raises the schema's
        ValidationError."""
        return WorkerIn.model_validate(
            {
                "surname_latin": data["surname_latin"],
                "given_names_latin": data["given_names_latin"],
                "sex": data["sex"],
                "birth_date": data["birth_date"],
                "phone": data["phone"],
                "consent": {
                    "purpose": "registry",
                    "given_on": timezone.localdate(),
                    "text_version": CONSENT_TEXT_VERSION,
                },
                "source": {"system": "self"},
            }
        )


class OccupationSearchForm(forms.Form):
    """Step 1a: the job in the worker's own words (any language)."""

    title = forms.CharField(
        label=_("What work do you do? Write it in your own words."),
        max_length=255,
        help_text=_("For example: welder, cook, truck driver."),
    )


class OccupationConfirmForm(forms.Form):
    """Step 1b: which of the coder's offers is the worker's job."""

    title = forms.CharField(max_length=255, widget=forms.HiddenInput)
    choice = forms.ChoiceField(label=_("Which of these is your work?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, offers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "choice").choices = offers
        self.fields["choice"].error_messages["required"] = _("Choose one of the offers.")


class ExperienceForm(forms.Form):
    """Step 2: months of experience in each occupation (0 to 720)."""

    def __init__(self, *args: Any, occupations: list[tuple[str, str, int]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code, title, months in occupations:
            self.fields[f"months_{code}"] = forms.IntegerField(
                label=_("Months of work as “%(title)s”") % {"title": title},
                min_value=0,
                max_value=720,
                initial=months,
                help_text=_("One year is 12 months."),
                error_messages={
                    "invalid": _("Write a whole number of months, for example 24."),
                    "min_value": _("Write 0 or more months."),
                    "max_value": _("Write at most 720 months (60 years)."),
                    "required": _("Write the months (0 if none)."),
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def months(self) -> dict[str, int]:
        return {
            name.removeprefix("months_"): int(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("months_")
        }


class LanguagesForm(forms.Form):
    """Step 3: for each language, what the worker can do in it, in plain words (the CEFR
    level is shown after the words, never alone)."""

    def __init__(self, *args: Any, saved: tuple[str, ...] = (), **kwargs: Any) -> None:
        """`saved`: the languages on the worker's record, each asked too (a language saved
        elsewhere, such as by an officer, is never dropped by saving this form)."""
        super().__init__(*args, **kwargs)
        levels = [("", _("I do not speak it")), *cefr_choices()]
        codes = tuple(dict.fromkeys(PROFILE_LANGUAGES + saved))
        for code, name in language_names(codes).items():
            self.fields[f"lang_{code}"] = forms.ChoiceField(
                label=name, choices=levels, required=False
            )

    def levels(self) -> list[tuple[str, str]]:
        return [
            (name.removeprefix("lang_"), value)
            for name, value in self.cleaned_data.items()
            if name.startswith("lang_") and value
        ]


class DestinationsForm(forms.Form):
    """Step 4: the countries (ISO 3166-1) where the worker wants to work."""

    countries = forms.MultipleChoiceField(
        label=_("Where do you want to work?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.ChoiceField(label=_("Another country"), required=False)

    def __init__(self, *args: Any, saved: tuple[str, ...] = (), **kwargs: Any) -> None:
        """`saved`: the countries on the worker's record, shown checked (with the common
        destinations) so that saving never drops one."""
        super().__init__(*args, **kwargs)
        every = country_choices(abroad=True)
        common = [c for c in common_destination_choices() if c[0] != "KG"]
        shown = {code for code, _name in common}
        common += [(code, name) for code, name in every if code in saved and code not in shown]
        choice_field(self, "countries").choices = common
        choice_field(self, "other").choices = [("", "—"), *every]
        self.initial.setdefault("countries", list(saved))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("countries") and not data.get("other"):
            raise ValidationError(_("Choose at least one country."), code="required")
        return data

    def chosen(self) -> list[str]:
        other = self.cleaned_data.get("other")
        return [*self.cleaned_data.get("countries", []), *([other] if other else [])]


class WageForm(forms.Form):
    """Step 5: the lowest wage per month the worker accepts (Decimal, ISO 4217 currency)."""

    amount = forms.CharField(
        label=_("The lowest wage you accept, per month"),
        max_length=20,
        help_text=_("For example 60 000. Leave it empty if you do not want to say."),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(label=_("Currency"))

    def __init__(self, *args: Any, saved_currency: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "currency").choices = currency_choices(saved_currency)

    def clean_amount(self) -> Decimal | None:
        text = self.cleaned_data["amount"].strip()
        if not text:
            return None
        if text.startswith("-"):
            raise ValidationError(_("The amount cannot be negative."), code="negative")
        try:
            amount = parse_amount(text)
        except FieldError as exc:
            raise ValidationError(
                amount_message(
                    exc, str(_("Write an amount of money, for example 60 000 or 60000.50."))
                ),
                code=exc.code,
            ) from exc
        if amount > Decimal("999999999999"):
            raise ValidationError(_("This amount is too large."), code="max_value")
        return amount

    def clean(self) -> dict[str, Any]:
        """Refuses more decimals than the currency has (ISO 4217 minor units: KRW none)."""
        data = super().clean() or {}
        amount, currency = data.get("amount"), data.get("currency")
        if amount is not None and currency and not fits_minor_units(amount, currency):
            self.add_error(
                "amount",
                minor_units_message(currency, get_currency_precision(currency)),
            )
        return data
