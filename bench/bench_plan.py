"""The Plan page and issuing at 300 actions: the longest stall on the GUI thread.

`python bench/bench_plan.py [--rounds N]` builds (once, through the package import) the demo
review with 300 actions (bench_data.plan_database, kept in /tmp/chairdesk-bench-plan so the
shared bench databases are never written), copies it to a fresh folder and, in the real main
window (1280x800, offscreen) with a 10 ms heartbeat QTimer, measures the longest gap:

- opening the Plan page the first time (until Part 1, Part 2 and the plain-language check
  have arrived), once Home has settled as it has when a chair first clicks (start-up
  finished and the pages made ready ahead, chairdesk/ui/ahead.py);
- opening it again (the conference opened again from Home);
- after an edit typed into the actions table (until the previews have caught up);
- issuing the plan to a parent as Word and PDF from the Issue page (the gate, the check, the
  writing, and the page shown again afterwards), the dialogs answered at once.

The target is 50 ms for each (issue 17, target 2). Prints the load average before and after.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.bench_data as bench_data
from bench.bench_scale import Heartbeat, _events_for

BUILT = Path(tempfile.gettempdir()) / "chairdesk-bench-plan"


def _settled(window: Any) -> bool:
    plan = window.plan
    done = getattr(plan, "settled", True)
    return bool(done) and plan.plain_language.settled


def _issue_settled(page: Any) -> bool:
    return bool(getattr(page, "settled", True))


def _wait(app: Any, done: Any, limit: float = 120.0) -> None:
    deadline = time.perf_counter() + limit
    _events_for(app, 0.05)
    while not done() and time.perf_counter() < deadline:
        _events_for(app, 0.02)
    _events_for(app, 0.1)


def _database(folder: Path) -> tuple[Path, int]:
    bench_data.DATA = BUILT
    built, conference_id = bench_data.plan_database(300)
    for path in BUILT.glob("plan-300.db*"):
        if path.is_file():
            shutil.copy2(path, folder / path.name)
    return folder / built.name, conference_id


def measure(rounds: int) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    from chairdesk.app import build_window
    from chairdesk.export import DocumentKind
    from chairdesk.storage import open_database
    from chairdesk.ui.issue_dialogs import GateAnswer, HowAnswer

    folder = Path(tempfile.mkdtemp(prefix="bench-plan-"))
    path, conference_id = _database(folder)
    database = open_database(str(path), bench_data.PASSPHRASE)
    figures: dict[str, list[float]] = {"first": [], "again": [], "edit": [], "issue": []}
    try:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        services, window = build_window(database, text_scaler=getattr(app, "text_scaler", None))
        window.resize(1280, 800)
        window.show()
        window.finish_start()
        # As a chair does: Home has settled (start-up's steps and the pages made ready ahead,
        # chairdesk/ui/ahead.py, about a second) before the first conference is opened.
        _wait(app, lambda: window.started and window.ahead.finished, limit=10.0)
        heartbeat = Heartbeat()
        window.open_conference(conference_id)
        _events_for(app, 0.3)
        heartbeat.start()
        window.show_page("plan")
        _wait(app, lambda: _settled(window))
        figures["first"].append(heartbeat.stop())
        for _ in range(rounds):
            window.show_page("home")
            window.open_conference(conference_id)
            _events_for(app, 0.3)
            heartbeat.start()
            window.show_page("plan")
            _wait(app, lambda: _settled(window))
            figures["again"].append(heartbeat.stop())
        plan = window.plan
        column = 0  # "what", the first column
        for round_number in range(rounds):
            index = plan.model.index(round_number, column)
            text = str(plan.model.data(index)) + " Changed."
            heartbeat.start()
            plan.model.setData(index, text)
            _wait(app, lambda: _settled(window))
            figures["edit"].append(heartbeat.stop())
        page = window.page("issue")
        window.show_page("issue")
        _wait(app, lambda: _issue_settled(page))
        out = folder / "issued"
        out.mkdir()
        page.ask_gaps = lambda parent, recipient, gaps: GateAnswer(True, "Bench: issued anyway.")
        page.confirm_copy = lambda *args, **kwargs: True
        page.choose_folder = lambda parent, suggested: out
        for round_number in range(rounds):
            reason = f"Bench amendment {round_number}."
            page.ask_how = lambda parent, recipient, label, step, reason=reason: HowAnswer(
                "handed_over", ("docx", "pdf"), reason
            )
            page.choose(DocumentKind.PLAN, page.audience_box.itemData(1).recipient_person_id)
            _wait(app, lambda: _issue_settled(page))
            first = services.actions.actions(conference_id)[0]
            services.actions.update_action(first.id, what=f"Bench issue {round_number}.")
            page.refresh_preview()
            _wait(app, lambda: _issue_settled(page))
            heartbeat.start()
            rows = page.issue()
            _wait(app, lambda: _issue_settled(page))
            figures["issue"].append(heartbeat.stop())
            if not rows:
                raise SystemExit(f"not issued: {page.message.text()}")
        window.close()
    finally:
        database.close()
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def main() -> int:
    from chairdesk.app import make_application

    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    make_application(["chairdesk", "-platform", "offscreen"])
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    figures = measure(rounds)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    labels = {
        "first": "Plan page, first open",
        "again": "Plan page, opened again",
        "edit": "Plan page, after an edit",
        "issue": "Issuing the plan to a parent (Word and PDF)",
    }
    print(f"{'longest GUI stall (ms), 300 actions':48}{'median':>10}{'max':>10}")
    for key, label in labels.items():
        values = [v * 1000 for v in figures[key]]
        print(f"{label:48}{statistics.median(values):>10.0f}{max(values):>10.0f}")
    print(f"load average before {' '.join(load_before)}, after {' '.join(load_after)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
