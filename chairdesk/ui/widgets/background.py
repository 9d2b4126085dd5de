"""Work that would hold the window, done on a worker thread: the newest request's result only.

A page asks `LatestOnly.request(work)`; `work` runs on a thread of its own (one at a time) and
its result comes back to `deliver` on the GUI thread. A request made while one runs waits, and
only the newest waiting request runs next: a result made stale by a later request is dropped.

`work` must not touch widgets. It may call the services: each service call opens its own
session (one connection from the engine's pool), so a worker never shares the GUI thread's.
"""

from __future__ import annotations

import contextlib
import logging
import os
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
        relay.arrived.emit((weakref.ref(receiver), function, args))

    return post


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
            lower_priority()
            try:
                result = work()
            except Exception as caught:  # reported on the GUI thread; never the case's words
                error = caught
            post(self, LatestOnly._arrived, (number, result, error))

        threading.Thread(target=run, name=self.name, daemon=True).start()

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


__all__ = ["LatestOnly", "gui_relay", "lower_priority"]
