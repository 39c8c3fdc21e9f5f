"""Roster import rate on a 100 000-row workbook: ours vs django-import-export.

Each import runs in its own process on a scratch database (SQLite files under var/, or
PostgreSQL databases on the same server when the bench runs on PostgreSQL), so the figures
include reading the workbook, validating every field, encrypting ID numbers, writing people,
category history, posts and audit events. django-import-export gets a ModelResource doing the
same per-row work (ID check, encryption, digest, pinyin, organization lookup by full path) and
is timed on the first IEXPORT_ROWS rows: its rate per row is constant, and the whole file would
take it many minutes. Target: ≥ 5 000 rows/s and ≥ 5× django-import-export.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
IEXPORT_ROWS = int(os.environ.get("BENCH_IEXPORT_ROWS", "5000"))


def make_workbook(path: Path, rows: int) -> None:
    """A county-shaped roster of `rows` people, from the demo generator."""
    from openpyxl import Workbook

    from jiceng.demo.generator import REGION_CODES, Generator
    from jiceng.people import rules
    from jiceng.people.roster import ORG_HEADERS, PERSON_HEADERS

    gen = Generator(seed=99, today=dt.datetime.now(ZoneInfo("Asia/Shanghai")).date())
    book = Workbook(write_only=True)
    orgs, people = book.create_sheet("组织"), book.create_sheet("人员")
    orgs.append(ORG_HEADERS)
    people.append(PERSON_HEADERS)
    county = "基准县委"
    orgs.append([county, "", "县委", "", ""])
    per_village, made, town = 400, 0, 0
    titles = {**dict(rules.PartyTitle.choices), **dict(rules.CommitteeTitle.choices)}
    while made < rows:
        town += 1
        township = f"第{town}镇党委"
        orgs.append([township, county, "乡镇党委", "", ""])
        for v in range(1, 21):
            if made >= rows:
                break
            branch = f"{township}第{v}村党支部"
            orgs.append([branch, f"{county}/{township}", "党支部", "", f"第{town}-{v}村"])
            for p in gen.village_people(REGION_CODES[town % len(REGION_CODES)], min(per_village, rows - made)):
                party = next((titles[t] for b, t in p.posts if b == "party"), "")
                committee = next((titles[t] for b, t in p.posts if b == "village_committee"), "")
                row = {
                    "姓名": p.name, "公民身份号码": p.id_number, "民族": p.ethnicity,
                    "学历": dict(rules.Education.choices).get(p.education, ""),
                    "人员类别": dict(rules.Category.choices)[p.category], "所在党组织": f"{county}/{township}/{branch}",
                    "入党日期": p.joined_on, "转正日期": p.confirmed_on, "党内职务": party, "村委会职务": committee,
                    "职务任职日期": dt.date(2021, 1, 15) if p.posts else None, "联系电话": p.phone,
                    "是否流动党员": "是" if p.is_mobile else "否",
                }  # fmt: skip
                # By header, so a column the roster gains later stays empty here instead of shifting the rest.
                people.append([row.get(header, "") for header in PERSON_HEADERS])
                made += 1
    book.save(path)


def scratch_url(name: str) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        return f"postgres://{auth}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"
    db = ROOT / "var" / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///var/{name}.sqlite3"


def worker(url: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "import_worker.py"), *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(ctx: Any) -> None:
    path = ROOT / "var" / f"bench-roster-{ROWS}.xlsx"
    if not path.exists():
        make_workbook(path, ROWS)
    ctx.report("roster workbook", f"{ROWS:,} people rows, {path.stat().st_size / 1e6:.1f} MB")
    ours_db = scratch_url("jiceng_bench_import_a")
    ours = worker(ours_db, "jiceng", str(path))
    rate = ours["rows"] / ours["seconds"]
    ctx.report("jiceng import", f"{ours['rows']:,} rows in {ours['seconds']:.1f} s = {rate:,.0f} rows/s, "
               f"peak {ours['peak_mb']:.0f} MB  (target ≥ 5 000 rows/s)")  # fmt: skip
    low = worker(ours_db, "bound", str(path))
    low_s = low["read_s"] + low["write_s"]
    ctx.report("lower bound: calamine read + bulk write of the final rows",
               f"{low_s:.1f} s = read {low['read_s']:.1f} s ({low['cells']:,} cells) + "
               f"{'COPY' if 'postgres' in ours_db else 'executemany'} {low['write_s']:.1f} s "
               f"({low['rows']:,} rows in {len(low['tables'])} tables) = {ROWS / low_s:,.0f} people rows/s; "
               f"jiceng takes ×{ours['seconds'] / low_s:.1f} the bound")  # fmt: skip
    other_db = scratch_url("jiceng_bench_import_b")
    worker(other_db, "orgs", str(path))
    theirs = worker(other_db, "iexport", str(path), str(IEXPORT_ROWS))
    their_rate = theirs["rows"] / theirs["seconds"]
    ctx.report("django-import-export import", f"{theirs['rows']:,} rows in {theirs['seconds']:.1f} s = "
               f"{their_rate:,.0f} rows/s, peak {theirs['peak_mb']:.0f} MB")  # fmt: skip
    ctx.report("ratio jiceng / django-import-export", f"{rate / their_rate:.1f}×  (target ≥ 5×)")
