"""What a view carries of the day's conduct (the interpreter, who attends separately, an
adjournment, the children's own statements) and quoracy's demand for a choice. Kept apart
from services/conduct.py so the sharing service can import it without a cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
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
    # Everything but the bytes, which are read only when a document embeds them.
    rows = session.execute(
        select(
            ChildStatement.id,
            ChildStatement.child_id,
            ChildStatement.file_name,
            ChildStatement.media_type,
            func.length(ChildStatement.content),
            ChildStatement.description,
            ChildStatement.visibility,
        )
        .where(ChildStatement.conference_id == conference.id)
        .order_by(ChildStatement.id)
    ).all()
    bind = session.get_bind()
    return ConductView(
        interpreter_language=conference.interpreter_language,
        interpreter_name=conference.interpreter_name,
        attends_separately=conference.attends_separately,
        adjourned_at=conference.adjourned_at,
        reconvene_on=conference.reconvene_on,
        adjourn_reason="" if for_parent else conference.adjourn_reason,
        strategy_discussion_on=conference.strategy_discussion_on,
        child_statements=tuple(
            ChildStatementView(
                id=row[0],
                child_id=row[1],
                child_name=names.get(row[1], ""),
                file_name=row[2],
                media_type=row[3],
                size=int(row[4] or 0),
                description=row[5],
                visibility=row[6],
                loader=_loader(bind, row[0]),
            )
            for row in rows
            if not for_parent or row[6] == Visibility.SHARED
        ),
    )


def _loader(bind: Any, statement_id: int) -> Callable[[], bytes]:
    def load() -> bytes:
        with Session(bind) as session:
            found = session.scalar(
                select(ChildStatement.content).where(ChildStatement.id == statement_id)
            )
        return bytes(found) if found is not None else b""

    return load


def statement_view(s: ChildStatement, child_name: str) -> ChildStatementView:
    content = bytes(s.content)
    return ChildStatementView(
        id=s.id,
        child_id=s.child_id,
        child_name=child_name,
        file_name=s.file_name,
        media_type=s.media_type,
        size=len(content),
        description=s.description,
        visibility=s.visibility,
        loader=lambda: content,
    )


def quoracy_of(conference: Conference) -> QuoracyView:
    return assess_quoracy(tuple(participant_view(p) for p in conference.participants))


def needs_quoracy_choice(conference: Conference) -> bool:
    """Inquorate, and the chair has chosen neither to go ahead (with a reason) nor to adjourn."""
    return not quoracy_of(conference).quorate and not conference.inquorate_reason.strip()
