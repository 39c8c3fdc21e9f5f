"""The permission matrix: every URL and API route, every persona.

Each app lists its URLs in `jiceng/<app>/tests/permission_cases*.py` (any module whose name
starts with `permission_cases`, so several engineers can each keep their own file) as
`CASES: list[UrlCase]`.
`tests/test_permissions.py` runs every case for every persona and checks:
- personas in `allowed` succeed (status < 400);
- every other persona is refused (403 or 404); the officer of another township gets exactly 404;
  anonymous users are sent to the login page (pages) or get 401 (API);
- a refused POST/PUT/PATCH/DELETE changes nothing (row counts of every table are compared).
`tests/test_url_coverage.py` fails when a named URL or API route has no case.

Example::

    CASES = [
        UrlCase("people:detail", allowed=ALL_EAST1,
                setup=lambda f: {"kwargs": {"pk": make_person(f.tree.east1).pk}}),
        UrlCase("people:edit", method="post", allowed={"township_officer", "county_officer", "village_secretary"},
                setup=lambda f: {"kwargs": {"pk": make_person(f.tree.east1).pk}, "data": {"phone": "13800000000"}}),
        UrlCase("api-v1:list_orgs", api=True, allowed=EVERYONE),
    ]

`expect(f, prepared, persona)` (required for every write case) asserts the **outcome** of an allowed
write: the record changed as asked (status < 400 alone proves nothing: a write that silently
did nothing would pass). It runs after the request, once per allowed persona.

`setup(f)` receives a `Fixtures` (the `tree` and `personas` of conftest.py) and returns a dict
with optional keys `kwargs` (URL kwargs), `data` (POST body or GET query), `query` (GET query
string dict for POSTs), `content_type`. Objects a case creates should lie in 东镇党委/东一村党支部
unless the case says otherwise, so that the other township's officer must get 404.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("county_officer", "township_officer", "village_secretary", "member", "other_township_officer")
EVERYONE = frozenset(PERSONAS)
# Everyone whose subtree contains 东一村党支部.
EAST1_SCOPE = frozenset({"county_officer", "township_officer", "village_secretary", "member"})
EAST1_EDITORS = frozenset({"county_officer", "township_officer", "village_secretary"})
EDITORS_ANYWHERE = frozenset({"county_officer", "township_officer", "village_secretary", "other_township_officer"})
EAST_OFFICERS = frozenset({"county_officer", "township_officer"})
COUNTY_ONLY = frozenset({"county_officer"})


@dataclass
class Fixtures:
    tree: Any
    personas: dict[str, Any]


@dataclass(frozen=True)
class UrlCase:
    name: str
    allowed: Iterable[str] = frozenset()
    method: str = "get"
    setup: Callable[[Fixtures], dict[str, Any]] | None = None
    api: bool = False
    # Personas whose refusal may be 403 (in scope but lacking the role); the default accepts
    # 403 or 404 for them. Personas outside the object's subtree must get 404.
    outside_scope: Iterable[str] = frozenset({"other_township_officer"})
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    expect: Callable[[Fixtures, dict[str, Any], str], None] | None = None

    @property
    def id(self) -> str:
        return f"{self.name}[{self.method}]{'-' + self.note if self.note else ''}"

    @property
    def writes(self) -> bool:
        return self.method.lower() in ("post", "put", "patch", "delete")


def run_at_once(
    calls: Iterable[Callable[[], Any]],
    *,
    done: Callable[[Any], str] = lambda value: "ok",
    refused: Callable[[Exception], str] = lambda exc: "refused",
) -> Counter[str]:
    """Start every call together (a barrier), each in its own thread with its own database
    connection; count the outcomes: "ok" (or `done(value)` of what the call returned), "refused"
    (or `refused(exc)`) for a DomainError, "error: …" for anything else."""
    import threading

    from django.db import connection

    from .errors import DomainError

    calls = list(calls)
    barrier = threading.Barrier(len(calls))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def worker(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            result = done(call())
        except DomainError as exc:
            result = refused(exc)
        except Exception as exc:  # any other error is a failure the test reports
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def pdf_text(data: bytes) -> str:
    """The text of a PDF (pypdf), pages joined by newlines: what tests read names and codes from."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
