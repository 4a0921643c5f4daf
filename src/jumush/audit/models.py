"""The audit trail: one row per read, write or refused attempt on protected data.

Rows are append-only for the application (the model refuses save-over and delete; database
triggers refuse UPDATE and DELETE, except pseudonymising a record id to "erased") and
hash-chained: `hash` is SHA-256 over the previous row's
hash and this row's fields, and `seq` counts rows without gaps, so `jumush audit verify` names a
changed or deleted row. A row holds ids only, never a name, phone or passport number.
`AuditHead` is the chain's head (one row): writers lock it, so rows are chained one at a time.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AppendOnly(Exception):
    """An attempt to change or delete an audit row."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnly("audit events cannot be deleted")


class Outcome(models.TextChoices):
    ok = "ok", "allowed"
    denied = "denied", "refused: not permitted or not in scope"
    missing = "missing", "refused: no such record"
    unauthenticated = "unauthenticated", "refused: not signed in"
    failed = "failed", "refused: wrong credentials"


class AuditEvent(models.Model):
    """Who (`actor_id`, the user's id, null when anonymous; `actor_role`) did what (`action`,
    e.g. "worker.view") to which record (`record_type`, `record_id`: a worker's public id, a
    vacancy id, a route), when (`at`, UTC), with what `outcome`, from which `address` (IP).
    `record_ref` is the keyed hash of record type and id that the chain covers (audit/log.py);
    `record_id` becomes "erased" when its subject is erased, the only change allowed."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40)
    record_type = models.CharField(max_length=20)
    record_id = models.CharField(max_length=200, blank=True, db_index=True)
    record_ref = models.CharField(max_length=64, db_index=True, default="")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    address = models.CharField(max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"audit {self.seq}: {self.action} {self.record_type} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit events cannot be deleted")


class AuditHead(models.Model):
    """The chain's head: the last row's `seq` and `hash` (one row, id 1)."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
