"""Export benchmark: ChairDesk's DOCX and PDF against the bare libraries writing the same document.

`python bench/bench_export.py [--quick]`. Three conferences, each exported as the
professionals' plan and record (the two documents a chair issues after every conference):

- the demo review (`services/demo.py`, loaded into a scratch database through the services);
- a 300-entry, 60-action conference (the demo review's entries and actions repeated, numbered);
- about 20 times the demo review's text (its entries and actions repeated 20 times).

The bare side is what a developer writing the same documents straight with python-docx and
reportlab would have to write too, from the same document model: every paragraph, heading and
bullet; every table with the same rows and columns (action cards with the merged title row,
notices boxed); the chart as the same picture; Arial set in Word and DejaVu Sans embedded in
the PDF; the marking, reference and page number in Word's header and footer and on every PDF
page. It leaves out only what ChairDesk adds beyond that (right-to-left runs, shading, rows
kept together, "Page N of M" computed in two passes, metadata scrubbed).

Each format is timed on its own: one warm-up, then ChairDesk and bare runs alternate (so load
from other processes falls on both), and the medians are compared. Growth is given as
milliseconds per 1,000 words of the documents' text, which stays flat when cost is linear.
"""

from __future__ import annotations

import dataclasses
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from chairdesk import paths
from chairdesk.export import DocumentKind, build_document, render_docx, render_pdf
from chairdesk.export import model as m
from chairdesk.export.chart import chart_png
from chairdesk.export.text import split_paragraphs
from chairdesk.views import ConferenceView

QUICK = "--quick" in sys.argv
KINDS = (DocumentKind.PLAN, DocumentKind.RECORD)


# --- The conferences -------------------------------------------------------------------------


def demo_review() -> tuple[ConferenceView, ConferenceView]:
    """The demo review's professionals' views (the plan's, and the record's as it closed)."""
    from chairdesk.services.base import ServiceContext
    from chairdesk.services.demo import load_demo
    from chairdesk.services.issuing import IssueService
    from chairdesk.storage import open_database
    from chairdesk.views import Audience

    folder = tempfile.mkdtemp(prefix="chairdesk-bench-export-")
    os.environ.setdefault("XDG_DATA_HOME", folder)
    database = open_database(str(Path(folder) / "demo.db"), "bench passphrase", create=True)
    try:
        context = ServiceContext(database)
        _initial, review = load_demo(context)
        issuing = IssueService(context)
        audience = Audience.professionals()
        plan = issuing.view_for(review, DocumentKind.PLAN, audience)
        record = issuing.view_for(review, DocumentKind.RECORD, audience)
    finally:
        database.close()
    return plan, record


def scaled(view: ConferenceView, entries: int, actions: int) -> ConferenceView:
    """The view with its entries and actions repeated (each copy numbered) up to the counts."""
    made_entries = []
    for n in range(entries):
        entry = view.entries[n % len(view.entries)]
        made_entries.append(dataclasses.replace(entry, id=n + 1, text=f"({n + 1}) {entry.text}"))
    made_actions = []
    for n in range(actions):
        action = view.actions[n % len(view.actions)]
        made_actions.append(
            dataclasses.replace(action, id=n + 1, position=n + 1, what=f"{n + 1}. {action.what}")
        )
    return dataclasses.replace(view, entries=tuple(made_entries), actions=tuple(made_actions))


def documents(plan: ConferenceView, record: ConferenceView) -> list[m.Document]:
    return [build_document(DocumentKind.PLAN, plan), build_document(DocumentKind.RECORD, record)]


def words(docs: list[m.Document]) -> int:
    return sum(len(d.plain_text().split()) for d in docs)


# --- The bare libraries, writing the same documents ------------------------------------------


def _cell_parts(text: str) -> list[str]:
    return split_paragraphs(text) or [""]


def _docx_cell(cell: Any, text: str, bold: bool = False) -> None:
    parts = _cell_parts(text)
    cell.paragraphs[0].add_run(parts[0]).bold = bold or None
    for part in parts[1:]:
        cell.add_paragraph().add_run(part).bold = bold or None


