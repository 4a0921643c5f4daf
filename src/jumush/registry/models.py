"""The registry: workers, foreign employers, private employment agencies and vacancies
(job orders).

Money is a Decimal column plus an ISO 4217 currency column, never a float. Identity numbers are
stored sealed (core/crypto.py: AES-GCM ciphertext + key id) with an HMAC for exact look-up.
Every imported row keeps where it came from (`source_system`, `external_id`, file and row), and
(`source_system`, `external_id`) is unique, which makes re-imports idempotent.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models

from jumush.taxonomy.models import (
    CefrLevel,
    Country,
    Currency,
    EscoOccupation,
    EscoSkill,
    IscoGroup,
    Language,
    Subdivision,
)


class Sex(models.TextChoices):
    """Sex as in the passport. Recorded for statistics (SDG disaggregation); never used in
    matching."""

    female = "female", "female"
    male = "male", "male"


class WorkerStatus(models.TextChoices):
    job_seeker = "job_seeker", "job seeker"
    deployed = "deployed", "deployed"
    abroad = "abroad", "abroad"
    returned = "returned", "returned"


class Sourced(models.Model):
    """Where a record came from: "manual", "api", or an import ("hh", "superjob", "file")
    with the file name, the row in it and the source's own id (or a content hash)."""

    source_system = models.CharField(max_length=40, default="manual")
    external_id = models.CharField(max_length=120, null=True, blank=True)
    source_file = models.CharField(max_length=255, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Worker(Sourced):
    """A job seeker, migrant abroad or returnee.

    Names: `surname_latin`/`given_names_latin` exactly as in the passport's machine-readable
    zone, as entered (never regenerated from the Cyrillic); Cyrillic names as the person writes
    them. `public_id` is what URLs and the API show. The passport number is sealed
    (`passport_sealed` + `passport_key_id`) with `passport_lookup` its HMAC.
    `min_wage_amount` is the lowest acceptable wage per month in `min_wage_currency`.
    `erased_at`: when an officer erased the personal data (actions.erase_worker_data); the
    row stays for statistics.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    surname_latin = models.CharField(max_length=100)
    given_names_latin = models.CharField(max_length=150)
    surname_cyrillic = models.CharField(max_length=100, blank=True)
    given_names_cyrillic = models.CharField(max_length=150, blank=True)
    patronymic_cyrillic = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=6, choices=Sex.choices)
    birth_date = models.DateField()
    citizenship = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        Subdivision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Subdivision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locality = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=16, blank=True)
    passport_sealed = models.BinaryField(null=True, blank=True)
    passport_key_id = models.CharField(max_length=8, blank=True)
    passport_lookup = models.CharField(max_length=64, blank=True, db_index=True)
    passport_expiry = models.DateField(null=True, blank=True)
    education_isced = models.PositiveSmallIntegerField(null=True, blank=True)
    driving_licences = models.JSONField(default=list, blank=True)
    min_wage_amount = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=2)
    min_wage_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    available_from = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=WorkerStatus.choices, default=WorkerStatus.job_seeker
    )
    content_hash = models.CharField(max_length=64, db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "external_id"], name="worker_unique_source_id"
            ),
            models.CheckConstraint(
                condition=models.Q(education_isced__isnull=True) | models.Q(education_isced__lte=8),
                name="worker_isced_0_to_8",
            ),
        ]
        indexes = [models.Index(fields=["birth_date", "surname_latin"])]

    def __str__(self) -> str:
        return f"worker {self.public_id}"

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on `day`."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class WorkerLanguage(models.Model):
    """A language the worker speaks (ISO 639-1) at a CEFR level."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    cefr = models.ForeignKey(CefrLevel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "language"], name="worker_language_once")
        ]


class WorkerOccupation(models.Model):
    """An occupation the worker has: the title as they wrote it, its ISCO-08 unit group and
    ESCO occupation (coded or confirmed), months of experience and the country gained in."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="occupations")
    title = models.CharField(max_length=255)
    isco_group = models.ForeignKey(IscoGroup, on_delete=models.PROTECT, related_name="+")
    esco_occupation = models.ForeignKey(
        EscoOccupation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coding_confidence = models.FloatField(null=True, blank=True)
    experience_months = models.PositiveIntegerField(default=0)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class WorkerSkill(models.Model):
    """An ESCO skill the worker declares."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(EscoSkill, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "skill"], name="worker_skill_once")
        ]


