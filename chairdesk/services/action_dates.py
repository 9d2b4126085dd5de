"""When an action's by-when date moves: who moved it, when and why, kept with the action.

A review's plan lists every date moved since the last plan (DOMAIN.md §6: "moving goalposts"
without reasons destroys trust). Setting a date that was blank is not a move; changing or
clearing one that was set is. The move is kept on the action (and copied with it when a review
carries the plan forward) and recorded in the audit trail without its reason, which is case text.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from chairdesk.models import Action, ActionDateMove
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import clean_text


def record_date_move(
    session: Session,
    context: ServiceContext,
    action: Action,
    new_date: date | None,
    reason: str = "",
) -> ActionDateMove | None:
    """Keeps a move of `action`'s by-when date to `new_date`, before the action is changed.

    Returns the move, or None when the date was blank before or does not change.

    Raises:
        ValidationError: the reason is not text or is impossibly long.
    """
    reason = clean_text(reason, "why the date is moving").strip()
    old = action.by_when
    if old is None or old == new_date:
        return None
    move = ActionDateMove(
        moved_at=context.now(),
        from_date=old,
        to_date=new_date,
        moved_by=context.user,
        reason=reason,
    )
    action.date_moves.append(move)
    session.flush()
    audit.record_change(
        session,
        context,
        "action.move_date",
        action.id,
        action.conference_id,
        {
            "from": old.isoformat(),
            "to": new_date.isoformat() if new_date else None,
            "reason_given": bool(reason),
        },
    )
    return move


def copied_moves(action: Action) -> list[ActionDateMove]:
    """The action's date moves, copied for the review that carries it forward."""
    return [
        ActionDateMove(
            moved_at=m.moved_at,
            from_date=m.from_date,
            to_date=m.to_date,
            moved_by=m.moved_by,
            reason=m.reason,
        )
        for m in action.date_moves
    ]
