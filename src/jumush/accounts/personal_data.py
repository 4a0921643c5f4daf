"""A worker's personal data as a whole: the download of everything held about them, and its
erasure by an officer. Both are reached through the one door (`access.access_worker` with the
action "worker.export" or "worker.erase") and audited; the caller opens the transaction.

- `export_worker(worker)`: one JSON-ready dict (format "jumush.worker-export/1"): the record
  with the passport number in clear, languages, occupations, skills, destinations, consents,
  applications, the account they sign in with, and the audit trail about their record (when,
  what, outcome, and who only as "you" or a role: never another person's id or address).
- `erase_worker(who, worker)`: personal fields removed (registry `erase_worker_data`), the
  account unlinked, deactivated and stripped of its sign-in names, and every audit row about
  the record pseudonymised (audit/log.py `pseudonymise`); the erasure itself recorded, already
  pseudonymised. `find_erasure(public_id)` says whether an id was erased (idempotent answers).
- `command_line_who(name, action)`: the actor of a CLI verb (an account given with --actor,
  else the operating-system user).
"""

from __future__ import annotations

import datetime as dt
import getpass
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from jumush.accounts.access import Forbidden
from jumush.accounts.backends import sign_in_name
from jumush.accounts.models import AccessToken, Account, TotpDevice
from jumush.accounts.roles import Role, actions_of
from jumush.audit.log import Who, pseudonymise, record, record_ref
from jumush.audit.models import AuditEvent, Outcome
from jumush.core.crypto import CryptoError, open_sealed
from jumush.core.errors import NotFound
from jumush.registry.actions import erase_worker_data
from jumush.registry.models import Application, Worker
from jumush.registry.queries import worker_profile_json
from jumush.registry.signals import worker_erased, worker_exported

EXPORT_FORMAT = "jumush.worker-export/1"


def _passport_number(worker: Worker) -> str | None:
    if not worker.passport_sealed:
        return None
    try:
        return open_sealed(bytes(worker.passport_sealed), worker.passport_key_id)
    except CryptoError:
        return "(unreadable: its key was rotated out)"


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _audit_about(worker: Worker, account: Account | None) -> list[dict[str, Any]]:
    public_id = str(worker.public_id)
    rows = AuditEvent.objects.filter(
        Q(record_type="worker", record_id=public_id)
        | Q(record_type="route", record_id__contains=public_id)
    ).order_by("seq")
    own_user = account.user_id if account is not None else None
    return [
        {
            "at": _iso(e.at),
            "action": e.action,
            "outcome": e.outcome,
            "by": "you" if own_user is not None and e.actor_id == own_user else e.actor_role,
        }
        for e in rows
    ]


def export_worker(worker: Worker) -> dict[str, Any]:
    """Everything held about `worker` (shape in the module docstring; dates ISO 8601, times
    UTC; the lowest acceptable wage per month as a decimal string with its ISO 4217 currency)."""
    account = Account.objects.filter(worker=worker).select_related("user").first()
    applications = Application.objects.filter(worker=worker).select_related("vacancy")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(timezone.now()),
        "worker": {
            "id": str(worker.public_id),
            **worker_profile_json(worker),
            "passport": {
                "number": _passport_number(worker),
                "expiry": _iso(worker.passport_expiry),
            },
            "source": {
                "system": worker.source_system,
                "external_id": worker.external_id,
                "file": worker.source_file,
                "row": worker.source_row,
            },
            "created_at": _iso(worker.created_at),
            "updated_at": _iso(worker.updated_at),
            "possible_duplicates_under_review": worker.duplicate_flags.filter(
                review="open"
            ).count(),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "given_on": _iso(c.given_on),
                "text_version": c.text_version,
                "withdrawn_on": _iso(c.withdrawn_on),
            }
            for c in worker.consents.order_by("id")
        ],
        "applications": [
            {
                "vacancy_id": a.vacancy_id,
                "vacancy_title": a.vacancy.title,
                "status": a.status,
                "applied_at": _iso(a.applied_at),
                "reason": a.reason,
                "decided_at": _iso(a.decided_at),
                "created_at": _iso(a.created_at),
                "updated_at": _iso(a.updated_at),
            }
            for a in applications
        ],
        "account": (
            {
                "phone": account.phone,
                "email": account.email,
                "role": account.role,
                "created_at": _iso(account.created_at),
                "last_sign_in_at": _iso(account.user.last_login),
                "consent_text_version": account.consent_text_version,
                "consent_given_at": _iso(account.consent_given_at),
            }
            if account is not None
            else None
        ),
        "audit": _audit_about(worker, account),
        # Sections from the apps above the registry (e.g. "grievances"), by registry.signals.
        **_sections_above(worker, account),
    }