class WorkerDestination(models.Model):
    """A country the worker wants to work in."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="destinations")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "country"], name="worker_destination_once")
        ]


class Consent(models.Model):
    """The worker's consent to a purpose (e.g. "registry", "matching"), when it was given, the
    version of the text they were shown, and when it was withdrawn, if it was."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=40)
    given_on = models.DateField()
    text_version = models.CharField(max_length=40)
    withdrawn_on = models.DateField(null=True, blank=True)


class DuplicateFlag(models.Model):
    """Two worker records that may be one person, for a person to review. Never merged
    automatically: same surname, birth date and place is not proof of the same person."""

    class Review(models.TextChoices):
        open = "open", "open"
        distinct = "distinct", "distinct people"
        same = "same", "same person"

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="duplicate_flags")
    other = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    review = models.CharField(max_length=8, choices=Review.choices, default=Review.open)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "other"], name="duplicate_flag_once")
        ]


class ComplianceRecord(models.Model):
    """An organisation's record of grievances: `substantiated_cases` counts its substantiated
    grievance cases within the configured window, and `watchlisted_since` is set while that
    count is at or above the watchlist threshold (JUMUSH_CASES_WATCHLIST_THRESHOLD). Both are
    kept by the grievance app (cases/actions.py), never entered by hand. Never names a
    complainant."""

    substantiated_cases = models.PositiveIntegerField(default=0)
    watchlisted_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Verification(models.TextChoices):
    unverified = "unverified", "unverified"
    verified = "verified", "verified"
    suspended = "suspended", "suspended"


class Employer(Sourced, ComplianceRecord):
    """A (usually foreign) employer: legal name, country, registration number in that country,
    ISIC Rev.4 sector (section letter or 2-digit division), address, and its verification status
    with who decided it, when and why (the history is in EmployerVerification)."""

    legal_name = models.CharField(max_length=255)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(max_length=60, blank=True)
    name_key = models.CharField(max_length=255, db_index=True)
    sector_isic = models.CharField(max_length=2, blank=True)
    address = models.CharField(max_length=400, blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.unverified
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_reason = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~models.Q(registration_number=""),
                name="employer_unique_registration",
            ),
            # Without a registration number an employer is known by its name in its country.
            models.UniqueConstraint(
                fields=["country", "name_key"],
                condition=models.Q(registration_number=""),
                name="employer_unique_name_without_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.country_id})"


class EmployerVerification(models.Model):
    """One decision on an employer's verification status: status, who, when, why."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=10, choices=Verification.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.CharField(max_length=400)

    class Meta:
        ordering = ["-at", "-id"]


class AgencyStatus(models.TextChoices):
    active = "active", "active"
    suspended = "suspended", "suspended"
    revoked = "revoked", "revoked"
    expired = "expired", "expired"


class Agency(Sourced, ComplianceRecord):
    """A licensed private employment agency (ILO C181): name, licence number, the licence's
    issue and expiry dates, countries served and the deposit (guarantee) it holds.

    The status is not stored: `status_on(day)` derives it from the recorded decisions
    (AgencyDecision: suspended, revoked, reinstated) and from the expiry date.
    """

    name = models.CharField(max_length=255)
    name_key = models.CharField(max_length=255, db_index=True)
    licence_number = models.CharField(max_length=60, unique=True)
    issued_on = models.DateField()
    expires_on = models.DateField()
    countries_served = models.ManyToManyField(Country, related_name="+", blank=True)
    deposit_amount = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=2)
    deposit_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"

    def status_on(self, day: dt.date) -> AgencyStatus:
        """The licence's status on `day`: the latest decision in effect by then (suspended or
        revoked; "reinstated" returns it to active), else expired after `expires_on` or before
        `issued_on`, else active."""
        decision = (
            self.decisions.filter(effective_on__lte=day).order_by("-effective_on", "-id").first()
        )
        if decision is not None and decision.decision != AgencyDecision.Kind.reinstated:
            return AgencyStatus(decision.decision)
        if day > self.expires_on or day < self.issued_on:
            return AgencyStatus.expired
        return AgencyStatus.active


class AgencyDecision(models.Model):
    """A recorded decision on an agency's licence, effective from a date, with who and why."""

    class Kind(models.TextChoices):
        suspended = "suspended", "suspended"
        revoked = "revoked", "revoked"
        reinstated = "reinstated", "reinstated"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=10, choices=Kind.choices)
    effective_on = models.DateField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.CharField(max_length=400)

    class Meta:
        ordering = ["-effective_on", "-id"]


