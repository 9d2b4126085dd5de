"""Where the Issue page saves a copy and what it calls it: file names and the save dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from chairdesk.export import DocumentKind, safe_filename

# Short words for file names: "DEMO-1001 plan - Jodie Fernlow.pdf".
FILE_WORDS = {
    DocumentKind.PLAN: "plan",
    DocumentKind.RECORD: "conference record",
    DocumentKind.LETTER: "outcome letter",
    DocumentKind.LEAFLET: "parents' leaflet",
    DocumentKind.WHAT_I_NEED_TO_DO: "what I need to do",
}
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}


def file_name(
    widget: QWidget,
    case_reference: str,
    kind: DocumentKind,
    recipient: str | None,
    fmt: str,
    *,
    large_print: bool = False,
) -> str:
    """ "<case reference> plan - <recipient>.pdf", safe on every system (None: professionals)."""
    who = recipient if recipient is not None else widget.tr("professionals")
    large = widget.tr(" (large print)") if large_print else ""
    return f"{safe_filename(f'{case_reference} {FILE_WORDS[kind]} - {who}{large}')}.{fmt}"


def documents_folder() -> Path:
    """The user's Documents folder, or their home folder where there is none."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def ask_save_path(parent: QWidget, suggested: Path, fmt: str) -> Path | None:
    """The system's save dialog for a Word or PDF file; None when the chair cancels."""
    name_filter = (
        parent.tr("Word document (*.docx)") if fmt == "docx" else parent.tr("PDF document (*.pdf)")
    )
    chosen, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Save as {0}").format(FORMAT_NAMES[fmt]), str(suggested), name_filter
    )
    return Path(chosen) if chosen else None