def _sections_above(worker: Worker, account: Account | None) -> dict[str, Any]:
    """Export sections from the apps above the registry (e.g. "grievances"), collected
    through registry.signals `worker_exported`."""
    sections: dict[str, Any] = {}
    user = account.user if account else None
    for _, section in worker_exported.send(sender=Worker, worker=worker, user=user):
        if isinstance(section, dict):
            sections.update(section)
    return sections


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: when, whether the record had been erased before (nothing done
    now), and how many audit rows were pseudonymised."""

    erased_at: dt.datetime
    already_erased: bool
    audit_rows_pseudonymised: int


def find_erasure(public_id: uuid.UUID | str) -> AuditEvent | None:
    """The audit row of the erasure of the worker who had this public id, or None."""
    ref = record_ref("worker", str(public_id))
    return (
        AuditEvent.objects.filter(
            action="worker.erase", record_type="worker", record_ref=ref, outcome=Outcome.ok
        )
        .order_by("seq")
        .first()
    )


def erase_worker(*, who: Who, worker: Worker) -> Erasure:
    """Erase `worker`'s personal data (module docstring; registry `erase_worker_data` lists
    the fields removed and kept). Call inside a transaction, after `access_worker(...,
    "worker.erase")`. Audited as "worker.erase", written pseudonymised."""
    account = Account.objects.filter(worker=worker).select_related("user").first()
    old_id = erase_worker_data(worker)
    if account is not None:
        user = account.user
        user.username = f"erased-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        # An account needs a sign-in name (a constraint): a reserved, undeliverable one.
        Account.objects.filter(pk=account.pk).update(
            worker=None,
            phone=None,
            email=f"erased-{user.pk}@erased.invalid",
            sessions_valid_after=timezone.now(),
            role_revoked_at=timezone.now(),
        )
        TotpDevice.objects.filter(user=user).delete()
        AccessToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    worker_erased.send(sender=Worker, worker=worker, user=account.user if account else None)
    changed = pseudonymise(who, "worker", str(old_id))
    record(who, "worker.erase", "worker", str(old_id), Outcome.ok, pseudonymous=True)
    return Erasure(worker.erased_at or timezone.now(), False, changed)


def already_erased(who: Who, public_id: uuid.UUID) -> Erasure | None:
    """For a repeated erasure: the earlier one (recorded again, pseudonymised), or None when
    this id was never erased."""
    earlier = find_erasure(public_id)
    if earlier is None:
        return None
    record(who, "worker.erase", "worker", str(public_id), Outcome.ok, pseudonymous=True)
    return Erasure(earlier.at, True, 0)


def command_line_who(name: str | None, action: str) -> Who:
    """The actor of a command-line verb: the account signing in as `name` (phone or e-mail),
    which must have a role that may `action`; without a name, the operating-system user
    (audited with role "cli" and address "cli:<user>"). Raises NotFound or Forbidden."""
    if name is None:
        return Who(None, "cli", f"cli:{getpass.getuser()}"[:45])
    stored = sign_in_name(name)
    account = Account.objects.filter(Q(phone=stored) | Q(email=stored)).first() if stored else None
    if account is None or not account.user.is_active:
        raise NotFound(f"no active account signs in as {name!r}", code="account.not_found")
    role = Role(account.role) if account.role_revoked_at is None else None
    if action not in actions_of(role):
        raise Forbidden(f"the account's role may not {action}", code="access.denied")
    return Who(account.user_id, role.value if role else "", "cli")
