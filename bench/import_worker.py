"""One import in a fresh process (so peak memory is its own): prints a JSON line with the figures.

    python bench/import_worker.py jiceng FILE.xlsx         # our roster import (orgs + people)
    python bench/import_worker.py orgs FILE.xlsx           # only the 组织 sheet (setup for the next)
    python bench/import_worker.py iexport FILE.xlsx N      # django-import-export, first N people rows
    python bench/import_worker.py bound FILE.xlsx          # the lower bound, on the database `jiceng` filled

DATABASE_URL names the scratch database; it is migrated first.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiceng.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    mode, path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    modes: dict[str, Any] = {"jiceng": ours, "orgs": orgs_only, "iexport": iexport, "bound": bound}
    rows = modes[mode](path, *sys.argv[3:])
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if isinstance(rows, dict):  # the lower bound reports its own parts
        print(json.dumps(rows, default=str))
        return
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def ours(path: str) -> int:
    from jiceng.people.roster import import_roster

    plan = import_roster(path)
    assert plan.ok, [str(p) for p in plan.problems[:5]]
    return plan.counts()["people_created"]


def bound(path: str) -> dict[str, Any]:
    """What no importer can beat: read every cell of the workbook with calamine, then write the
    final rows the import wrote (every table it filled, read back from this database) in one bulk
    operation per table — PostgreSQL `COPY`, SQLite one prepared `executemany` — into empty copies
    of those tables. Only the read and the writes are timed."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = CalamineWorkbook.from_path(path)
    cells = sum(len(row) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python())
    read_s = time.perf_counter() - started
    tables = [t for t in connection.introspection.table_names() if not t.startswith(("django_", "auth_"))]
    with connection.cursor() as cursor:
        filled = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = cursor.fetchall()
            if len(rows) >= 1000:  # the import's tables (a migration's few seed rows are not its work)
                filled[table] = rows
    write_s = 0.0
    for table, rows in filled.items():
        copy = f"bound_{table}"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'CREATE TEMP TABLE "{copy}" (LIKE "{table}" INCLUDING ALL)')
            else:
                cursor.execute(f'CREATE TEMP TABLE "{copy}" AS SELECT * FROM "{table}" WHERE 0')
            started = time.perf_counter()
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f'COPY "{copy}" FROM STDIN') as out:
                        for row in rows:
                            out.write_row(row)
                else:
                    marks = ", ".join("?" * len(rows[0]))
                    cursor.cursor.executemany(f'INSERT INTO "{copy}" VALUES ({marks})', rows)
            write_s += time.perf_counter() - started
    return {
        "rows": sum(len(r) for r in filled.values()),
        "cells": cells,
        "read_s": read_s,
        "write_s": write_s,
        "tables": {t: len(r) for t, r in filled.items()},
    }


def orgs_only(path: str) -> int:
    import io

    from openpyxl import Workbook, load_workbook

    from jiceng.people.roster import import_roster

    source = load_workbook(path, read_only=True)["组织"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("组织")
    for row in source.iter_rows(values_only=True):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    plan = import_roster(out)
    assert plan.ok
    return plan.counts()["orgs_created"]


def iexport(path: str, limit: str) -> int:
    """django-import-export with a ModelResource doing the same work per row (derived fields, org lookup)."""
    import tablib
    from import_export import fields, resources, widgets
    from openpyxl import load_workbook

    from jiceng.organizations.models import Organization
    from jiceng.people import rules
    from jiceng.people.actions import identity_fields
    from jiceng.people.models import Person

    class PersonResource(resources.ModelResource):
        organization = fields.Field(attribute="organization", column_name="所在党组织",
                                    widget=widgets.ForeignKeyWidget(Organization, field="full_path"))  # fmt: skip
        name = fields.Field(attribute="name", column_name="姓名")
        category = fields.Field(attribute="category", column_name="人员类别")
        education = fields.Field(attribute="education", column_name="学历")
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        phone = fields.Field(attribute="phone", column_name="联系电话")
        joined_on = fields.Field(attribute="joined_on", column_name="入党日期", widget=widgets.DateWidget())
        confirmed_on = fields.Field(attribute="confirmed_on", column_name="转正日期", widget=widgets.DateWidget())
        id_digest = fields.Field(attribute="id_digest", column_name="id_digest")

        class Meta:
            model = Person
            import_id_fields = ["id_digest"]
            fields = ["name", "category", "education", "ethnicity", "phone", "joined_on", "confirmed_on",
                      "organization", "id_digest"]  # fmt: skip
            skip_unchanged = True

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            number = rules.normalize_id(str(row["公民身份号码"]))
            assert rules.id_problem(number) is None
            self._derived = identity_fields(number)
            row["id_digest"] = self._derived["id_digest"]
            row["人员类别"] = rules.CATEGORY_BY_LABEL[row["人员类别"]]
            row["学历"] = rules.EDUCATION_BY_LABEL.get(row["学历"] or "", "")
            for key in ("民族", "联系电话"):
                row[key] = row[key] or ""

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            for key, value in self._derived.items():
                setattr(instance, key, value)
            instance.name_pinyin, instance.name_initials = rules.pinyin_keys(instance.name)
            instance.org_path = instance.organization.path

    sheet = load_workbook(path, read_only=True)["人员"]
    rows = sheet.iter_rows(values_only=True)
    headers = [*next(rows), "id_digest"]
    data = tablib.Dataset(headers=headers)
    for index, row in enumerate(rows):
        if index >= int(limit):
            break
        data.append([*row, ""])
    result = PersonResource().import_data(data, raise_errors=True)
    return result.totals["new"]


if __name__ == "__main__":
    main()
