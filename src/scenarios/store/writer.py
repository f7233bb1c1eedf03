"""Writes to the store from a thread of its own, in the order they were asked for.

A server or a screen hands its writes here and goes on: while another program holds the
database's write lock, only this thread waits (up to the busy timeout), never an event loop.
Each write comes back as a `Future`, done when it is committed (or failed with the
`sqlite3.Error` that stopped it), so nothing is acknowledged before it is saved.

Writes waiting together are committed in one transaction: a burst of changes after a lock
costs one commit, and a lock that outlasts the timeout fails them together once.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future

from scenarios.store.connection import Connection
from scenarios.store.schema import transaction

Write = Callable[[Connection], object]
"""One write: statements run on the writer's connection, inside the batch's transaction."""


class StoreWriter:
    """One thread with its own connection (made by `connect`, in the thread), running writes in order."""

    def __init__(self, connect: Callable[[], Connection], *, name: str) -> None:
        self.connect = connect
        self.name = name
        self._queue: queue.SimpleQueue[tuple[Write, Future[None]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._last: Future[None] = Future()
        self._last.set_result(None)

    def submit(self, write: Write) -> Future[None]:
        """Queue `write`; the future is done once it is committed (or failed with its `sqlite3.Error`)."""
        future: Future[None] = Future()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"store-writer {self.name}", daemon=True)
                self._thread.start()
            self._last = future
            self._queue.put((write, future))
        return future

    def last(self) -> Future[None]:
        """The future of the latest write asked for (done at once when there was none)."""
        return self._last

    def flush(self) -> None:
        """Wait until every write asked for so far is committed or failed (their errors are the futures')."""
        future = self._last
        future.exception()  # waits; a failed write is told through its own future, not here

    def close(self) -> None:
        """Finish the writes asked for, then stop the thread and close its connection."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        conn: Connection | None = None
        try:
            while True:
                first = self._queue.get()
                if first is None:
                    return
                batch = [first]
                stop = False
                while True:  # everything waiting now goes into the same transaction
                    try:
                        more = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:
                        stop = True
                        break
                    batch.append(more)
                try:
                    if conn is None:
                        conn = self.connect()
                    with transaction(conn):
                        for write, _ in batch:
                            write(conn)
                except sqlite3.Error as error:
                    for _, future in batch:
                        future.set_exception(error)
                except BaseException as error:  # a bug in a write: told to whoever waits, the thread goes on
                    for _, future in batch:
                        future.set_exception(error)
                else:
                    for _, future in batch:
                        future.set_result(None)
                if stop:
                    return
        finally:
            if conn is not None:
                conn.close()
