"""Writing exports: atomic replacement, plain errors, and file names safe everywhere."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from chairdesk.errors import StorageError
from chairdesk.export import (
    DocumentKind,
    build_document,
    render_pdf,
    safe_filename,
    write_document,
)
from chairdesk.export.model import Document
from tests.export.readers import pdf_page_count
from tests.export.sample_views import review_view


@pytest.fixture
def document() -> Document:
    letter = build_document(DocumentKind.LETTER, review_view(), recipient_name="Jodie Harwood")
    render_pdf(letter)  # loads every module and font a later unprivileged child will need
    return letter


def _as_ordinary_user(action: Callable[[], str]) -> str:
    """Runs `action` where file permissions apply: root ignores a read-only folder, so a
    forked child drops to the unprivileged "nobody" user first. Returns what it returned.

    The child can use only what is already loaded (nobody may not read root's packages),
    which is why these tests write PDFs: reportlab and the fonts are in memory by then.
    """
    if os.geteuid() != 0:
        return action()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(reader)
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = action()
        except BaseException as error:  # everything must reach the parent
            result = f"{type(error).__name__}: {error}"
        os.write(writer, result.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        result = stream.read().decode()
    os.waitpid(pid, 0)
    return result


def _try_write(document: Document, fmt: str, path: Path) -> Callable[[], str]:
    def action() -> str:
        try:
            write_document(document, fmt, path)  # type: ignore[arg-type]
        except StorageError as error:
            return f"StorageError: {error}"
        return "written"

    return action


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_write_document_replaces_the_file_and_leaves_no_temporary(
    document: Document, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"letter.{fmt}"
    out.write_bytes(b"an earlier export")
    assert write_document(document, fmt, out) == out  # type: ignore[arg-type]
    assert out.read_bytes() != b"an earlier export"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    if fmt == "pdf":
        assert pdf_page_count(out.read_bytes()) >= 1


def test_write_document_into_a_read_only_folder_raises_storage_error_and_keeps_old_file(
    document: Document, shared_folder: Path
) -> None:
    locked = shared_folder / "locked"
    locked.mkdir()
    old = locked / "plan.pdf"
    old.write_bytes(b"the earlier plan")
    old.chmod(0o666)
    locked.chmod(
        stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    )
    result = _as_ordinary_user(_try_write(document, "pdf", old))
    assert result.startswith("StorageError: could not write plan.pdf")
    assert "\n" not in result and "Traceback" not in result
    assert old.read_bytes() == b"the earlier plan"
    assert sorted(p.name for p in locked.iterdir()) == ["plan.pdf"]


def test_write_document_over_a_file_in_a_folder_made_read_only_keeps_it_byte_identical(
    document: Document, shared_folder: Path
) -> None:
    out = write_document(document, "pdf", shared_folder / "letter.pdf")
    out.chmod(0o666)
    before = out.read_bytes()
    shared_folder.chmod(0o555)
    changed = build_document(DocumentKind.LETTER, review_view(), recipient_name="Craig Dawson")
    result = _as_ordinary_user(_try_write(changed, "pdf", out))
    assert result.startswith("StorageError")
    assert out.read_bytes() == before


def test_write_document_to_a_missing_folder_is_a_plain_storage_error(
    document: Document, tmp_path: Path
) -> None:
    with pytest.raises(StorageError, match=r"could not write plan\.pdf"):
        write_document(document, "pdf", tmp_path / "no such folder" / "plan.pdf")


def test_write_document_over_a_folder_cleans_up_its_temporary_file(
    document: Document, tmp_path: Path
) -> None:
    (tmp_path / "plan.pdf").mkdir()
    with pytest.raises(StorageError):
        write_document(document, "pdf", tmp_path / "plan.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plan: Harwood / Dawson?", "Plan- Harwood - Dawson"),
        ('a<b>c:"d"|e*f', "a-b-c-d-e-f"),
        ("CON", "_CON"),
        ("lpt1.docx", "_lpt1.docx"),
        ("  ...  ", "document"),
        ("Zoë\x00\x07 ليلى", "Zoë ليلى"),
        ("ends with dot.", "ends with dot"),
    ],
)
def test_safe_filename_is_safe_on_windows(text: str, expected: str) -> None:
    assert safe_filename(text) == expected


def test_safe_filename_keeps_names_short() -> None:
    assert len(safe_filename("x" * 500)) <= 120
