"""Council settings: defaults, the council's file, a chair's changes, audit and refusals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from chairdesk import paths
from chairdesk.errors import ValidationError
from chairdesk.models import AuditEvent, Setting
from chairdesk.services import audit, settings_check
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings import (
    CHECKED_KEY,
    COUNCIL_FILE_VARIABLE,
    REGIONS,
    SETTING_KEYS,
    CouncilSettings,
    SettingsService,
    as_dict,
    load_council_file,
    stored_settings,
)
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def _no_council_file(monkeypatch):
    monkeypatch.delenv(COUNCIL_FILE_VARIABLE, raising=False)


def _context(database):
    return ServiceContext(database, user="chair.one", clock=lambda: datetime(2026, 3, 2, 9, 30))


def _audit_events(database):
    with database.transaction() as session:
        return [(e.action, e.user, e.detail) for e in session.scalars(select(AuditEvent))]


def test_settings_defaults_follow_the_domain_timescales():
    rules = CouncilSettings()
    assert rules.marking == "OFFICIAL-SENSITIVE"
    assert rules.region == "england-and-wales"
    assert rules.region_label == "England and Wales"
    assert (rules.icpc_within_working_days, rules.first_core_group_working_days) == (15, 10)
    assert (rules.first_review_months, rules.first_review_calendar_days) == (3, None)
    assert rules.later_review_months == 6
    assert rules.prebirth_review_working_days_after_birth == 20
    assert (rules.outcome_letter_working_days, rules.record_working_days) == (1, 15)
    assert (rules.reports_to_parents_before_icpc, rules.reports_to_parents_before_review) == (3, 5)
    assert (rules.reports_to_chair_before_icpc, rules.reports_to_chair_before_review) == (1, 3)
    assert rules.inquorate_reconvene_working_days == 10
    assert rules.action_limit == 8
    assert rules.reading_ease_target == 60.0


def test_settings_defaults_use_only_fictional_phone_numbers():
    # Ofcom's drama range for the 01632 area: 01632 960000 to 960999.
    text = " ".join((CouncilSettings().complaints_text, *CouncilSettings().advocacy_services))
    numbers = re.findall(r"\b0\d{3,4} ?\d{6}\b", text)
    assert numbers
    assert all(re.fullmatch(r"01632 960\d{3}", number) for number in numbers)


def test_settings_empty_database_gives_the_defaults(sqlite_database):
    assert SettingsService(_context(sqlite_database)).get() == CouncilSettings()


def test_settings_change_round_trips_and_is_audited(database):
    context = _context(database)
    changed = SettingsService(context).update(
        record_working_days=10,
        region="scotland",
        first_review_calendar_days=90,
        reading_ease_target=65,
        require_second_approval=True,
        advocacy_services=["Example Advocacy North: 01632 960111"],
        custom_glossary=[("Family Hub", "A building where families can get help in one place.")],
    )
    again = SettingsService(context).get()
    assert again == changed
    assert again.record_working_days == 10
    assert again.region == "scotland"
    assert again.first_review_calendar_days == 90
    assert again.reading_ease_target == 65.0
    assert again.require_second_approval is True
    assert again.advocacy_services == ("Example Advocacy North: 01632 960111",)
    assert again.custom_glossary == (
        ("Family Hub", "A building where families can get help in one place."),
    )
    assert again.icpc_within_working_days == 15  # untouched values keep their default
    stored = stored_settings(database)  # read back as the first screen reads it: no re-check
    assert stored.pop(CHECKED_KEY) == settings_check.digest(stored)

    [(action, user, detail)] = _audit_events(database)
    assert (action, user) == ("settings.changed", "chair.one")
    assert "record_working_days" in detail["keys"]
    assert detail["values"]["record_working_days"] == 10
    assert "custom_glossary" not in detail["values"]  # free text stays out of the audit
    assert audit.verify(context).ok

    assert SettingsService(context).update(record_working_days=11).record_working_days == 11
    assert SettingsService(context).get().record_working_days == 11
    assert len(_audit_events(database)) == 2


def test_settings_refuse_bad_values_and_store_nothing(database):
    service = SettingsService(_context(database))
    refusals = {
        "record_working_days": 0,
        "action_limit": True,
        "region": "wales",
        "require_second_approval": "yes",
        "reading_ease_target": 140,
        "marking": "   ",
        "advocacy_services": "one service",
        "custom_glossary": [("ICPC", "")],
        "first_review_calendar_days": 9000,
    }
    for key, value in refusals.items():
        with pytest.raises(ValidationError) as refused:
            # A good change alongside the bad one is not stored either.
            service.update(**{"idle_lock_minutes": 10, key: value})
        message = str(refused.value)
        assert "\n" not in message and "Traceback" not in message
    with pytest.raises(ValidationError, match="there is no setting called 'colour'"):
        service.update(colour="blue")
    with pytest.raises(ValidationError, match="from 1 to 60, not 0"):
        service.update(record_working_days=0)
    assert service.get() == CouncilSettings()
    assert _audit_events(database) == []


def test_settings_council_file_gives_defaults_and_stored_values_override(
    sqlite_database, tmp_path, monkeypatch
):
    council_file = tmp_path / "council.json"
    council_file.write_text(
        json.dumps(
            {
                "council_name": "Example Valley Council",
                "record_working_days": 20,
                "region": "northern-ireland",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(COUNCIL_FILE_VARIABLE, str(council_file))
    service = SettingsService(_context(sqlite_database))
    assert service.get().council_name == "Example Valley Council"
    assert service.get().record_working_days == 20

    service.update(record_working_days=12)
    settings = SettingsService(_context(sqlite_database)).get()
    assert settings.record_working_days == 12  # the chair's stored value wins over the file
    assert settings.region == "northern-ireland"  # the file still gives what was not changed

    assert service.reset("record_working_days").record_working_days == 20
    assert [a for a, _, _ in _audit_events(sqlite_database)] == [
        "settings.changed",
        "settings.reset",
    ]


def test_settings_council_file_problems_are_named(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken\.json is not valid JSON"):
        load_council_file(broken)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"action_limit": 0}), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"wrong\.json: the most actions in a plan"):
        load_council_file(wrong)
    with pytest.raises(ValidationError, match="cannot be read"):
        load_council_file(tmp_path / "missing.json")


def test_settings_council_file_round_trips_every_key(tmp_path):
    custom = CouncilSettings(
        region="scotland",
        first_review_calendar_days=90,
        custom_glossary=(("Family Hub", "A place to get help."),),
    )
    council_file = tmp_path / "council.json"
    council_file.write_text(json.dumps(as_dict(custom)), encoding="utf-8")
    assert load_council_file(council_file) == custom


def test_settings_stored_value_from_a_newer_version_is_ignored(sqlite_database):
    with sqlite_database.transaction() as session:
        session.add(Setting(key="future_setting", value=1))
        session.add(Setting(key="action_limit", value="many"))
        session.add(Setting(key="idle_lock_minutes", value=10))
    settings = SettingsService(_context(sqlite_database)).get()
    assert settings.action_limit == 8
    assert settings.idle_lock_minutes == 10


def test_settings_schema_names_every_setting_and_is_a_valid_schema():
    schema = json.loads(paths.resource("schema", settings_check.SCHEMA_FILE).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(SETTING_KEYS)
    assert schema["properties"]["region"]["enum"] == list(REGIONS)
    assert all(entry.get("title") for entry in schema["properties"].values())


def test_settings_changed_behind_the_apps_back_are_checked_again(sqlite_database):
    service = SettingsService(_context(sqlite_database))
    service.update(action_limit=5, idle_lock_minutes=10)
    with sqlite_database.transaction() as session:
        session.get(Setting, "action_limit").value = "many"  # the stored digest no longer fits
    settings = SettingsService(_context(sqlite_database)).get()
    assert settings.action_limit == 8
    assert settings.idle_lock_minutes == 10


_READ_STORED = """
import json, sys
sys.path.insert(0, {root!r})
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings import SettingsService
from chairdesk.storage import open_database
database = open_database({db!r}, {passphrase!r})
settings = SettingsService(ServiceContext(database)).get()
print(json.dumps({{"limit": settings.action_limit, "glossary": settings.custom_glossary,
    "schema_loaded": "jsonschema" in sys.modules}}))
database.close()
"""


def test_settings_stored_values_are_read_without_the_schema_library(tmp_path):
    """Checked when written, so the first screen's read need not load jsonschema again."""
    location = str(tmp_path / "chairdesk.db")
    database = open_database(location, PASSPHRASE, create=True)
    try:
        SettingsService(_context(database)).update(
            action_limit=5, custom_glossary=[("Family Hub", "One place to get help.")]
        )
    finally:
        database.close()
    root = Path(__file__).resolve().parents[2]
    script = _READ_STORED.format(root=str(root), db=location, passphrase=PASSPHRASE)
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    seen = json.loads(finished.stdout.strip().splitlines()[-1])
    assert seen == {
        "limit": 5,
        "glossary": [["Family Hub", "One place to get help."]],
        "schema_loaded": False,
    }
