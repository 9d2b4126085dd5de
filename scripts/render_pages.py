"""Render page 1 of the demo review's plan (professionals' and a parent's copy) and a parent's
"What I need to do" page issued alone, for the README and docs/pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("CHAIRDESK_KDF_PROFILE", "test")

from chairdesk.export import DocumentKind
from chairdesk.services.base import ServiceContext
from chairdesk.services.demo import load_demo
from chairdesk.services.issuing import IssueService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database

OUT = Path(__file__).resolve().parent.parent / "docs" / "pages"


def main() -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("render_pages: pdftoppm (poppler-utils) is not installed")
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-pages-"))
    database = open_database(str(folder / "demo.db"), "render pages", create=True)
    try:
        context = ServiceContext(database)
        _initial, review = load_demo(context)
        audiences = SharingService(context).audiences(review)
        parent = next(a for a in audiences if a.recipient_name == "Dean Kestrell")
        for name, kind, audience in (
            ("plan-professionals", DocumentKind.PLAN, audiences[0]),
            ("plan-parent", DocumentKind.PLAN, parent),
            ("todo-parent", DocumentKind.WHAT_I_NEED_TO_DO, parent),
        ):
            pdf = folder / f"{name}.pdf"
            IssueService(context).export(review, kind, audience, "pdf", pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(OUT / f"{name}-1"),
                ],
                check=True,
            )
            print(OUT / f"{name}-1.png")
    finally:
        database.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
