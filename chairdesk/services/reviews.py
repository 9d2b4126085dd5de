"""Review conferences: starting one from the last, core groups between them, and de-planning.

A review starts from the conference before it. The family's people are already shared (they
belong to the family). The participants are invited again, the danger statements with their
safety goals are carried forward, and every action of the plan is copied with its status, its
reason, its dates and every progress note, with ``carried_from_id`` pointing at the action it
came from. Copying (rather than referring back) keeps each conference's plan whole as it was
issued, and lets the sharing filter and the documents read a review's actions on their own.
Progress noted on the old plan's actions after the review was prepared is copied across too
(see ``actions.write_note``) until the review starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import ActionStatus, ConferenceKind, ConferenceStatus
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import (
    Action,
    Conference,
    CoreGroupMeeting,
    ProgressNote,
)
from chairdesk.services import audit
from chairdesk.services.actions import (
    council_settings,
    ordered_actions,
    plain_date,
    plain_text,
    write_note,
)
from chairdesk.services.base import ServiceContext
from chairdesk.services.carry_forward import (
    carry_actions,
    carry_danger_statements,
    current_social_worker,
    invite_again,
)
from chairdesk.services.common import load, load_conference
from chairdesk.services.conferences import build_agenda, to_summary
from chairdesk.services.row_views import action_view
from chairdesk.services.sharing import risk_history
from chairdesk.services.timescales import bring_review_forward, due_dates
from chairdesk.views import (
    ActionView,
    Audience,
    ConferenceSummary,
    CoreGroupUpdateView,
    CoreGroupView,
    DeplanningView,
    ScalingPoint,
)

_DONE = (ActionStatus.ACHIEVED, ActionStatus.NO_LONGER_NEEDED)
ALL_DONE = "Every action of the plan is achieved or no longer needed"
REACHES = "which reaches the council's level"

CoreGroupUpdates = Mapping[int, str] | Iterable[CoreGroupUpdateView | tuple[int, str]]


class ReviewService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def start_review(
        self, previous_conference_id: int, scheduled_at: datetime, *, model: Any = None
    ) -> ConferenceSummary:
        """A review conference made from the one before it, ready to prepare.

        Raises:
            ValidationError: the review would not be after the conference it reviews.
            RuleError: a review has already been started from that conference.
        """
        if not isinstance(scheduled_at, datetime):
            raise ValidationError("give the review's date and time")
        with self.context.database.transaction() as session:
            previous = load_conference(session, previous_conference_id)
            if scheduled_at <= previous.scheduled_at:
                raise ValidationError(
                    "a review must be held after the conference it reviews "
                    f"({_day(previous.scheduled_at.date())})"
                )
            if session.scalar(select(Conference.id).where(Conference.previous_id == previous.id)):
                raise RuleError(
                    "A review has already been started from this conference: open that one."
                )
            review = Conference(
                family_id=previous.family_id,
                kind=ConferenceKind.REVIEW,
                model=model or previous.model,
                scheduled_at=scheduled_at,
                venue=previous.venue,
                chair_name=previous.chair_name,
                previous_id=previous.id,
                status=ConferenceStatus.PLANNED,
                lead_social_worker=current_social_worker(session, previous),
                plan_end_conditions=previous.plan_end_conditions,
            )
            session.add(review)
            session.flush()
            invite_again(session, previous, review)
            session.flush()
            session.add_all(build_agenda(review, review.participants))
            dangers = carry_danger_statements(session, previous, review)
            actions = carry_actions(session, previous, review)
            audit.record_change(
                session,
                self.context,
                "conference.start_review",
                review.id,
                review.id,
                {"previous_id": previous.id, "actions": actions, "danger_statements": dangers},
            )
            session.flush()
            return to_summary(session, review)

    def carried_actions(self, conference_id: int) -> tuple[ActionView, ...]:
        """The actions this review carried from the last plan, in the plan's order."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            return tuple(
                action_view(a)
                for a in ordered_actions(session, conference_id)
                if a.carried_from_id is not None
            )

    def record_core_group(
        self,
        conference_id: int,
        held_on: date,
        attendees: str | Iterable[str],
        notes: str,
        updates: CoreGroupUpdates = (),
    ) -> CoreGroupView:
        """A core group meeting on the plan of ``conference_id``, with an update per action.

        Each update is kept as a progress note on its action, so the next review shows it.
        ``updates`` maps action ids to text (or is a sequence of pairs or CoreGroupUpdateView).
        """
        day = plain_date("the date of the core group", held_on)
        if day is None:
            raise ValidationError("give the date the core group met")
        if day > self.context.today():
            raise ValidationError("a core group can only be recorded once it has met")
        if not isinstance(attendees, str):
            attendees = ", ".join(plain_text("an attendee", a, short=True) for a in attendees)
        attendees = plain_text("who attended", attendees, required=True)
        notes = plain_text("the notes", notes)
        pairs = _update_pairs(updates)
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            if day < conference.scheduled_at.date():
                raise ValidationError(
                    "a core group meets after the conference whose plan it checks "
                    f"({_day(conference.scheduled_at.date())})"
                )
            meeting = CoreGroupMeeting(
                conference_id=conference_id, held_on=day, attendees=attendees, notes=notes
            )
            session.add(meeting)
            session.flush()
            for action_id, text in pairs:
                action = load(session, Action, action_id)
                if not _in_plan(session, action, conference_id):
                    raise ValidationError(f"action {action_id} is not part of this plan")
                write_note(session, action, text, day, self.context.user, meeting.id)
            audit.record_change(
                session,
                self.context,
                "core_group_meeting.record",
                meeting.id,
                conference_id,
                {"updates": len(pairs)},
            )
            session.flush()
            return _core_group_view(session, meeting, conference_id)

    def core_groups(self, conference_id: int) -> tuple[CoreGroupView, ...]:
        """Core groups on this plan; for a review, also those on the plan it reviews."""
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            plans = [conference.id]
            if conference.previous_id is not None:
                plans.append(conference.previous_id)
            meetings = session.scalars(
                select(CoreGroupMeeting)
                .where(CoreGroupMeeting.conference_id.in_(plans))
                .order_by(CoreGroupMeeting.held_on, CoreGroupMeeting.id)
            ).all()
            return tuple(_core_group_view(session, m, conference_id) for m in meetings)

    def deplanning(self, conference_id: int) -> DeplanningView:
        """Whether ending the plan should be considered, with a review date to bring it to.

        Ready when every action is achieved or no longer needed, or when the latest overall
        scaling median reaches the council's threshold (DOMAIN.md §6, item 16).
        """
        settings = council_settings(self.context)
        threshold = settings.deplanning_scaling_threshold
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            actions = ordered_actions(session, conference_id)
            held_on = conference.scheduled_at.date()
            scheduled = _scheduled_review(session, conference) or (
                due_dates(conference.kind, held_on, settings).next_review_by
            )
            latest = _latest_scaling(risk_history(session, conference, Audience.professionals()))
            kind = conference.kind
        met: list[str] = []
        unmet: list[str] = []
        still_open = [n for n, a in enumerate(actions, start=1) if a.status not in _DONE]
        if not actions:
            unmet.append("The plan has no actions yet.")
        elif still_open:
            unmet.append(f"{_open_actions(still_open)} still to be achieved.")
        else:
            met.append(f"{ALL_DONE} ({len(actions)}).")
        if latest is None or latest.median is None:
            unmet.append("No overall scaling has been recorded yet.")
        else:
            words = (
                f"The latest overall scaling ({_day(latest.held_on)}) is {_score(latest.median)}"
            )
            if latest.median >= threshold:
                met.append(f"{words}, {REACHES} of {threshold}.")
            else:
                unmet.append(f"{words}, below the council's level of {threshold}.")
        ready = bool(met)
        suggested = (
            bring_review_forward(
                self.context.today(), held_on, settings, kind=kind, scheduled_on=scheduled
            )
            if ready
            else None
        )
        return DeplanningView(
            ready=ready,
            reasons=tuple(met + unmet),
            suggested_review_on=suggested,
            scheduled_review_on=scheduled,
        )


