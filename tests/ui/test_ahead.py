"""The pages' modules and PySide's classes are made while Home waits (chairdesk/ui/ahead.py),
on the window's own thread, a slice at a time, and opening a conference stops it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from chairdesk.ui.ahead import PAGE_MODULES
from tests.ui.test_app_start import _in_a_fresh_process, demo_file


def test_ahead_page_modules_all_exist() -> None:
    """A renamed module would be skipped quietly and paid for again on the first open."""
    assert [m for m in PAGE_MODULES if importlib.util.find_spec(m) is None] == []


_AT_HOME = """
import gc, json, sys, threading, time
sys.path.insert(0, {root!r})
imported_on = {{}}
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("chairdesk.ui.") and name.endswith("_page"):
            imported_on[name] = threading.current_thread() is threading.main_thread()
        return None
sys.meta_path.insert(0, Watch())
from chairdesk.app import build_window, make_application
from chairdesk.storage import open_database
app = make_application(["chairdesk"])
database = open_database({db!r}, {passphrase!r})
services, window = build_window(database, text_scaler=app.text_scaler)
window.show()
deadline = time.monotonic() + 60
while not window.started and time.monotonic() < deadline:
    app.processEvents()
before = sorted(m for m in ("chairdesk.ui.run_page", "chairdesk.ui.plan_page") if m in sys.modules)
while not window.ahead.finished and time.monotonic() < deadline:
    app.processEvents()
from PySide6 import QtWidgets
loaded = "QSystemTrayIcon" in QtWidgets.__dict__
finished, turns = window.ahead.finished, window.ahead.turns
conference = services.conferences.list_conferences()[-1].id
window.open_conference(conference)
for page in ("run", "plan", "prepare"):
    window.show_page(page)
    app.processEvents()
shown = type(window.findChild(QtWidgets.QStackedWidget).currentWidget()).__name__
print(json.dumps({{
    "before": before,
    "finished": finished,
    "turns": turns,
    "pages": sorted(m for m in ("chairdesk.ui.run_page", "chairdesk.ui.plan_page",
                                "chairdesk.ui.prepare_page") if m in sys.modules),
    "imported_on_window_thread": imported_on,
    "collecting": gc.isenabled(),
    "qt_classes_made": loaded,
    "shown": shown,
}}))
window.close(); database.close()
"""


def test_ahead_home_makes_the_pages_ready_on_the_window_thread(tmp_path: Path) -> None:
    """In a fresh process: once start-up has finished, Home imports the Run, Plan and Prepare
    pages and makes PySide's classes, all on the window's thread (never a worker: PySide can
    crash), with the collector back on; a conference opened afterwards shows its pages."""
    seen = _in_a_fresh_process(_AT_HOME, demo_file(tmp_path))
    assert seen["before"] == []  # not before start-up has finished
    assert seen["finished"] and seen["turns"] > 10  # a slice at a time, not all at once
    assert seen["pages"] == [
        "chairdesk.ui.plan_page",
        "chairdesk.ui.prepare_page",
        "chairdesk.ui.run_page",
    ]
    assert set(seen["imported_on_window_thread"].values()) == {True}
    assert seen["qt_classes_made"]
    assert seen["collecting"]
    assert seen["shown"] == "PreparePage"


def test_ahead_opening_a_conference_stops_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A conference opened before Home has finished stops the work ahead at once."""
    import gc

    from chairdesk.ui.ahead import Ahead

    assert gc.isenabled()
    ahead = Ahead()
    ahead.start()
    assert not gc.isenabled()  # no full pass while the work ahead runs
    ahead.stop()
    assert ahead.finished and gc.isenabled()
    qtbot.wait(50)  # the first turn, had it not been stopped, would have run by now
    assert ahead.finished and ahead.turns == 0
    later = Ahead()
    later.stop()
    later.start()  # stopped before it began: it never starts
    assert not later.started
