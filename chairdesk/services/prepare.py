"""Preparing a conference: the family, who is invited, reports, the checklist and the details."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import (
    AgendaStatus,
    ConferenceStatus,
    MeetingModel,
    Visibility,
)
from chairdesk.errors import RuleError, ValidationError
from chairdesk.models import (
    Conference,
    Entry,
    Person,
    Report,
)
from chairdesk.services import audit
from chairdesk.services.actions import plain_date, plain_text
from chairdesk.services.agency_items import agenda_items
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load, load_conference
from chairdesk.services.conferences import build_agenda, to_summary
from chairdesk.services.prepare_people import (
    PeoplePreparation,
    check_known,
    choice_of,
    not_future,
    yes_no,
)
from chairdesk.services.row_views import report_view
from chairdesk.services.settings import SettingsService
from chairdesk.services.visibility import REPORT_DEFAULT, choose_visibility
from chairdesk.views import (
    ChecklistView,
    ConferenceSummary,
    ReportView,
)

_REPORT_FIELDS = (
    "agency",
    "author",
    "title",
    "received_on",
    "shared_with_parents_on",
    "visibility",
    "withheld_from",
)
_CHECKLIST_FLAGS = (
    "chair_met_parents",
    "advocate_offered",
    "interpreter_booked",
    "leaflet_given",
    "told_speak_first",
    "child_seen",
)
_DETAIL_SHORT = (
    "venue",
    "chair_name",
    "minute_taker_name",
    "lead_social_worker",
    "interpreter_language",
    "interpreter_name",
)
_DETAIL_LONG = ("plan_end_conditions", "inquorate_reason", "attends_separately")
_DETAIL_DATES = ("strategy_discussion_on", "core_group_on", "review_on")
_DETAILS = (*_DETAIL_SHORT, *_DETAIL_LONG, *_DETAIL_DATES, "scheduled_at", "model")


class PrepareService(PeoplePreparation):
    """Everything before the meeting: people (from PeoplePreparation), reports, the
    checklist and the conference's details."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    # Reports ----------------------------------------------------------------------------

    def add_report(
        self,
        conference_id: int,
        agency: str,
        *,
        author: str = "",
        title: str = "",
        received_on: date | None = None,
        shared_with_parents_on: date | None = None,
        visibility: Visibility = REPORT_DEFAULT,
        withheld_from: Iterable[int] = (),
    ) -> ReportView:
        """A report received for the conference; shareable (shared) or not (professionals)."""
        fields = {
            "agency": agency,
            "author": author,
            "title": title,
            "received_on": received_on,
            "shared_with_parents_on": shared_with_parents_on,
            "visibility": visibility,
            "withheld_from": withheld_from,
        }
        rules = SettingsService(self.context).get()
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            report = Report(conference_id=conference_id, agency="")
            self._apply_report(session, conference, report, fields, new=True)
            session.add(report)
            session.flush()
            audit.record_change(
                session,
                self.context,
                "report.add",
                report.id,
                conference_id,
                {"visibility": report.visibility.value},
            )
            return report_view(report, rules)

    def update_report(self, report_id: int, **fields: Any) -> ReportView:
        check_known(fields, _REPORT_FIELDS, "a report")
        rules = SettingsService(self.context).get()
        with self.context.database.transaction() as session:
            report = load(session, Report, report_id)
            conference = load_conference(session, report.conference_id)
            self._apply_report(session, conference, report, fields)
            audit.record_change(
                session,
                self.context,
                "report.update",
                report.id,
                conference.id,
                {"fields": sorted(fields), "visibility": report.visibility.value},
            )
            session.flush()
            return report_view(report, rules)

    def reports(self, conference_id: int) -> tuple[ReportView, ...]:
        """Each report with how many working days before the conference parents received it."""
        rules = SettingsService(self.context).get()
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            return tuple(report_view(r, rules) for r in conference.reports)

    def _apply_report(
        self,
        session: Session,
        conference: Conference,
        report: Report,
        fields: dict[str, Any],
        *,
        new: bool = False,
    ) -> None:
        """Writes the fields to the report; who may see it is checked before anything is written."""
        today = self.context.today()
        sharing = None
        if "visibility" in fields or "withheld_from" in fields:
            sharing = choose_visibility(
                self.context,
                session,
                conference.family_id,
                fields.get("visibility"),
                fields.get("withheld_from"),
                default=REPORT_DEFAULT,
                previous=None if new else report.visibility,
                previous_withheld=report.withheld_from or (),
            )
        for key in ("agency", "author", "title"):
            if key in fields:
                text = plain_text(f"the report's {key}", fields[key], short=True)
                setattr(report, key, text)
        if not report.agency:
            raise ValidationError("say which agency the report is from")
        for key, label in (
            ("received_on", "the date received"),
            ("shared_with_parents_on", "the date shared with parents"),
        ):
            if key in fields:
                setattr(report, key, not_future(label, plain_date(label, fields[key]), today))
        if sharing is not None:
            report.visibility, report.withheld_from = sharing
        if report.visibility == Visibility.PROFESSIONALS and report.shared_with_parents_on:
            raise RuleError(
                "A report for professionals only cannot have been shared with parents: "
                "clear the date shared, or mark the report shareable."
            )

    # The checklist and the details ------------------------------------------------------

    def set_checklist(self, conference_id: int, **flags: Any) -> ChecklistView:
        """Tick the pre-meeting checklist: chair_met_parents, advocate_offered,
        interpreter_booked, leaflet_given, told_speak_first, child_seen, and notes."""
        check_known(flags, (*_CHECKLIST_FLAGS, "notes"), "the checklist")
        checked = {
            key: plain_text("the checklist notes", value)
            if key == "notes"
            else yes_no(key.replace("_", " "), value)
            for key, value in flags.items()
        }
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            for key, value in checked.items():
                setattr(conference, "checklist_notes" if key == "notes" else key, value)
            audit.record_change(
                session,
                self.context,
                "conference.checklist",
                conference_id,
                conference_id,
                {k: v for k, v in checked.items() if k != "notes"},
            )
            return _checklist(conference)

    def checklist(self, conference_id: int) -> ChecklistView:
        with self.context.database.transaction() as session:
            return _checklist(load_conference(session, conference_id))

    def update_details(self, conference_id: int, **fields: Any) -> ConferenceSummary:
        """Change venue, scheduled_at, chair_name, minute_taker_name, strategy_discussion_on,
        lead_social_worker, core_group_on, review_on, plan_end_conditions, inquorate_reason,
        interpreter_language, interpreter_name (never a family member), attends_separately or
        model (the model only before the meeting starts: the agenda is rebuilt)."""
        check_known(fields, _DETAILS, "a conference")
        changes: dict[str, Any] = {}
        for key, value in fields.items():
            label = key.replace("_", " ")
            if key in _DETAIL_SHORT or key in _DETAIL_LONG:
                changes[key] = plain_text(label, value, short=key in _DETAIL_SHORT)
            elif key in _DETAIL_DATES:
                changes[key] = plain_date(label, value)
            elif key == "model":
                changes[key] = choice_of(MeetingModel, value, "a meeting model")
            elif not isinstance(value, datetime):
                raise ValidationError("give the conference's date and time")
            else:
                changes[key] = value
        with self.context.database.transaction() as session:
            conference = load_conference(session, conference_id)
            held_at = changes.get("scheduled_at", conference.scheduled_at)
            _check_dates(session, conference, held_at, changes)
            _check_interpreter(session, conference, changes.get("interpreter_name", ""))
            new_model = changes.pop("model", conference.model)
            for key, value in changes.items():
                setattr(conference, key, value)
            if new_model != conference.model:
                _change_model(session, conference, new_model)
                changes["model"] = new_model
            audit.record_change(
                session,
                self.context,
                "conference.details",
                conference_id,
                conference_id,
                {"fields": sorted(changes)},
            )
            session.flush()
            return to_summary(session, conference)


