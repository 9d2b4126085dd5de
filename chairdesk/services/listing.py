"""The home screen's lists, the council's settings and the person's role, read in plain SQL.

These are what the first screen needs, so they are read without the ORM: through the driver
alone before SQLAlchemy has loaded (Database.reading), and through the engine afterwards or on
a server. ConferenceService.list_upcoming, HomeService.due_items and SettingsService.get use
these same functions, so there is one way of working each list out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from chairdesk.domain import (
    ConferenceKind,
    ConferenceStatus,
    MeetingModel,
    Outcome,
    PersonRole,
    UserRole,
)
from chairdesk.home_views import ConferenceSummary, DueItem
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings import CouncilSettings
from chairdesk.services.timescales import due_dates, report_shared_lateness
from chairdesk.storage import keys
from chairdesk.storage.database import Database

# Concluded conferences older than this have either been reviewed or are long closed.
LOOK_BACK = timedelta(days=400)
LOOK_AHEAD = timedelta(days=60)
_CHILDREN = {"child": PersonRole.CHILD.value, "unborn": PersonRole.UNBORN.value}

Read = Callable[[str, Mapping[str, object]], list[tuple[Any, ...]]]


def as_date(value: object) -> date | None:
    """A date as the database gives it back (ISO text on SQLite)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def account_role(database: Database, name: str) -> tuple[str, UserRole] | None:
    """The account `name` signs in as (however it was typed) and its role; None if none."""
    wanted = keys.account_key_name(name)
    with database.reading() as read:
        rows = read("SELECT name, role FROM user_account ORDER BY id", {})
    for found, role in rows:
        if keys.account_key_name(found) == wanted:
            return str(found), UserRole(role)
    return None


def has_accounts(database: Database) -> bool:
    """Whether anyone has an account yet (until then the database passphrase opens the file)."""
    with database.reading() as read:
        return bool(read("SELECT count(*) FROM user_account", {})[0][0])


def signed_in_context(database: Database) -> ServiceContext:
    """The context for whoever unlocked the database: their account's name and role (a chair
    where there are no accounts). AccountService.start_session audits the unlock."""
    context = ServiceContext(database)
    found = account_role(database, database.user) if database.user else None
    if found is None:
        return context
    return replace(context, user=found[0], role=found[1])


def upcoming(database: Database, from_day: date, limit: int = 100) -> tuple[ConferenceSummary, ...]:
    """Conferences from the start of `from_day`, soonest first, with each family's children."""
    start = {"start": datetime.combine(from_day, datetime.min.time())}
    with database.reading() as read:
        rows = read(
            "SELECT c.id, c.family_id, f.case_reference, f.family_name, c.kind, c.model,"
            " c.scheduled_at, c.venue, c.status, c.previous_id"
            " FROM conference c JOIN family f ON f.id = c.family_id"
            " WHERE c.scheduled_at >= :start ORDER BY c.scheduled_at, c.id LIMIT :limit",
            {**start, "limit": limit},
        )
        children: dict[int, list[str]] = {}
        for family_id, name in read(
            "SELECT p.family_id, p.name FROM person p"
            " WHERE p.role IN (:child, :unborn) AND p.family_id IN"
            " (SELECT c.family_id FROM conference c WHERE c.scheduled_at >= :start)"
            " ORDER BY p.id",
            {**start, **_CHILDREN},
        ):
            children.setdefault(family_id, []).append(name)
    return tuple(
        ConferenceSummary(
            id=row[0],
            family_id=row[1],
            case_reference=row[2],
            family_name=row[3],
            kind=ConferenceKind(row[4]),
            model=MeetingModel(row[5]),
            scheduled_at=as_datetime(row[6]),
            venue=row[7],
            status=ConferenceStatus(row[8]),
            children=tuple(children.get(row[1], ())),
            previous_id=row[9],
        )
        for row in rows
    )


@dataclass(frozen=True)
class _Held:
    """What the due list needs to know about one conference."""

    id: int
    family_id: int
    kind: ConferenceKind
    held_on: date
    status: ConferenceStatus
    strategy_discussion_on: date | None
    core_group_on: date | None
    review_on: date | None
    outcome_letter_sent_on: date | None
    record_issued_on: date | None
    case_reference: str
    family_name: str
    reconvene_on: date | None = None  # adjourned: the day the same conference continues


@dataclass
class _Around:
    """The facts about the conferences in the window, each read once for them all."""

    reviewed: set[int]
    reports: dict[int, list[tuple[str, date | None]]]
    core_groups: set[int]
    plans: set[int]
    births: dict[int, date]


_WINDOW = "c.scheduled_at >= :start AND c.scheduled_at <= :end"


