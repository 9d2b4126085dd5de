"""Golden documents: the demo's copies, as a reviewer sees them, compared with stored references.

The Word file's body XML (made readable: one paragraph a line, runs joined) and
`pdftotext -layout` of the PDF, for the professionals' plan and record and a parent's plan and
letter, are kept under tests/export/golden/. A change to how a document lays out or words
anything shows in review as a change to those files. `CHAIRDESK_UPDATE_GOLDEN=1` writes them
again after an intended change; the tests then pass and the diff is reviewed.
"""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from chairdesk.export import DocumentKind
from chairdesk.services.base import ServiceContext
from chairdesk.services.demo import load_demo
from chairdesk.services.issuing import IssueService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.export.readers import pdf_text
from tests.support.tools import need_tool

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CHAIRDESK_UPDATE_GOLDEN") == "1"
TODAY = datetime(2026, 11, 2, 9, 0)
COPIES = (
    ("plan-professionals", DocumentKind.PLAN, None),
    ("record-professionals", DocumentKind.RECORD, None),
    ("plan-parent", DocumentKind.PLAN, "Jodie Fernlow"),
    ("letter-parent", DocumentKind.LETTER, "Jodie Fernlow"),
)


def _normalised(text: str) -> str:
    """Ids and the demo's own reference numbers out; trailing spaces out; the rest as it is."""
    text = re.sub(r"DEMO-\d+", "DEMO-NNNN", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip() + "\n"


def _docx_lines(data: bytes) -> str:
    """document.xml with each paragraph on its own line, runs joined, markup kept readable."""
    xml = zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml").decode()
    lines = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
        words = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph))
        if words.strip():
            lines.append(f"[{style.group(1) if style else 'Normal'}] {words}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def demo_copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    need_tool("pdftotext")
    folder = tmp_path_factory.mktemp("golden")
    database = open_database(str(folder / "demo.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(database, clock=lambda: TODAY)
        initial, _review = load_demo(context)
        sharing, issuing = SharingService(context), IssueService(context)
        people = {p.name: p.id for p in sharing.view(initial).people}
        copies: dict[str, dict[str, str]] = {}
        for name, kind, who in COPIES:
            audience = sharing.audience_for(initial, people[who] if who else None)
            found: dict[str, str] = {}
            for fmt in ("docx", "pdf"):
                out = folder / f"{name}.{fmt}"
                issuing.export(initial, kind, audience, fmt, out)
                data = out.read_bytes()
                found[fmt] = _normalised(_docx_lines(data) if fmt == "docx" else pdf_text(data))
            copies[name] = found
        return copies
    finally:
        database.close()


@pytest.mark.parametrize("name", [c[0] for c in COPIES])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_golden_demo_copy_matches_its_reference(
    demo_copies: dict[str, dict[str, str]], name: str, fmt: str
) -> None:
    reference = GOLDEN / f"{name}.{fmt}.txt"
    made = demo_copies[name][fmt]
    if UPDATE or not reference.exists():
        reference.write_text(made, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{reference.name} was missing and has been written: review and commit it")
    assert made == reference.read_text(encoding="utf-8"), (
        f"{name} ({fmt}) differs from tests/export/golden/{reference.name}: if the change is "
        "meant, run with CHAIRDESK_UPDATE_GOLDEN=1 and review the diff"
    )
