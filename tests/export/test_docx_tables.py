"""The Word tables as a reader opens them: action cards kept whole, tables with fixed columns.

The Word body's tables are written as XML directly (export/docx_xml.py), so these read the
file back through python-docx, as another program would, rather than trusting the writer.
"""

from __future__ import annotations

import dataclasses
import io

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm

from chairdesk.export import DocumentKind, build_document, render_docx
from chairdesk.export import model as m
from chairdesk.export.text import split_paragraphs
from tests.export.sample_views import GLOSSARY, review_view
from tests.export.script_samples import SAMPLES

TEXT_WIDTH = 21.0 - 3.8  # cm between the margins


def _word(document: m.Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document)))


def _cell_text(text: str) -> str:
    return "\n".join(split_paragraphs(text))


def test_docx_each_action_card_is_one_table_kept_on_a_page_with_its_title_across_it() -> None:
    document = build_document(DocumentKind.PLAN, review_view(), glossary=GLOSSARY)
    cards = [b for b in document.blocks if isinstance(b, m.ActionCard)]
    assert len(cards) >= 5
    tables = {t.rows[0].cells[0].text: t for t in _word(document).tables}
    for card in cards:
        title = f"{'✓ ' if card.achieved else ''}{card.title}   {card.status}"
        table = tables[title]
        head = table.rows[0].cells
        assert head[0]._tc is head[1]._tc  # one cell across both columns
        rows = table.rows[1:]
        assert [(r.cells[0].text, r.cells[1].text) for r in rows] == [
            (_cell_text(k), _cell_text(v)) for k, v in card.fields
        ]
        for index, row in enumerate(table.rows):
            assert row._tr.xpath("./w:trPr/w:cantSplit"), f"{card.title}: a row may split"
            kept = {p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs}
            assert kept == ({None} if index == len(table.rows) - 1 else {True})
        widths = [c.width.twips for c in table.columns]  # Word keeps twentieths of a point
        assert widths == [Cm(TEXT_WIDTH * 0.28).twips, Cm(TEXT_WIDTH * 0.72).twips]


def test_docx_tables_have_fixed_columns_and_a_shaded_heading_row() -> None:
    document = build_document(DocumentKind.RECORD, review_view())
    boxed = (m.Table, m.Notice, m.ActionCard)
    blocks = [b for b in document.blocks if isinstance(b, boxed)]
    tables = _word(document).tables
    assert len(tables) == len(blocks)  # every table in the document's order, none left out
    made = [(b, t) for b, t in zip(blocks, tables, strict=True) if isinstance(b, m.Table)]
    assert any(any(b.headers) for b, _ in made)
    for block, table in made:
        rows = [block.headers, *block.rows] if any(block.headers) else list(block.rows)
        assert table.alignment == WD_TABLE_ALIGNMENT.LEFT and table.autofit is False
        widths = block.widths or tuple(1 / len(block.headers) for _ in block.headers)
        assert [c.width.twips for c in table.columns] == [Cm(TEXT_WIDTH * w).twips for w in widths]
        assert [[c.text for c in r.cells] for r in table.rows] == [
            [_cell_text(v) for v in row] for row in rows
        ]
        if not any(block.headers):
            continue
        heading = table.rows[0].cells
        assert all(c._tc.xpath("./w:tcPr/w:shd[@w:fill='E8F0F8']") for c in heading)
        assert all(r.bold for c in heading for p in c.paragraphs for r in p.runs)
        assert not any(c._tc.xpath("./w:tcPr/w:shd") for r in table.rows[1:] for c in r.cells)


def test_docx_a_right_to_left_why_in_a_card_is_marked_right_to_left_in_its_cell() -> None:
    arabic = next(s for s in SAMPLES if s.language == "Arabic")
    view = review_view()
    first = view.actions[0]
    view = dataclasses.replace(
        view, actions=(dataclasses.replace(first, why=arabic.text), *view.actions[1:])
    )
    word = _word(build_document(DocumentKind.PLAN, view))
    cells = [
        c for t in word.tables for r in t.rows for c in r.cells if arabic.sentences[0] in c.text
    ]
    assert cells
    for cell in cells:
        paragraph = cell.paragraphs[0]
        assert paragraph._p.xpath("./w:pPr/w:bidi")
        assert any(r._r.xpath("./w:rPr/w:rtl") for r in paragraph.runs)
