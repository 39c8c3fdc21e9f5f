"""Django's PostgreSQL backend with a health check that costs no round trip, and a quick flush
for the test database.

`CONN_HEALTH_CHECKS` makes Django check a kept connection before each request's first query;
the stock check sends `SELECT 1`, one more round trip on every request (on the ballot path it
was a third of the database time). Between requests a healthy connection has nothing to say:
when the server ends one (a restart, `pg_terminate_backend`, an idle timeout) it sends its
FATAL message and closes, so the socket turns readable. Only then is `SELECT 1` sent to decide.

A test that needs real transactions (the browser tests, the race tests: 601 of the suite) ends
with a flush of every table. Django flushes PostgreSQL with one TRUNCATE of all 166 tables, which
makes new files for each table and index: 0.87 s a test here. The few rows a test leaves are
gone as surely with DELETE (the foreign keys are deferred to the commit; no table has a trigger),
in a few milliseconds. Only where the settings ask (`FLUSH_BY_DELETE`, set for the test database
by conftest.py); `manage.py flush` elsewhere keeps TRUNCATE.
"""

import select
from typing import Any

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper
from django.db.backends.postgresql.operations import DatabaseOperations as PostgreSQLOperations


class DatabaseOperations(PostgreSQLOperations):
    def sql_flush(self, style: Any, tables: Any, *, reset_sequences: bool = False, allow_cascade: bool = False) -> Any:
        if not self.connection.settings_dict.get("FLUSH_BY_DELETE") or reset_sequences or allow_cascade:
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    ops_class = DatabaseOperations

    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        if self.connection.closed:
            return False
        readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        return not readable or bool(super().is_usable())
