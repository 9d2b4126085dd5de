"""Conference packages on the command line: encrypted by default, a chair's only, bounded."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyrage
import pytest
from sqlalchemy import select

from chairdesk.models import AuditEvent, Entry
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.security.test_accounts import MINUTES, MINUTES_PASSPHRASE
from tests.test_cli import PLAIN, assert_one_error_line, chairdesk, home, listing
from tests.test_cli_accounts import accounts_db

__all__ = ["accounts_db", "home"]  # the fixtures, shared with the modules they come from

PACKAGE_PASSPHRASE = "a package passphrase for the test"


@pytest.fixture(scope="module")
def demo(home: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("package-demo") / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    return str(db)


def _events(db: str, action: str) -> list[AuditEvent]:
    database = open_database(db, PASSPHRASE)
    try:
        with database.transaction() as session:
            return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
    finally:
        database.close()


def test_package_export_without_a_flag_is_age_encrypted_not_json(
    home: Path, demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "review.age"
    monkeypatch.setenv("CHAIRDESK_PACKAGE_PASSPHRASE", PACKAGE_PASSPHRASE)

    exported = chairdesk(home, "package", "export", "2", "--out", str(out), "--db", demo)

    assert exported.returncode == 0, exported.stderr
    data = out.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert b"Fernlow" not in data and b"DEMO-1001" not in data
    with pytest.raises(ValueError):
        json.loads(data)
    # age itself (not only ChairDesk) opens it with the passphrase.
    assert json.loads(pyrage.passphrase.decrypt(data, PACKAGE_PASSPHRASE))["version"] == 1
    assert os.stat(out).st_mode & 0o777 == 0o600
    # And it comes back in through the command line with the same passphrase.
    db = tmp_path / "other.db"
    imported = chairdesk(home, "package", "import", str(out), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    assert [r["case_reference"] for r in listing(home, str(db))] == ["DEMO-1001"]
    monkeypatch.setenv("CHAIRDESK_PACKAGE_PASSPHRASE", "not the package passphrase")
    wrong = chairdesk(home, "package", "import", str(out), "--db", str(tmp_path / "no.db"))
    assert "does not open with that passphrase" in assert_one_error_line(wrong)
    assert not (tmp_path / "no.db").exists()


def test_package_to_an_age_key_opens_only_with_its_identity(
    home: Path, demo: str, tmp_path: Path
) -> None:
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "chair.key"
    key_file.write_text(f"# a chair's key\n{identity}\n", encoding="utf-8")
    out = tmp_path / "initial.age"

    exported = chairdesk(
        home,
        "package",
        "export",
        "1",
        "--out",
        str(out),
        "--to",
        str(identity.to_public()),
        "--db",
        demo,
    )

    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")
    db = tmp_path / "other.db"
    without = chairdesk(home, "package", "import", str(out), "--db", str(db))
    assert "--identity" in assert_one_error_line(without)
    assert not db.exists()
    imported = chairdesk(
        home, "package", "import", str(out), "--identity", str(key_file), "--db", str(db)
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "1"
    not_a_key = chairdesk(
        home, "package", "export", "1", "--out", str(out), "--to", "Bob", "--db", demo
    )
    assert "not an age public key" in assert_one_error_line(not_a_key)


def test_package_plain_needs_a_reason_and_the_reason_is_audited(
    home: Path, demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "plain.json"
    refused = chairdesk(home, "package", "export", "1", "--out", str(out), "--plain", "--db", demo)
    assert "--reason" in assert_one_error_line(refused, status=2)
    assert not out.exists()

    written = chairdesk(home, "package", "export", "1", "--out", str(out), *PLAIN, "--db", demo)

    assert written.returncode == 0, written.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "chairdesk.conference-package"
    assert os.stat(out).st_mode & 0o777 == 0o600
    plain = [e.detail for e in _events(demo, "package.export") if e.detail["format"] == "plain"]
    assert plain and plain[-1]["reason"] == PLAIN[2]


def test_package_minute_takers_export_and_import_are_refused(
    home: Path, accounts_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAIRDESK_USER", MINUTES)
    out = tmp_path / "taken.json"
    plain = tmp_path / "a-package.json"
    plain.write_text(
        json.dumps(_demo_package(home, tmp_path)), encoding="utf-8"
    )  # a chair's package from elsewhere

    exported = chairdesk(
        home,
        "package",
        "export",
        "2",
        "--out",
        str(out),
        *PLAIN,
        "--db",
        accounts_db,
        passphrase=MINUTES_PASSPHRASE,
    )
    imported = chairdesk(
        home, "package", "import", str(plain), "--db", accounts_db, passphrase=MINUTES_PASSPHRASE
    )

    assert "only a chair can export or import" in assert_one_error_line(exported)
    assert "only a chair can export or import" in assert_one_error_line(imported)
    assert not out.exists()
    result = chairdesk(home, "list", "--db", accounts_db, "--json", passphrase=MINUTES_PASSPHRASE)
    assert len(json.loads(result.stdout)) == 2  # nothing was imported


def _demo_package(home: Path, folder: Path) -> dict[str, object]:
    db = folder / "source.db"
    out = folder / "source.json"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    result = chairdesk(home, "package", "export", "2", "--out", str(out), *PLAIN, "--db", str(db))
    assert result.returncode == 0, result.stderr
    package: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    package["family"] = {**package["family"], "case_reference": "DEMO-2002"}  # type: ignore[dict-item]
    return package


def test_package_import_refuses_a_huge_file_before_reading_it(home: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    entry = "x" * (50 * 1024 * 1024)
    huge.write_text(
        '{"format": "chairdesk.conference-package", "entries": [{"text": "' + entry + '"}]}',
        encoding="utf-8",
    )
    db = tmp_path / "new.db"

    started = time.perf_counter()
    result = chairdesk(home, "package", "import", str(huge), "--db", str(db))
    elapsed = time.perf_counter() - started

    line = assert_one_error_line(result)
    assert "50.0 MB" in line and "up to 32.0 MB" in line and len(line) < 200
    assert not db.exists()
    print(f"\n50 MB package refused in {elapsed:.2f} s (the whole command)")


def test_package_import_refuses_text_over_the_screens_limits_in_one_short_line(
    home: Path, demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "p.json"
    assert (
        chairdesk(
            home, "package", "export", "1", "--out", str(out), *PLAIN, "--db", demo
        ).returncode
        == 0
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    document["family"]["case_reference"] = "DEMO-7777"
    people = [dict(document["people"][0], name="N" * 5_000_000), *document["people"][1:]]
    long_name = dict(document, people=people)
    long_entry = json.loads(json.dumps(document))
    long_entry["entries"][0]["text"] = "E" * 1_000_001
    db = tmp_path / "new.db"
    for bad, where, limit in (
        (long_name, "people[0].name", "500"),
        (long_entry, "entries[0].text", "1,000,000"),
    ):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(bad), encoding="utf-8")

        line = assert_one_error_line(
            chairdesk(home, "package", "import", str(path), "--db", str(db))
        )

        assert where in line and f"there is {limit}" in line and len(line) < 250
        assert not db.exists()


@pytest.mark.parametrize("depth", [50, 100_000])
def test_package_deeply_nested_json_is_not_a_package(
    home: Path, tmp_path: Path, depth: int
) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text('{"format": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    db = tmp_path / "new.db"

    line = assert_one_error_line(chairdesk(home, "package", "import", str(nested), "--db", str(db)))

    assert "is not a conference package: it is nested too deeply" in line
    assert not db.exists()


def test_package_import_starts_professionals_only_unless_the_chair_keeps_sharing(
    home: Path, demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "p.json"
    assert (
        chairdesk(
            home, "package", "export", "1", "--out", str(out), *PLAIN, "--db", demo
        ).returncode
        == 0
    )
    shared_in_package = sum(
        e["visibility"] != "professionals"
        for e in json.loads(out.read_text(encoding="utf-8"))["entries"]
    )
    assert shared_in_package > 0
    counts = {}
    for flag in ((), ("--keep-sharing",)):
        db = tmp_path / f"into{len(flag)}.db"
        result = chairdesk(home, "package", "import", str(out), *flag, "--db", str(db))
        assert result.returncode == 0, result.stderr
        database = open_database(str(db), PASSPHRASE)
        try:
            with database.transaction() as session:
                counts[bool(flag)] = sum(
                    e.visibility.value != "professionals" for e in session.scalars(select(Entry))
                )
        finally:
            database.close()
        event = _events(str(db), "package.import")[0]
        assert event.detail["sharing_kept"] is bool(flag)

    assert counts == {False: 0, True: shared_in_package}


def test_package_import_failing_inside_the_database_leaves_no_new_database(
    home: Path, demo: str, tmp_path: Path
) -> None:
    out = tmp_path / "p.json"
    exported = chairdesk(home, "package", "export", "1", "--out", str(out), *PLAIN, "--db", demo)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    document["entries"][0]["agenda_item"] = 999  # the schema allows it; the importer does not
    out.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "new.db"

    result = chairdesk(home, "package", "import", str(out), "--db", str(db))

    assert "there is no agenda item 999" in assert_one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]
