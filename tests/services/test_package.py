"""The conference package: a faithful copy out and back in, refused plainly when it is wrong."""

from __future__ import annotations

import copy
import itertools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from chairdesk.domain import Origin, Visibility
from chairdesk.errors import PackageError, StorageError
from chairdesk.models import AuditEvent
from chairdesk.services.agenda import AgendaService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import ConferenceService
from chairdesk.services.demo import load_demo
from chairdesk.services.package import PackageService, validate_package
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE

NOW = datetime(2026, 12, 1, 9, 0)
_numbers = itertools.count(1)


def _context(database: Any) -> ServiceContext:
    return ServiceContext(database=database, clock=lambda: NOW)


@pytest.fixture
def demo_packages(sqlite_database: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    context = _context(sqlite_database)
    initial, review = load_demo(context)
    service = PackageService(context)
    return service.export_package(initial), service.export_package(review)


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_package_round_trip_into_an_empty_database_is_equal(
    database: Any, second_database: Any
) -> None:
    source = PackageService(_context(database))
    initial, review = load_demo(_context(database))
    exported = [source.export_package(initial), source.export_package(review)]

    target = PackageService(_context(second_database))
    imported = [
        target.import_package(copy.deepcopy(package), keep_sharing=True) for package in exported
    ]
    again = [target.export_package(summary.id) for summary in imported]

    assert [_without_ids(p) for p in again] == [_without_ids(p) for p in exported]
    # The ids are the package's own, so even they match.
    assert again == exported
    assert imported[1].previous_id == imported[0].id


def test_package_holds_the_documented_top_level_and_entry_fields(
    demo_packages: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    initial, _ = demo_packages

    assert list(initial)[:2] == ["format", "version"]
    assert initial["format"] == "chairdesk.conference-package" and initial["version"] == 1
    for key in (
        "family",
        "people",
        "conference",
        "participants",
        "reports",
        "agenda",
        "entries",
        "danger_statements",
        "scalings",
        "decisions",
        "actions",
    ):
        assert key in initial
    entry = initial["entries"][0]
    assert {"text", "heading", "speaker", "agenda_item", "origin", "visibility"} <= set(entry)
    withheld = [e for e in initial["entries"] if e["visibility"] == "withheld"]
    dean = next(p["id"] for p in initial["people"] if p["name"] == "Dean Kestrell")
    assert [e["withheld_from"] for e in withheld] == [[dean]]
    assert initial["conference"]["checklist"]["chair_met_parents"] is True
    assert initial["decisions"][0]["recommendations"]
    assert any(d["dissents"] for d in initial["decisions"])
    assert all(a["progress"] is not None for a in initial["actions"])
    datetime.fromisoformat(initial["conference"]["scheduled_at"])


def test_package_import_keeps_visibility_and_origin_when_the_chair_keeps_sharing(
    sqlite_database: Any, tmp_path: Path, demo_packages: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    initial, _ = demo_packages
    target = open_database(str(tmp_path / "target.db"), PASSPHRASE, create=True)
    try:
        context = _context(target)
        summary = PackageService(context).import_package(initial, keep_sharing=True)
        sharing = SharingService(context)
        professionals = sharing.view(summary.id)
        dean = next(a for a in sharing.audiences(summary.id) if a.recipient_name == "Dean Kestrell")
        deans = sharing.view(summary.id, dean)
    finally:
        target.close()

    pasted = [e for e in professionals.entries if e.origin == Origin.PASTED]
    assert [e.visibility for e in pasted] == [Visibility.PROFESSIONALS]
    assert any("Hillside" in e.text for e in professionals.entries)
    assert not any("Hillside" in e.text or "EX/DEMO" in e.text for e in deans.entries)


def test_package_schema_error_names_the_first_bad_field_and_writes_nothing(
    sqlite_database: Any, demo_packages: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    package = copy.deepcopy(demo_packages[0])
    package["entries"][3]["visibility"] = "public"
    package["entries"][5]["heading"] = "gossip"
    package["actions"][0]["status"] = "done"
    service = PackageService(_context(sqlite_database))
    before = ConferenceService(_context(sqlite_database)).list_conferences()

    with pytest.raises(PackageError) as raised:
        service.import_package(package)

    assert str(raised.value) == (
        "conference package is not valid at entries[3].visibility: "
        "'public' is not one of ['shared', 'professionals', 'withheld']"
    )
    assert ConferenceService(_context(sqlite_database)).list_conferences() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p: p["entries"][0].update(agenda_item=999),
            "entries[0].agenda_item: there is no agenda item 999 in the package",
        ),
        (
            lambda p: p["entries"][2].update(visibility="withheld", withheld_from=[]),
            "entries[2].withheld_from",
        ),
        (lambda p: p["entries"][1].pop("speaker"), "entries[1].speaker: this field is missing"),
        (
            lambda p: p["people"][0].update(date_of_birth="2019-02-30"),
            "people[0].date_of_birth: '2019-02-30' is not a real date",
        ),
        (
            lambda p: p["conference"].update(colour="blue"),
            "conference.colour: this field is not part of version 1",
        ),
        (lambda p: p["scalings"][0].update(score=11), "scalings[0].score"),
        (lambda p: p["entries"][4].update(text="a\x00b"), "entries[4].text: the text holds a NUL"),
    ],
)
def test_package_bad_fields_and_references_are_named_and_nothing_is_written(
    tmp_path: Path,
    demo_packages: tuple[dict[str, Any], dict[str, Any]],
    change: Any,
    expected: str,
) -> None:
    package = copy.deepcopy(demo_packages[0])
    change(package)
    target = open_database(str(tmp_path / "target.db"), PASSPHRASE, create=True)
    try:
        context = _context(target)
        with pytest.raises(PackageError) as raised:
            PackageService(context).import_package(package)
        conferences = ConferenceService(context).list_conferences()
        with target.transaction() as session:
            events = session.scalars(select(AuditEvent.action)).all()
    finally:
        target.close()

    assert expected in str(raised.value)
    assert conferences == ()
    assert "package.import" not in events


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], "holds no JSON object"),
        ({"version": 1}, "it has no 'format'"),
        ({"format": "chairdesk.agenda-templates", "version": 1}, "its format is"),
        ({"format": "chairdesk.conference-package", "version": 2}, "update ChairDesk"),
        ({"format": "chairdesk.conference-package", "version": 0}, "cannot be read"),
    ],
)
def test_package_wrong_format_or_version_gets_its_own_message(document: Any, expected: str) -> None:
    with pytest.raises(PackageError, match=expected):
        validate_package(document)


