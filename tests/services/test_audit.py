"""The audit trail: every change leaves an event; an edit, deletion or reordering is detected."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update

from chairdesk.domain import ConferenceKind, MeetingModel, PersonRole
from chairdesk.models import AuditEvent
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import ConferenceService, NewConference, NewPerson


def _context(database):
    return ServiceContext(database, user="chair", clock=lambda: datetime(2026, 12, 1, 10))


def _events(context, count):
    with context.database.transaction() as session:
        for number in range(count):
            audit.record(session, context, "entry.add", "entry", number, 1, {"n": number})


def test_audit_records_conference_creation_without_names(database):
    context = _context(database)
    ConferenceService(context).create(
        NewConference(
            case_reference="AU-1",
            family_name="Brackenbury",
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.TRADITIONAL,
            scheduled_at=datetime(2026, 12, 3, 10),
            people=(NewPerson("Ivo Brackenbury", PersonRole.CHILD),),
        )
    )
    with database.transaction() as session:
        events = session.scalars(select(AuditEvent)).all()
        assert [(e.action, e.user) for e in events] == [("conference.create", "chair")]
        assert "Brackenbury" not in repr(events[0].detail)
    assert audit.verify(context).ok


def test_audit_verify_names_an_edited_event(database):
    context = _context(database)
    _events(context, 10)
    with database.transaction() as session:
        session.execute(update(AuditEvent).where(AuditEvent.id == 4).values(user="someone else"))
    verdict = audit.verify(context)
    assert not verdict.ok and verdict.first_bad_event_id == 4
    assert "audit event 4" in verdict.message


def test_audit_verify_names_the_event_after_a_deleted_one(database):
    context = _context(database)
    _events(context, 10)
    with database.transaction() as session:
        session.delete(session.get(AuditEvent, 6))
    verdict = audit.verify(context)
    assert not verdict.ok and verdict.first_bad_event_id == 7


def test_audit_verify_detects_two_events_swapped(database):
    context = _context(database)
    _events(context, 6)
    with database.transaction() as session:
        a, b = session.get(AuditEvent, 2), session.get(AuditEvent, 3)
        fields = ("action", "record_id", "detail", "digest")
        saved = {f: getattr(a, f) for f in fields}
        for f in fields:
            setattr(a, f, getattr(b, f))
            setattr(b, f, saved[f])
    verdict = audit.verify(context)
    assert not verdict.ok and verdict.first_bad_event_id == 2


@pytest.mark.parametrize("count", [0, 1, 50])
def test_audit_verify_passes_an_untouched_chain(database, count):
    context = _context(database)
    _events(context, count)
    verdict = audit.verify(context)
    assert verdict.ok and verdict.events_checked == count


def test_audit_chain_needs_the_database_key(database):
    """A digest recomputed without the key (as a tamperer would) does not verify."""
    context = _context(database)
    _events(context, 3)
    with database.transaction() as session:
        event = session.get(AuditEvent, 2)
        event.user = "forged"
        previous = session.get(AuditEvent, 1).digest
        event.digest = audit.event_digest(b"guessed key", previous, event)
    assert audit.verify(context).first_bad_event_id == 2
