"""Builds the neutral document for one kind of document from an audience's conference view."""

from __future__ import annotations

from collections.abc import Sequence

from chairdesk.export.build_letters import build_leaflet, build_letter
from chairdesk.export.build_plan import build_plan
from chairdesk.export.build_record import build_record
from chairdesk.export.build_todo import build_todo
from chairdesk.export.catalogue import N_, _, interpreter_note, speaking
from chairdesk.export.model import Document, DocumentBuilder, DocumentKind, PageWords
from chairdesk.export.text import clean_line
from chairdesk.views import ConferenceView, GlossaryTermView

_PARENT_TITLES = {
    DocumentKind.PLAN: N_("Your child protection plan"),
    DocumentKind.RECORD: N_("Record of the conference"),
    DocumentKind.LETTER: N_("The outcome of the conference"),
    DocumentKind.LEAFLET: N_("Your child protection conference: what to expect"),
    DocumentKind.WHAT_I_NEED_TO_DO: N_("What I need to do"),
}
_PARENT_METADATA = {
    DocumentKind.PLAN: N_("Child protection plan"),
    DocumentKind.RECORD: N_("Conference record"),
    DocumentKind.LETTER: N_("Outcome letter"),
    DocumentKind.LEAFLET: N_("Your child protection conference"),
    DocumentKind.WHAT_I_NEED_TO_DO: N_("What I need to do"),
}
_PROFESSIONAL_TITLES = {
    DocumentKind.PLAN: "Child protection plan",
    DocumentKind.RECORD: "Child protection conference record",
    DocumentKind.LETTER: "Outcome of the child protection conference",
    DocumentKind.LEAFLET: "Your child protection conference: what to expect",
    DocumentKind.WHAT_I_NEED_TO_DO: "What each person needs to do",
}
_BUILDERS = {
    DocumentKind.PLAN: build_plan,
    DocumentKind.RECORD: build_record,
    DocumentKind.LETTER: build_letter,
    DocumentKind.LEAFLET: build_leaflet,
    DocumentKind.WHAT_I_NEED_TO_DO: build_todo,
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
    language = recipient_language(view)
    with speaking(language) as translated:
        recipient = clean_line(recipient_name or view.audience.recipient_name) or "Professionals"
        b = DocumentBuilder()
        if language and not translated:
            b.notice(interpreter_note(language))
        _BUILDERS[kind](b, view, recipient)
        if glossary:
            b.heading(_("What the words mean") if for_parent else "Glossary")
            b.glossary([_glossary_entry(g) for g in glossary])
        return Document(
            kind=kind,
            title=_(_PARENT_TITLES[kind]) if for_parent else _PROFESSIONAL_TITLES[kind],
            marking=clean_line(view.marking) or "OFFICIAL-SENSITIVE",
            reference=clean_line(view.family.case_reference),
            recipient=recipient,
            blocks=tuple(b.blocks),
            for_parent=for_parent,
            large_print=large_print,
            metadata_title=_(_PARENT_METADATA[kind]) if for_parent else kind.label,
            words=PageWords(
                _("Family reference: {reference}"),
                _("For: {recipient}"),
                _("Page {number} of {total}"),
            ),
        )


def _glossary_entry(entry: GlossaryTermView) -> tuple[str, str]:
    """A shipped glossary entry in the copy's language; a translated term keeps the English
    word beside it, since that is the word the conference's own English text uses."""
    term = _(entry.term)
    return (term if term == entry.term else f"{term} ({entry.term})"), _(entry.explanation)


def recipient_language(view: ConferenceView) -> str | None:
    """The recorded language of the parent or carer a copy is for; None when it is English or
    the copy is not for one person (professionals, or a leaflet printed for anyone)."""
    if view.audience.is_professionals or view.audience.is_room:
        return None
    person = next((p for p in view.people if p.id == view.audience.recipient_person_id), None)
    language = " ".join((person.language if person else "").split())
    return None if language.casefold() in ("", "english") else language