class VacancyStatus(models.TextChoices):
    draft = "draft", "draft"
    screening = "screening", "screening"
    published = "published", "published"
    blocked = "blocked", "blocked"
    filled = "filled", "filled"
    closed = "closed", "closed"


class Vacancy(Sourced):
    """A vacancy (job order). `terms` holds the whole vacancy JSON as the schema
    (registry/schemas.py VacancyIn) validated it; the columns beside it repeat what is searched
    and sorted on. Wage: `wage_amount` in `wage_currency` per `wage_period` (hour or month),
    `wage_basis` gross, net or "" when unknown. `weekly_hours` is hours per week.
    `screening` is the fair-recruitment screening (compliance/engine.py Screening.as_dict) made
    at `screened_at` with the rules files of fingerprint `rules_version`."""

    title = models.CharField(max_length=255)
    isco_group = models.ForeignKey(
        IscoGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    esco_occupation = models.ForeignKey(
        EscoOccupation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    coding_confidence = models.FloatField(null=True, blank=True)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    agency_licence_number = models.CharField(max_length=60, blank=True)
    destination_country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    destination_region = models.CharField(max_length=120, blank=True)
    start_date = models.DateField(null=True, blank=True)
    positions = models.PositiveIntegerField(default=1)
    wage_amount = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=2)
    wage_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wage_period = models.CharField(max_length=5, blank=True)
    wage_basis = models.CharField(max_length=5, blank=True)
    weekly_hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    contract_months = models.PositiveIntegerField(null=True, blank=True)
    terms = models.JSONField()
    status = models.CharField(
        max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.draft
    )
    screening = models.JSONField(null=True, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    rules_version = models.CharField(max_length=12, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "external_id"], name="vacancy_unique_source_id"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "destination_country"]),
            models.Index(fields=["isco_group", "status"]),
        ]

    def __str__(self) -> str:
        return f"vacancy {self.pk}: {self.title}"


class ApplicationStatus(models.TextChoices):
    """Where an application stands. `applied`: the worker applied; `shortlisted` / `rejected`:
    the employer's or agency's decision, with a reason; `withdrawn`: the worker took it back."""

    applied = "applied", "applied"
    shortlisted = "shortlisted", "shortlisted"
    rejected = "rejected", "rejected"
    withdrawn = "withdrawn", "withdrawn"


class Application(models.Model):
    """A worker's application to a vacancy (job order), or a candidate the vacancy's staff
    shortlisted or rejected from the ranked list before any application (`applied_at` null).
    One row per worker and vacancy. `reason` is the staff's reason for the latest decision,
    `decided_by` who made it and when. The worker's passport number and phone are shown to the
    vacancy's staff only once `applied_at` is set (the worker applied: their consent)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="applications")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    applied_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "worker"], name="application_once"),
        ]

    def __str__(self) -> str:
        return f"application {self.pk}: worker {self.worker_id} to vacancy {self.vacancy_id}"


class VacancyReview(models.Model):
    """An officer's decision on a vacancy from the review queue (vacancies whose screening
    warned or blocked): `published` (only when a screening made at that moment does not
    block), `returned` to its employer or agency as a draft to fix, or `blocked`; with who,
    when and why. The queue shows vacancies screened since their latest review."""

    class Kind(models.TextChoices):
        published = "published", "published"
        returned = "returned", "returned"
        blocked = "blocked", "blocked"

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-id"]
