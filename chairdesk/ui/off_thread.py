"""A read that takes a while, done off the GUI thread while the window keeps breathing.

`wait_off_thread(work)` runs `work` (a read through the services, such as a whole conference
view: about 100 ms with 1,500 entries) on a worker thread and returns its result, or raises its
error, as if it had been called directly. Meanwhile the event loop keeps turning, so the window
repaints, timers tick and the parents' screen's own builds arrive; the chair's clicks and keys
wait until the read is done (they are not processed in the meantime), so nothing can act on a
page that is half loaded. The caller sees an ordinary call: tests and code that read the result
straight after need no change.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, Signal

T = TypeVar("T")


class _Finished(QObject):
    finished = Signal()


def wait_off_thread(work: Callable[[], T], name: str = "read") -> T:
    """`work()`, run on a worker thread while the GUI thread keeps its event loop going."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() != app.thread():
        return work()
    results: list[T] = []
    errors: list[BaseException] = []
    done = threading.Event()
    loop = QEventLoop()
    relay = _Finished()
    relay.finished.connect(loop.quit)  # queued: emitted from the worker thread

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # handed to the caller, on its own thread
            errors.append(error)
        finally:
            done.set()
            relay.finished.emit()

    threading.Thread(target=run, name=name, daemon=True).start()
    if not done.wait(0.005):  # a quick read needs no event loop at all
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    done.wait()
    if errors:
        raise errors[0]
    return results[0]


def freeze_start_up_objects() -> None:
    """Once, when the first conference is run: what exists by then (modules, the window, the
    mappers) lives as long as the app, so the collector's full passes stop scanning it. Without
    this, one full pass (about 60 ms at a council's scale, in whichever thread it falls) stalls
    the chair's typing."""
    freeze_long_lived("start-up")


def freeze_long_lived(reason: str) -> None:
    """Once per `reason` in a process, on the GUI thread: what a one-off load has just made (the
    export libraries, the plain-language dictionaries) lives as long as the app, so it is moved
    out of the collector's reach. A full pass scans every object not frozen, and holds Python's
    lock while it does: at 300 actions one took 100 to 300 ms on a worker, and the window waited.
    There are a handful of reasons, so what is frozen (a conference's objects among it) is
    bounded: nothing more is kept for each conference opened."""
    if reason not in _FROZEN:
        _FROZEN.add(reason)
        gc.freeze()


_FROZEN: set[str] = set()

__all__ = ["freeze_long_lived", "freeze_start_up_objects", "wait_off_thread"]