def reasons_met(view: DeplanningView) -> tuple[str, ...]:
    """The reasons that make a plan ready to be considered for ending; the others say why not."""
    return tuple(r for r in view.reasons if r.startswith(ALL_DONE) or REACHES in r)


def _update_pairs(updates: CoreGroupUpdates) -> list[tuple[int, str]]:
    items: Iterable[Any] = updates.items() if isinstance(updates, Mapping) else updates
    pairs: list[tuple[int, str]] = []
    for item in items:
        action_id, text = (
            (item.action_id, item.text) if isinstance(item, CoreGroupUpdateView) else item
        )
        if isinstance(action_id, bool) or not isinstance(action_id, int):
            raise ValidationError("each core group update must name an action")
        pairs.append((action_id, plain_text("an update on an action", text, required=True)))
    return pairs


def _in_plan(session: Session, action: Action, conference_id: int) -> bool:
    """The action is on this plan, or on the review that carried this plan forward."""
    if action.conference_id == conference_id:
        return True
    owner = session.get(Conference, action.conference_id)
    return owner is not None and owner.previous_id == conference_id


def _core_group_view(
    session: Session, meeting: CoreGroupMeeting, conference_id: int
) -> CoreGroupView:
    """Each update once, against the action as it stands in the conference asked about."""
    rows = session.execute(
        select(ProgressNote.action_id, ProgressNote.text, Action.conference_id)
        .join(Action, Action.id == ProgressNote.action_id)
        .where(ProgressNote.core_group_id == meeting.id)
        .order_by(Action.position, ProgressNote.id)
    ).all()
    for wanted in (conference_id, meeting.conference_id):
        chosen = [r for r in rows if r.conference_id == wanted]
        if chosen:
            break
    else:
        chosen = list(rows)
    return CoreGroupView(
        id=meeting.id,
        conference_id=meeting.conference_id,
        held_on=meeting.held_on,
        attendees=meeting.attendees,
        notes=meeting.notes,
        updates=tuple(CoreGroupUpdateView(r.action_id, r.text) for r in chosen),
    )


def _scheduled_review(session: Session, conference: Conference) -> date | None:
    """The review to bring forward: this one while it is still being prepared, else the one
    started from it, else the review date recorded."""
    if conference.previous_id is not None and conference.status == ConferenceStatus.PLANNED:
        return conference.scheduled_at.date()
    booked = session.scalar(
        select(Conference.scheduled_at)
        .where(Conference.previous_id == conference.id)
        .order_by(Conference.scheduled_at)
        .limit(1)
    )
    return booked.date() if booked is not None else conference.review_on


def _latest_scaling(points: tuple[ScalingPoint, ...]) -> ScalingPoint | None:
    return next((p for p in reversed(points) if p.median is not None), None)


def _open_actions(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Action {numbers[0]} is"
    listed = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    return f"Actions {listed} are"


def _score(median: float) -> str:
    return str(int(median)) if median == int(median) else f"{median:.1f}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


__all__ = ["ReviewService", "reasons_met"]
