"""The command line with accounts: CHAIRDESK_USER, roles, and `chairdesk purge`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from chairdesk.domain import ConferenceStatus, UserRole
from chairdesk.models import AuditEvent, Conference
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.security.test_accounts import (
    CHAIR,
    CHAIR_PASSPHRASE,
    MINUTES,
    MINUTES_PASSPHRASE,
)
from tests.test_cli import assert_one_error_line, chairdesk, home

__all__ = ["home"]  # the module-scoped fixture, shared with tests/test_cli.py


@pytest.fixture
def accounts_db(home: Path, tmp_path: Path) -> str:
    """The demo family in a database with a chair's and a minute-taker's accounts; the demo's
    first conference concluded thirty years ago, so that a purge removes it."""
    db = tmp_path / "accounts.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    database = open_database(str(db), PASSPHRASE)
    try:
        context = ServiceContext(database)
        AccountService(context).create_account(CHAIR, UserRole.CHAIR, CHAIR_PASSPHRASE)
        chair = ServiceContext(database, user=CHAIR, role=UserRole.CHAIR)
        AccountService(chair).create_account(MINUTES, UserRole.MINUTE_TAKER, MINUTES_PASSPHRASE)
        with database.transaction() as session:
            first = session.scalars(select(Conference).order_by(Conference.id)).first()
            assert first is not None
            first.scheduled_at = datetime(1996, 3, 4, 10, 0)
            first.status = ConferenceStatus.CONCLUDED
    finally:
        database.close()
    return str(db)


def test_cli_accounts_each_person_uses_their_own_passphrase(
    home: Path, accounts_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The database passphrase no longer opens it.
    assert "name or passphrase" in assert_one_error_line(
        chairdesk(home, "list", "--db", accounts_db)
    )
    monkeypatch.setenv("CHAIRDESK_USER", MINUTES)
    result = chairdesk(home, "list", "--db", accounts_db, "--json", passphrase=MINUTES_PASSPHRASE)
    assert result.returncode == 0, result.stderr
    # A minute-taker cannot save a parent's copy or purge.
    line = assert_one_error_line(
        chairdesk(
            home,
            "export",
            "2",
            "--db",
            accounts_db,
            "--document",
            "plan",
            "--audience",
            "parent",
            "--recipient",
            "Jodie Fernlow",
            "--format",
            "pdf",
            "--out",
            str(Path(accounts_db).parent / "copy.pdf"),
            passphrase=MINUTES_PASSPHRASE,
        )
    )
    assert "only a chair can save a parent's copy" in line
    assert not (Path(accounts_db).parent / "copy.pdf").exists()
    line = assert_one_error_line(
        chairdesk(home, "purge", "--db", accounts_db, passphrase=MINUTES_PASSPHRASE)
    )
    assert "only a chair or a manager" in line


def test_cli_purge_removes_old_concluded_conferences_and_audits_it(
    home: Path, accounts_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAIRDESK_USER", CHAIR)
    before = chairdesk(home, "list", "--db", accounts_db, "--json", passphrase=CHAIR_PASSPHRASE)
    assert before.returncode == 0

    dry = chairdesk(home, "purge", "--db", accounts_db, "--dry-run", passphrase=CHAIR_PASSPHRASE)
    assert dry.returncode == 0, dry.stderr
    assert (
        dry.stdout.startswith("1 conference concluded before")
        and "nothing was removed" in dry.stdout
    )

    result = chairdesk(home, "purge", "--db", accounts_db, passphrase=CHAIR_PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Removed 1 conference concluded before")
    assert "Backups taken before now still hold them" in result.stdout

    again = chairdesk(home, "purge", "--db", accounts_db, passphrase=CHAIR_PASSPHRASE)
    assert again.stdout.startswith("Removed 0 conferences")
    verified = chairdesk(home, "audit", "verify", "--db", accounts_db, passphrase=CHAIR_PASSPHRASE)
    assert verified.returncode == 0 and verified.stdout.startswith("ok:")

    database = open_database(accounts_db, CHAIR_PASSPHRASE, user=CHAIR)
    try:
        with database.transaction() as session:
            remaining = session.scalars(select(Conference.id)).all()
            purges = session.scalars(
                select(AuditEvent).where(AuditEvent.action.like("%purge%"))
            ).all()
            users = {e.user for e in purges}
        assert remaining == [2]
        assert users == {CHAIR}
    finally:
        database.close()
