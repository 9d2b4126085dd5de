"""Issuing: the exact bytes kept, versions and amendments, the gate, Home's due items, and a
record built as the meeting closed. Files read back with pypdf and pdftotext."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from chairdesk.domain import Heading
from chairdesk.export import DocumentKind
from chairdesk.services.actions import ActionService
from chairdesk.services.entries import EntryService
from chairdesk.services.home import HomeService
from chairdesk.services.issued import AmendmentNeededError, GapsFoundError, IssuedService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from chairdesk.views import Audience
from tests.export.readers import normal, pdf_pages, pdf_text
from tests.services.builders import MOTHER, person_id
from tests.services.issued_support import SAID, closed_conference, later

BOTH = ("docx", "pdf")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _out(folder: Path, name: str) -> dict[str, Path]:
    return {fmt: folder / f"{name}.{fmt}" for fmt in BOTH}


def _mother(database: Database, conference_id: int) -> Audience:
    sharing = SharingService(later(database))
    return sharing.audience_for(conference_id, person_id(sharing.view(conference_id), MOTHER))


def test_issued_amendment_keeps_version_one_byte_for_byte_and_version_two_says_what_changed(
    database: Database, out: Path
) -> None:
    conference = closed_conference(database)
    chair = later(database)
    issued = IssuedService(chair)
    first = issued.issue(
        conference, DocumentKind.RECORD, Audience.professionals(), _out(out, "v1"), "printed"
    )
    v1_bytes = {row.format: (out / f"v1.{row.format}").read_bytes() for row in first}
    assert {row.version for row in first} == {1}

    entry = next(e for e in SharingService(chair).view(conference).entries if e.text == SAID)
    corrected = "The school says Maya has been late twice this term, on Mondays."
    EntryService(chair).update_text(entry.id, corrected)

    with pytest.raises(AmendmentNeededError, match="give the reason for the amendment"):
        issued.issue(
            conference,
            DocumentKind.RECORD,
            Audience.professionals(),
            _out(out, "x"),
            "printed",
        )
    assert not (out / "x.pdf").exists() and not (out / "x.docx").exists()

    reason = "The school corrected its attendance figures after the meeting."
    second = issued.issue(
        conference,
        DocumentKind.RECORD,
        Audience.professionals(),
        _out(out, "v2"),
        "sent_secure",
        amendment_reason=reason,
    )
    assert {row.version for row in second} == {2}

    # Version 1 is still there, byte for byte, with the SHA-256 of what was issued.
    for row in first:
        view, data = issued.content(row.id)
        assert data == v1_bytes[row.format]
        assert view.sha256 == hashlib.sha256(data).hexdigest() and view.version == 1
        written = issued.write_copy(row.id, out / f"again.{row.format}")
        assert written.path is not None and written.path.read_bytes() == v1_bytes[row.format]
    assert [r.version for r in issued.issued(conference)] == [1, 1, 2, 2]

    # Version 2's first page names the version it replaces, why, and what is new.
    pdf = (out / "v2.pdf").read_bytes()
    first_page = normal(pdf_pages(pdf, layout=False)[0])
    assert "Version 2: what has changed" in first_page
    assert "It replaces version 1, issued on 31 December 2026" in first_page
    assert normal(reason) in first_page
    assert "late twice this term, on Mondays" in first_page
    old_text = normal(pdf_text(v1_bytes["pdf"]))
    assert "on time every day this term" in old_text and "Version 2" not in old_text


def test_issued_letter_and_record_clear_their_due_items_on_home(
    database: Database, out: Path
) -> None:
    conference = closed_conference(database)
    chair = later(database, days=3)

    def due() -> set[str]:
        return {i.what for i in HomeService(chair).due_items() if i.conference_id == conference}

    assert {"Send the chair's outcome letter", "Issue the conference record"} <= due()
    mother = _mother(database, conference)
    IssuedService(chair).issue(
        conference, DocumentKind.LETTER, mother, _out(out, "letter"), "handed_over"
    )
    assert "Send the chair's outcome letter" not in due()
    assert "Issue the conference record" in due()
    IssuedService(chair).issue(
        conference, DocumentKind.RECORD, mother, _out(out, "record"), "printed"
    )
    assert not {"Send the chair's outcome letter", "Issue the conference record"} & due()
    assert SharingService(chair).view(conference).summary.status == "issued"


def test_issued_gate_lists_every_gap_and_refuses_without_a_fix_or_a_reason(
    database: Database, out: Path
) -> None:
    conference = closed_conference(database, complete=False)
    chair = later(database, days=70)  # the action's by-when date (1 February 2027) is past
    ActionService(chair).add_action(conference, what="Dean to see his GP")
    mother = _mother(database, conference)
    issued = IssuedService(chair)

    gaps = issued.gaps(conference, DocumentKind.PLAN, mother)
    said = [f"{gap.text} -> {gap.where}" for gap in gaps]
    joined = "\n".join(said)
    assert "to be arranged" in joined or "not set" in joined
    assert any("Not yet agreed" in s and "plan to end" in s for s in said), said
    assert any("Action 1" in s and "already past" in s for s in said), said
    assert any(
        "Action 2" in s and "nobody is named" in s and "Plan: action 2, who" in s for s in said
    )
    assert any("Action 2" in s and "how we will know" in s for s in said), said
    assert all(gap.page in ("prepare", "run", "plan") for gap in gaps)

    with pytest.raises(GapsFoundError, match="Fix them, or issue anyway with a reason"):
        issued.issue(conference, DocumentKind.PLAN, mother, _out(out, "plan"), "printed")
    assert not list(out.iterdir())

    reason = "Sarah needs the plan before Friday's core group; the dates follow by letter."
    rows = issued.issue(
        conference,
        DocumentKind.PLAN,
        mother,
        _out(out, "plan"),
        "printed",
        gaps_reason=reason,
    )
    assert all(row.gaps_reason == reason for row in rows)
    # The professionals' record says who received what, and why it went with gaps.
    record = issued.issuing.preview(conference, DocumentKind.RECORD, Audience.professionals())
    text = normal(record.plain_text())
    assert "Copies issued" in text and f"{MOTHER} (parent)" in text
    assert normal(reason) in text
    parent_record = issued.issuing.preview(conference, DocumentKind.RECORD, mother)
    assert normal(reason) not in normal(parent_record.plain_text())


def test_issued_record_holds_nothing_dated_after_its_meeting(database: Database, out: Path) -> None:
    """Held on 1 December 2026; in January a new worker, a new action, an action achieved and
    a late note: the record issued afterwards shows none of them."""
    conference = closed_conference(database)
    chair = later(database, days=45)
    view = SharingService(chair).view(conference)
    PrepareService(chair).allocate_social_worker(
        view.family.id, "Nadia Brook", "Northfield Child Protection Team", date(2027, 1, 4)
    )
    action = view.actions[0]
    ActionService(chair).set_status(
        action.id, "achieved", achieved_on=date(2027, 1, 10), confirmed_by="Jo Bright"
    )
    ActionService(chair).add_action(
        conference, what="Daniel to join the fathers' group in January", who="Daniel Okafor"
    )
    item_id = view.entries[0].agenda_item_id
    EntryService(chair).add_entry(item_id, Heading.WORRY, "A January note added after the meeting.")

    rows = IssuedService(chair).issue(
        conference,
        DocumentKind.RECORD,
        Audience.professionals(),
        {"pdf": out / "record.pdf"},
        "printed",
    )
    text = normal(pdf_text((out / "record.pdf").read_bytes()))
    assert rows[0].version == 1
    for later_fact in ("Nadia Brook", "fathers' group", "A January note", "10 January 2027"):
        assert later_fact not in text, later_fact
    assert "parenting group every Tuesday" in text
    assert "Priya Shah" in text


def test_issued_the_same_words_issued_again_are_the_same_version_and_the_same_bytes(
    database: Database, out: Path
) -> None:
    conference = closed_conference(database)
    issued = IssuedService(later(database))
    everyone = Audience.professionals()
    [word] = issued.issue(
        conference, DocumentKind.RECORD, everyone, {"docx": out / "a.docx"}, "printed"
    )
    [pdf] = issued.issue(
        conference, DocumentKind.RECORD, everyone, {"pdf": out / "a.pdf"}, "printed"
    )
    [again] = issued.issue(
        conference, DocumentKind.RECORD, everyone, {"pdf": out / "b.pdf"}, "sent_secure"
    )

    assert (word.version, pdf.version, again.version) == (1, 1, 1)
    assert (out / "b.pdf").read_bytes() == (out / "a.pdf").read_bytes()
    assert again.sha256 == pdf.sha256


def test_a_parents_copy_written_again_says_what_was_kept_from_them_since(
    database: Database, out: Path
) -> None:
    """Version 1 of the mother's plan is written again after one of its entries was kept from
    her: the caution says not to send it to her, counts the line and never quotes it. A copy
    still current has none; one whose words changed otherwise says to issue it again."""
    from chairdesk.domain import Visibility

    conference = closed_conference(database)
    chair = later(database)
    issued = IssuedService(chair)
    mother = _mother(database, conference)
    rows = issued.issue(conference, DocumentKind.PLAN, mother, _out(out, "v1"), "handed_over")
    pdf = next(row for row in rows if row.format == "pdf")
    professionals = issued.issue(
        conference, DocumentKind.PLAN, Audience.professionals(), _out(out, "p1"), "printed"
    )
    assert issued.caution(pdf.id) == ""  # what she would be issued now

    ActionService(chair).update_action(
        ActionService(chair).actions(conference)[0].id,
        what="Sarah to go to the parenting group every Tuesday and Thursday",
    )
    changed = issued.caution(pdf.id)  # a line it had is gone: it may have been kept from her
    assert changed.startswith("version 1 holds ") and " that Sarah Fenwick" in changed
    assert "do not send it to them again" in changed

    entry = next(e for e in SharingService(chair).view(conference).entries if e.text == SAID)
    EntryService(chair).set_visibility(entry.id, Visibility.PROFESSIONALS)
    caution = issued.caution(pdf.id)
    assert caution.startswith("version 1 holds ") and caution != changed
    assert "do not send it to them again" in caution
    assert SAID not in caution and "school" not in caution.casefold()
    assert issued.caution(professionals[0].id) == ""  # the professionals' copy: no caution
    written = issued.write_copy(pdf.id, out / "again.pdf")
    assert written.path is not None and written.path.read_bytes() == (out / "v1.pdf").read_bytes()
