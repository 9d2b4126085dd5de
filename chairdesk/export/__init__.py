"""Export: a neutral document model built from a conference view, rendered to DOCX and PDF."""

from __future__ import annotations

from chairdesk.export.builder import build_document
from chairdesk.export.files import render, write_document
from chairdesk.export.model import Document, DocumentKind
from chairdesk.export.render_docx import render_docx
from chairdesk.export.render_pdf import render_pdf
from chairdesk.export.text import safe_filename

__all__ = [
    "Document",
    "DocumentKind",
    "build_document",
    "render",
    "render_docx",
    "render_pdf",
    "safe_filename",
    "write_document",
]
