"""A lean multi-row INSERT for the bulk paths (roster import, demo data).

Django's `bulk_create` spends most of its time compiling each value through every field; for
100 000-row imports that dominates. Here each field's adapter is looked up once, values are
converted with it. SQLite (≥ 3.35): `INSERT … VALUES (…), (…) RETURNING id`. PostgreSQL: the
ids from the table's sequence, then one `COPY` of the rows. Only plain columns are supported: the
caller passes already-final values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models

MAX_PARAMS = 30000  # below SQLite's 32 766 and PostgreSQL's 65 535 bind parameters


def _adapter(field: models.Field) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return lambda v: ops.adapt_datetimefield_value(v) if v is not None else None
    if isinstance(field, models.DateField):
        return lambda v: ops.adapt_datefield_value(v) if v is not None else None
    if isinstance(field, (models.JSONField, models.DecimalField)):
        return lambda v: field.get_db_prep_save(v, connection)
    return lambda v: v


def _field(meta: Any, name: str) -> models.Field:
    try:
        return meta.get_field(name)
    except FieldDoesNotExist:  # a foreign key given by its column, e.g. organization_id
        return meta.get_field(name.removesuffix("_id"))


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert `rows` (tuples in the order of `fields`, FKs as `<name>_id`) and return their new ids."""
    meta = model._meta
    columns = [_field(meta, name) for name in fields]
    adapters = [_adapter(field) for field in columns]
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in columns)
    table = connection.ops.quote_name(meta.db_table)
    pk = connection.ops.quote_name(str(meta.pk.column))
    if connection.vendor == "postgresql":
        return _insert_copy(table, names, pk, columns, adapters, rows)
    per_batch = max(1, MAX_PARAMS // len(fields))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_batch):
            batch = rows[start : start + per_batch]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(batch))
            params = [adapt(value) for row in batch for adapt, value in zip(adapters, row, strict=True)]
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {placeholders} RETURNING {pk}", params)
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _insert_copy(
    table: str,
    names: str,
    pk: str,
    columns: list[models.Field],
    adapters: list[Callable[[Any], Any]],
    rows: Sequence[Sequence[Any]],
) -> list[int]:
    """PostgreSQL: the ids drawn from the table's sequence first, then every row by one COPY
    (psycopg formats the rows in C; arrays for `INSERT … SELECT unnest(…)` were built element by
    element in Python, a fifth of a 100 000-row import)."""
    if not rows:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
            [table.strip('"'), pk.strip('"'), len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        # the raw cursor's errors as Django's (an IntegrityError: an ID number registered twice)
        with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({pk}, {names}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row([pk_value, *(adapt(value) for adapt, value in zip(adapters, row, strict=True))])
    return ids
