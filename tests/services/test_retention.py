"""Retention: old concluded conferences go with everything recorded for them; nothing else does."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from chairdesk.domain import ConferenceStatus, FeedbackAnswer, Heading
from chairdesk.errors import NotFoundError, ValidationError
from chairdesk.models import Action, AuditEvent, DangerStatement, Entry, Family, Feedback, Person
from chairdesk.services import audit
from chairdesk.services.agenda import AgendaService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conduct import ConductService
from chairdesk.services.conferences import ConferenceService
from chairdesk.services.entries import EntryService
from chairdesk.services.feedback import FeedbackService
from chairdesk.services.retention import PurgeResult, RetentionService, retention_cutoff
from chairdesk.services.reviews import ReviewService
from chairdesk.services.settings import SettingsService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import engine as storage_engine
from chairdesk.storage import open_database
from chairdesk.storage.engine import Database
from tests.conftest import PASSPHRASE
from tests.reliability.cases import Case, marker, record_case

TODAY = date(2026, 6, 1)
LONG_AGO = datetime(1999, 3, 1, 10, 0)  # 27 years before TODAY: past the default 25
RECENTLY = datetime(2025, 3, 1, 10, 0)


def _context(database: Database) -> ServiceContext:
    return ServiceContext(database, user="chair", clock=lambda: datetime(2026, 6, 1, 9, 0))


def _concluded(context: ServiceContext, reference: str, when: datetime, **texts: str) -> Case:
    case = record_case(context, reference, scheduled_at=when, **texts)
    FeedbackService(context).submit(case.conference_id, spoke_first=FeedbackAnswer.YES)
    ConductService(context).go_ahead(case.conference_id, "Agencies sent written reports")
    AgendaService(context).conclude(case.conference_id)
    return case


def _count(database: Database, model: Any, **where: int) -> int:
    with database.transaction() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(session.scalar(query) or 0)


def test_retention_cutoff_counts_back_whole_years() -> None:
    assert retention_cutoff(date(2026, 6, 1), 25) == date(2001, 6, 1)
    assert retention_cutoff(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_retention_purge_removes_old_concluded_conferences_with_everything_in_them(
    database: Database,
) -> None:
    context = _context(database)
    old = _concluded(
        context,
        "RT-0001",
        LONG_AGO,
        entry_text="old words",
        action_what="old action",
        danger="old danger",
    )
    recent = _concluded(context, "RT-0002", RECENTLY, entry_text="recent words")
    still_planned = record_case(context, "RT-0003", scheduled_at=LONG_AGO, entry_text="planned")

    result = RetentionService(context).purge(today=TODAY)

    assert result == PurgeResult(conferences_removed=1, families_removed=1)
    listed = {c.id for c in ConferenceService(context).list_conferences()}
    assert listed == {recent.conference_id, still_planned.conference_id}
    with pytest.raises(NotFoundError):
        SharingService(context).view(old.conference_id)
    for model in (Entry, Action, DangerStatement, Feedback):
        assert _count(database, model, conference_id=old.conference_id) == 0, model.__name__
    assert _count(database, Person, family_id=old.family_id) == 0
    assert _count(database, Family, id=old.family_id) == 0
    kept = SharingService(context).view(recent.conference_id)
    assert [e.text for e in kept.entries] == ["recent words"]
    assert _count(database, Feedback, conference_id=recent.conference_id) == 1


def test_retention_purge_follows_the_council_setting_and_an_explicit_period(
    database: Database,
) -> None:
    context = _context(database)
    four_years_ago = _concluded(context, "RT-0011", datetime(2022, 5, 1, 10, 0))
    SettingsService(context).update(retention_years=5)
    assert RetentionService(context).purge(today=TODAY).conferences_removed == 0
    SettingsService(context).update(retention_years=3)
    service = RetentionService(context)
    assert service.due_for_removal(today=TODAY) == (four_years_ago.conference_id,)
    assert service.purge(older_than_years=10, today=TODAY).conferences_removed == 0
    assert service.purge(today=TODAY) == PurgeResult(1, 1)


def test_retention_purge_keeps_a_later_review_and_the_family(database: Database) -> None:
    context = _context(database)
    initial = _concluded(context, "RT-0021", LONG_AGO, entry_text="initial words")
    review = ReviewService(context).start_review(initial.conference_id, RECENTLY)
    EntryService(context).add_entry(
        SharingService(context).view(review.id).agenda[2].id, Heading.VIEW, "review words"
    )

    result = RetentionService(context).purge(today=TODAY)

    assert result == PurgeResult(conferences_removed=1, families_removed=0)
    kept = SharingService(context).view(review.id)
    assert kept.summary.previous_id is None
    assert kept.family.id == initial.family_id
    assert [e.text for e in kept.entries] == ["review words"]
    assert {p.name for p in kept.people} >= {"Ada Thornbury", "Rhys Thornbury"}


def test_retention_purge_audits_counts_only_and_keeps_the_chain(database: Database) -> None:
    context = _context(database)
    _concluded(context, "RT-0031", LONG_AGO, entry_text="audited words")
    RetentionService(context).purge(today=TODAY)
    with database.transaction() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "retention.purge")
        ).one()
        assert event.detail == {"conferences_removed": 1, "families_removed": 1}
    assert audit.verify(context).ok


@pytest.mark.parametrize("years", [0, 101, -3, True, "25", 2.5])
def test_retention_purge_refuses_a_period_that_is_not_whole_years(
    sqlite_database: Database, years: Any
) -> None:
    context = _context(sqlite_database)
    case = _concluded(context, "RT-0041", LONG_AGO)
    with pytest.raises(ValidationError, match="years to keep"):
        RetentionService(context).purge(older_than_years=years, today=TODAY)
    assert SharingService(context).view(case.conference_id).summary.status == (
        ConferenceStatus.CONCLUDED
    )


def _connect_without_encryption(path: Path, key: bytes, *, read_only: bool = False) -> Any:
    module = storage_engine.sqlcipher_module()
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        return module.connect(uri, uri=True, check_same_thread=False, timeout=10)
    return module.connect(str(path), check_same_thread=False, timeout=10)


def _raw(path: Path) -> bytes:
    found = b""
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            found += part.read_bytes()
    return found


def test_retention_purged_text_is_not_left_in_the_file_or_its_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Encryption hides every byte, so to see whether purged text lingers in free pages or old
    WAL frames this test runs the real engine (WAL, secure_delete, the same pragmas) with the
    encryption key left out, then reads the raw file and WAL itself."""
    monkeypatch.setattr(storage_engine, "connect_encrypted", _connect_without_encryption)
    path = tmp_path / "plain.db"
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        context = _context(database)
        gone = {key: marker("GONE") for key in ("entry_text", "action_what", "danger")}
        kept = {key: marker("KEPT") for key in ("entry_text", "action_what", "danger")}
        _concluded(context, "RT-0051", LONG_AGO, family_name=marker("GONE"), **gone)
        keep = _concluded(context, "RT-0052", RECENTLY, **kept)
        with database.engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(PASSIVE)")).fetchall()
        before = _raw(path)
        # The scan can see plain text: both cases are there before the purge.
        assert [v for v in (*gone.values(), *kept.values()) if v.encode() not in before] == []

        RetentionService(context).purge(today=TODAY)

        # A plain checkpoint, as SQLite runs by itself: old frames stay in the WAL unless the
        # purge emptied it.
        with database.engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(PASSIVE)")).fetchall()
        after = _raw(path)
        assert [v for v in gone.values() if v.encode() in after] == [], "purged text remains"
        assert [v for v in kept.values() if v.encode() not in after] == []
        view = SharingService(context).view(keep.conference_id)
        assert [e.text for e in view.entries] == [kept["entry_text"]]
        assert [a.what for a in view.actions] == [kept["action_what"]]
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        database.close()


def test_retention_purge_on_the_encrypted_file_leaves_no_marker_and_a_sound_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "chairdesk.db"
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        context = _context(database)
        gone = marker("GONE")
        _concluded(context, "RT-0061", LONG_AGO, entry_text=gone)
        keep = _concluded(context, "RT-0062", RECENTLY, entry_text="kept words")
        RetentionService(context).purge(today=TODAY)
        assert gone.encode() not in _raw(path)
        assert [e.text for e in SharingService(context).view(keep.conference_id).entries] == [
            "kept words"
        ]
    finally:
        database.close()
    reopened = open_database(str(path), PASSPHRASE)
    try:
        with reopened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        reopened.close()
