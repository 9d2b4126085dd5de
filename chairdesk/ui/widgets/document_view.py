"""A document's blocks as simple HTML: the Issue page's preview and the approval dialog's."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QLabel

from chairdesk.export import Document, model
from chairdesk.ui.style import scheme


def document_html(document: Document) -> str:
    """Simple HTML of every block, in order, with an anchor on each heading for the outline."""
    size = "16pt" if document.large_print else "11pt"
    parts = [
        f'<div style="font-size: {size};">',
        f'<p style="background: #eef1f5; color: #1b1f24; padding: 4px;">'
        f"<b>{escape(document.page_header())}</b></p>",
        f"<h1>{escape(document.title)}</h1>",
    ]
    heading_number = 0
    for block in document.blocks:
        if isinstance(block, model.Heading):
            tag = f"h{min(block.level + 1, 4)}"
            parts.append(f'<a name="h{heading_number}"></a><{tag}>{escape(block.text)}</{tag}>')
            heading_number += 1
        else:
            parts.append(_block_html(block))
    parts.append("</div>")
    return "".join(parts)


def _cells(*cells: str, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _box(rows: str, padding: int = 4) -> str:
    # 99%: at 100% Qt lays a bordered table out a pixel wider than the view (a scroll bar).
    return f'<table border="1" cellpadding="{padding}" cellspacing="0" width="99%">{rows}</table>'


def _block_html(block: Any) -> str:
    if isinstance(block, model.Paragraph):
        lead = f"<b>{escape(block.lead)}</b> " if block.lead else ""
        small = ' style="font-size: small;"' if block.style in ("small", "note") else ""
        return f"<p{small}>{lead}{escape(block.text)}</p>"
    if isinstance(block, model.BulletList):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, model.Notice):
        title = f"<b>{escape(block.title)}</b><br>" if block.title else ""
        return _box(_cells(title + escape(block.text)), padding=6)
    if isinstance(block, model.Table):
        head = _cells(*map(escape, block.headers), tag="th") if any(block.headers) else ""
        return _box(head + "".join(_cells(*map(escape, row)) for row in block.rows))
    if isinstance(block, model.ActionCard):
        title = f"<b>{'✓ ' if block.achieved else ''}{escape(block.title)}</b>"
        rows = f'<tr><td colspan="2">{title} ({escape(block.status)})</td></tr>'
        rows += "".join(
            f'<tr><td width="25%"><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>'
            for k, v in block.fields
        )
        return _box(rows) + "<br>"
    if isinstance(block, model.Glossary):
        return "".join(f"<p><b>{escape(t)}</b>: {escape(e)}</p>" for t, e in block.terms)
    if isinstance(block, model.Chart):
        return f"<p><b>{escape(block.title)}</b></p><p>{escape(block.description)}</p>"
    return "<hr>" if isinstance(block, model.PageBreak) else ""


def show_in_colour(label: QLabel, text: str, colours: dict[str, str] | None) -> None:
    """Text in bold and the scheme's colour for it (the words always say it too)."""
    colour = (colours or {}).get(scheme())
    label.setStyleSheet(f"color: {colour}; font-weight: 600;" if colour else "font-weight: 600;")
    label.setText(text)