def bare_docx(document: m.Document, charts: dict[str, bytes]) -> bytes:
    word = docx.Document()
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10.5)
    section = word.sections[0]
    section.header.paragraphs[0].add_run(document.marking).bold = True
    section.header.add_paragraph(f"{document.reference_line()}   ·   {document.recipient_line()}")
    section.footer.paragraphs[0].add_run(document.marking + "   ·   " + document.words.page)
    word.add_paragraph(document.title, style="Title")
    for block in document.blocks:
        if isinstance(block, m.Heading):
            word.add_heading(block.text, level=min(block.level, 3) + 1)
        elif isinstance(block, m.Paragraph):
            paragraph = word.add_paragraph()
            if block.lead:
                paragraph.add_run(block.lead + " ").bold = True
            paragraph.add_run(block.text)
        elif isinstance(block, m.BulletList):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, m.Notice):
            table = word.add_table(rows=1, cols=1, style="Table Grid")
            _docx_cell(table.rows[0].cells[0], block.title or block.text, bold=bool(block.title))
            if block.title:
                for part in _cell_parts(block.text):
                    table.rows[0].cells[0].add_paragraph(part)
            word.add_paragraph()
        elif isinstance(block, m.Table):
            rows = ([block.headers] if any(block.headers) else []) + list(block.rows)
            table = word.add_table(rows=len(rows), cols=len(block.headers), style="Table Grid")
            for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
                for cell, value in zip(row.cells, values, strict=True):
                    _docx_cell(cell, value, bold=r == 0 and any(block.headers))
            word.add_paragraph()
        elif isinstance(block, m.ActionCard):
            table = word.add_table(rows=len(block.fields) + 1, cols=2, style="Table Grid")
            head = table.cell(0, 0).merge(table.cell(0, 1))
            _docx_cell(head, f"{block.title}   {block.status}", bold=True)
            for row, (label, value) in zip(table.rows[1:], block.fields, strict=True):
                left, right = row.cells
                _docx_cell(left, label, bold=True)
                _docx_cell(right, value)
            word.add_paragraph()
        elif isinstance(block, m.Glossary):
            for term, explanation in block.terms:
                paragraph = word.add_paragraph()
                paragraph.add_run(f"{term}: ").bold = True
                paragraph.add_run(explanation)
        elif isinstance(block, m.Chart):
            word.add_paragraph(block.title)
            word.add_picture(io.BytesIO(charts[block.title]), width=Cm(14))
            word.add_paragraph(block.description)
        elif isinstance(block, m.PageBreak):
            word.add_page_break()  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


FONT, BOLD = "BareSans", "BareSans-Bold"


