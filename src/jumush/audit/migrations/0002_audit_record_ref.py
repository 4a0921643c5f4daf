"""Audit rows carry `record_ref`, the keyed hash of their record type and id, and the chain
covers it instead of `record_id`, so that an erasure can pseudonymise `record_id` without
breaking the chain (audit/log.py). Existing rows are checked under the old formula first (a
break stops the migration, naming the row), then given their `record_ref` and chained again.
The triggers now allow one change: a record id pseudonymised to "erased"."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import migrations, models

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
GENESIS = "0" * 64

_SAME_EXCEPT_RECORD_ID = (
    "NEW.id = OLD.id AND NEW.seq = OLD.seq AND NEW.at = OLD.at "
    "AND NEW.actor_id IS OLD.actor_id AND NEW.actor_role = OLD.actor_role "
    "AND NEW.action = OLD.action AND NEW.record_type = OLD.record_type "
    "AND NEW.record_ref = OLD.record_ref AND NEW.outcome = OLD.outcome "
    "AND NEW.address = OLD.address AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    f"WHEN NOT (NEW.record_id = 'erased' AND {_SAME_EXCEPT_RECORD_ID}) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
_COLUMNS = (
    "id, seq, at, actor_id, actor_role, action, record_type, record_ref, outcome, address, "
    "prev_hash, hash"
)
_NEW = ", ".join(f"NEW.{c.strip()}" for c in _COLUMNS.split(","))
_OLD = ", ".join(f"OLD.{c.strip()}" for c in _COLUMNS.split(","))
POSTGRESQL_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN "
    "IF TG_OP = 'UPDATE' AND NEW.record_id = 'erased' "
    f"AND ({_NEW}) IS NOT DISTINCT FROM ({_OLD}) THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION 'audit events are append-only'; END $$"
)
POSTGRESQL_TRIGGER = (
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
)


def _payload_hash(prev_hash: str, fields: list[object]) -> str:
    payload = json.dumps(fields, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def _fields(event: Any, record: str) -> list[object]:
    micros = (event.at - _EPOCH) // dt.timedelta(microseconds=1)
    return [
        event.seq,
        micros,
        event.actor_id,
        event.actor_role,
        event.action,
        event.record_type,
        record,
        event.outcome,
        event.address,
    ]


def rechain(apps, schema_editor):  # type: ignore[no-untyped-def]
    from jumush.audit.log import record_ref

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # AddField remade the table on SQLite, which dropped its triggers: made again below.
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent")
    old_prev, new_prev, expected = GENESIS, GENESIS, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if (
            event.seq != expected
            or event.prev_hash != old_prev
            or _payload_hash(event.prev_hash, _fields(event, event.record_id)) != event.hash
        ):
            raise RuntimeError(
                f"audit row {min(event.seq, expected)} was changed or deleted before this "
                "migration: run `jumush audit verify` on the previous version and investigate"
            )
        old_prev, expected = event.hash, event.seq + 1
        ref = record_ref(event.record_type, event.record_id)
        event.record_ref = ref
        new_hash = _payload_hash(new_prev, _fields(event, ref))
        AuditEvent.objects.filter(pk=event.pk).update(
            record_ref=ref, prev_hash=new_prev, hash=new_hash
        )
        new_prev = new_hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None:
        if head.seq != expected - 1 or head.hash != old_prev:
            raise RuntimeError("the audit chain head does not match its last row: investigate")
        AuditHead.objects.filter(pk=1).update(hash=new_prev)
    if vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        schema_editor.execute(POSTGRESQL_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_chain")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="record_ref",
            field=models.CharField(db_index=True, default="", max_length=64),
        ),
        migrations.RunPython(rechain),
    ]
