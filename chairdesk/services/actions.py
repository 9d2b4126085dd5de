"""Part 2 of the plan: the actions, their status and progress, and whether they can be issued."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import (
    ActionOwner,
    ActionStatus,
    ConferenceKind,
    ConferenceStatus,
    PersonRole,
)
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import Action, Conference, CoreGroupMeeting, Person, ProgressNote
from chairdesk.services import audit
from chairdesk.services.action_dates import record_date_move
from chairdesk.services.action_who import owner_of, who_choices
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.entries import clean_text
from chairdesk.services.row_views import action_view
from chairdesk.services.settings import CouncilSettings, SettingsService
from chairdesk.services.visibility import ACTION_DEFAULT, choose_visibility, default_for
from chairdesk.views import ActionView, PlanReadiness, WhoChoice

# String(500) columns: longer text would be cut off or refused by PostgreSQL.
SHORT_LIMIT = 500

REASON_AT_REVIEW = (
    "At a review, say why this action is being added now, so the family can see the "
    "goalposts have not moved without a reason."
)

_EDITABLE = (
    "what",
    "who",
    "owner",
    "by_when",
    "why",
    "how_we_will_know",
    "support",
    "if_not_done",
    "child_ids",
    "reason_added",
    "visibility",
    "withheld_from",
)
_SHORT_FIELDS = ("who",)
_STATUS_FIELDS = ("status", "status_reason", "achieved_on", "confirmed_by")


# The words of an action: changing any of them is saying it again.
_HEARD_FIELDS = {"what", "who", "why", "how_we_will_know", "support", "if_not_done"}


def plain_text(
    label: str, value: Any, *, required: bool = False, short: bool = False, strip: bool = True
) -> str:
    """Text a person typed, checked so every database stores it the same way.

    The checks every text shares (text at all, no broken character, not impossibly long) are
    entries.clean_text's; here a null character is refused rather than dropped, because in a
    short field such as a name it is more likely a paste gone wrong than part of a passage.

    Args:
        label: the field in the chair's words, for the message.
        value: what was typed.
        required: blank (or only spaces) is refused.
        short: more than ``SHORT_LIMIT`` characters is refused (a name, an agency).
        strip: store without surrounding spaces.

    Raises:
        ValidationError: not text, holding a broken character or a null character (PostgreSQL
            refuses those), empty when required, or too long for a name.
    """
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(f"{label} holds a null character: retype it rather than paste it")
    text = clean_text(value, label)
    if strip:
        text = text.strip()
    if required and not text.strip():
        raise ValidationError(f"{label} cannot be empty")
    if short and len(text) > SHORT_LIMIT:
        raise ValidationError(f"{label} is too long: at most {SHORT_LIMIT} characters")
    return text


def plain_date(label: str, value: Any) -> date | None:
    """A calendar date or None; a datetime is reduced to its day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise ValidationError(f"{label} must be a date")
    return value


def family_person_ids(
    session: Session, family_id: int, label: str, ids: Iterable[Any], *, children: bool
) -> list[int]:
    """Person ids checked to belong to the family (and to be children, when asked)."""
    wanted = list(ids)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in wanted):
        raise ValidationError(f"{label} must be people in this family")
    roles = (PersonRole.CHILD, PersonRole.UNBORN) if children else tuple(PersonRole)
    found = set(
        session.scalars(
            select(Person.id).where(
                Person.family_id == family_id, Person.id.in_(wanted), Person.role.in_(roles)
            )
        )
    )
    missing = [i for i in wanted if i not in found]
    if missing:
        what = "a child" if children else "a person"
        raise ValidationError(f"{label}: person {missing[0]} is not {what} in this family")
    return list(dict.fromkeys(wanted))


def ordered_actions(session: Session, conference_id: int) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .where(Action.conference_id == conference_id)
            .order_by(Action.position, Action.id)
        )
    )


def _renumber(actions: list[Action]) -> None:
    for number, action in enumerate(actions, start=1):
        action.position = number


