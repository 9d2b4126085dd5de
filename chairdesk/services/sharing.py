"""Who may see what: the one place that builds a conference's view for an audience.

A parent's view is filtered here, before any document, screen or package exists (DESIGN.md §4):
nothing professionals-only, nothing withheld from that person, nothing heard while they were
excluded, no address. What is left out is counted, never described.
"""

from __future__ import annotations

from sqlalchemy import select

from chairdesk.domain import Origin, PersonRole
from chairdesk.errors import ValidationError
from chairdesk.models import Person
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.services.redaction import may_see
from chairdesk.services.view_builder import build_view, risk_history
from chairdesk.views import Audience, ConferenceView, ParentCopyItem

RECIPIENT_ROLES = (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)


class SharingService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def audiences(self, conference_id: int) -> tuple[Audience, ...]:
        """Professionals, then each parent, carer or relative who can receive their own copy."""
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            people = session.scalars(
                select(Person)
                .where(Person.family_id == conference.family_id, Person.role.in_(RECIPIENT_ROLES))
                .order_by(Person.id)
            ).all()
            parents = (Audience(recipient_person_id=p.id, recipient_name=p.name) for p in people)
            return (Audience.professionals(), *parents)

    def audience_for(self, conference_id: int, person_id: int | None) -> Audience:
        if person_id is None:
            return Audience.professionals()
        for audience in self.audiences(conference_id):
            if audience.recipient_person_id == person_id:
                return audience
        raise ValidationError(
            f"person {person_id} is not a parent, carer or relative in this family, "
            "so cannot receive a parent's copy"
        )

    def view(self, conference_id: int, audience: Audience | None = None) -> ConferenceView:
        audience = audience or Audience.professionals()
        with self.context.database.transaction() as session:
            return build_view(
                session, self.context, load_conference(session, conference_id), audience
            )

    def parent_copy_checklist(self, view: ConferenceView) -> tuple[ParentCopyItem, ...]:
        """What a parent's copy holds from professionals' sources, pasted or imported text first."""
        return parent_copy_checklist(view)


def parent_copy_checklist(view: ConferenceView) -> tuple[ParentCopyItem, ...]:
    professionals = {p.id: p for p in view.participants if not p.role.is_family}
    items: list[ParentCopyItem] = []
    for entry in view.entries:
        pasted = entry.origin in (Origin.PASTED, Origin.IMPORTED)
        speaker = professionals.get(entry.speaker_participant_id or -1)
        if pasted or speaker is not None:
            source = speaker.agency or speaker.name if speaker else entry.speaker_name
            label = f"{source} (pasted text)" if entry.origin == Origin.PASTED else source
            if entry.origin == Origin.IMPORTED:
                label = f"{source} (imported text)"
            items.append(
                ParentCopyItem("entry", label or "unknown", _excerpt(entry.text), entry.id, pasted)
            )
    for report in view.reports:
        items.append(ParentCopyItem("report", report.agency, report.title or "report", report.id))
    for danger in view.danger_statements:
        items.append(
            ParentCopyItem("danger statement", "analysis", _excerpt(danger.danger), danger.id)
        )
    items.sort(key=lambda item: not item.pasted_or_imported)
    return tuple(items)


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


__all__ = ["RECIPIENT_ROLES", "SharingService", "may_see", "parent_copy_checklist", "risk_history"]
