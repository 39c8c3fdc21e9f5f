"""Anonymous voting under load: 1 000 ballots from 100 concurrent clients over real HTTP.

Run twice in one go, against the development server (`make dev`: runserver) and the production
server (`make run`: gunicorn, sized to the machine), and the p99 ratio printed. 100 client threads
each fetch the public ballot page (CSRF cookie and token) and post 10 ballots with distinct
codes, then every client replays one code already used. The round is then closed: the sealed
ballots become anonymous ballots in one shuffled batch (its time is reported). Counted afterwards:
zero lost (1 000 ballots, 1 000 codes used) and zero double (every replay refused, receipts distinct).
"""

from __future__ import annotations

import http.client
import os
import re
import threading
import time
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from bench.common import pct
from bench.servers import KINDS, running

CLIENTS = 100
BALLOTS_PER_CLIENT = 10
SUBJECTS = 20
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Voter:
    def __init__(self, port: int, path: str) -> None:
        self.port, self.path = port, path
        self.cookie = ""

    def _request(self, method: str, body: str | None = None, headers: dict[str, str] | None = None) -> Any:
        # One connection per request: a kept-alive connection would hold a server worker between requests.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request(method, self.path, body=body, headers={**(headers or {}), "Connection": "close"})
        return conn.getresponse()

    def page(self) -> str:
        response = self._request("GET")
        body = response.read().decode()
        cookie = SimpleCookie(response.getheader("Set-Cookie") or "")
        if "csrftoken" in cookie:
            self.cookie = f"csrftoken={cookie['csrftoken'].value}"
        match = TOKEN.search(body)
        assert response.status == 200 and match, response.status
        return match.group(1)

    def submit(self, token: str, code: str, ratings: dict[str, str]) -> tuple[int, float]:
        body = urlencode({"csrfmiddlewaretoken": token, "code": code, **{f"r_{k}": v for k, v in ratings.items()}})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        started = time.perf_counter()
        response = self._request("POST", body, headers)
        response.read()
        return response.status, (time.perf_counter() - started) * 1000


def _round(count: int) -> tuple[Any, list[str]]:
    from jiceng.accounts.models import Role, User
    from jiceng.evaluations import actions
    from jiceng.organizations.models import Organization

    org = Organization.objects.filter(is_village_level=True).order_by("path").first()
    if org is None:
        from bench.common import ensure_scale

        ensure_scale("township")
        org = Organization.objects.filter(is_village_level=True).order_by("path").first()
    user, _ = User.objects.update_or_create(
        username="bench-evaluations", defaults={"organization": org, "role": Role.TOWNSHIP_OFFICER}
    )
    round_ = actions.create_round(user, organization=org, kind="report", title="压力测试评议", year=2026,
                                  scale="satisfaction", pool="representatives")  # fmt: skip
    actions.add_subjects(user, round_, names=[f"评议对象{i:02d}" for i in range(1, SUBJECTS + 1)])
    codes = actions.generate_codes(user, round_, count)
    actions.open_round(user, round_)
    return round_, codes


def _serial(ctx: Any, port: int, label: str) -> None:
    """One client alone: the service time of a ballot without queueing."""
    round_, codes = _round(60)
    subject_ids = list(round_.subjects.values_list("id", flat=True))
    voter = Voter(port, f"/evaluations/v/{round_.public_key}/")
    token = voter.page()
    latencies = [voter.submit(token, code, {str(s): "basic" for s in subject_ids})[1] for code in codes]
    ctx.report(f"{label}: submit latency, one client alone", f"p50 {pct(latencies[10:], 50):.1f} ms  "
               f"p99 {pct(latencies[10:], 99):.1f} ms")  # fmt: skip
    round_.delete()


