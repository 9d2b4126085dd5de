"""Keeping the stored due board (models/due.py) true as conferences change.

Every ORM transaction is watched: after each flush the conferences whose due items may have
changed are noted (a conference itself, the one a review follows, a report, core group or
decision of one, a person of the family for a pre-birth conference), and just before the
commit their rows are worked out again (services/due_rules.py) in the same transaction, so the
board and the conference are committed together or not at all. A change to the settings marks
the board for working out afresh, as does a change of the council's timescale file: Home's
read (`ensure_current`) compares the fingerprint of the rules in force with the stored one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.orm import Session

from chairdesk.models import (
    AuditEvent,
    Conference,
    CoreGroupMeeting,
    Decision,
    DueRow,
    DueState,
    Person,
    Report,
    Setting,
)
from chairdesk.services.base import ServiceContext
from chairdesk.services.due_rules import DueRowData, due_rows, ids_clause, rules_for, rules_key
from chairdesk.services.settings import CouncilSettings
from chairdesk.storage.database import reader_on

_CONFERENCES = "due_board.conferences"
_FAMILIES = "due_board.families"
_STALE = "due_board.stale"
_WORKING = "due_board.working"


def _noted(session: Session, name: str) -> set[int]:
    found: set[int] = session.info.setdefault(name, set())
    return found


def _old_and_new(instance: Any, attribute: str) -> set[int]:
    history = inspect(instance).attrs[attribute].history
    values = {getattr(instance, attribute), *history.deleted, *history.added}
    return {int(v) for v in values if v is not None}


def note_changes(session: Session) -> None:
    """After a flush: note the conferences whose due rows may have changed."""
    if any(not isinstance(x, AuditEvent) for x in (*session.new, *session.dirty, *session.deleted)):
        # Counted in Database.writes once committed (an audit event alone changes no list).
        session.info["due_board.wrote"] = True
    if session.info.get(_WORKING):
        return
    conferences, families = _noted(session, _CONFERENCES), _noted(session, _FAMILIES)
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, Conference):
            if instance.id is not None:
                conferences.add(instance.id)
            conferences |= _old_and_new(instance, "previous_id")
        elif isinstance(instance, Report | CoreGroupMeeting | Decision):
            conferences |= _old_and_new(instance, "conference_id")
        elif isinstance(instance, Person):
            families |= _old_and_new(instance, "family_id")
        elif isinstance(instance, Setting):
            session.info[_STALE] = True


def bring_up_to_date(session: Session) -> None:
    """Before the commit: work the noted conferences' rows out again, in this transaction."""
    if session.info.get(_WORKING):
        return
    session.flush()
    conferences = session.info.pop(_CONFERENCES, set())
    families = session.info.pop(_FAMILIES, set())
    stale = session.info.pop(_STALE, False)
    if not (conferences or families or stale):
        return
    session.info[_WORKING] = True
    try:
        if families:
            conferences |= set(
                session.scalars(select(Conference.id).where(Conference.family_id.in_(families)))
            )
        if stale:
            # Worked out afresh with the new settings once they are committed (ensure_current).
            _set_rules_key(session, "")
            return
        stored = _rules_key(session)
        rules = rules_for(stored) if stored else None
        if rules is None:
            rules = _rules_in_force(session)
            if rules is None:
                _set_rules_key(session, "")  # worked out afresh on the next read
            elif rules_key(rules) != stored:
                rebuild(session, rules)
            else:
                refresh(session, conferences, rules)
        elif conferences:
            refresh(session, conferences, rules)
    finally:
        session.info.pop(_WORKING, None)


def _rules_in_force(session: Session) -> CouncilSettings | None:
    """The council's rules as they stand (stored settings over the council's file)."""
    from chairdesk.services.settings import SettingsService

    database = session.info.get("database")
    if database is None:
        return None
    return SettingsService(ServiceContext(database)).get()


def refresh(session: Session, conference_ids: set[int], rules: CouncilSettings) -> None:
    """Work out again, and store, the due rows of these conferences."""
    connection = session.connection()
    read = reader_on(connection, connection.dialect.name == "sqlite")
    rows = due_rows(read, rules, ids_clause(conference_ids), {})
    session.execute(delete(DueRow).where(DueRow.conference_id.in_(conference_ids)))
    _insert(session, rows)


def rebuild(session: Session, rules: CouncilSettings) -> None:
    """Work out every conference's due rows afresh (a new rule set, or a board never built)."""
    connection = session.connection()
    read = reader_on(connection, connection.dialect.name == "sqlite")
    session.execute(delete(DueRow))
    _insert(session, due_rows(read, rules, "1 = 1", {}))
    _set_rules_key(session, rules_key(rules))


def _insert(session: Session, rows: list[DueRowData]) -> None:
    if rows:
        session.execute(
            insert(DueRow),
            [
                {
                    "conference_id": row.conference_id,
                    "what": row.what,
                    "due_on": row.due_on,
                    "held_on": row.held_on,
                    "shown_from": row.shown_from,
                }
                for row in rows
            ],
        )


def _rules_key(session: Session) -> str:
    return session.scalar(select(DueState.rules_key).where(DueState.id == 1)) or ""


def _set_rules_key(session: Session, key: str) -> None:
    state = session.get(DueState, 1)
    if state is None:
        session.add(DueState(id=1, rules_key=key))
    else:
        state.rules_key = key
    session.flush()


def ensure_current(context: ServiceContext, rules: CouncilSettings) -> None:
    """Work the whole board out afresh when the rules in force are not those it was stored
    with (after an upgrade, a change of settings or of the council's timescale file)."""
    with context.database.transaction() as session:
        session.info[_WORKING] = True
        if _rules_key(session) != rules_key(rules):
            rebuild(session, rules)
        session.info.pop(_WORKING, None)