def _number(session: Session, action: Action) -> int:
    """The action's number as the plan shows it (1 is the first)."""
    ids = [a.id for a in ordered_actions(session, action.conference_id)]
    return ids.index(action.id) + 1


def write_note(
    session: Session,
    action: Action,
    text: str,
    noted_on: date,
    author: str,
    core_group_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Add a progress note, and to any copy of the action already carried into a review that
    has not happened yet, so that review shows progress recorded after it was prepared."""
    action.progress.append(
        ProgressNote(
            noted_on=noted_on,
            text=text,
            author=author,
            core_group_id=core_group_id,
            created_at=datetime.now().replace(microsecond=0) if at is None else at,
        )
    )
    carried = session.scalars(
        select(Action)
        .join(Conference, Conference.id == Action.conference_id)
        .where(Action.carried_from_id == action.id, Conference.status == ConferenceStatus.PLANNED)
    ).all()
    for later in carried:
        write_note(session, later, text, noted_on, author, core_group_id)


def council_settings(context: ServiceContext) -> CouncilSettings:
    return SettingsService(context).get()


class ActionService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def add_action(
        self,
        conference_id: int,
        *,
        what: str = "",
        who: str = "",
        owner: ActionOwner | None = None,
        by_when: date | None = None,
        why: str = "",
        how_we_will_know: str = "",
        support: str = "",
        if_not_done: str = "",
        child_ids: Iterable[int] = (),
        reason_added: str = "",
    ) -> ActionView:
        """A new action at the end of the plan. The plan may be filled in over several calls.

        Without an owner, one named in `who` from the conference is family or professional as
        they are; anyone else is taken as family.

        Raises:
            RuleError: at a review, no reason is given for adding a new action.
        """
        fields = _checked(
            {
                "what": what,
                "who": who,
                "owner": owner or ActionOwner.FAMILY,
                "by_when": by_when,
                "why": why,
                "how_we_will_know": how_we_will_know,
                "support": support,
                "if_not_done": if_not_done,
                "reason_added": reason_added,
            }
        )
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            if conference.kind == ConferenceKind.REVIEW and not fields["reason_added"]:
                raise RuleError(REASON_AT_REVIEW)
            fields["child_ids"] = family_person_ids(
                session, conference.family_id, "the children it concerns", child_ids, children=True
            )
            if owner is None:
                named = owner_of(who_choices(session, conference), fields["who"])
                fields["owner"] = named or ActionOwner.FAMILY
            existing = ordered_actions(session, conference_id)
            _renumber(existing)
            # A minute-taker's action waits for the chair to share it.
            fields["visibility"] = default_for(ACTION_DEFAULT, self.context.role)
            action = Action(
                conference_id=conference_id,
                position=len(existing) + 1,
                created_at=self.context.now(),
                **fields,
            )
            session.add(action)
            session.flush()
            audit.record_change(
                session,
                self.context,
                "action.add",
                action.id,
                conference_id,
                {"owner": action.owner.value, "position": action.position},
            )
            return action_view(action)

    def update_action(self, action_id: int, *, date_reason: str = "", **fields: Any) -> ActionView:
        """Change any of what, who, owner, by_when, why, how_we_will_know, support,
        if_not_done, child_ids, reason_added, visibility, withheld_from.

        Moving a by-when date that was set keeps the move with `date_reason` (action_dates)."""
        for key in fields:
            if key in _STATUS_FIELDS:
                raise ValidationError(
                    "the status, the date achieved and who confirmed it are set by marking the "
                    "action (set_status), which asks for the date or the reason"
                )
            if key not in _EDITABLE:
                raise ValidationError(f"an action has no part called {key!r}")
        changes = _checked(fields)
        with self.context.database.transaction() as session:
            action = load(session, Action, action_id)
            conference = load_conference(session, action.conference_id)
            if "child_ids" in fields:
                changes["child_ids"] = family_person_ids(
                    session,
                    conference.family_id,
                    "the children it concerns",
                    fields["child_ids"],
                    children=True,
                )
            if "visibility" in fields or "withheld_from" in fields:
                changes["visibility"], changes["withheld_from"] = choose_visibility(
                    self.context,
                    session,
                    conference.family_id,
                    fields.get("visibility"),
                    fields.get("withheld_from"),
                    default=ACTION_DEFAULT,
                    previous=action.visibility,
                    previous_withheld=action.withheld_from or (),
                )
            if "who" in changes and "owner" not in changes:
                # Named from the conference: family or professional as they are.
                named = owner_of(who_choices(session, conference), changes["who"])
                if named is not None:
                    changes["owner"] = named
            if (
                "reason_added" in changes
                and not changes["reason_added"]
                and conference.kind == ConferenceKind.REVIEW
                and action.carried_from_id is None
            ):
                raise RuleError(REASON_AT_REVIEW)
            if "by_when" in changes:
                record_date_move(session, self.context, action, changes["by_when"], date_reason)
            for key, value in changes.items():
                setattr(action, key, value)
            if changes.keys() & _HEARD_FIELDS:
                # Said again now: an exclusion covers the newest telling (services/redaction.py).
                action.created_at = self.context.now()
            audit.record_change(
                session,
                self.context,
                "action.update",
                action.id,
                action.conference_id,
                {"fields": sorted(changes)},
            )
            session.flush()
            return action_view(action)

    def set_status(
        self,
        action_id: int,
        status: ActionStatus,
        *,
        reason: str = "",
        achieved_on: date | None = None,
        confirmed_by: str = "",
    ) -> ActionView:
        """Mark an action. Achieved needs the date and who confirmed it; not achieved and no
        longer needed need a reason."""
        try:
            status = ActionStatus(status)
        except ValueError as error:
            raise ValidationError(f"{status!r} is not an action status") from error
        reason = plain_text("the reason", reason)
        confirmed_by = plain_text("who confirmed it", confirmed_by, short=True)
        achieved_on = plain_date("the date achieved", achieved_on)
        with self.context.database.transaction() as session:
            action = load(session, Action, action_id)
            number = _number(session, action)
            if status == ActionStatus.ACHIEVED:
                if achieved_on is None or not confirmed_by:
                    raise RuleError(
                        f"To mark action {number} achieved, give the date it was achieved "
                        "and who confirmed it."
                    )
                if achieved_on > self.context.today():
                    raise ValidationError("the date achieved cannot be in the future")
            elif status == ActionStatus.NOT_ACHIEVED and not reason:
                raise RuleError(f"Say why action {number} was not achieved.")
            elif status == ActionStatus.NO_LONGER_NEEDED and not reason:
                raise RuleError(f"Say why action {number} is no longer needed.")
            previous = action.status
            action.status = status
            action.status_reason = reason
            done = status == ActionStatus.ACHIEVED
            action.achieved_on = achieved_on if done else None
            action.confirmed_by = confirmed_by if done else ""
            audit.record_change(
                session,
                self.context,
                "action.status",
                action.id,
                action.conference_id,
                {"from": previous.value, "to": status.value},
            )
            session.flush()
            return action_view(action)

    def add_progress(
        self,
        action_id: int,
        text: str,
        *,
        noted_on: date | None = None,
        core_group_id: int | None = None,
    ) -> ActionView:
        """Record progress on an action; the history is kept and carried to the next review."""
        text = plain_text("the progress note", text, required=True)
        day = plain_date("the date of the note", noted_on) or self.context.today()
        with self.context.database.transaction() as session:
            action = load(session, Action, action_id)
            if core_group_id is not None and session.get(CoreGroupMeeting, core_group_id) is None:
                raise ValidationError(f"no core group meeting with id {core_group_id}")
            write_note(
                session, action, text, day, self.context.user, core_group_id, self.context.now()
            )
            audit.record_change(
                session,
                self.context,
                "action.progress",
                action.id,
                action.conference_id,
                {"core_group_id": core_group_id},
            )
            session.flush()
            return action_view(action)

    def remove_action(self, action_id: int) -> None:
        """Delete an action added by mistake. A carried action is never deleted."""
        with self.context.database.transaction() as session:
            action = load(session, Action, action_id)
            number = _number(session, action)
            if action.carried_from_id is not None:
                raise RuleError(
                    f"Action {number} was carried forward from the last plan, so it cannot be "
                    "removed: mark it no longer needed and say why."
                )
            if session.scalar(select(Action.id).where(Action.carried_from_id == action.id)):
                raise RuleError(
                    f"Action {number} has been carried into a later review, so it cannot be "
                    "removed: mark it no longer needed there and say why."
                )
            conference_id = action.conference_id
            session.delete(action)
            session.flush()
            _renumber(ordered_actions(session, conference_id))
            audit.record_change(session, self.context, "action.remove", action_id, conference_id)

    def move_action(self, action_id: int, new_position: int) -> tuple[ActionView, ...]:
        """Move an action to a new number in the plan (1 is the first); returns the plan."""
        if isinstance(new_position, bool) or not isinstance(new_position, int):
            raise ValidationError("the new position must be a whole number")
        with self.context.database.transaction() as session:
            action = load(session, Action, action_id)
            actions = ordered_actions(session, action.conference_id)
            actions.remove(action)
            index = min(max(new_position, 1), len(actions) + 1) - 1
            actions.insert(index, action)
            _renumber(actions)
            audit.record_change(
                session,
                self.context,
                "action.move",
                action.id,
                action.conference_id,
                {"position": action.position},
            )
            session.flush()
            return tuple(action_view(a) for a in actions)

    def who_choices(self, conference_id: int) -> tuple[WhoChoice, ...]:
        """Who can be named as doing an action: the family, each professional, each agency."""
        with self.context.database.transaction() as session:
            return who_choices(session, load_conference(session, conference_id))

    def actions(self, conference_id: int) -> tuple[ActionView, ...]:
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)
            return tuple(action_view(a) for a in ordered_actions(session, conference_id))

    def readiness(self, conference_id: int) -> PlanReadiness:
        """Whether the actions can be issued: each needs what, who and by when. Too many
        family actions is a warning (over_limit), not a refusal."""
        limit = council_settings(self.context).action_limit
        views = self.actions(conference_id)
        problems: list[str] = []
        if not views:
            problems.append("The plan has no actions yet.")
        for number, view in enumerate(views, start=1):
            if view.missing:
                problems.append(
                    f"Action {number} does not yet say {_missing_in_words(view.missing)}."
                )
        family = sum(1 for v in views if v.owner == ActionOwner.FAMILY and v.status.is_open)
        return PlanReadiness(
            ready=not problems,
            problems=tuple(problems),
            family_action_count=family,
            limit=limit,
            over_limit=family > limit,
        )


_MISSING_WORDS = {"what": "what needs to happen", "who": "who will do it", "by when": "by when"}


def _missing_in_words(parts: tuple[str, ...]) -> str:
    """("what", "who", "by when") -> "what needs to happen, who will do it or by when"."""
    words = [_MISSING_WORDS.get(part, part) for part in parts]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _checked(fields: dict[str, Any]) -> dict[str, Any]:
    """The plain fields of an action, checked; visibility and people are checked with a session."""
    checked: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "owner":
            try:
                checked[key] = ActionOwner(value)
            except ValueError as error:
                raise ValidationError(f"{value!r} is not an action owner") from error
        elif key == "by_when":
            checked[key] = plain_date("by when", value)
        elif key in ("child_ids", "visibility", "withheld_from"):
            continue
        else:
            label = key.replace("_", " ")
            checked[key] = plain_text(label, value, short=key in _SHORT_FIELDS)
    return checked


__all__ = [
    "REASON_AT_REVIEW",
    "ActionService",
    "action_view",
    "council_settings",
    "ordered_actions",
    "plain_date",
    "plain_text",
    "write_note",
]
