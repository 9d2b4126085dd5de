"""Work that would hold the window, done on a worker thread: the newest request's result only.

A page asks `LatestOnly.request(work)`; `work` runs on the page's worker thread (one at a time) and
its result comes back to `deliver` on the GUI thread. A request made while one runs waits, and
only the newest waiting request runs next: a result made stale by a later request is dropped.

`work` must not touch widgets. It may call the services: each service call opens its own
session (one connection from the engine's pool), so a worker never shares the GUI thread's.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


#: How much lower a worker runs than the GUI thread (Linux `nice`): on a busy machine the window
#: is given the processor, and with it Python's lock, first.
WORKER_NICENESS = 10


def lower_priority() -> None:
    """Called on a worker thread: let the GUI thread go first (where the system allows it)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


class _Relay(QObject):
    """Carries a worker's result to the GUI thread. It lives as long as the application, so a
    worker may always emit on it, even after the page that asked has been closed."""

    arrived = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._deliver)  # queued: emitted on a worker, run on the GUI thread

    def _deliver(self, payload: Any) -> None:
        receiver_ref, function, args = payload
        receiver = receiver_ref()
        if receiver is not None and shiboken6.isValid(receiver):
            function(receiver, *args)


_RELAYS: list[_Relay] = []


def gui_relay() -> Callable[[QObject, Callable[..., None], tuple[Any, ...]], None]:
    """Made on the GUI thread; called on a worker: `post(receiver, function, args)` runs
    `function(receiver, *args)` on the GUI thread, unless the receiver has gone meanwhile."""
    if not _RELAYS:
        _RELAYS.append(_Relay())
    relay = _RELAYS[0]

    def post(receiver: QObject, function: Callable[..., None], args: tuple[Any, ...]) -> None:
        with contextlib.suppress(RuntimeError):  # the relay has gone: the app is closing
            relay.arrived.emit((weakref.ref(receiver), function, args))

    return post


class Worker:
    """One long-lived daemon thread that runs what it is given, in turn (`submit`).

    Starting a thread waits until the new thread runs (`threading.Thread.start`): on a busy
    machine 8 to 65 ms on the GUI thread, at every edit of the Plan page when each request had a
    thread of its own. The thread starts at the first `submit` and ends at `close`.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def submit(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def close(self) -> None:
        """The thread ends once what it was given before has run."""
        self._jobs.put(None)

    def _run(self) -> None:
        lower_priority()
        while (job := self._jobs.get()) is not None:
            job()
            del job  # what it holds is let go now, not when the next job comes


class LatestOnly(QObject):
    """One worker thread at a time; the newest request's result is delivered, stale ones not."""

    def __init__(
        self,
        name: str,
        deliver: Callable[[Any], None],
        parent: QObject | None = None,
        *,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.deliver = deliver
        self.failed = failed
        self.number = 0
        self._running = False
        self._waiting: Callable[[], Any] | None = None
        self._worker = Worker(name)
        self.destroyed.connect(self._worker.close)

    @property
    def settled(self) -> bool:
        """Nothing running or waiting: what was delivered last is for the newest request."""
        return not self._running and self._waiting is None

    def request(self, work: Callable[[], Any]) -> None:
        self.number += 1
        self._waiting = work
        if not self._running:
            self._start()

    def cancel(self) -> None:
        """Whatever runs now, and anything waiting, will not be delivered."""
        self.number += 1
        self._waiting = None

    def _start(self) -> None:
        work, self._waiting = self._waiting, None
        if work is None:
            return
        self._running = True
        number, post = self.number, gui_relay()

        def run() -> None:
            result: Any = None
            error: BaseException | None = None
            try:
                result = work()
            except Exception as caught:  # reported on the GUI thread; never the case's words
                error = caught
            post(self, LatestOnly._arrived, (number, result, error))

        self._worker.submit(run)

    def _arrived(self, number: int, result: Any, error: Any) -> None:
        self._running = False
        if self._waiting is not None:
            self._start()  # a newer request: this result is stale
            return
        if number != self.number:
            return  # cancelled
        if error is None:
            self.deliver(result)
        else:
            log.warning("%s did not finish: %s", self.name, type(error).__name__)
            if self.failed is not None:
                self.failed(error)


__all__ = ["LatestOnly", "Worker", "gui_relay", "lower_priority"]
