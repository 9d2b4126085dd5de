"""At a council's scale: opening, Home and the due board at 20, 200 and 2,000 families.

`python bench/bench_scale.py [20 200 2000]` uses the databases bench/bench_data.py builds
(through the package import, reused once built). For each size, in one process:

- key derivation (Argon2id, production parameters) timed on its own, and unlock without it
  (`open_sqlite(..., derived_key=...)`: key check, lock, the check at open, schema revision);
- the due board's first page as Home reads it (and how many items are due in all);
- the real main window (offscreen, 1280x800) shown and started, then going back to Home from a
  conference page (`show_page("home")` and the paint), median of 7, and after an edit (one
  committed change to the conference: the lists are read again, and the plans ready to end
  are worked out again on a worker thread), median of 3;
- the longest gap of a 10 ms heartbeat QTimer in that window while going back to Home (after
  an edit, until the plans ready to end have been worked out again), which is the longest
  the chair would see the window stall.

Each size's figures are printed with the 20-family figure as the comparison (same process).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_data import PASSPHRASE, SIZES, database_for, plan_database

ROUNDS = 7


class Heartbeat:
    """A 10 ms timer on the GUI thread; the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def _median(work: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(families: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from chairdesk.app import build_window
    from chairdesk.storage import unlock
    from chairdesk.storage.opening import open_sqlite

    path = database_for(families)
    started = time.perf_counter()
    derived = unlock.unlock_key(path, PASSPHRASE).key  # Argon2id over the passphrase
    derive_s = time.perf_counter() - started
    started = time.perf_counter()
    database = open_sqlite(path, "", derived_key=derived)
    unlock_s = time.perf_counter() - started
    figures = {"size_mb": path.stat().st_size / 1e6, "derive": derive_s, "unlock": unlock_s}
    try:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        services, window = build_window(database, text_scaler=getattr(app, "text_scaler", None))
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.finish_start()
        app.processEvents()
        home = window.home
        figures["due_first"] = _median(lambda: services.listing.due_page(), 3)
        figures["due_all"] = _median(lambda: services.listing.due_items(), 3)
        figures["due_rows"] = home.due_model.rowCount()
        conference_id = home.conference_model.conference_id(0)
        window.open_conference(conference_id)
        app.processEvents()
        heartbeat = Heartbeat()
        backs, stalls = [], []
        for _ in range(ROUNDS):
            window.show_page("prepare")
            app.processEvents()
            heartbeat.start()
            began = time.perf_counter()
            window.show_page("home")
            home.repaint()
            backs.append(time.perf_counter() - began)
            end = time.perf_counter() + 0.1
            while time.perf_counter() < end:
                app.processEvents()
            stalls.append(heartbeat.stop())
        figures["back_home"] = statistics.median(backs)
        figures["back_stall"] = statistics.median(stalls)
        # After an edit (one committed change to the open conference): the lists are read again.
        edited, edit_stalls = [], []
        for round_number in range(3):
            window.show_page("prepare")
            services.prepare.set_checklist(conference_id, notes=f"Bench edit {round_number}.")
            app.processEvents()
            heartbeat.start()
            began = time.perf_counter()
            window.show_page("home")
            home.repaint()
            edited.append(time.perf_counter() - began)
            # Until the plans ready to end have been worked out again (on a worker thread).
            _events_for(app, 0.1)
            while not home.plans_settled:
                _events_for(app, 0.02)
            _events_for(app, 0.1)
            edit_stalls.append(heartbeat.stop())
        figures["back_edited"] = statistics.median(edited)
        figures["back_edited_stall"] = statistics.median(edit_stalls)
        heartbeat.start()
        _events_for(app, 1.0)
        figures["home_stall"] = heartbeat.stop()
        opens = []
        for row in range(3):
            window.show_page("home")
            app.processEvents()
            heartbeat.start()
            window.open_conference(home.conference_model.conference_id(row))
            _events_for(app, 0.3)
            opens.append(heartbeat.stop())
        figures["open_stall"] = statistics.median(opens)
        window.close()
    finally:
        database.close()
    return figures


def _events_for(app: object, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.001)


def plan_page(actions: int = 300) -> dict[str, float]:
    """The Plan page of a conference with `actions` actions: the longest stall while it opens
    and its plain-language check runs, and after an edit (until the check has run again)."""
    from PySide6.QtWidgets import QApplication

    from chairdesk.app import build_window
    from chairdesk.storage import open_database

    path, conference_id = plan_database(actions)
    database = open_database(str(path), PASSPHRASE)
    figures: dict[str, float] = {}
    try:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        services, window = build_window(database, text_scaler=getattr(app, "text_scaler", None))
        window.resize(1280, 800)
        window.show()
        window.finish_start()
        _events_for(app, 0.2)
        heartbeat = Heartbeat()
        heartbeat.start()
        window.open_conference(conference_id)
        window.show_page("plan")
        panel = window.plan.plain_language
        deadline = time.perf_counter() + 60
        while not panel.settled and time.perf_counter() < deadline:
            _events_for(app, 0.05)
        figures["plan_open_stall"] = heartbeat.stop()
        first = services.actions.actions(conference_id)[0]
        heartbeat.start()
        services.actions.update_action(first.id, what=first.what + " Changed.")
        window.plan._actions_changed()
        _events_for(app, 0.05)
        while not panel.settled and time.perf_counter() < deadline:
            _events_for(app, 0.05)
        figures["plan_edit_stall"] = heartbeat.stop()
        window.close()
    finally:
        database.close()
    return figures


def main() -> int:
    from chairdesk.app import make_application

    sizes = [int(x) for x in sys.argv[1:] if x.isdigit()] or list(SIZES)
    make_application(["chairdesk", "-platform", "offscreen"])
    results = {families: measure(families) for families in sizes}
    base = results[sizes[0]]
    rows = (
        ("database file (MB)", "size_mb", 1.0, ".1f"),
        ("key derivation, production (ms)", "derive", 1000.0, ".0f"),
        ("unlock without key derivation (ms)", "unlock", 1000.0, ".1f"),
        ("due board, first page (ms)", "due_first", 1000.0, ".1f"),
        ("due board rows shown", "due_rows", 1.0, ".0f"),
        ("due board, every item at once (ms)", "due_all", 1000.0, ".1f"),
        ("going back to Home (ms)", "back_home", 1000.0, ".1f"),
        ("longest GUI stall going back to Home (ms)", "back_stall", 1000.0, ".1f"),
        ("going back to Home after an edit (ms)", "back_edited", 1000.0, ".1f"),
        ("longest GUI stall, back to Home after an edit", "back_edited_stall", 1000.0, ".1f"),
        ("longest GUI stall at Home for 1 s (ms)", "home_stall", 1000.0, ".1f"),
        ("longest GUI stall opening a conference (ms)", "open_stall", 1000.0, ".1f"),
    )
    heading = "".join(f"{n:>12}" for n in sizes)
    print(f"{'measure':44}{heading}   ratio {sizes[-1]}/{sizes[0]}")
    for label, key, scale, spec in rows:
        values = "".join(f"{results[n][key] * scale:>12{spec}}" for n in sizes)
        ratio = results[sizes[-1]][key] / base[key] if base[key] else float("nan")
        print(f"{label:44}{values}   {ratio:.2f}")
    if "--plan" in sys.argv:
        plan = plan_page()
        print(
            f"Plan page, 300 actions: longest stall opening it and checking its language "
            f"{plan['plan_open_stall'] * 1000:.0f} ms; after an edit "
            f"{plan['plan_edit_stall'] * 1000:.0f} ms (target under 50 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
