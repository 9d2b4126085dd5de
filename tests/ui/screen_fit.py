"""Walk every page and dialog of the real main window on a 1366×768 laptop screen.

Run in a fresh process (the screen's size is chosen when Qt starts):

    QT_QPA_PLATFORM=offscreen:configfile=<laptop.json> python -m tests.ui.screen_fit 17 [--png DIR]

The number is the text size in points (11 is 100%, 17 is 150% of it). Prints one JSON object:
the problems found (a horizontal scroll bar, a visible control outside what can be seen) and the
window's size. With --png, every page and dialog is saved as a picture to look at.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("CHAIRDESK_KDF_PROFILE", "test")

LAPTOP = {
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}


def laptop_platform(folder: Path) -> str:
    """The QT_QPA_PLATFORM value for an offscreen 1366×768 screen (config written to folder)."""
    config = folder / "laptop-screen.json"
    config.write_text(json.dumps(LAPTOP), encoding="utf-8")
    return f"offscreen:configfile={config}"


def _controls(root: Any) -> Iterator[Any]:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit)
    for widget in root.findChildren(QWidget):
        if (
            isinstance(widget, kinds)
            and widget.isVisible()
            and widget.width() > 0
            and not _inside_control(widget, kinds)
        ):
            yield widget


def _inside_control(widget: Any, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def _clip(widget: Any) -> tuple[Any, Any]:
    """(the rectangle the chair can see the widget within, in the window's coordinates, the area).

    Inside a scroll area only the width counts (scrolling down is expected, sideways is not).
    """
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractScrollArea

    window = widget.window()
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            if not viewport.isAncestorOf(widget):
                return window.rect(), None  # the area's own corner button or scroll bar
            top_left = viewport.mapTo(window, QPoint(0, 0))
            return QRect(top_left.x(), -(10**6), viewport.width(), 2 * 10**6), parent
        parent = parent.parentWidget()
    return window.rect(), None


def problems(root: Any, where: str) -> list[str]:
    """Horizontal scroll bars showing, and visible controls reaching outside what can be seen."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractScrollArea

    found = []
    for area in root.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            name = area.accessibleName() or type(area).__name__
            found.append(f"{where}: a horizontal scroll bar on {name!r}")
    window = root.window()
    for control in _controls(root):
        top_left = control.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, control.size())
        seen, _area = _clip(control)
        if rect.left() < seen.left() - 1 or rect.right() > seen.right() + 1:
            name = control.accessibleName() or control.objectName() or type(control).__name__
            text = control.text() if hasattr(control, "text") and callable(control.text) else ""
            found.append(
                f"{where}: {name!r} {text!r} at x {rect.left()}..{rect.right()} outside "
                f"{seen.left()}..{seen.right()}"
            )
        elif rect.top() < seen.top() - 1 or rect.bottom() > seen.bottom() + 1:
            name = control.accessibleName() or type(control).__name__
            found.append(f"{where}: {name!r} cut off below the window")
    found += [f"{where}: {cut}" for cut in headings_cut(root)]
    return found


