"""`insert_many`: one executemany INSERT for a large batch of new rows.

Django's bulk_create builds a model instance per row and prepares every value through the
field; for an import of 100,000 vacancies that costs more than the database does. This path
takes plain dicts keyed by field attname (e.g. "isco_group_id"), fills defaults as Django
would, prepares through the field only the values that need it (JSON, Decimal, dates, UUIDs,
bytes) and hands the rows to the driver: COPY on PostgreSQL (psycopg 3), executemany
elsewhere. Constraints are the database's, so a duplicate still raises IntegrityError.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

#: Field types whose Python values the database drivers do not take as they are.
_PREPARED = (
    models.JSONField,
    models.DecimalField,
    models.DateField,
    models.TimeField,
    models.UUIDField,
    models.BinaryField,
)


def insert_many(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """INSERT `rows` into `model`'s table in one executemany; returns the number of rows.

    Each row maps field attnames to Python values; a field it leaves out gets its default
    (auto_now / auto_now_add fields: now). Raises whatever the database raises
    (IntegrityError for a broken constraint). No signals are sent, as with bulk_create.
    """
    if not rows:
        return 0
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    # The wrapper itself, not the `django.db.connection` proxy, whose every attribute access
    # goes through a context-local look-up.
    connection = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    quote = connection.ops.quote_name
    # Identifiers come from the model and are quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    plan = []
    for f in fields:
        auto_now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        fixed = f.get_db_prep_save(now, connection) if auto_now else None
        plan.append((f, f.attname, auto_now, fixed, isinstance(f, _PREPARED)))
    params = []
    for row in rows:
        values = []
        for f, attname, auto_now, fixed, prepared in plan:
            if auto_now:
                values.append(fixed)
                continue
            value = row[attname] if attname in row else f.get_default()
            values.append(f.get_db_prep_save(value, connection) if prepared else value)
        params.append(values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one command: several times faster than executemany.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for values in params:
                    copy.write_row(values)
        else:
            cursor.executemany(sql, params)
    return len(params)
