"""A plan's actions for the Plan page, read in three queries whatever their number.

`ActionService.actions` loads each action's date moves on first touch, one query per action
(about 0.4 s at 300 actions); here the date moves come with the actions, as progress notes
already do, and the views are the same.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from chairdesk.models import Action
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference
from chairdesk.services.row_views import action_view
from chairdesk.views import ActionView


def plan_actions(context: ServiceContext, conference_id: int) -> tuple[ActionView, ...]:
    """The conference's actions in their order (position, then when added)."""
    with context.database.transaction() as session:
        load_conference(session, conference_id)
        rows = session.scalars(
            select(Action)
            .where(Action.conference_id == conference_id)
            .order_by(Action.position, Action.id)
            .options(selectinload(Action.date_moves))
        ).all()
        return tuple(action_view(a) for a in rows)


__all__ = ["plan_actions"]