def headings_cut(root: Any) -> list[str]:
    """Column headings that do not show whole: a word wider than its column, or more lines than
    the header is high (a fitted table's headings wrap: ui/widgets/fit_columns.py)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QTableView

    wrap = int(Qt.TextFlag.TextWordWrap.value)
    cut = []
    for table in root.findChildren(QTableView):
        header = table.horizontalHeader()
        model = table.model()
        if not (table.isVisible() and header.isVisible()) or model is None:
            continue
        metrics = header.fontMetrics()
        lines = 1 + max(0, header.height() - metrics.height() - 2) // metrics.lineSpacing()
        for column in range(header.count()):
            text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            if header.isSectionHidden(column) or not text:
                continue
            padding = max(0, header.sectionSizeHint(column) - metrics.horizontalAdvance(text))
            room = QRect(0, 0, max(1, header.sectionSize(column) - padding + 1), 10**4)
            needed = metrics.boundingRect(room, wrap, text)
            needs_lines = round(needed.height() / metrics.lineSpacing())
            if needed.width() > room.width() or needs_lines > lines:
                name = table.accessibleName() or type(table).__name__
                cut.append(f"the heading {text!r} of {name!r} is cut")
    return cut


def walk(point_size: int, png: Path | None, *, after: bool = False) -> dict[str, Any]:
    """`after`: the text size is changed once the window is up (Ctrl+Plus), not before."""
    from PySide6.QtWidgets import QApplication, QDialog

    from chairdesk.app import build_window, make_application
    from chairdesk.domain import ConferenceKind
    from chairdesk.storage import open_database

    app = make_application(["screen_fit"])
    if not after:
        app.text_scaler.set_point_size(point_size)
    report: dict[str, Any] = {"problems": [], "pictures": [], "looked_at": []}
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "demo.db"), "fit only", create=True)
        try:
            services, window = build_window(database, load_demo=True, text_scaler=app.text_scaler)
            window.show()
            if after:
                window.show_page("home")
                QApplication.processEvents()
                app.text_scaler.set_point_size(point_size)
            available = window.screen().availableGeometry()
            report["screen"] = [available.width(), available.height()]
            report["window"] = [window.frameGeometry().width(), window.frameGeometry().height()]
            report["minimum"] = [
                window.minimumSizeHint().width(),
                window.minimumSizeHint().height(),
            ]

            def settle() -> None:
                for _ in range(6):
                    QApplication.processEvents()

            def look(name: str, widget: Any) -> None:
                settle()
                report["looked_at"].append(name)
                if widget.window() is window and (
                    window.width() > available.width() or window.height() > available.height()
                ):
                    report["problems"].append(
                        f"{name}: the window grew to {window.width()}×{window.height()}"
                    )
                if widget.isWindow() and widget is not window:
                    size = widget.frameGeometry()
                    if size.width() > available.width() or size.height() > available.height():
                        report["problems"].append(
                            f"{name}: {size.width()}×{size.height()} does not fit the screen"
                        )
                report["problems"].extend(problems(widget, name))
                if png is not None:
                    path = png / f"{name}-{point_size}pt.png"
                    widget.grab().save(str(path))
                    report["pictures"].append(str(path))

            def dialog(name: str, opener: Callable[[], Any]) -> None:
                """Open a dialog the way the chair does, look at it, and close it."""
                from PySide6.QtCore import QTimer

                def inspect() -> None:
                    shown = QApplication.activeModalWidget()
                    if shown is None:
                        report["problems"].append(f"{name}: no dialog opened")
                        return
                    look(name, shown)
                    shown.reject() if isinstance(shown, QDialog) else shown.close()

                QTimer.singleShot(50, inspect)
                opener()
                settle()

            window.show_page("home")
            look("home", window)
            conferences = services.conferences.list_conferences()
            for conference in conferences:
                window.open_conference(conference.id)
                label = "review" if conference.kind == ConferenceKind.REVIEW else "initial"
                for page in ("prepare", "run", "plan", "issue", "review"):
                    window.show_page(page)
                    look(f"{label}-{page}", window)
                window.show_page("run")
                if hasattr(window.run, "show_item"):
                    for item in services.agenda.items(conference.id):
                        window.run.show_item(item.id)
                        look(f"{label}-run-{item.position:02d}-{item.kind.value}", window)
            window.show_help()
            look("help", window.help_panel)
            window.help_panel.close()
            _dialogs(services, window, dialog, conferences[-1].id)
            window.show_page("home")
            window.close()
        finally:
            database.close()
    return report


def _dialogs(services: Any, window: Any, dialog: Callable[..., None], conference_id: int) -> None:
    """The dialogs a chair meets, each opened over the window."""
    from datetime import datetime, timedelta

    from chairdesk.domain import ActionStatus
    from chairdesk.ui.accounts_dialog import AccountsDialog
    from chairdesk.ui.new_conference_dialog import NewConferenceDialog
    from chairdesk.ui.widgets.action_status_dialog import ActionStatusDialog
    from chairdesk.ui.widgets.conclude_question import confirm_conclude
    from chairdesk.ui.widgets.core_group_dialog import CoreGroupDialog
    from chairdesk.ui.widgets.decision_panel import professionals_of
    from chairdesk.ui.widgets.dissent_dialog import DissentDialog
    from chairdesk.ui.widgets.exclude_participant_dialog import ExcludeParticipantDialog
    from chairdesk.ui.widgets.item_content import family_participants
    from chairdesk.ui.widgets.parents_not_first_dialog import ParentsNotFirstDialog
    from chairdesk.ui.widgets.reason_added_dialog import ReasonAddedDialog
    from chairdesk.ui.widgets.skip_item_dialog import SkipItemDialog
    from chairdesk.ui.widgets.start_review_dialog import StartReviewDialog

    today = services.context.today()
    view = services.sharing.view(conference_id)
    actions = services.actions.actions(conference_id)
    soon = datetime.combine(today, datetime.min.time()) + timedelta(days=90, hours=10)
    dialog("new-conference", lambda: NewConferenceDialog(services, window).exec())
    dialog("accounts", lambda: AccountsDialog(services, window).exec())
    for status in (ActionStatus.ACHIEVED, ActionStatus.NOT_ACHIEVED):
        dialog(
            f"action-{status.value}", lambda s=status: ActionStatusDialog(s, today, window).exec()
        )
    earliest = today - timedelta(days=60)
    dialog("core-group", lambda: CoreGroupDialog(actions, earliest, today, window).exec())
    dialog("start-review", lambda: StartReviewDialog(soon, soon, window).exec())
    dialog("dissent", lambda: DissentDialog(professionals_of(view.participants), window).exec())
    dialog("conclude", lambda: confirm_conclude(window, view.agenda))
    dialog("skip-item", lambda: SkipItemDialog.ask(window, view.agenda[-1].title))
    dialog("parents-first", lambda: ParentsNotFirstDialog.ask(window, "parents speak first"))
    dialog("reason-added", lambda: ReasonAddedDialog.ask(window))
    dialog(
        "exclude",
        lambda: ExcludeParticipantDialog.ask(window, family_participants(view), view.agenda),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("point_size", type=int)
    parser.add_argument("--png", default="")
    parser.add_argument("--after", action="store_true", help="change the size once it is up")
    arguments = parser.parse_args(argv)
    png = Path(arguments.png) if arguments.png else None
    if png is not None:
        png.mkdir(parents=True, exist_ok=True)
    print(json.dumps(walk(arguments.point_size, png, after=arguments.after)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