def test_package_unreadable_file_gets_a_plain_message(sqlite_database: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")

    with pytest.raises(PackageError, match="not readable JSON"):
        PackageService(_context(sqlite_database)).import_package(broken)
    with pytest.raises(PackageError, match="no conference package at"):
        PackageService(_context(sqlite_database)).import_package(tmp_path / "missing.json")


def test_package_same_reference_other_family_is_refused(
    sqlite_database: Any, demo_packages: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    package = copy.deepcopy(demo_packages[0])
    package["family"]["family_name"] = "Otherly"
    context = _context(sqlite_database)
    before = ConferenceService(context).list_conferences()

    with pytest.raises(PackageError, match="another name"):
        PackageService(context).import_package(package)
    with pytest.raises(PackageError, match="already in the database as conference 1"):
        PackageService(context).import_package(demo_packages[0])
    assert ConferenceService(context).list_conferences() == before


def test_package_new_conference_joins_the_existing_family(
    sqlite_database: Any, demo_packages: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    package = copy.deepcopy(demo_packages[1])
    package["conference"]["scheduled_at"] = "2030-01-08T10:00:00"
    context = _context(sqlite_database)

    summary = PackageService(context).import_package(package)

    family = [c for c in ConferenceService(context).list_conferences() if c.family_id == 1]
    assert summary.family_id == 1 and len(family) == 3
    assert len(SharingService(context).view(summary.id).people) == 6  # nobody added twice


def test_package_import_is_audited_without_names(
    sqlite_database: Any, tmp_path: Path, demo_packages: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    target = open_database(str(tmp_path / "target.db"), PASSPHRASE, create=True)
    try:
        PackageService(_context(target)).import_package(demo_packages[0])
        with target.transaction() as session:
            event = session.scalars(
                select(AuditEvent).where(AuditEvent.action == "package.import")
            ).one()
            detail = json.dumps(event.detail)
    finally:
        target.close()

    assert event.conference_id == 1
    assert "Fernlow" not in detail and "Jodie" not in detail


def test_package_exclusions_survive_the_round_trip(sqlite_database: Any, tmp_path: Path) -> None:
    context = _context(sqlite_database)
    initial, _ = load_demo(context)
    view = SharingService(context).view(initial)
    dean = next(p for p in view.participants if p.name == "Dean Kestrell")
    police = next(a for a in view.agenda if a.agency == "Police")
    AgendaService(context).exclude(
        dean.id,
        "Police information that cannot be shared yet.",
        started_at=view.started_at,
        agenda_item_ids=[police.id],
    )
    package = PackageService(context).export_package(initial)
    target = open_database(str(tmp_path / "target.db"), PASSPHRASE, create=True)
    try:
        copy_ = PackageService(_context(target))
        again = copy_.export_package(copy_.import_package(package, keep_sharing=True).id)
    finally:
        target.close()

    exclusion = package["conference"]["exclusions"][0]
    assert exclusion["reason"] == "Police information that cannot be shared yet."
    assert again["conference"]["exclusions"] == package["conference"]["exclusions"]


def test_package_write_replaces_the_file_whole_and_fails_plainly(
    sqlite_database: Any, tmp_path: Path
) -> None:
    context = _context(sqlite_database)
    initial, _ = load_demo(context)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "family.json"
    out.write_text("an older file", encoding="utf-8")

    PackageService(context).write_package(initial, out, plain_reason="A fixture to read back.")

    assert json.loads(out.read_text(encoding="utf-8"))["family"]["family_name"] == "Fernlow"
    assert sorted(p.name for p in folder.iterdir()) == ["family.json"]
    with pytest.raises(StorageError, match="could not write"):
        PackageService(context).write_package(
            initial, tmp_path / "missing" / "family.json", plain_reason="A fixture to read back."
        )
