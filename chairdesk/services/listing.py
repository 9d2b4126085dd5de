"""The home screen's lists, the council's settings and the person's role, read in plain SQL.

These are what the first screen needs, so they are read without the ORM: through the driver
alone before SQLAlchemy has loaded (Database.reading), and through the engine afterwards or on
a server. ConferenceService.list_upcoming, HomeService.due_items and SettingsService.get use
these same functions, so there is one way of working each list out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from chairdesk.domain import (
    ConferenceKind,
    ConferenceStatus,
    MeetingModel,
    PersonRole,
    UserRole,
)
from chairdesk.home_views import ConferenceSummary, DueItem, DuePage
from chairdesk.services import due_rules
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings import CouncilSettings
from chairdesk.storage import keys
from chairdesk.storage.database import Database

_CHILDREN = {"child": PersonRole.CHILD.value, "unborn": PersonRole.UNBORN.value}

Read = Callable[[str, Mapping[str, object]], list[tuple[Any, ...]]]

# Home's reads, in plain SQL (named *_SQL so tests/services/test_home_sql.py runs each one
# against the models' tables on SQLite and PostgreSQL: a renamed column fails there).
ACCOUNTS_SQL = "SELECT name, role FROM user_account ORDER BY id"
ACCOUNT_COUNT_SQL = "SELECT count(*) FROM user_account"
UPCOMING_SQL = (
    "SELECT c.id, c.family_id, f.case_reference, f.family_name, c.kind, c.model,"
    " c.scheduled_at, c.venue, c.status, c.previous_id"
    " FROM conference c JOIN family f ON f.id = c.family_id"
    " WHERE c.scheduled_at >= :start ORDER BY c.scheduled_at, c.id LIMIT :limit"
)
#: The children of the families of the conferences shown only (not of every family with a
#: conference to come: at 2,000 families that read ten times the rows shown).
UPCOMING_CHILDREN_SQL = (
    "SELECT p.family_id, p.name FROM person p"
    " WHERE p.role IN (:child, :unborn) AND p.family_id IN"
    " (SELECT c.family_id FROM conference c WHERE c.scheduled_at >= :start"
    " ORDER BY c.scheduled_at, c.id LIMIT :limit)"
    " ORDER BY p.id"
)
_DUE_WHERE = (
    "d.held_on >= :first AND d.held_on <= :last"
    " AND (d.shown_from IS NULL OR d.shown_from <= :today)"
)
DUE_RULES_KEY_SQL = "SELECT rules_key FROM due_state WHERE id = 1"
DUE_COUNT_SQL = f"SELECT count(*) FROM due_item d WHERE {_DUE_WHERE}"
# The page first (from the due rows alone), then its families: joining every due row before
# sorting read pages all over a large file.
DUE_PAGE_SQL = (
    "SELECT d.conference_id, d.what, d.due_on, f.case_reference, f.family_name"
    " FROM (SELECT d.id, d.conference_id, d.what, d.due_on FROM due_item d"
    f" WHERE {_DUE_WHERE} ORDER BY d.due_on, d.conference_id, d.id"
    " LIMIT :limit OFFSET :offset) d"
    " JOIN conference c ON c.id = d.conference_id"
    " JOIN family f ON f.id = c.family_id"
    " ORDER BY d.due_on, d.conference_id, d.id"
)


# Values as the database gives them back (ISO text on SQLite): one reading, in due_rules.
as_date = due_rules.as_date
as_datetime = due_rules.as_datetime


def account_role(database: Database, name: str) -> tuple[str, UserRole] | None:
    """The account `name` signs in as (however it was typed) and its role; None if none."""
    wanted = keys.account_key_name(name)
    with database.reading() as read:
        rows = read(ACCOUNTS_SQL, {})
    for found, role in rows:
        if keys.account_key_name(found) == wanted:
            return str(found), UserRole(role)
    return None


def has_accounts(database: Database) -> bool:
    """Whether anyone has an account yet (until then the database passphrase opens the file)."""
    with database.reading() as read:
        return bool(read(ACCOUNT_COUNT_SQL, {})[0][0])


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
    start = {"start": datetime.combine(from_day, datetime.min.time()), "limit": limit}
    with database.reading() as read:
        rows = read(UPCOMING_SQL, start)
        children: dict[int, list[str]] = {}
        for family_id, name in read(UPCOMING_CHILDREN_SQL, {**start, **_CHILDREN}):
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


DUE_PAGE = 50  # due items a page of Home's board shows


def due_page(
    context: ServiceContext,
    rules: CouncilSettings,
    today: date,
    limit: int | None = DUE_PAGE,
    offset: int = 0,
) -> DuePage:
    """A page of what is due or overdue, overdue first, then soonest first, and how many in all.

    Read from the rows stored when each conference changed (services/due_board.py); worked
    out afresh first only when the rules in force are not those the rows were stored with.
    """
    first, last = due_rules.window(today)
    params = {"first": first, "last": last, "today": today}
    for attempt in (1, 2):
        with context.database.reading() as read:
            stored = read(DUE_RULES_KEY_SQL, {})
            if stored and stored[0][0] == due_rules.rules_key(rules):
                total = read(DUE_COUNT_SQL, params)[0][0]
                every = 2**31 - 1 if limit is None else limit
                rows = read(DUE_PAGE_SQL, {**params, "limit": every, "offset": offset})
                break
        if attempt == 2:
            raise AssertionError("the due board was worked out but its rules do not match")
        from chairdesk.services.due_board import ensure_current

        ensure_current(context, rules)
    items = []
    for conference_id, what, due_on, reference, name in rows:
        day = as_date(due_on)
        assert day is not None
        items.append(DueItem(conference_id, what, day, day < today, reference, name))
    return DuePage(tuple(items), int(total), offset)


def due_items(context: ServiceContext, rules: CouncilSettings, today: date) -> tuple[DueItem, ...]:
    """Everything due or overdue, overdue first, then soonest first (every page at once)."""
    return due_page(context, rules, today, limit=None).items


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

    def due_page(
        self, today: date | None = None, limit: int | None = DUE_PAGE, offset: int = 0
    ) -> DuePage:
        """A page of Home's due board (the first DUE_PAGE items unless asked for more)."""
        return due_page(self.context, self.settings(), today or self.context.today(), limit, offset)
