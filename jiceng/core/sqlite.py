"""SQLite writers that queue instead of polling.

SQLite lets one writer in at a time; the others retry on a timer (the busy timeout sleeps 1, 2,
5 … 100 ms between tries), so under a burst of writes from several server processes a writer
could sleep through many commits and wait half a second while the lock was mostly free. A
writer on a busy path takes a blocking lock on a file beside the database first: the kernel
wakes the next one as soon as the previous releases it. Other writers are not affected (they
poll as before, and the lock only orders the writers that take it).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def writer_queue(connection: Any) -> Iterator[None]:
    """Hold the queue lock of `connection`'s SQLite file for the block (nothing on other engines).

    Not inside a transaction: that may hold SQLite's lock already, and waiting here for a writer
    that waits for it would last until the busy timeout."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or connection.in_atomic_block or name == ":memory:" or name.startswith("file:"):
        yield
        return
    # A file description per holder: flock excludes other descriptions, threads of this process included.
    fd = os.open(f"{name}.write-queue", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
