"""A conference of the fictional Fenwick family held, decided, planned and closed, for issuing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from chairdesk.domain import AgendaKind, Category, Heading, Outcome, PersonRole
from chairdesk.services.actions import ActionService
from chairdesk.services.agenda import AgendaService
from chairdesk.services.base import ServiceContext
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from tests.services.builders import (
    WHEN,
    agenda_item,
    fixed_context,
    make_conference,
    mark_everyone_present,
)

CLOSED_AT = WHEN + timedelta(hours=2)
SAID = "The school says Maya has been on time every day this term."


def closed_conference(database: Database, *, complete: bool = True) -> int:
    """Held on 1 December 2026 and closed at noon: one entry, both decisions, one action.

    `complete` fills every fact a parent's copy needs, so it has no gaps.
    """
    context = fixed_context(database)
    conference = make_conference(database)
    view = SharingService(context).view(conference.id)
    item = agenda_item(view, AgendaKind.AGENCY, "Oak Tree Primary School")
    EntryService(context).add_entry(item.id, Heading.STRENGTH, SAID)
    for child in (p for p in view.people if p.role == PersonRole.CHILD):
        DecisionService(context).decide(
            conference.id,
            child.id,
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=Category.NEGLECT,
            reasons="Maya and Leo were left alone at night more than once.",
        )
    ActionService(context).add_action(
        conference.id,
        what="Sarah to go to the parenting group every Tuesday",
        who="Sarah Fenwick",
        by_when=date(2027, 2, 1),
        how_we_will_know="The group leader tells the social worker each week",
    )
    if complete:
        PrepareService(context).update_details(
            conference.id,
            core_group_on=date(2026, 12, 15),
            review_on=date(2027, 3, 1),
            plan_end_conditions="The children are never left alone at night for three months.",
        )
    mark_everyone_present(database, conference.id)  # quorate: it concludes without a choice
    AgendaService(fixed_context(database, CLOSED_AT)).conclude(conference.id)
    return conference.id


def later(database: Database, days: int = 30) -> ServiceContext:
    """The chair's context some days after the meeting."""
    return fixed_context(database, CLOSED_AT + timedelta(days=days))


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
