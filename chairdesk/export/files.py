"""Writes an export atomically: a temporary file in the same folder, flushed, then moved."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Literal

from chairdesk.errors import StorageError
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
    """Writes `data` to `out_path` so that a failure leaves any earlier file untouched."""
    out_path = Path(out_path)
    folder = out_path.parent if str(out_path.parent) else Path(".")
    temp_name: str | None = None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".chairdesk-", suffix=".part", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, out_path)
        temp_name = None
        _sync_folder(folder)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise StorageError(
            f"could not write {out_path.name} in {folder}: {reason.lower()}; "
            "any earlier file there is unchanged"
        ) from error
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
    return out_path


def _sync_folder(folder: Path) -> None:
    """Makes the rename itself durable where the system allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_document(document: Document, fmt: Format, out_path: Path) -> Path:
    """Renders `document` as `fmt` and writes it to `out_path` atomically.

    Raises:
        StorageError: the folder is missing, read-only or full; an earlier file is intact.
    """
    data = render(document, fmt)
    return write_bytes_atomically(data, out_path)
