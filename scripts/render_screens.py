"""Render each main page over the demo family offscreen to PNG files in docs/screens/.

On a 1366×768 laptop screen (the smallest a council laptop has), at normal text and a few pages
again at 150% text (-150 in the name).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CHAIRDESK_KDF_PROFILE", "test")  # a throwaway database: cheap key

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
LARGE_TEXT = 17  # points: 150% of the normal 11


def render(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from chairdesk.app import build_window, make_application
    from chairdesk.domain import AgendaKind, ConferenceKind
    from chairdesk.storage import open_database

    app = make_application(["render_screens"])
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "demo.db"), "render only", create=True)
        try:
            services, window = build_window(database, load_demo=True, text_scaler=app.text_scaler)
            window.show()  # fitted to the laptop's screen by the window itself
            conferences = services.conferences.list_conferences()
            review = next(
                (c for c in conferences if c.kind == ConferenceKind.REVIEW), conferences[-1]
            )
            out.mkdir(parents=True, exist_ok=True)

            def shoot(name: str, widget: object) -> None:
                # Previews and the parents' screen are built on worker threads: wait for the
                # page to settle (at most 20 s) so the picture shows what a chair would see.
                plan = window.page("plan")
                deadline = time.monotonic() + 20
                while not plan.settled and time.monotonic() < deadline:
                    QApplication.processEvents()
                    time.sleep(0.01)
                for _ in range(5):  # fields fit their text once laid out: let that settle
                    QApplication.processEvents()
                path = out / f"{name}.png"
                widget.grab().save(str(path))  # type: ignore[attr-defined]
                written.append(path)

            window.show_page("home")
            shoot("home", window)
            window.open_conference(review.id)
            for page in ("prepare", "run", "plan"):
                window.show_page(page)
                shoot(page, window)
            # The analysis items on Run: danger statements and scaling, each with who sees it.
            window.show_page("run")
            items = services.agenda.items(review.id)
            for kind, name in (
                (AgendaKind.RISK_STATEMENT, "run-danger"),
                (AgendaKind.SCALING, "run-scaling"),
            ):
                item = next((i for i in items if i.kind == kind), None)
                if item is not None:
                    window.run.show_item(item.id)
                    shoot(name, window)
            # The same pages at 150% text.
            app.text_scaler.set_point_size(LARGE_TEXT)
            for page in ("prepare", "plan"):
                window.show_page(page)
                shoot(f"{page}-150", window)
            decision = next((i for i in items if i.kind == AgendaKind.DECISION), None)
            if decision is not None:
                window.show_page("run")
                window.run.show_item(decision.id)
                shoot("run-decision-150", window)
            app.text_scaler.reset()
            window.parent_screen.resize(*SIZE)
            window.parent_screen.show()
            window.parent_screen.refresh()
            shoot("parents-screen", window.parent_screen)
            window.show_help()
            window.help_panel.resize(640, 560)
            shoot("help", window.help_panel)
            window.lock()
            shoot("locked", window)
            window.close()
        finally:
            database.close()
    return written


def main() -> int:
    if "QT_QPA_PLATFORM" not in os.environ:  # a 1366×768 screen, offscreen
        from tests.ui.screen_fit import laptop_platform

        os.environ["QT_QPA_PLATFORM"] = laptop_platform(Path(tempfile.mkdtemp()))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    arguments = parser.parse_args()
    for path in render(Path(arguments.out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