def run(ctx: Any) -> None:
    results: dict[str, tuple[float, int, float]] = {}
    kinds = os.environ.get("BENCH_SERVERS", "dev,prod").split(",")  # e.g. BENCH_SERVERS=prod to tune
    for kind in kinds:
        with running(kind) as port:
            results[kind] = _load(ctx, port, KINDS[kind])
    if len(results) < 2:
        return
    (dev_p99, dev_lost, dev_rate), (prod_p99, prod_lost, prod_rate) = results["dev"], results["prod"]
    ctx.report("ballot p99: development / production server", f"{dev_p99:.1f} / {prod_p99:.1f} ms "
               f"(ratio {dev_p99 / prod_p99:.2f}; target ≤ 300 ms; the development server's p99 counts only "
               f"the ballots it accepted)")  # fmt: skip
    ctx.report("ballots/s and lost: development / production server", f"{dev_rate:.0f} / {prod_rate:.0f} ballots/s "
               f"(×{prod_rate / dev_rate:.1f}); lost {dev_lost} / {prod_lost}")  # fmt: skip


def _load(ctx: Any, port: int, label: str) -> tuple[float, int, float]:
    """100 clients × 10 ballots against the server on `port`: (p99 latency, lost ballots, ballots/s)."""
    from jiceng.evaluations import actions
    from jiceng.evaluations.models import Ballot, Round

    _serial(ctx, port, label)
    round_, codes = _round(CLIENTS * BALLOTS_PER_CLIENT)
    subject_ids = list(round_.subjects.values_list("id", flat=True))
    path = f"/evaluations/v/{round_.public_key}/"
    latencies: list[float] = []
    statuses: list[int] = []
    replays: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    errors: list[str] = []

    def client(index: int) -> None:
        try:
            vote_as(index)
        except Exception as exc:  # reported below: a client that failed is a lost ballot
            with lock:
                errors.append(repr(exc))

    def vote_as(index: int) -> None:
        voter = Voter(port, path)
        token = voter.page()
        mine = codes[index * BALLOTS_PER_CLIENT : (index + 1) * BALLOTS_PER_CLIENT]
        barrier.wait()
        for n, code in enumerate(mine):
            ratings = {str(s): ("satisfied", "basic", "unsatisfied")[(index + n + s) % 3] for s in subject_ids}
            status, ms = voter.submit(token, code, ratings)
            with lock:
                statuses.append(status)
                latencies.append(ms)
        # Replay a code already used: it must be refused.
        status, _ms = voter.submit(token, mine[0], {str(s): "satisfied" for s in subject_ids})
        with lock:
            replays.append(status)

    started, cpu = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu

    closing = time.perf_counter()
    closed = actions.close_round(round_.created_by, round_, CLIENTS * BALLOTS_PER_CLIENT)
    closing_s = time.perf_counter() - closing
    closed = Round.objects.get(pk=closed.pk)
    ballots = Ballot.objects.filter(round=round_)
    used = closed.codes_used_web or 0
    receipts = len(set(closed.receipts))
    total = ballots.count()
    expected = CLIENTS * BALLOTS_PER_CLIENT
    ctx.report(f"{label}: ballots submitted (100 clients × 10)", f"{len(statuses)} in {elapsed:.1f} s "
               f"({len(statuses) / elapsed:.0f} ballots/s)")  # fmt: skip
    ctx.report(f"{label}: the clients' own CPU (same machine)", f"{cpu / elapsed * 100:.0f} % of one core, "
               f"{cpu * 1000 / (len(statuses) + len(replays)):.2f} ms per request")  # fmt: skip
    ctx.report(
        f"{label}: accepted (HTTP 200) / refused", f"{statuses.count(200)} / {len(statuses) - statuses.count(200)}"
    )
    ctx.report(f"{label}: ballots stored / codes used / receipts", f"{total} / {used} / {receipts}")
    ctx.report(f"{label}: lost ballots", f"{expected - total}" + (f"  (client errors: {errors[:3]})" if errors else ""))
    ctx.report(f"{label}: double ballots (replays accepted)", f"{replays.count(200)} of {len(replays)} replays")
    ctx.report(f"{label}: closing (unseal, shuffle, write, erase)", f"{closing_s * 1000:.0f} ms, {total} ballots")
    ctx.report(f"{label}: submit latency, 100 clients at once",
               f"p50 {pct(latencies, 50):.1f} ms  p95 {pct(latencies, 95):.1f} ms  "
               f"p99 {pct(latencies, 99):.1f} ms  max {max(latencies):.1f} ms")  # fmt: skip
    round_.delete()
    return pct(latencies, 99), expected - total, total / elapsed
