"""Issuing writes its Word and PDF files on a worker thread behind a progress line: the window
keeps answering, refuses to close until the files are written, and the files are whole."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from chairdesk.export import DocumentKind
from chairdesk.ui.issue_dialogs import GateAnswer, HowAnswer
from chairdesk.ui.issue_writing import CLOSE_REFUSED, wait_for
from tests.ui.issue.support import MOTHER


def _answer_everything(page: Any, folder: Path) -> None:
    page.ask_gaps = lambda parent, recipient, gaps: GateAnswer(True, "Asked for today.")
    page.confirm_copy = lambda *args, **kwargs: True
    page.ask_how = lambda parent, recipient, label, step: HowAnswer(
        "handed_over", ("docx", "pdf"), ""
    )
    page.choose_folder = lambda parent, suggested: folder


def _slowed(page: Any, release: threading.Event, threads: list[str]) -> None:
    """The page's issuing service, held on its worker until `release` is set."""
    issue = page.issued.issue

    def held(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        release.wait(20)
        return issue(*args, **kwargs)

    page.issued.issue = held


def test_issue_writing_runs_on_a_worker_and_the_files_are_whole(
    qtbot: Any, window: Any, services: Any, demo: int, out: Path
) -> None:
    window.open_conference(demo)
    window.show_page("issue")
    page = window.page("issue")
    page.choose(DocumentKind.PLAN, MOTHER)
    _answer_everything(page, out)
    release, threads = threading.Event(), []
    _slowed(page, release, threads)
    seen: dict[str, Any] = {}

    def while_writing() -> None:
        progress = QApplication.activeModalWidget()
        if not isinstance(progress, QProgressDialog):
            QTimer.singleShot(10, while_writing)
            return
        seen["progress"] = progress.labelText()
        seen["closed"] = window.close()  # the chair closes the window half-way
        refused = [m for m in window.findChildren(QMessageBox) if m.isVisible()]
        seen["refused"] = [m.text() for m in refused]
        seen["visible"] = window.isVisible()
        release.set()

    QTimer.singleShot(0, while_writing)
    rows = page.issue()

    assert threads == ["issue-writing"]  # not the GUI thread
    assert seen["progress"] == "Writing the Word and PDF files…"
    assert seen["closed"] is False and seen["visible"]
    assert seen["refused"] == [CLOSE_REFUSED]
    assert rows is not None and sorted(r.format for r in rows) == ["docx", "pdf"]
    for row in rows:
        data = row.path.read_bytes()
        assert data == page.issued.content(row.id)[1]  # kept exactly as written
        if row.format == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None and "word/document.xml" in archive.namelist()
        else:
            assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
    assert "Issued version 1" in page.message.text()
    # Once written, nothing holds the window: it answers and closes as usual.
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in window.children())
    assert window.close()


def test_keys_clicks_and_shortcuts_wait_while_a_step_runs(
    qtbot: Any, window: Any, demo: int
) -> None:
    """Before its progress line shows, a step still holds back what the chair presses: a typed
    letter, a page's shortcut (Ctrl+1, Home), a click on the page list. Afterwards each works."""
    window.open_conference(demo)
    window.show_page("plan")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    handle = window.windowHandle()
    nav = window.navigation
    home_row = nav.visualItemRect(nav.item(0)).center()
    home_at = nav.viewport().mapTo(window, home_row)
    release = threading.Event()
    seen: dict[str, Any] = {}

    def press_everything() -> None:
        window.plan.form.what.setFocus()
        before = window.plan.form.what.toPlainText()
        QTest.keyClick(handle, Qt.Key.Key_Z, Qt.KeyboardModifier.NoModifier)
        QTest.keyClick(handle, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, home_at)
        seen["page"] = window.current_page()
        seen["typed"] = window.plan.form.what.toPlainText() != before
        seen["progress"] = any(
            isinstance(w, QProgressDialog) and w.isVisible() for w in window.findChildren(QWidget)
        )
        release.set()

    QTimer.singleShot(0, press_everything)
    assert wait_for(window, lambda: release.wait(20), "Checking the copy…")

    assert seen == {"page": "plan", "typed": False, "progress": False}
    QTest.keyClick(handle, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "home"  # the same shortcut, once the step is done
    window.show_page("plan")
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, home_at)
    assert window.current_page() == "home"  # and the same click
