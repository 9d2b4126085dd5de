"""Export benchmark: the review plan as DOCX plus PDF, against the bare libraries (target < 1 s)."""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from chairdesk.export import DocumentKind, build_document, render_docx, render_pdf
from chairdesk.export.pdf_fonts import markup
from tests.export.sample_views import GLOSSARY, review_view

ROUNDS = 15


def median_seconds(work: Callable[[], object]) -> float:
    work()  # warm up: fonts, templates, imports
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def chairdesk_both() -> None:
    document = build_document(DocumentKind.PLAN, review_view(), glossary=GLOSSARY)
    render_docx(document)
    render_pdf(document)


def bare_both(lines: list[str]) -> None:
    word = docx.Document()
    for line in lines:
        word.add_paragraph(line)
    word.save(io.BytesIO())
    styles = getSampleStyleSheet()
    pdf = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    pdf.build([Paragraph(markup(line), styles["BodyText"]) for line in lines])


def main() -> None:
    lines = build_document(DocumentKind.PLAN, review_view(), glossary=GLOSSARY).plain_text()
    text = [line for line in lines.splitlines() if line.strip()]
    ours = median_seconds(chairdesk_both)
    bare = median_seconds(lambda: bare_both(text))
    print(
        f"review plan, DOCX + PDF (ChairDesk): median {ours * 1000:.0f} ms over {ROUNDS} runs "
        f"(target under 1000 ms)"
    )
    print(f"same text, bare python-docx + reportlab: median {bare * 1000:.0f} ms")
    print(f"ratio: {ours / bare:.1f}x")


if __name__ == "__main__":
    main()
