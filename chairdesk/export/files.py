"""Writes an export atomically: a temporary file in the same folder, flushed, then moved."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from chairdesk import files
from chairdesk.export.model import Document
from chairdesk.export.render_docx import render_docx
from chairdesk.export.render_pdf import render_pdf

Format = Literal["docx", "pdf"]


def render(document: Document, fmt: Format) -> bytes:
    """The document in `fmt` ("docx" or "pdf") as bytes."""
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    raise ValueError(f"unknown export format {fmt!r}: use docx or pdf")


def write_bytes_atomically(data: bytes, out_path: Path) -> Path:
    """Writes `data` to `out_path` (mode 0600) so that a failure leaves any earlier file untouched.

    The project's one atomic writer is chairdesk/files.py; this keeps the export's argument order.
    """
    return files.write_atomically(Path(out_path), data)


def write_document(document: Document, fmt: Format, out_path: Path) -> Path:
    """Renders `document` as `fmt` and writes it to `out_path` atomically.

    Raises:
        StorageError: the folder is missing, read-only or full; an earlier file is intact.
    """
    data = render(document, fmt)
    return write_bytes_atomically(data, out_path)
