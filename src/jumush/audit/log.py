"""Writing, pseudonymising and verifying the audit chain.

`record` / `record_many` add rows inside the caller's transaction (a savepoint when one is
open), so when the audit write fails the business write around it is rolled back too. They lock
the chain head first (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's BEGIN IMMEDIATE already
serialises writers), so concurrent writers never fork the chain.

Pseudonymisation (erasure of a worker) without breaking the chain: each row stores
`record_ref`, a keyed hash (HMAC-SHA256, key derived from SECRET_KEY, core/crypto.py) of its
record type and id, and the row's hash covers `record_ref`, not `record_id`. `verify` checks
both: the chain over the stored fields, and that each `record_id` still gives its
`record_ref` (so a changed record id is caught). `pseudonymise` replaces the record id of every
row about a record with "erased" (the only change the database triggers allow); those rows keep
their `record_ref`, so they still count and group by subject, but nobody without the key and
the old id can tell whose they were. Each pseudonymised subject gets an "audit.pseudonymise"
row (itself written already pseudonymised), and `verify` names any "erased" row without one.
A SECRET_KEY rotation keeps the old key in SECRET_KEY_FALLBACKS, as for passport numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from jumush.audit.models import AuditEvent, AuditHead, Outcome
from jumush.core.crypto import keyed_digest, keyed_digests

GENESIS = "0" * 64
#: The record id of a pseudonymised row.
PSEUDONYM = "erased"
_REF_PURPOSE = "audit-record-ref"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Who:
    """The actor as the audit sees it: user id (None when anonymous), role, IP address."""

    user_id: int | None
    role: str
    address: str


def _ref_text(record_type: str, record_id: str) -> str:
    return f"{record_type}\x1f{record_id}"


def record_ref(record_type: str, record_id: str) -> str:
    """The keyed hash (hex HMAC-SHA256) of a record's type and id, stored as `record_ref`."""
    return keyed_digest(_ref_text(record_type, record_id), _REF_PURPOSE)


def row_hash(prev_hash: str, event: AuditEvent) -> str:
    """SHA-256 (hex) of the previous hash and the row's fields (`record_ref`, not the
    pseudonymisable `record_id`); the time as whole microseconds since 1970 UTC, so it reads
    back the same from SQLite and PostgreSQL."""
    micros = (event.at - _EPOCH) // dt.timedelta(microseconds=1)
    fields = [
        event.seq,
        micros,
        event.actor_id,
        event.actor_role,
        event.action,
        event.record_type,
        event.record_ref,
        event.outcome,
        event.address,
    ]
    payload = json.dumps(fields, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def record_many(
    who: Who,
    action: str,
    record_type: str,
    record_ids: Sequence[str],
    outcome: Outcome,
    *,
    pseudonymous: bool = False,
) -> None:
    """One audit row per record id, chained in order. `pseudonymous`: store the rows already
    pseudonymised (record id "erased", its keyed hash kept), as for an erasure itself."""
    refs = [(str(r)[:200], record_ref(record_type, str(r)[:200])) for r in record_ids]
    if pseudonymous:
        refs = [(PSEUDONYM, ref) for _, ref in refs]
    _append(who, action, record_type, refs, outcome)


def _append(
    who: Who, action: str, record_type: str, ids: Sequence[tuple[str, str]], outcome: Outcome
) -> None:
    """Chain one row per (record id, record ref)."""
    if not ids:
        return
    now = timezone.now()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS)
        seq, prev = head.seq, head.hash
        rows = []
        for record_id, ref in ids:
            seq += 1
            event = AuditEvent(
                seq=seq,
                at=now,
                actor_id=who.user_id,
                actor_role=who.role,
                action=action,
                record_type=record_type,
                record_id=record_id,
                record_ref=ref,
                outcome=outcome,
                address=who.address[:45],
                prev_hash=prev,
            )
            event.hash = row_hash(prev, event)
            prev = event.hash
            rows.append(event)
        AuditEvent.objects.bulk_create(rows)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)


def record(
    who: Who,
    action: str,
    record_type: str,
    record_id: str,
    outcome: Outcome,
    *,
    pseudonymous: bool = False,
) -> None:
    """One audit row: `who` did `action` to (`record_type`, `record_id`) with `outcome`."""
    record_many(who, action, record_type, [record_id], outcome, pseudonymous=pseudonymous)


def pseudonymise(who: Who, record_type: str, record_id: str) -> int:
    """Replace `record_id` with "erased" in every row about (`record_type`, `record_id`), and
    in every "route" row whose path holds it (refused attempts record the path). Then write one
    "audit.pseudonymise" row per subject so pseudonymised (already pseudonymised itself).
    Returns the number of rows changed. Run inside the erasure's transaction."""
    about = models.Q(record_type=record_type, record_id=record_id) | models.Q(
        record_type="route", record_id__contains=record_id
    )
    rows = AuditEvent.objects.filter(about).exclude(record_id=PSEUDONYM)
    subjects = sorted(
        {
            *rows.values_list("record_type", "record_ref"),
            (record_type, record_ref(record_type, record_id)),
        }
    )
    # The one update the application makes to audit rows; the triggers allow exactly this.
    changed = models.QuerySet.update(rows, record_id=PSEUDONYM)
    for subject_type, ref in subjects:
        _append(who, "audit.pseudonymise", subject_type, [(PSEUDONYM, ref)], Outcome.ok)
    return int(changed)


def _ref_matches(event: AuditEvent) -> bool:
    text = _ref_text(event.record_type, event.record_id)
    return event.record_ref in keyed_digests(text, _REF_PURPOSE)


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
    one before it (the row before was changed and its hash recomputed), rows missing after the
    last one the head records, a record id that does not give its keyed hash (changed, or its
    key rotated out of SECRET_KEY_FALLBACKS), and a row pseudonymised without an
    "audit.pseudonymise" row for its subject."""
    expected_seq, prev = 1, GENESIS
    erased: dict[tuple[str, str], int] = {}
    announced: set[tuple[str, str]] = set()
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
            if event.record_id == PSEUDONYM:
                subject = (event.record_type, event.record_ref)
                if event.action == "audit.pseudonymise":
                    announced.add(subject)
                else:
                    erased.setdefault(subject, event.seq)
            elif not _ref_matches(event):
                yield Break(event.seq, "changed (its record id does not match its keyed hash)")
            prev = event.hash
            expected_seq = event.seq + 1
            last_seen = event.seq
        start = rows[-1].seq
    for subject, seq in sorted(erased.items(), key=lambda item: item[1]):
        if subject not in announced:
            yield Break(seq, "changed (pseudonymised without an erasure recorded)")
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None:
        for seq in range(last_seen + 1, head.seq + 1):
            yield Break(seq, "deleted")
        if head.seq == last_seen and head.hash != prev:
            yield Break(last_seen, "changed (the chain head records another hash)")
