"""A lean multi-row INSERT for the bulk paths (roster import, demo data).

Django's `bulk_create` spends most of its time compiling each value through every field; for
100 000-row imports that dominates. Here each field's adapter is looked up once, values are
converted with it, and rows go in as `INSERT … VALUES (…), (…) RETURNING id` (PostgreSQL and
SQLite ≥ 3.35). On PostgreSQL the values travel as one array per column,
`INSERT … SELECT * FROM unnest(%s::type[], …)`, so the statement has a handful of parameters
instead of tens of thousands (psycopg parses every placeholder on the client). Only plain
columns are supported: the caller passes already-final values.
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
        return _insert_unnest(table, names, pk, columns, adapters, rows)
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


def _insert_unnest(
    table: str,
    names: str,
    pk: str,
    columns: list[models.Field],
    adapters: list[Callable[[Any], Any]],
    rows: Sequence[Sequence[Any]],
) -> list[int]:
    casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
    sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({casts}) RETURNING {pk}"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            batch = rows[start : start + 20000]
            arrays = [[adapt(row[i]) for row in batch] for i, adapt in enumerate(adapters)]
            cursor.execute(sql, arrays)
            ids.extend(row[0] for row in cursor.fetchall())
    return ids
