"""`make bench`: performance figures and ratios, printed — never asserted in tests.

Usage: python bench/run.py [--scale county|province] [--only SECTION ...]
The database is the one DATABASE_URL names (default: a separate SQLite file var/bench.sqlite3,
so the demo database is never touched). Each section lives in bench/<section>.py and exposes
`run(ctx: Context) -> None`; it prints its own lines through `ctx.report`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTIONS = [
    "baseline",
    "pages",
    "crawl",
    "import_rate",
    "stats_api",
    "list_pages",
    "ledgers",
    "meetings",
    "evaluations",
    "economy",
    "dues",
    "assessments",
    "development",
    "openness",
    "councils",
    "backup",
]


@dataclass
class Context:
    scale: str
    engine: str
    lines: list[str] = field(default_factory=list)

    def report(self, name: str, value: str) -> None:
        line = f"{name:<58} {value}"
        self.lines.append(line)
        print(line, flush=True)


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiceng.settings")
    os.environ.setdefault("DEBUG", "false")
    (ROOT / "var").mkdir(exist_ok=True)  # keys are generated into var/ (as make run does)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="county", choices=["township", "county", "province"])
    parser.add_argument("--only", nargs="*", default=None, choices=SECTIONS)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    ctx = Context(scale=args.scale, engine=connection.vendor)
    print(f"# jiceng bench — scale={args.scale} engine={connection.vendor}", flush=True)
    for name in args.only or SECTIONS:
        started = time.perf_counter()
        print(f"\n## {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        module.run(ctx)
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
