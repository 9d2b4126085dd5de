"""The command line: a recipient chosen by identity, documents issued and read back byte for byte,
an amendment, and the gate. Each run is a fresh `chairdesk` process on a real encrypted database."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from chairdesk.domain import PersonRole
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import NewPerson
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.export.readers import normal, pdf_pages
from tests.test_cli import assert_one_error_line, chairdesk, home

__all__ = ["home"]

FATHER = "Dean Kestrell"


@pytest.fixture
def demo_family(home: Path, tmp_path: Path) -> tuple[str, int, int]:
    """The demo database with the father's own father, also called Dean Kestrell.

    Returns the database and the two people's ids (father, grandfather).
    """
    db = tmp_path / "issued.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    database = open_database(str(db), PASSPHRASE)
    try:
        context = ServiceContext(database)
        view = SharingService(context).view(1)
        father = next(p.id for p in view.people if p.name == FATHER)
        grandfather = PrepareService(context).add_person(
            view.family.id,
            NewPerson(FATHER, PersonRole.RELATIVE, date_of_birth=date(1961, 7, 14), gender="male"),
        )
    finally:
        database.close()
    return str(db), father, grandfather.id


def test_cli_issued_a_name_two_people_share_is_refused_with_the_choices(
    home: Path, demo_family: tuple[str, int, int], tmp_path: Path
) -> None:
    db, father, grandfather = demo_family
    out = tmp_path / "copy.pdf"
    common = ["--document", "plan", "--format", "pdf", "--out", str(out), "--db", db]

    by_name = chairdesk(home, "export", "1", "--audience", "parent", "--recipient", FATHER, *common)

    line = assert_one_error_line(by_name)
    assert f"2 people in this family are called '{FATHER}'" in line
    assert f"{father}: {FATHER}, father" in line
    assert f"{grandfather}: {FATHER}, relative, born 14 July 1961" in line
    assert not out.exists()

    by_id = chairdesk(
        home, "export", "1", "--audience", "parent", "--recipient", str(grandfather), *common
    )
    assert by_id.returncode == 0, by_id.stderr
    header = normal(pdf_pages(out.read_bytes(), layout=False)[0])
    assert f"For: {FATHER} (relative)" in header


def test_cli_issued_issue_list_get_and_an_amendment(
    home: Path, demo_family: tuple[str, int, int], tmp_path: Path
) -> None:
    db, _father, _grandfather = demo_family
    out = tmp_path / "record"
    first = chairdesk(
        home, "issue", "1", "--document", "record", "--out", str(out), "--how", "printed",
        "--db", db,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    v1 = {fmt: (tmp_path / f"record.{fmt}").read_bytes() for fmt in ("docx", "pdf")}

    listed = chairdesk(home, "issued", "list", "1", "--json", "--db", db)
    rows = json.loads(listed.stdout)
    assert [(r["document"], r["version"], r["format"], r["how"]) for r in rows] == [
        ("record", 1, "docx", "printed"),
        ("record", 1, "pdf", "printed"),
    ]
    assert rows[1]["sha256"] == hashlib.sha256(v1["pdf"]).hexdigest()

    # A decision's reasons corrected after the record went out.
    database = open_database(db, PASSPHRASE)
    try:
        from chairdesk.models import Decision

        with database.transaction() as session:
            decision = session.query(Decision).filter_by(conference_id=1).first()
            assert decision is not None
            decision.reasons = decision.reasons + " Corrected: the school raised it first."
    finally:
        database.close()

    again = chairdesk(
        home, "issue", "1", "--document", "record", "--format", "pdf", "--out",
        str(tmp_path / "v2.pdf"), "--how", "sent_secure", "--db", db,
    )  # fmt: skip
    assert "give the reason for the amendment" in assert_one_error_line(again)
    assert not (tmp_path / "v2.pdf").exists()
    amended = chairdesk(
        home, "issue", "1", "--document", "record", "--format", "pdf", "--out",
        str(tmp_path / "v2.pdf"), "--how", "sent_secure", "--amendment",
        "The decision's reasons named the wrong agency.", "--db", db,
    )  # fmt: skip
    assert amended.returncode == 0, amended.stderr
    assert "version 2" in amended.stdout
    page = normal(pdf_pages((tmp_path / "v2.pdf").read_bytes(), layout=False)[0])
    assert "Version 2: what has changed" in page
    assert "The decision's reasons named the wrong agency." in page
    assert "Corrected: the school raised it first." in page

    got = chairdesk(home, "issued", "get", str(rows[1]["id"]), "--out", str(tmp_path / "again.pdf"),
                    "--db", db)  # fmt: skip
    assert got.returncode == 0, got.stderr
    assert (tmp_path / "again.pdf").read_bytes() == v1["pdf"]
    missing = chairdesk(home, "issued", "get", "999", "--out", str(tmp_path / "x.pdf"), "--db", db)
    assert "no issued document 999" in assert_one_error_line(missing)
    assert not (tmp_path / "x.pdf").exists()
    table = chairdesk(home, "issued", "list", "1", "--db", db).stdout
    assert "sent through the council's secure system" in table


def test_cli_issued_the_gate_refuses_a_parents_copy_with_gaps_until_given_a_reason(
    home: Path, demo_family: tuple[str, int, int], tmp_path: Path
) -> None:
    db, father, _grandfather = demo_family
    database = open_database(db, PASSPHRASE)
    try:
        PrepareService(ServiceContext(database)).update_details(1, plan_end_conditions="")
    finally:
        database.close()
    out = tmp_path / "plan"
    common = ["issue", "1", "--document", "plan", "--recipient", str(father), "--out", str(out),
              "--how", "handed_over", "--db", db]  # fmt: skip

    refused = chairdesk(home, *common)
    line = assert_one_error_line(refused)
    assert "Not yet agreed" in line and "fix on Prepare" in line
    assert not list(tmp_path.glob("plan*"))

    issued = chairdesk(home, *common, "--issue-with-gaps", "Dean asked for it today.")
    assert issued.returncode == 0, issued.stderr
    rows = json.loads(chairdesk(home, "issued", "list", "1", "--json", "--db", db).stdout)
    assert {r["issued_with_gaps_reason"] for r in rows} == {"Dean asked for it today."}
    assert {r["recipient"] for r in rows} == {f"{FATHER} (father)"}


def test_cli_issued_get_says_before_a_parents_copy_is_sent_what_was_kept_from_them_since(
    home: Path, demo_family: tuple[str, int, int], tmp_path: Path
) -> None:
    """The father's plan goes out; an action in it is then kept from him from the check list;
    writing version 1 again gives the same bytes and says, in one line, not to send it to him."""
    from chairdesk.services.copy_check import withhold_item

    db, father, _grandfather = demo_family
    out = tmp_path / "plan"
    issued = chairdesk(
        home, "issue", "1", "--document", "plan", "--recipient", str(father), "--out", str(out),
        "--how", "handed_over", "--issue-with-gaps", "The dates are being agreed.", "--db", db,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    rows = json.loads(chairdesk(home, "issued", "list", "1", "--json", "--db", db).stdout)
    pdf_id = next(r["id"] for r in rows if r["format"] == "pdf")
    got = chairdesk(
        home, "issued", "get", str(pdf_id), "--out", str(tmp_path / "a.pdf"), "--db", db
    )
    assert got.returncode == 0 and got.stderr == ""  # still what he would be issued now

    database = open_database(db, PASSPHRASE)
    try:
        context = ServiceContext(database)
        sharing = SharingService(context)
        view = sharing.view(1, sharing.audience_for(1, father))
        action = next(i for i in sharing.parent_copy_checklist(view) if i.kind == "action")
        withhold_item(context, action, father)
    finally:
        database.close()

    again = chairdesk(home, "issued", "get", str(pdf_id), "--out", str(tmp_path / "b.pdf"),
                      "--db", db)  # fmt: skip
    assert again.returncode == 0
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "plan.pdf").read_bytes()
    [line] = again.stderr.splitlines()
    assert line.startswith("chairdesk: before sending it: version 1 holds ")
    assert f"{FATHER}'s copy no longer has" in line and "do not send it to them again" in line
    assert action.excerpt[:30] not in line
