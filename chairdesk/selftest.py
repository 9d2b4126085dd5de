"""`chairdesk --self-test`: prove this installation works, from source or from the bundle."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

SELF_TEST_PASSPHRASE = "self-test passphrase, not a real one"


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


class SelfTest:
    """Each check builds on the last: database, demo, exports, window. Nothing leaves the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.database: Any = None
        self.context: Any = None
        self.review_id: int | None = None

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("encryption available", self.encryption),
            ("create an encrypted database", self.create_database),
            ("load the demo family", self.load_demo),
            ("export a plan to Word", lambda: self.export("docx")),
            ("export a plan to PDF", lambda: self.export("pdf")),
            ("open the main window", self.open_window),
            ("database integrity", self.integrity),
        ]

    def encryption(self) -> str:
        from sqlcipher3 import dbapi2

        version = dbapi2.connect(":memory:").execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise RuntimeError("SQLCipher did not report a version")
        return f"SQLCipher {version[0]}"

    def create_database(self) -> str:
        from chairdesk.services.base import ServiceContext
        from chairdesk.storage import open_database

        path = self.folder / "self-test.db"
        self.database = open_database(str(path), SELF_TEST_PASSPHRASE, create=True)
        self.context = ServiceContext(self.database, user="self-test")
        header = path.read_bytes()[:16]
        if header.startswith(b"SQLite format 3"):
            raise RuntimeError("the database file is not encrypted")
        return path.name

    def load_demo(self) -> str:
        from chairdesk.services.demo import load_demo

        initial_id, review_id = load_demo(self.context)
        self.review_id = review_id
        return f"conferences {initial_id} and {review_id}"

    def export(self, fmt: Literal["docx", "pdf"]) -> str:
        from chairdesk.export import DocumentKind, build_document, write_document
        from chairdesk.services.plainlanguage import glossary_for
        from chairdesk.services.sharing import SharingService

        assert self.review_id is not None
        view = SharingService(self.context).view(self.review_id)
        document = build_document(
            DocumentKind.PLAN, view, glossary=glossary_for([e.text for e in view.entries])
        )
        out = write_document(document, fmt, self.folder / f"plan.{fmt}")
        size = out.stat().st_size
        if size < 1000:
            raise RuntimeError(f"the {fmt} file is only {size} bytes")
        return f"{out.name}, {size // 1024} KB"

    def open_window(self) -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication

        def quiet_platform_limits(kind: QtMsgType, _context: object, message: str) -> None:
            # The offscreen platform cannot pass size hints to a window manager; say nothing.
            if "propagateSizeHints" not in message:
                print(f"Qt: {message}", file=sys.stderr)

        qInstallMessageHandler(quiet_platform_limits)

        from chairdesk.ui.main_window import MainWindow
        from chairdesk.ui.services import UiServices

        app = QApplication.instance() or QApplication([])
        window = MainWindow(UiServices.create(self.context))
        window.show()
        app.processEvents()
        title = window.windowTitle()
        window.close()
        app.processEvents()
        return f"window '{title}'"

    def integrity(self) -> str:
        from sqlalchemy import text

        with self.database.transaction() as session:
            result = session.execute(text("PRAGMA integrity_check")).scalar()
        if result != "ok":
            raise RuntimeError(str(result))
        return "ok"

    def close(self) -> None:
        if self.database is not None:
            self.database.close()


def run(out: TextIO = sys.stdout) -> int:
    """Print one line per check and a verdict; 0 when every check passed."""
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-self-test-"))
    test = SelfTest(folder)
    results: list[CheckResult] = []
    try:
        for name, check in test.checks():
            started = time.perf_counter()
            try:
                detail = check()
                results.append(CheckResult(name, True, detail, time.perf_counter() - started))
            except Exception as error:  # every failure is reported as a line, then we stop
                detail = f"{type(error).__name__}: {error}".splitlines()[0][:200]
                results.append(CheckResult(name, False, detail, time.perf_counter() - started))
            last = results[-1]
            mark = "ok  " if last.ok else "FAIL"
            print(f"{mark} {last.name} ({last.seconds:.2f} s): {last.detail}", file=out)
            if not last.ok:
                break
    finally:
        test.close()
        shutil.rmtree(folder, ignore_errors=True)
    passed = all(r.ok for r in results) and len(results) == len(test.checks())
    print("self-test passed" if passed else "self-test FAILED", file=out)
    return 0 if passed else 1
