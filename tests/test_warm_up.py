"""The start-up warm-up: the ORM imported on a worker thread, and what waits for it."""

from __future__ import annotations

import threading

from chairdesk import warm_up
from chairdesk.warm_up import WarmUp


def test_warm_up_others_wait_until_its_imports_and_next_step_are_done() -> None:
    """Whatever needs the storage stack waits (warm_up.wait) until the worker has imported it
    and run its next step (at start-up: the key file's refresh, the collector back on)."""
    release = threading.Event()
    steps: list[str] = []

    def then() -> None:
        release.wait(10)
        steps.append("after the imports")

    WarmUp(("json",), then=then).start()
    assert not warm_up.finished()
    release.set()
    warm_up.wait()
    assert warm_up.finished()
    assert steps == ["after the imports"]


def test_warm_up_a_module_that_will_not_import_still_lets_start_up_finish() -> None:
    """A missing module stops the imports (the GUI thread's own import reports it later), but
    the next step still runs, so the garbage collector is never left paused."""
    steps: list[str] = []
    warming = WarmUp(("chairdesk.no_such_module", "json"), then=lambda: steps.append("ran"))
    warming.start()
    warm_up.wait()
    assert warming.failed == "chairdesk.no_such_module"
    assert steps == ["ran"]
