"""Imports the storage stack on a worker thread: while the chair types their passphrase, or
once Home has been painted (the unlock is audited without it: services/unlock_audit.py)."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

log = logging.getLogger(__name__)

# What start-up needs once Home has been painted (the ORM, the unlock's audit event, the plans
# ready to end), in import order. About a third of a second on this machine: left until after
# Home, it would hold the event loop just when the chair first reaches for the mouse.
STORAGE_STACK = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "chairdesk.storage.engine",
    "chairdesk.models",
    "chairdesk.services.accounts",
    "chairdesk.services.home",
    # The glossary's (textstat, about 1 MiB): the Run page's first entry would import it on
    # the GUI thread (about 30 ms). Plain Python only: a PySide class first used on two threads
    # at once can crash PySide 6.11, so no module here imports a PySide6 class.
    "chairdesk.services.plainlanguage",
    # What the Plan page reads with (plain Python too: made on two threads at once, a PySide6
    # table's header once came back as a plain QWidget).
    "chairdesk.services.plan_actions",
    "chairdesk.services.plan_readiness",
)

Result = TypeVar("Result")

_latest: WarmUp | None = None  # the warm-up started last in this process


def wait() -> None:
    """Wait for the warm-up started last to finish (at once if there is none, or from itself).

    Whatever imports the storage stack while a warm-up may be running calls this first
    (ui/services.py's lazy services do), so no module is imported from two threads at once.
    """
    running = _latest
    if running is not None and threading.current_thread() is not running._thread:
        running.join()


def finished() -> bool:
    """No warm-up is running (none was started, or the last one has finished)."""
    return _latest is None or not _latest._thread.is_alive()


class WarmUp:
    """Imports modules on a daemon thread; `join` before the main thread imports any of them.

    While it runs the main thread must import none of these modules (or anything that imports
    them): two threads importing one package's modules in opposite orders could each be handed
    the other's half-initialised module. The start dialog only waits for key presses meanwhile,
    and `before` makes opening the database wait for the warm-up first.
    """

    def __init__(
        self,
        modules: Sequence[str] = STORAGE_STACK,
        then: Callable[[], object] | None = None,
    ) -> None:
        """`then` runs on the worker thread once the imports are done (or one has failed)."""
        self.modules = tuple(modules)
        self.failed: str | None = None  # the first module that would not import
        self._then = then
        self._thread = threading.Thread(target=self._run, name="chairdesk-warm-up", daemon=True)

    def start(self) -> WarmUp:
        global _latest
        _latest = self
        self._thread.start()
        return self

    def _run(self) -> None:
        for name in self.modules:
            try:
                importlib.import_module(name)
            except Exception:  # the main thread's own import will report it properly
                self.failed = name
                log.debug("warm-up stopped at %s", name)
                break
        if self._then is not None:  # also after a failed import (it may resume the collector)
            try:
                self._then()
            except Exception as error:  # start-up goes on; the step is logged, not shown
                log.warning("a start-up step after the warm-up failed: %s", type(error).__name__)

    def join(self) -> None:
        """Wait until the worker has finished (at once if it has, or was never started)."""
        if self._thread.ident is not None:
            self._thread.join()

    def before(self, call: Callable[..., Result]) -> Callable[..., Result]:
        """`call`, made to wait for the warm-up before it runs."""

        def joined(*args: object, **kwargs: object) -> Result:
            self.join()
            return call(*args, **kwargs)

        return joined
