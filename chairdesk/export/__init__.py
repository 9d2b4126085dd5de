"""Export: a neutral document model built from a conference view, rendered to DOCX and PDF."""

from __future__ import annotations

from chairdesk.export.build_feedback import build_feedback_summary
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
    "build_feedback_summary",
    "render",
    "render_docx",
    "render_pdf",
    "safe_filename",
    "write_document",
]
