"""The command line of DESIGN.md §7, run as a user would: `python -m chairdesk ...` in a process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
#: A plain JSON package, as a test reads it back.
PLAIN = ("--plain", "--reason", "A test reads the package back.")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the subprocesses keep their data and logs, instead of the real user folders."""
    return tmp_path_factory.mktemp("cli-home")


def chairdesk(
    home: Path, *args: str, passphrase: str | None = PASSPHRASE, db_variable: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        CHAIRDESK_KDF_PROFILE="test",
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        QT_QPA_PLATFORM="offscreen",
    )
    env.pop("CHAIRDESK_DB", None)
    env.pop("CHAIRDESK_PASSPHRASE", None)
    if passphrase is not None:
        env["CHAIRDESK_PASSPHRASE"] = passphrase
    if db_variable is not None:
        env["CHAIRDESK_DB"] = db_variable
    return subprocess.run(
        [sys.executable, "-m", "chairdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("chairdesk: ")
    return lines[0]


def listing(home: Path, db: str) -> list[dict[str, Any]]:
    result = chairdesk(home, "list", "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.fixture(scope="module")
def demo_db(home: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = chairdesk(home, "demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "2"]
    return str(db)


@pytest.fixture(scope="module")
def package_file(home: Path, demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package") / "review.json"
    result = chairdesk(home, "package", "export", "2", "--out", str(out), *PLAIN, "--db", demo_db)
    assert result.returncode == 0, result.stderr
    return out


def copy_database(source: str, folder: Path) -> Path:
    """The demo database and its key file, copied so a test may change them."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in Path(source).parent.iterdir():
        if path.name.startswith(Path(source).name) and path.is_file():
            shutil.copy2(path, folder / path.name)
    return folder / Path(source).name


def test_cli_version_prints_the_version(home: Path) -> None:
    import chairdesk as package

    result = chairdesk(home, "--version")

    assert result.returncode == 0
    assert result.stdout.strip() == f"chairdesk {package.__version__}"


def test_cli_demo_lists_the_fernlow_conferences(home: Path, demo_db: str) -> None:
    result = chairdesk(home, "list", "--db", demo_db)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "Reference", "Family"]
    assert "initial" in lines[1] and "Fernlow" in lines[1] and "concluded" in lines[1]
    assert "review" in lines[2]


def test_cli_list_json_gives_objects_with_the_documented_keys(home: Path, demo_db: str) -> None:
    rows = listing(home, demo_db)

    assert [row["id"] for row in rows] == [1, 2]
    assert set(rows[0]) == {"id", "case_reference", "family", "kind", "date", "status"}
    assert rows[0]["family"] == "Fernlow" and rows[1]["kind"] == "review"
    assert rows[0]["date"] < rows[1]["date"]


def test_cli_db_may_come_before_the_command_or_from_the_variable(home: Path, demo_db: str) -> None:
    before = chairdesk(home, "--db", demo_db, "list", "--json")
    from_variable = chairdesk(home, "list", "--json", db_variable=demo_db)

    assert json.loads(before.stdout) == json.loads(from_variable.stdout) == listing(home, demo_db)


def test_cli_demo_loaded_again_adds_a_second_family(home: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "twice.db")
    chairdesk(home, "demo", "--db", db)

    result = chairdesk(home, "demo", "--db", db)

    assert result.stdout.split() == ["3", "4"]
    assert {row["case_reference"] for row in listing(home, db)} == {"DEMO-1001", "DEMO-1002"}


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["check"],
        ["package", "export", "1", "--out", "never.json"],
        [
            "export",
            "1",
            "--document",
            "plan",
            "--audience",
            "professionals",
            "--format",
            "pdf",
            "--out",
            "never.pdf",
        ],
    ],
)
def test_cli_missing_database_is_named_and_not_created(
    home: Path, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "nothing-here.db"

    result = chairdesk(home, *command, "--db", str(db))

    line = assert_one_error_line(result)
    assert f"no database at {db}" in line
    assert list(tmp_path.iterdir()) == []


def test_cli_wrong_passphrase_changes_no_byte_of_the_database(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    db = copy_database(demo_db, tmp_path / "copy")
    sidecar = db.name + ".kdf.json"  # counts the failure, to slow the next guesses

    def files() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in db.parent.iterdir() if p.name != sidecar}

    before = files()

    result = chairdesk(home, "list", "--db", str(db), passphrase="not the passphrase")

    assert "incorrect passphrase" in assert_one_error_line(result)
    assert files() == before


def test_cli_without_passphrase_or_terminal_says_how_to_give_one(home: Path, demo_db: str) -> None:
    result = chairdesk(home, "list", "--db", demo_db, passphrase=None)

    assert "CHAIRDESK_PASSPHRASE" in assert_one_error_line(result)


def test_cli_damaged_file_is_reported_in_one_line(home: Path, demo_db: str, tmp_path: Path) -> None:
    db = copy_database(demo_db, tmp_path / "copy")
    for stray in db.parent.glob(db.name + "-*"):
        stray.unlink()
    data = bytearray(db.read_bytes())
    data[4096:8192] = bytes(4096)
    db.write_bytes(bytes(data[:8192]))

    result = chairdesk(home, "list", "--db", str(db))

    assert "damaged" in assert_one_error_line(result)


def test_cli_unknown_conference_is_named(home: Path, demo_db: str, tmp_path: Path) -> None:
    result = chairdesk(
        home, "package", "export", "99", "--out", str(tmp_path / "p.json"), *PLAIN, "--db", demo_db
    )

    assert "no conference with id 99" in assert_one_error_line(result)
    assert not (tmp_path / "p.json").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["lists"],
        ["list", "--bogus"],
        ["package"],
        [
            "export",
            "1",
            "--document",
            "memo",
            "--audience",
            "parent",
            "--format",
            "pdf",
            "--out",
            "x.pdf",
        ],
        ["package", "export", "one", "--out", "x.json"],
    ],
)
def test_cli_usage_mistakes_exit_2_in_one_line(home: Path, command: list[str]) -> None:
    assert_one_error_line(chairdesk(home, *command), status=2)


def test_cli_package_round_trip_into_a_new_database(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    initial = chairdesk_package(home, demo_db, tmp_path)
    document = json.loads(initial.read_text(encoding="utf-8"))
    assert document["format"] == "chairdesk.conference-package"
    db = str(tmp_path / "new.db")

    result = chairdesk(home, "package", "import", str(initial), "--keep-sharing", "--db", db)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    again = tmp_path / "again.json"
    chairdesk(home, "package", "export", "1", "--out", str(again), *PLAIN, "--db", db)
    assert json.loads(again.read_text(encoding="utf-8")) == document


def test_cli_package_import_twice_is_refused(
    home: Path, package_file: Path, demo_db: str, tmp_path: Path
) -> None:
    db = copy_database(demo_db, tmp_path / "copy")
    before = listing(home, str(db))

    result = chairdesk(home, "package", "import", str(package_file), "--db", str(db))

    assert "already in the database" in assert_one_error_line(result)
    assert listing(home, str(db)) == before


def test_cli_package_failing_the_schema_names_the_field_and_writes_nothing(
    home: Path, package_file: Path, demo_db: str, tmp_path: Path
) -> None:
    document = json.loads(package_file.read_text(encoding="utf-8"))
    document["entries"][3]["visibility"] = "public"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    db = copy_database(demo_db, tmp_path / "copy")
    before = listing(home, str(db))

    result = chairdesk(home, "package", "import", str(bad), "--db", str(db))

    line = assert_one_error_line(result)
    assert "entries[3].visibility" in line
    assert "'public' is not one of ['shared', 'professionals', 'withheld']" in line
    assert listing(home, str(db)) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not readable JSON"),
        ('{"format": "something.else", "version": 1}', "not a ChairDesk conference package"),
        ('{"format": "chairdesk.conference-package", "version": 9}', "version 9"),
    ],
)
def test_cli_package_unreadable_or_foreign_gets_a_plain_message(
    home: Path, tmp_path: Path, content: str, expected: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    db = tmp_path / "target.db"

    result = chairdesk(home, "package", "import", str(bad), "--db", str(db))

    assert expected in assert_one_error_line(result)
    assert not db.exists()


def test_cli_package_export_to_a_missing_folder_fails_plainly(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    out = tmp_path / "no-such-folder" / "p.json"

    result = chairdesk(home, "package", "export", "1", "--out", str(out), *PLAIN, "--db", demo_db)

    assert "could not write" in assert_one_error_line(result)


def test_cli_export_writes_a_parents_pdf_without_professionals_only_text(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "plan-dean.pdf"

    result = chairdesk(
        home,
        "export",
        "1",
        "--document",
        "record",
        "--audience",
        "parent",
        "--recipient",
        "Dean Kestrell",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--db",
        demo_db,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    text = " ".join(text.split())
    assert "Maisie" in text
    assert "EX/DEMO/0413" not in text  # pasted police note: professionals only
    assert "Hillside" not in text  # the mother's new area: withheld from Dean


def test_cli_export_professionals_docx_and_recipient_by_id(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    professionals = tmp_path / "plan.docx"
    parent = tmp_path / "plan-jodie.docx"
    jodie = next(
        p["id"]
        for p in json.loads(chairdesk_package(home, demo_db, tmp_path).read_text(encoding="utf-8"))[
            "people"
        ]
        if p["name"] == "Jodie Fernlow"
    )
    assert jodie == 4  # package-local ids follow the family's order

    first = chairdesk(
        home,
        "export",
        "1",
        "--document",
        "plan",
        "--audience",
        "professionals",
        "--format",
        "docx",
        "--out",
        str(professionals),
        "--db",
        demo_db,
    )
    by_name = chairdesk(
        home,
        "export",
        "1",
        "--document",
        "letter",
        "--audience",
        "parent",
        "--recipient",
        "Jodie Fernlow",
        "--format",
        "docx",
        "--out",
        str(parent),
        "--db",
        demo_db,
    )

    assert first.returncode == 0 and by_name.returncode == 0, first.stderr + by_name.stderr
    assert professionals.read_bytes()[:2] == b"PK" and parent.read_bytes()[:2] == b"PK"


def chairdesk_package(home: Path, db: str, folder: Path) -> Path:
    out = folder / "initial.json"
    result = chairdesk(home, "package", "export", "1", "--out", str(out), *PLAIN, "--db", db)
    assert result.returncode == 0, result.stderr
    return out


def test_cli_export_parent_copy_needs_a_known_recipient(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    common = [
        "export",
        "1",
        "--document",
        "plan",
        "--audience",
        "parent",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x.pdf"),
        "--db",
        demo_db,
    ]

    missing = chairdesk(home, *common)
    unknown = chairdesk(home, *common, "--recipient", "Nobody Known")

    assert "--recipient" in assert_one_error_line(missing, status=2)
    assert "Nobody Known" in assert_one_error_line(unknown)
    assert not (tmp_path / "x.pdf").exists()


def test_cli_export_into_a_file_posing_as_a_folder_fails_plainly(
    home: Path, demo_db: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")

    result = chairdesk(
        home,
        "export",
        "1",
        "--document",
        "plan",
        "--audience",
        "professionals",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "a-file" / "plan.pdf"),
        "--db",
        demo_db,
    )

    assert_one_error_line(result)


def test_cli_check_says_ok_for_a_healthy_database(home: Path, demo_db: str) -> None:
    result = chairdesk(home, "check", "--db", demo_db)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_cli_check_with_the_wrong_passphrase_fails_in_one_line(home: Path, demo_db: str) -> None:
    result = chairdesk(home, "check", "--db", demo_db, passphrase="wrong")

    assert "incorrect passphrase" in assert_one_error_line(result)


def test_cli_postgres_import_and_list(home: Path, package_file: Path, postgres_server: Any) -> None:
    if postgres_server is None:
        pytest.skip("PostgreSQL is not installed here (CI installs it and requires it)")
    url = postgres_server.new_database("cli_import")

    imported = chairdesk(home, "package", "import", str(package_file), "--db", url)
    rows = listing(home, url)

    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == str(rows[0]["id"])
    assert [(r["family"], r["kind"]) for r in rows] == [("Fernlow", "review")]
