"""Shared by the Issue page tests: the demo family's parents and readers of saved copies."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from sqlalchemy import select

from chairdesk.models import AuditEvent
from chairdesk.ui.issue_checklist_dialog import IssueChecklistDialog

MOTHER, FATHER = "Jodie Fernlow", "Dean Kestrell"


def squeeze(text: str) -> str:
    """Letters and digits only: robust to wrapping, hyphenation-free layout and markup."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def pdf_text(path: Path) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text() or "" for page in reader.pages]


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def exports(services: Any) -> list[AuditEvent]:
    with services.context.database.transaction() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "document.export"))
        )


def when_open(answer: Callable[[], None]) -> None:
    """Runs `answer` once a dialog is open: the page's checks run on a worker thread first,
    with the event loop turning (and perhaps a progress line showing) meanwhile."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or isinstance(dialog, QProgressDialog):
            QTimer.singleShot(10, run)
            return
        answer()

    QTimer.singleShot(0, run)


def drive_check_list(qtbot: Any, *, confirm: bool, seen: dict[str, Any]) -> None:
    """Answers the check list when it opens, as a chair would: read, tick, save or cancel."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, IssueChecklistDialog)
        seen["rows"] = [
            (dialog.table.item(row, 0).text(), dialog.table.item(row, 2).text())
            for row in range(dialog.table.rowCount())
        ]
        seen["pasted_rows"] = dialog.pasted_rows()
        seen["save_enabled_before_tick"] = dialog.save_button.isEnabled()
        if confirm:
            dialog.confirm.setChecked(True)
            dialog.save_button.click()
        else:
            dialog.cancel_button.click()

    when_open(answer)
