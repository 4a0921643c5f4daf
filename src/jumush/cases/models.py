"""Grievance cases: who is complained about, what happened, where the case stands, what it
led to.

Identity: a case filed anonymously stores no identity at all (no account, no worker, no IP
address; `anonymous` is True and `filer`/`worker` are null). The filer follows it up with the
public `reference` (e.g. "G-2026-000123") and a PIN stored only as an argon2 hash.
Money is a Decimal column plus an ISO 4217 currency column. `version` is the optimistic lock:
every change to a case's fields or state adds one.
Evidence files live outside the database (settings.CASES_EVIDENCE_DIR), named by their
SHA-256; the row keeps the checksum, size and sniffed type.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jumush.cases.deadlines import Severity as SeverityValue
from jumush.cases.states import State as StateValue
from jumush.registry.models import Agency, Employer, Vacancy, Worker
from jumush.taxonomy.models import Country, Currency


class Category(models.TextChoices):
    """What the grievance is about (issue 9's list; wages split into unpaid and late)."""

    unpaid_wages = "unpaid_wages", _("Unpaid wages")
    late_wages = "late_wages", _("Late wages")
    pay_below_contract = "pay_below_contract", _("Pay below the contract")
    contract_substitution = "contract_substitution", _("Contract substitution")
    recruitment_fee = "recruitment_fee", _("Recruitment fee charged")
    documents_retained = "documents_retained", _("Passport or documents retained")
    excessive_hours = "excessive_hours", _("Excessive hours")
    unsafe_work = "unsafe_work", _("Unsafe work or injury")
    housing = "housing", _("Housing")
    violence = "violence", _("Violence or threats")
    restricted_movement = "restricted_movement", _("Restriction of movement")
    deception = "deception", _("Deception about the job")
    trafficking = "trafficking", _("Trafficking indicators")
    other = "other", pgettext_lazy("grievance category", "Other")


class Severity(models.TextChoices):
    low = SeverityValue.low.value, _("Low")
    medium = SeverityValue.medium.value, _("Medium")
    high = SeverityValue.high.value, _("High")
    critical = SeverityValue.critical.value, _("Critical")


class State(models.TextChoices):
    new = StateValue.new.value, pgettext_lazy("case state", "New")
    triaged = StateValue.triaged.value, _("Triaged")
    in_progress = StateValue.in_progress.value, _("In progress")
    referred = StateValue.referred.value, _("Referred")
    resolved = StateValue.resolved.value, _("Resolved")
    closed = StateValue.closed.value, pgettext_lazy("case state", "Closed")


class Channel(models.TextChoices):
    web = "web", _("Web form")
    api = "api", _("API")
    hotline = "hotline", _("Hotline (filed by an officer)")


class Outcome(models.TextChoices):
    substantiated = "substantiated", _("Substantiated")
    unsubstantiated = "unsubstantiated", _("Unsubstantiated")
    withdrawn = "withdrawn", _("Withdrawn")


class Sanction(models.TextChoices):
    none = "none", _("No sanction")
    warning = "warning", _("Warning")
    suspension = "suspension", _("Suspension")
    revocation = "revocation", _("Licence revocation")


class ReferralTo(models.TextChoices):
    consulate = "consulate", _("Consulate")
    labour_inspectorate = "labour_inspectorate", _("Labour inspectorate")
    legal_aid = "legal_aid", _("Legal aid")
    iom = "iom", _("IOM")
    police = "police", _("Police")


class Case(models.Model):
    """A grievance. `filed_at`, `triaged_at`, `resolved_at`, `closed_at` are aware UTC
    datetimes; `due_at` is when the running stage is due (cases/deadlines.py) and
    `stage_started_at` when it began. `escalated_due_at` is the deadline whose miss was last
    escalated (so a deadline is escalated once, however often the job runs); `escalations`
    counts them."""

    reference = models.CharField(max_length=20, unique=True)
    pin_hash = models.CharField(max_length=200)
    pin_failures = models.PositiveSmallIntegerField(default=0)
    pin_locked_until = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    anonymous = models.BooleanField(default=False)
    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker = models.ForeignKey(
        Worker, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    category = models.CharField(max_length=24, choices=Category.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.new)
    summary = models.TextField(max_length=5000)
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    vacancy = models.ForeignKey(
        Vacancy, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(max_length=120, blank=True)
    incident_from = models.DateField(null=True, blank=True)
    incident_to = models.DateField(null=True, blank=True)
    amount_claimed = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=2)
    claimed_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    refund_amount = models.DecimalField(null=True, blank=True, max_digits=14, decimal_places=2)
    compensation_amount = models.DecimalField(
        null=True, blank=True, max_digits=14, decimal_places=2
    )
    recovered_currency = models.ForeignKey(
        Currency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_sanction = models.CharField(max_length=12, choices=Sanction.choices, blank=True)
    filed_at = models.DateTimeField()
    triaged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    stage_started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_due_at = models.DateTimeField(null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["assigned_to", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False)
                | (models.Q(filer__isnull=True) & models.Q(worker__isnull=True)),
                name="case_anonymous_has_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.reference}"


class CaseChange(models.Model):
    """One field changed by an update: the version it made, the field, the value before and
    after (as text). Used to tell which fields a stale update collides with."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    field = models.CharField(max_length=40)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["version", "id"]


class CaseEvent(models.Model):
    """One step of the workflow (filed, triaged, assigned, ...): from and to state, who (null
    for the filer of an anonymous case and for the escalation job), when and the note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]


class Referral(models.Model):
    """The case was referred to `to` on `referred_on`, with a note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to = models.CharField(max_length=24, choices=ReferralTo.choices)
    referred_on = models.DateField()
    note = models.TextField(max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["referred_on", "id"]


class CaseNote(models.Model):
    """A case worker's note: seen by case workers only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["at", "id"]


class Evidence(models.Model):
    """An evidence file: SHA-256 (hex) of its bytes, size in bytes, the type sniffed from its
    content (MIME), and the name it was sent with (cut to 120 characters). The bytes are at
    `<CASES_EVIDENCE_DIR>/<sha256[:2]>/<sha256>`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=60)
    name = models.CharField(max_length=120, blank=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]


class ProposalStatus(models.TextChoices):
    open = "open", _("Open")
    confirmed = "confirmed", _("Confirmed")
    dismissed = "dismissed", _("Dismissed")


class SanctionProposal(models.Model):
    """A suspension proposed to an officer because the agency or employer reached the
    suspension threshold of substantiated cases (`case_count` when proposed). Exactly one of
    `agency`/`employer`. The officer confirms (which records the suspension through the
    registry's own actions) or dismisses it, with a reason."""

    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    case_count = models.PositiveIntegerField()
    proposed_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.open
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=True, employer__isnull=False)
                | models.Q(agency__isnull=False, employer__isnull=True),
                name="proposal_one_subject",
            ),
        ]