def _facts(read: Read, window: Mapping[str, object]) -> tuple[list[_Held], _Around]:
    held = [
        _Held(
            id=row[0],
            family_id=row[1],
            kind=ConferenceKind(row[2]),
            held_on=as_datetime(row[3]).date(),
            status=ConferenceStatus(row[4]),
            strategy_discussion_on=as_date(row[5]),
            core_group_on=as_date(row[6]),
            review_on=as_date(row[7]),
            outcome_letter_sent_on=as_date(row[8]),
            record_issued_on=as_date(row[9]),
            case_reference=row[10],
            family_name=row[11],
            reconvene_on=as_date(row[12]),
        )
        for row in read(
            "SELECT c.id, c.family_id, c.kind, c.scheduled_at, c.status,"
            " c.strategy_discussion_on, c.core_group_on, c.review_on,"
            " c.outcome_letter_sent_on, c.record_issued_on, f.case_reference, f.family_name,"
            " c.reconvene_on"
            f" FROM conference c JOIN family f ON f.id = c.family_id WHERE {_WINDOW}"
            " ORDER BY c.scheduled_at, c.id",
            window,
        )
    ]
    reports: dict[int, list[tuple[str, date | None]]] = {}
    for conference_id, agency, shared_on in read(
        "SELECT r.conference_id, r.agency, r.shared_with_parents_on"
        f" FROM report r JOIN conference c ON c.id = r.conference_id WHERE {_WINDOW}"
        " ORDER BY r.id",
        window,
    ):
        reports.setdefault(conference_id, []).append((agency, as_date(shared_on)))
    births: dict[int, date] = {}
    # Once the baby is born the chair records the date of birth on the unborn child's record.
    for family_id, born in read(
        "SELECT p.family_id, p.date_of_birth FROM person p"
        " WHERE p.role IN (:child, :unborn) AND p.due_date IS NOT NULL"
        " AND p.date_of_birth IS NOT NULL AND p.family_id IN"
        f" (SELECT c.family_id FROM conference c WHERE {_WINDOW} AND c.kind = :pre_birth)"
        " ORDER BY p.id",
        {**window, **_CHILDREN, "pre_birth": ConferenceKind.PRE_BIRTH.value},
    ):
        born_on = as_date(born)
        if born_on is not None:
            births.setdefault(family_id, born_on)
    around = _Around(
        reviewed={
            row[0]
            for row in read(
                "SELECT DISTINCT previous_id FROM conference WHERE previous_id IS NOT NULL", {}
            )
        },
        reports=reports,
        core_groups={
            row[0]
            for row in read(
                "SELECT DISTINCT g.conference_id FROM core_group_meeting g"
                f" JOIN conference c ON c.id = g.conference_id WHERE {_WINDOW}",
                window,
            )
        },
        plans={
            row[0]
            for row in read(
                "SELECT DISTINCT d.conference_id FROM decision d"
                f" JOIN conference c ON c.id = d.conference_id WHERE {_WINDOW}"
                " AND d.outcome = :plan",
                {**window, "plan": Outcome.PLAN.value},
            )
        },
        births=births,
    )
    return held, around


def due_items(context: ServiceContext, rules: CouncilSettings, today: date) -> tuple[DueItem, ...]:
    """Everything due or overdue, overdue first, then soonest first."""
    window = {
        "start": datetime.combine(today - LOOK_BACK, datetime.min.time()),
        "end": datetime.combine(today + LOOK_AHEAD, datetime.max.time()),
    }
    with context.database.reading() as read:
        held, around = _facts(read, window)
    items: list[DueItem] = []
    for conference in held:

        def due(what: str, on: date, c: _Held = conference) -> None:
            items.append(DueItem(c.id, what, on, on < today, c.case_reference, c.family_name))

        _conference_items(conference, around, rules, today, due)
    items.sort(key=lambda item: (not item.overdue, item.due_on, item.conference_id))
    return tuple(items)


def _conference_items(
    conference: _Held,
    around: _Around,
    rules: CouncilSettings,
    today: date,
    due: Callable[[str, date], None],
) -> None:
    held_on = conference.held_on
    birth_on = (
        around.births.get(conference.family_id)
        if conference.kind == ConferenceKind.PRE_BIRTH
        else None
    )
    dates = due_dates(
        conference.kind,
        held_on,
        rules,
        strategy_discussion_on=conference.strategy_discussion_on,
        birth_on=birth_on,
    )
    if conference.reconvene_on is not None and conference.status in (
        ConferenceStatus.PLANNED,
        ConferenceStatus.IN_PROGRESS,
    ):
        due("Reconvene the adjourned conference", conference.reconvene_on)
    if conference.status == ConferenceStatus.PLANNED:
        for agency, shared_on in around.reports.get(conference.id, ()):
            if shared_on is None:
                if today >= dates.reports_to_parents_by - timedelta(days=7):
                    due(f"Share the {agency} report with the parents", dates.reports_to_parents_by)
            elif report_shared_lateness(shared_on, held_on, conference.kind, rules).late:
                due(f"The {agency} report reached the parents late", held_on)
        if dates.icpc_by is not None and held_on > dates.icpc_by:
            due("Initial conference is later than the timescale allows", dates.icpc_by)
        return
    if conference.status not in (ConferenceStatus.CONCLUDED, ConferenceStatus.ISSUED):
        return
    if conference.outcome_letter_sent_on is None:
        due("Send the chair's outcome letter", dates.outcome_letter_by)
    if conference.record_issued_on is None:
        due("Issue the conference record", dates.record_by)
    if conference.id in around.reviewed:
        return
    if dates.first_core_group_by is not None and conference.id not in around.core_groups:
        due("Hold the first core group", conference.core_group_on or dates.first_core_group_by)
    if conference.id in around.plans:
        due("Hold the review conference", conference.review_on or dates.next_review_by)


class ListingService:
    """The first screen's reads for the UI: upcoming conferences, what is due, the settings."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def settings(self) -> CouncilSettings:
        from chairdesk.services.settings import SettingsService

        return SettingsService(self.context).get()

    def upcoming(
        self, from_day: date | None = None, limit: int = 100
    ) -> tuple[ConferenceSummary, ...]:
        return upcoming(self.context.database, from_day or self.context.today(), limit)

    def due_items(self, today: date | None = None) -> tuple[DueItem, ...]:
        return due_items(self.context, self.settings(), today or self.context.today())
