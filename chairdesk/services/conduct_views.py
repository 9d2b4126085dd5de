"""What a view carries of the day's conduct (the interpreter, who attends separately, an
adjournment, the children's own statements) and quoracy's demand for a choice. Kept apart
from services/conduct.py so the sharing service can import it without a cycle."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Visibility
from chairdesk.models import ChildStatement, Conference, Person
from chairdesk.services.quoracy import assess_quoracy
from chairdesk.services.row_views import participant_view
from chairdesk.views import ChildStatementView, ConductView, QuoracyView


def conduct_view(session: Session, conference: Conference, for_parent: bool) -> ConductView:
    """The conduct facts one audience may see: a parent sees a child's statement only when
    it is shared, and never the file of one that is not."""
    names = {
        p.id: p.name
        for p in session.scalars(select(Person).where(Person.family_id == conference.family_id))
    }
    statements = session.scalars(
        select(ChildStatement)
        .where(ChildStatement.conference_id == conference.id)
        .order_by(ChildStatement.id)
    ).all()
    return ConductView(
        interpreter_language=conference.interpreter_language,
        interpreter_name=conference.interpreter_name,
        attends_separately=conference.attends_separately,
        adjourned_at=conference.adjourned_at,
        reconvene_on=conference.reconvene_on,
        adjourn_reason="" if for_parent else conference.adjourn_reason,
        strategy_discussion_on=conference.strategy_discussion_on,
        child_statements=tuple(
            statement_view(s, names.get(s.child_id, ""))
            for s in statements
            if not for_parent or s.visibility == Visibility.SHARED
        ),
    )


def statement_view(s: ChildStatement, child_name: str) -> ChildStatementView:
    return ChildStatementView(
        id=s.id,
        child_id=s.child_id,
        child_name=child_name,
        file_name=s.file_name,
        media_type=s.media_type,
        size=len(s.content),
        description=s.description,
        visibility=s.visibility,
        content=s.content,
    )


def quoracy_of(conference: Conference) -> QuoracyView:
    return assess_quoracy(tuple(participant_view(p) for p in conference.participants))


def needs_quoracy_choice(conference: Conference) -> bool:
    """Inquorate, and the chair has chosen neither to go ahead (with a reason) nor to adjourn."""
    return not quoracy_of(conference).quorate and not conference.inquorate_reason.strip()
