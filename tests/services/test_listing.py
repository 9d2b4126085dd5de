"""Home's first lists read in plain SQL: through the driver before the ORM loads, the same after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from chairdesk.domain import UserRole
from chairdesk.services import listing
from chairdesk.services.accounts import AccountService
from chairdesk.services.base import ServiceContext
from chairdesk.services.demo import load_demo
from chairdesk.services.home import HomeService
from chairdesk.services.settings import SettingsService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def _demo_file(tmp_path: Path) -> str:
    location = str(tmp_path / "demo.db")
    database = open_database(location, PASSPHRASE, create=True)
    try:
        context = ServiceContext(database)
        load_demo(context)
        # A changed setting and a number stored as JSON must read back the same way.
        SettingsService(context).update(idle_lock_minutes=9, region="scotland")
    finally:
        database.close()
    return location


def _lists(context: ServiceContext, day: date) -> tuple[object, ...]:
    return (
        listing.upcoming(context.database, day),
        listing.due_items(context, SettingsService(context).get(), day),
        SettingsService(context).get(),
    )


def test_listing_reads_the_same_through_the_driver_as_through_the_engine(tmp_path: Path) -> None:
    location = _demo_file(tmp_path)
    database = open_database(location, PASSPHRASE)
    try:
        context = ServiceContext(database)
        days = (date(2025, 1, 6), date(2026, 3, 2), date(2026, 11, 21))
        before = [_lists(context, day) for day in days]
        assert not database.engine_loaded  # read through the driver alone
        database.engine.dispose()  # builds the engine: from here on, through SQLAlchemy
        assert database.engine_loaded
        after = [_lists(context, day) for day in days]
    finally:
        database.close()
    assert before == after
    assert any(upcoming for upcoming, _due, _rules in before)
    assert any(due for _upcoming, due, _rules in before)
    rules = before[0][2]
    assert rules.idle_lock_minutes == 9 and rules.region == "scotland"


def test_listing_due_items_are_what_home_service_gives(database) -> None:
    """On encrypted SQLite and on PostgreSQL: HomeService's list is this one."""
    context = ServiceContext(database, clock=lambda: datetime(2026, 3, 2, 9))
    load_demo(context)
    due = listing.due_items(context, SettingsService(context).get(), date(2026, 3, 2))
    assert due and due == HomeService(context).due_items()
    upcoming = listing.upcoming(database, date(2025, 1, 1))
    assert [c.family_name for c in upcoming][:1] == ["Fernlow"]
    assert all(c.children for c in upcoming)


def test_listing_signed_in_context_has_the_accounts_role_however_the_name_was_typed(
    database,
) -> None:
    chair = ServiceContext(database)
    AccountService(chair).create_account("Alex Morgan", UserRole.CHAIR, "first passphrase 1")
    AccountService(chair).create_account("Sam Okafor", UserRole.MINUTE_TAKER, "minute passphrase 2")
    database.user = "  sam   OKAFOR "
    context = listing.signed_in_context(database)
    assert (context.user, context.role) == ("Sam Okafor", UserRole.MINUTE_TAKER)
    database.user = "Nobody Here"
    assert listing.signed_in_context(database).role == UserRole.CHAIR  # no such account


_FIRST_READ = """
import json, sys
sys.path.insert(0, {root!r})
from datetime import date
from chairdesk.services import listing
from chairdesk.services.base import ServiceContext
from chairdesk.storage import open_database
database = open_database({db!r}, {passphrase!r})
context = listing.signed_in_context(database)
rows = listing.upcoming(database, date(2025, 1, 1))
due = [d for day in (date(2025, 1, 6), date(2026, 3, 2), date(2026, 11, 21))
       for d in listing.ListingService(context).due_items(day)]
print(json.dumps({{"rows": len(rows), "due": len(due),
    "loaded": sorted({{m.split(".")[0] for m in sys.modules}}
                     & {{"sqlalchemy", "holidays", "jsonschema"}})}}))
database.close()
"""


def test_listing_first_reads_load_no_sqlalchemy_holidays_or_jsonschema(tmp_path: Path) -> None:
    """Stored settings were checked when written: reading them back needs no schema."""
    location = _demo_file(tmp_path)
    script = _FIRST_READ.format(root=str(ROOT), db=location, passphrase=PASSPHRASE)
    environment = dict(os.environ, CHAIRDESK_KDF_PROFILE="test")
    finished = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    seen = json.loads(finished.stdout.strip().splitlines()[-1])
    assert seen["rows"] > 0 and seen["due"] > 0
    assert seen["loaded"] == []