def register_bare_fonts() -> None:
    """The same DejaVu Sans files, registered as a bare script would (its own font objects)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
            pdfmetrics.registerFont(TTFont(name, str(paths.resource("fonts", file))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _pdf_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.2, spaceAfter=4.7)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=14, leading=18)
    return {
        "body": body,
        "heading": heading,
        "title": ParagraphStyle("title", parent=heading, fontSize=21, leading=25),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=BOLD, spaceAfter=0),
    }


def _pdf_cell(text: str, style: ParagraphStyle) -> list[Flowable]:
    return [Paragraph(escape(part), style) for part in _cell_parts(text)]


_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]


def bare_pdf(document: m.Document, charts: dict[str, bytes]) -> bytes:
    register_bare_fonts()  # DejaVu Sans, embedded
    s = _pdf_styles()
    story: list[Flowable] = [Paragraph(escape(document.title), s["title"])]
    width = A4[0] - 36 * mm
    for block in document.blocks:
        if isinstance(block, m.Heading):
            story.append(Paragraph(escape(block.text), s["heading"]))
        elif isinstance(block, m.Paragraph):
            lead = f"<b>{escape(block.lead)}</b> " if block.lead else ""
            story.append(Paragraph(lead + escape(block.text), s["body"]))
        elif isinstance(block, m.BulletList):
            story += [Paragraph(escape(i), s["bullet"], bulletText="•") for i in block.items]
        elif isinstance(block, m.Notice):
            cells = _pdf_cell(block.title, s["cellb"]) if block.title else []
            table = Table([[cells + _pdf_cell(block.text, s["cell"])]], colWidths=[width])
            table.setStyle(TableStyle(_GRID))
            story += [table, Spacer(1, 8)]
        elif isinstance(block, m.Table):
            widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
            head = [[_pdf_cell(h, s["cellb"]) for h in block.headers]] if any(block.headers) else []
            rows = head + [[_pdf_cell(v, s["cell"]) for v in row] for row in block.rows]
            table = Table(rows, colWidths=[w * width for w in widths], repeatRows=len(head))
            table.setStyle(TableStyle(_GRID))
            story += [table, Spacer(1, 8)]
        elif isinstance(block, m.ActionCard):
            card: list[list[Any]] = [[_pdf_cell(f"{block.title}   {block.status}", s["cellb"]), ""]]
            card += [[_pdf_cell(k, s["cellb"]), _pdf_cell(v, s["cell"])] for k, v in block.fields]
            table = Table(card, colWidths=[0.28 * width, 0.72 * width])
            table.setStyle(TableStyle([*_GRID, ("SPAN", (0, 0), (1, 0))]))
            story += [table, Spacer(1, 8)]
        elif isinstance(block, m.Glossary):
            story += [
                Paragraph(f"<b>{escape(t)}:</b> {escape(e)}", s["body"]) for t, e in block.terms
            ]
        elif isinstance(block, m.Chart):
            story.append(Paragraph(escape(block.title), s["body"]))
            story.append(Image(io.BytesIO(charts[block.title]), width=140 * mm, height=56 * mm))
            story.append(Paragraph(escape(block.description), s["body"]))
        elif isinstance(block, m.PageBreak):
            story.append(PageBreak())

    def page(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 11 * mm, document.marking)
        canvas.setFont(FONT, 8.5)
        canvas.drawString(18 * mm, A4[1] - 16 * mm, document.reference_line())
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 16 * mm, document.recipient_line())
        canvas.setFont(FONT, 9)
        canvas.drawString(18 * mm, 10 * mm, document.marking)
        number = canvas.getPageNumber()
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {number}")
        canvas.restoreState()

    out = io.BytesIO()
    template = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm)
    template.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


BareWriter = Callable[[m.Document, dict[str, bytes]], bytes]


# --- Timing ----------------------------------------------------------------------------------


def paired_medians(
    ours: Callable[[], object], bare: Callable[[], object], rounds: int
) -> tuple[float, float]:
    ours()  # warm up both: fonts, templates, imports, caches
    bare()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for work, found in ((ours, times[0]), (bare, times[1])):
            start = time.perf_counter()
            work()
            found.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _time_both(
    docs: list[m.Document], charts: dict[str, bytes], rounds: int
) -> list[tuple[str, float, float]]:
    formats: list[tuple[str, Callable[[m.Document], bytes], BareWriter]] = [
        ("DOCX", render_docx, bare_docx),
        ("PDF", render_pdf, bare_pdf),
    ]
    found = []
    for label, ours_one, bare_one in formats:

        def ours_all(render: Callable[[m.Document], bytes] = ours_one) -> None:
            for document in docs:
                render(document)

        def bare_all(write: BareWriter = bare_one) -> None:
            for document in docs:
                write(document, charts)

        ours, bare = paired_medians(ours_all, bare_all, rounds)
        found.append((label, ours, bare))
    return found


def main() -> None:
    plan, record = demo_review()
    entries, actions = len(record.entries), len(plan.actions)
    conferences = [
        (f"Demo review ({entries} entries, {actions} actions)", plan, record, 9),
        ("300 entries, 60 actions", scaled(plan, 300, 60), scaled(record, 300, 60), 5),
        (
            f"20x the demo review ({20 * entries} entries, {20 * actions} actions)",
            scaled(plan, 20 * entries, 20 * actions),
            scaled(record, 20 * entries, 20 * actions),
            3,
        ),
    ]
    print(f"load average at start: {_load()}")
    print(
        "| Conference | Words | Format | ChairDesk | Bare libraries | Ratio "
        "| ChairDesk ms per 1,000 words | Bare ms per 1,000 words |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, plan_view, record_view, rounds in conferences:
        docs = documents(plan_view, record_view)
        charts = {
            b.title: chart_png(b, 400, 160)
            for d in docs
            for b in d.blocks
            if isinstance(b, m.Chart)
        }
        count = words(docs)
        for label, ours, bare in _time_both(docs, charts, 1 if QUICK else rounds):
            print(
                f"| {name} | {count:,} | {label} | {ours * 1000:,.0f} ms | {bare * 1000:,.0f} ms "
                f"| {ours / bare:.2f}x | {ours * 1e6 / count:.1f} | {bare * 1e6 / count:.1f} |",
                flush=True,
            )
    print("(plan and record for professionals; medians of 9, 5 and 3 runs after a warm-up)")
    print(f"load average at end: {_load()}")


if __name__ == "__main__":
    main()
