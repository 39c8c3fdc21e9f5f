"""Gunicorn settings for jiceng (`manage.py serve`, and the systemd unit in docs/deploy.md).

Sized to the machine: (2 × cores + 1) worker processes, each with WEB_THREADS threads, so CPU
work runs in parallel across processes and a thread waiting on the database does not idle its
process. Each thread keeps one database connection (CONN_MAX_AGE below): at most
workers × threads connections, a fixed number that does not grow with traffic.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# Long enough for a county export that has not moved to the background yet; then the worker is replaced.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
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
