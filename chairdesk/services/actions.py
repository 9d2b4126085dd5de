"""Part 2 of the plan: the actions, their status and progress, and whether they can be issued."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select

from chairdesk.domain import ActionOwner, ActionStatus, ConferenceKind
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import Action, CoreGroupMeeting
from chairdesk.services import audit
from chairdesk.services.action_dates import record_date_move
from chairdesk.services.action_records import number_of, ordered_actions, renumber, write_note
from chairdesk.services.action_who import owner_of, who_choices
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.plan_readiness import plan_readiness
from chairdesk.services.row_views import action_view
from chairdesk.services.settings import CouncilSettings, SettingsService
from chairdesk.services.typed_fields import SHORT_LIMIT, family_person_ids, plain_date, plain_text
from chairdesk.services.visibility import ACTION_DEFAULT, choose_visibility, default_for
from chairdesk.views import ActionView, PlanReadiness, WhoChoice

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
            renumber(existing)
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
            number = number_of(session, action)
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
            number = number_of(session, action)
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
            renumber(ordered_actions(session, conference_id))
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
            renumber(actions)
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
        family actions is a warning (over_limit), not a refusal. The rule lives in
        services/plan_readiness.py, which reads only the columns it needs."""
        with self.context.database.transaction() as session:
            load_conference(session, conference_id)  # NotFoundError for no such conference
        return plan_readiness(self.context, conference_id)


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
    "SHORT_LIMIT",
    "ActionService",
    "action_view",
    "council_settings",
    "family_person_ids",
    "ordered_actions",
    "plain_date",
    "plain_text",
    "write_note",
]
