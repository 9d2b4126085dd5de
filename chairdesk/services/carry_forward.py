"""What a review carries from the conference before it: invitees, danger statements, actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import Attendance, Visibility
from chairdesk.models import (
    Action,
    Conference,
    DangerStatement,
    Exclusion,
    Participant,
    Person,
    ProgressNote,
    SafetyGoal,
    Sitting,
    SocialWorkerAllocation,
)
from chairdesk.services.action_dates import copied_moves
from chairdesk.services.actions import ordered_actions


def current_social_worker(session: Session, previous: Conference) -> str:
    """The family's allocated social worker now (they change often), else the last lead."""
    current = session.scalar(
        select(SocialWorkerAllocation.name)
        .where(
            SocialWorkerAllocation.family_id == previous.family_id,
            SocialWorkerAllocation.to_date.is_(None),
        )
        .order_by(SocialWorkerAllocation.from_date.desc(), SocialWorkerAllocation.id.desc())
        .limit(1)
    )
    return current or previous.lead_social_worker


def invite_again(session: Session, previous: Conference, review: Conference) -> None:
    """Everyone invited to the last conference, invited again, attendance not yet known."""
    for participant in previous.participants:
        session.add(
            Participant(
                conference_id=review.id,
                person_id=participant.person_id,
                name=participant.name,
                role=participant.role,
                agency=participant.agency,
                job_title=participant.job_title,
                invited=True,
                attendance=Attendance.INVITED,
                present_for="",
            )
        )


class _WhoWasOut:
    """Who of the family was out of the room at a moment of the last conference: an exclusion
    (tied to a person, or to nobody known) or a sitting they were not in. What was agreed then
    was kept from them (services/redaction.py); its copy at the review keeps it from them too,
    since the review's own exclusions know nothing of the last conference's."""

    def __init__(self, session: Session, previous: Conference) -> None:
        self.exclusions = session.scalars(
            select(Exclusion).where(Exclusion.conference_id == previous.id)
        ).all()
        self.sittings = session.scalars(
            select(Sitting).where(Sitting.conference_id == previous.id)
        ).all()
        self.family = set(
            session.scalars(select(Person.id).where(Person.family_id == previous.family_id))
        )

    def visibility(
        self, at: datetime | None, visibility: Visibility, withheld_from: list[int]
    ) -> tuple[Visibility, list[int]]:
        """The carried copy's visibility: the original's, less anyone who was out at `at`."""
        if at is None or visibility == Visibility.PROFESSIONALS:
            return visibility, withheld_from
        out: set[int] = set()
        for x in self.exclusions:
            if x.started_at <= at <= (x.ended_at or datetime.max):
                if x.person_id is None:
                    return Visibility.PROFESSIONALS, []  # nobody can say who was out
                out.add(x.person_id)
        for sitting in self.sittings:
            if sitting.started_at <= at <= (sitting.ended_at or datetime.max):
                out |= self.family - set(sitting.person_ids or ())
        if not out:
            return visibility, withheld_from
        if visibility == Visibility.SHARED:
            return Visibility.WITHHELD, sorted(out)
        return visibility, sorted(set(withheld_from) | out)


def carry_danger_statements(session: Session, previous: Conference, review: Conference) -> int:
    """Each danger statement copied with its safety goal; how many."""
    statements = session.scalars(
        select(DangerStatement)
        .where(DangerStatement.conference_id == previous.id)
        .order_by(DangerStatement.position, DangerStatement.id)
    ).all()
    out = _WhoWasOut(session, previous)
    for statement in statements:
        visibility, withheld = out.visibility(
            statement.created_at, statement.visibility, list(statement.withheld_from or [])
        )
        copy = DangerStatement(
            conference_id=review.id,
            position=statement.position,
            text=statement.text,
            visibility=visibility,
            withheld_from=withheld,
            carried_from_id=statement.id,
        )
        if statement.safety_goal is not None:
            copy.safety_goal = SafetyGoal(text=statement.safety_goal.text)
        session.add(copy)
    return len(statements)


def carry_actions(session: Session, previous: Conference, review: Conference) -> int:
    """Each action copied with its status, dates, date moves and progress notes; how many."""
    actions = ordered_actions(session, previous.id)
    out = _WhoWasOut(session, previous)
    for number, action in enumerate(actions, start=1):
        visibility, withheld = out.visibility(
            action.created_at, action.visibility, list(action.withheld_from or [])
        )
        session.add(
            Action(
                conference_id=review.id,
                position=number,
                what=action.what,
                who=action.who,
                owner=action.owner,
                by_when=action.by_when,
                why=action.why,
                how_we_will_know=action.how_we_will_know,
                support=action.support,
                if_not_done=action.if_not_done,
                status=action.status,
                status_reason=action.status_reason,
                achieved_on=action.achieved_on,
                confirmed_by=action.confirmed_by,
                reason_added=action.reason_added,
                carried_from_id=action.id,
                child_ids=list(action.child_ids or []),
                visibility=visibility,
                withheld_from=withheld,
                progress=[
                    ProgressNote(
                        noted_on=note.noted_on,
                        text=note.text,
                        author=note.author,
                        core_group_id=note.core_group_id,
                        # When it was typed: a note heard while a parent was out of the last
                        # conference stays out of their copy (view_builder.py).
                        created_at=note.created_at,
                    )
                    for note in action.progress
                ],
                date_moves=copied_moves(action),
            )
        )
    return len(actions)