def _check_dates(
    session: Session, conference: Conference, held_at: datetime, changes: dict[str, Any]
) -> None:
    held_on = held_at.date()
    if conference.previous_id is not None:
        previous = load_conference(session, conference.previous_id)
        if held_at <= previous.scheduled_at:
            raise ValidationError("a review must be held after the conference it reviews")
    strategy = changes.get("strategy_discussion_on", conference.strategy_discussion_on)
    if strategy is not None and strategy > held_on:
        raise ValidationError("the strategy discussion comes before the conference")
    for key, label in (("core_group_on", "the first core group"), ("review_on", "the review")):
        day = changes.get(key, getattr(conference, key))
        if day is not None and day < held_on:
            raise ValidationError(f"{label} must be after the conference")


def _check_interpreter(session: Session, conference: Conference, name: str) -> None:
    """An interpreter is independent: never a family member or a child (DOMAIN.md)."""
    if not name:
        return
    wanted = " ".join(name.split()).casefold()
    for person in session.scalars(select(Person).where(Person.family_id == conference.family_id)):
        if " ".join(person.name.split()).casefold() == wanted:
            raise RuleError(
                f"{person.name} is in the family, and a family member never interprets: the "
                "family must be able to speak freely and hear everything said. Book an "
                "independent interpreter."
            )


def _change_model(session: Session, conference: Conference, model: MeetingModel) -> None:
    """A different meeting model means a different agenda: only before anything is said."""
    started = conference.status != ConferenceStatus.PLANNED or any(
        item.status != AgendaStatus.PENDING for item in agenda_items(session, conference)
    )
    has_entries = session.scalar(select(Entry.id).where(Entry.conference_id == conference.id))
    if started or has_entries is not None:
        raise RuleError("The meeting has started, so its model cannot change now.")
    conference.model = model
    conference.agenda.clear()
    session.flush()
    session.add_all(build_agenda(conference, conference.participants))


def _checklist(conference: Conference) -> ChecklistView:
    return ChecklistView(
        **{flag: getattr(conference, flag) for flag in _CHECKLIST_FLAGS},
        notes=conference.checklist_notes,
    )


__all__ = ["PrepareService"]
