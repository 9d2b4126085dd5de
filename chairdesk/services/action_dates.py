"""When an action's by-when date moves: who moved it, when and why, kept with the action.

A review's plan lists every date moved since the last plan (DOMAIN.md §6: "moving goalposts"
without reasons destroys trust). Setting a date that was blank is not a move; changing or
clearing one that was set is. The move is kept on the action, copied with it when a review
carries the plan forward, and made on a carried copy too when the last plan's date moves after its
review was prepared. The audit trail records it without its reason, which is case text.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ConferenceStatus
from chairdesk.models import Action, ActionDateMove, Conference
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
    carried = _carried_copies(session, action, old)
    for later in carried:
        later.by_when = new_date
        later.date_moves.append(_copy(move))
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
            "carried_copies": len(carried),
        },
    )
    return move


def copied_moves(action: Action) -> list[ActionDateMove]:
    """The action's date moves, copied for the review that carries it forward."""
    return [_copy(m) for m in action.date_moves]


def _copy(move: ActionDateMove) -> ActionDateMove:
    return ActionDateMove(
        moved_at=move.moved_at,
        from_date=move.from_date,
        to_date=move.to_date,
        moved_by=move.moved_by,
        reason=move.reason,
    )


def _carried_copies(session: Session, action: Action, old: date) -> list[Action]:
    """Copies of the action in a review not yet held that still have the old date, so a date
    moved on the last plan after the review was prepared reaches it (as progress notes do)."""
    found: list[Action] = []
    for later in session.scalars(
        select(Action)
        .join(Conference, Conference.id == Action.conference_id)
        .where(Action.carried_from_id == action.id, Conference.status == ConferenceStatus.PLANNED)
    ):
        if later.by_when == old:
            found.append(later)
            found.extend(_carried_copies(session, later, old))
    return found
