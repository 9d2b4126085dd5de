"""Types into the Run page, waits for "Saved", says SAVED, then waits to be killed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from chairdesk.domain import AgendaKind
    from chairdesk.ui.run_page import RunPage
    from tests.ui.run_support import open_services, section

    path, conference_id, text = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    _database, services = open_services(path, create=False)
    parents = next(
        i for i in services.agenda.items(conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.agenda.start_item(parents.id)
    page = RunPage(services)
    page.load_conference(conference_id)
    page.show()
    field = section(page, "Mary Ashdown's views").editors[0].field

    def said_saved(state: str) -> None:
        if state == "Saved":
            print("SAVED", flush=True)

    page.save_state_changed.connect(said_saved)
    field.setFocus()
    # Typing stops here; the debounce, not a focus change, must save it.
    QTimer.singleShot(0, lambda: QTest.keyClicks(field, text))
    app.exec()


if __name__ == "__main__":
    main()
