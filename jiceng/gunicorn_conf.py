"""Gunicorn settings for jiceng (`manage.py serve`, and the systemd unit in docs/deploy.md).

Sized to the machine: (cores + 1) worker processes, each with WEB_THREADS threads (default 2),
so CPU work runs in parallel across processes and a thread waiting on the database does not idle
its process. Each thread keeps one database connection (CONN_MAX_AGE below): at most
workers × threads connections, a fixed number that does not grow with traffic.

Fair under load: a worker accepts only as many connections as it has threads
(`worker_connections`), so the others wait in the listening socket's one queue, in arrival order,
for the first thread that is free. (A worker that accepted a burst would otherwise keep its own
queue while another sat idle: with 100 voters at once the slowest ballots took 4× the median.)
Hence no keep-alive at the app server either: an idle kept-alive connection would hold one of
those few places. Behind nginx (docs/deploy.md) the browsers' connections are kept there.

Warm from the first request: the app is loaded once in the master (`preload_app`) and
`when_ready` imports every view and compiles the templates before the workers are forked.
It then freezes what is loaded out of the garbage collector's reach (`warmup.warm_and_freeze`):
the county's training shortfall page, 130 ms, took 455 ms when a full collection walked it all.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", "2"))
worker_class = "gthread"
worker_connections = threads
keepalive = 0
preload_app = True
# Long enough for a county export that has not moved to the background yet; then the worker is replaced.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
backlog = 2048
# Recycle workers now and then (memory held by one huge page is given back).
max_requests = 5000
max_requests_jitter = 500
# No access log from the app server: votes must leave no line with time and address here
# (nginx, in front, is configured not to log the ballot path; docs/deploy.md).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "warning")
proc_name = "jiceng-web"
# Persistent connections are safe here: threads are a fixed pool (see the module docstring).
os.environ.setdefault("CONN_MAX_AGE", "300")
wsgi_app = "jiceng.wsgi:application"


def when_ready(server: object) -> None:
    """In the master, after the app is loaded and before any worker is forked."""
    from jiceng.core.warmup import warm_and_freeze

    warm_and_freeze()
