"""Writing and verifying the audit chain.

`record` / `record_many` add rows inside the caller's transaction (a savepoint when one is
open), so when the audit write fails the business write around it is rolled back too. They lock
the chain head first (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's BEGIN IMMEDIATE already
serialises writers), so concurrent writers never fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jumush.audit.models import AuditEvent, AuditHead, Outcome

GENESIS = "0" * 64
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Who:
    """The actor as the audit sees it: user id (None when anonymous), role, IP address."""

    user_id: int | None
    role: str
    address: str


def row_hash(prev_hash: str, event: AuditEvent) -> str:
    """SHA-256 (hex) of the previous hash and the row's fields; the time as whole
    microseconds since 1970 UTC, so it reads back the same from SQLite and PostgreSQL."""
    micros = (event.at - _EPOCH) // dt.timedelta(microseconds=1)
    fields = [
        event.seq,
        micros,
        event.actor_id,
        event.actor_role,
        event.action,
        event.record_type,
        event.record_id,
        event.outcome,
        event.address,
    ]
    payload = json.dumps(fields, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def record_many(
    who: Who, action: str, record_type: str, record_ids: Sequence[str], outcome: Outcome
) -> None:
    """One audit row per record id, chained in order."""
    if not record_ids:
        return
    now = timezone.now()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS)
        seq, prev = head.seq, head.hash
        rows = []
        for record_id in record_ids:
            seq += 1
            event = AuditEvent(
                seq=seq,
                at=now,
                actor_id=who.user_id,
                actor_role=who.role,
                action=action,
                record_type=record_type,
                record_id=str(record_id)[:200],
                outcome=outcome,
                address=who.address[:45],
                prev_hash=prev,
            )
            event.hash = row_hash(prev, event)
            prev = event.hash
            rows.append(event)
        AuditEvent.objects.bulk_create(rows)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)


def record(who: Who, action: str, record_type: str, record_id: str, outcome: Outcome) -> None:
    """One audit row: `who` did `action` to (`record_type`, `record_id`) with `outcome`."""
    record_many(who, action, record_type, [record_id], outcome)


@dataclass(frozen=True)
class Break:
    """A place where the chain does not hold: row `seq` was changed, or deleted."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"row {self.seq}: {self.problem}"


def verify(batch: int = 5000) -> Iterator[Break]:
    """Walk the chain in `seq` order and yield every break: a row whose hash does not match
    its fields ("changed"), a missing `seq` ("deleted"), a row whose previous hash is not the
    one before it (the row before was changed and its hash recomputed), and rows missing
    after the last one the head records."""
    expected_seq, prev = 1, GENESIS
    last_seen = 0
    start = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=start).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if expected_seq < event.seq:
                for missing in range(expected_seq, event.seq):
                    yield Break(missing, "deleted")
                prev, last_seen = event.prev_hash, 0
            if event.prev_hash != prev and last_seen:
                yield Break(last_seen, "changed (the next row's link to it does not match)")
            elif event.prev_hash != prev:
                yield Break(event.seq, "changed (it does not start from the first hash)")
            if row_hash(event.prev_hash, event) != event.hash:
                yield Break(event.seq, "changed (its hash does not match its contents)")
            prev = event.hash
            expected_seq = event.seq + 1
            last_seen = event.seq
        start = rows[-1].seq
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None:
        for seq in range(last_seen + 1, head.seq + 1):
            yield Break(seq, "deleted")
        if head.seq == last_seen and head.hash != prev:
            yield Break(last_seen, "changed (the chain head records another hash)")
