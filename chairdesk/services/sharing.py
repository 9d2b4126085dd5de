"""Who may see what: the one place that builds a conference's view for an audience.

A parent's view is filtered here, before any document, screen or package exists (DESIGN.md §4):
nothing professionals-only, nothing withheld from that person, nothing heard while they were
excluded, no line naming someone withheld from them, no address. What is left out is counted,
never described. The rule is in redaction.py; view_builder.py applies it to every row.
"""

from __future__ import annotations

from sqlalchemy import select

from chairdesk.models import AgendaItem, Entry
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.copy_check import parent_copy_checklist
from chairdesk.services.recipients import RECIPIENT_ROLES, RecipientService
from chairdesk.services.redaction import may_see
from chairdesk.services.room_change import ItemEntries
from chairdesk.services.row_views import entry_view
from chairdesk.services.view_builder import build_view, risk_history
from chairdesk.views import Audience, ConferenceView, ParentCopyItem


class SharingService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def audiences(self, conference_id: int) -> tuple[Audience, ...]:
        """Professionals, then each parent, carer or relative who can receive their own copy."""
        return RecipientService(self.context).audiences(conference_id)

    def audience_for(self, conference_id: int, person_id: int | None) -> Audience:
        return RecipientService(self.context).audience_for(conference_id, person_id)

    def view(self, conference_id: int, audience: Audience | None = None) -> ConferenceView:
        audience = audience or Audience.professionals()
        with self.context.database.transaction() as session:
            return build_view(
                session, self.context, load_conference(session, conference_id), audience
            )

    def entries_of_item(self, agenda_item_id: int) -> ItemEntries:
        """One item's entries for the chair's Run page: cheaper than a whole view, and of a
        type no export or family view accepts (services/room_change.py)."""
        with self.context.database.transaction() as session:
            load(session, AgendaItem, agenda_item_id)
            rows = session.scalars(
                select(Entry).where(Entry.agenda_item_id == agenda_item_id).order_by(Entry.id)
            ).all()
            return ItemEntries(agenda_item_id, tuple(entry_view(e) for e in rows))

    def parent_copy_checklist(self, view: ConferenceView) -> tuple[ParentCopyItem, ...]:
        """Every item a parent's copy holds, pasted or imported text first (services/copy_check)."""
        return parent_copy_checklist(view)


__all__ = ["RECIPIENT_ROLES", "SharingService", "may_see", "parent_copy_checklist", "risk_history"]
