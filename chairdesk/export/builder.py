"""Builds the neutral document for one kind of document from an audience's conference view."""

from __future__ import annotations

from collections.abc import Sequence

from chairdesk.export.build_letters import build_leaflet, build_letter
from chairdesk.export.build_plan import build_plan
from chairdesk.export.build_record import build_record
from chairdesk.export.build_todo import build_todo
from chairdesk.export.model import Document, DocumentBuilder, DocumentKind
from chairdesk.export.text import clean_line
from chairdesk.views import ConferenceView, GlossaryTermView

_PARENT_TITLES = {
    DocumentKind.PLAN: "Your child protection plan",
    DocumentKind.RECORD: "Record of the conference",
    DocumentKind.LETTER: "The outcome of the conference",
    DocumentKind.LEAFLET: "Your child protection conference: what to expect",
    DocumentKind.TODO: "What I need to do",
}
_PROFESSIONAL_TITLES = {
    DocumentKind.PLAN: "Child protection plan",
    DocumentKind.RECORD: "Child protection conference record",
    DocumentKind.LETTER: "Outcome of the child protection conference",
    DocumentKind.LEAFLET: "Your child protection conference: what to expect",
    DocumentKind.TODO: "What each person needs to do",
}
_BUILDERS = {
    DocumentKind.PLAN: build_plan,
    DocumentKind.RECORD: build_record,
    DocumentKind.LETTER: build_letter,
    DocumentKind.LEAFLET: build_leaflet,
    DocumentKind.TODO: build_todo,
}


def build_document(
    kind: DocumentKind,
    view: ConferenceView,
    *,
    glossary: Sequence[GlossaryTermView] = (),
    large_print: bool = False,
    recipient_name: str | None = None,
) -> Document:
    """The document model of `kind` for the audience `view` was filtered for.

    Args:
        kind: which document.
        view: the conference as the sharing service prepared it for one audience; nothing
            outside it is read, so a parent's view yields a parent's copy.
        glossary: terms to explain at the end (a parent's copy normally has them).
        large_print: a large-print layout (16 point body text and up).
        recipient_name: who the copy is addressed to; defaults to the audience's name.
    """
    kind = DocumentKind(kind)
    for_parent = not view.audience.is_professionals or kind == DocumentKind.LEAFLET
    recipient = clean_line(recipient_name or view.audience.recipient_name) or "Professionals"
    b = DocumentBuilder()
    _BUILDERS[kind](b, view, recipient)
    if glossary:
        b.heading("What the words mean" if for_parent else "Glossary")
        b.glossary([(g.term, g.explanation) for g in glossary])
    titles = _PARENT_TITLES if for_parent else _PROFESSIONAL_TITLES
    return Document(
        kind=kind,
        title=titles[kind],
        marking=clean_line(view.marking) or "OFFICIAL-SENSITIVE",
        reference=clean_line(view.family.case_reference),
        recipient=recipient,
        blocks=tuple(b.blocks),
        for_parent=for_parent,
        large_print=large_print,
        metadata_title=kind.label,
    )
