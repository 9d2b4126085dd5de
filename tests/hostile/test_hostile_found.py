"""Hostile scenarios that found a real leak: each asserts the leak does NOT happen, so each
fails until the privacy code is fixed (see the hostile branch's report for the code path).

Fictional families only (tests/services/builders.py: the Fenwicks).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from chairdesk.domain import (
    ActionOwner,
    AgendaKind,
    Attendance,
    Category,
    Heading,
    Outcome,
    ParticipantRole,
    PersonRole,
    UserRole,
    Visibility,
)
from chairdesk.errors import ChairDeskError
from chairdesk.export import DocumentKind
from chairdesk.services.actions import ActionService
from chairdesk.services.agenda import AgendaService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.package import PackageService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.protection import ProtectionService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.hostile.harness import World, leaked, new_world, read_back
from tests.services.builders import FATHER, MOTHER, OLDER_CHILD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world() -> Iterator[World]:
    made = new_world()
    try:
        yield made
    finally:
        made.close()


def test_entry_edited_while_the_father_was_out_stays_out_of_his_copy(world: World) -> None:
    """An entry typed while the father was in the room, then rewritten while he was out: what
    he did not hear must not reach his copy (an exclusion covers everything recorded then)."""
    father = world.person(FATHER)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    world.clock.set(10, 5)
    entry = EntryService(world.context).add_entry(
        item, Heading.WORRY, "Dad says the children sleep well."
    )
    world.clock.set(10, 20)
    exclusion = AgendaService(world.context).exclude(world.participant(FATHER), "police disclosure")
    world.clock.set(10, 25)
    EntryService(world.context).update_text(
        entry.id, "Dad says the children sleep well. MKEDITOUT new allegation, interview next week"
    )
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(exclusion.id)
    assert leaked(world.copies(father, (DocumentKind.RECORD,)), "MKEDITOUT", "allegation") == []


def test_progress_note_added_while_the_father_was_out_stays_out_of_his_copy(world: World) -> None:
    father = world.person(FATHER)
    world.clock.set(10, 5)
    action = ActionService(world.context).add_action(
        world.conference.id, what="Take the children to the dentist", who="Sarah Fenwick"
    )
    world.clock.set(10, 20)
    exclusion = AgendaService(world.context).exclude(world.participant(FATHER), "police disclosure")
    world.clock.set(10, 25)
    ActionService(world.context).add_progress(
        action.id, "MKPROGOUT police visited the father's flat on Tuesday"
    )
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(exclusion.id)
    copies = world.copies(father, (DocumentKind.PLAN, DocumentKind.RECORD), ("pdf",))
    assert leaked(copies, "MKPROGOUT") == []


def test_a_score_given_while_the_father_was_out_does_not_move_his_risk_summary(
    world: World,
) -> None:
    """The scores table leaves out a police score given while he was out, but the plan's
    'how safe the children are' sentence and chart must not count it either."""
    father = world.person(FATHER)
    analysis = AnalysisService(world.context)
    world.clock.set(10, 5)
    analysis.record_scaling(world.conference.id, "Priya Shah", 7, "Home conditions have improved.")
    world.clock.set(10, 20)
    exclusion = AgendaService(world.context).exclude(world.participant(FATHER), "police disclosure")
    world.clock.set(10, 25)
    analysis.record_scaling(
        world.conference.id,
        "DC Ruth Ames",
        1,
        "MKSCOREOUT arrest pending",
        participant_id=world.participant("DC Ruth Ames"),
    )
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(exclusion.id)
    plan = " ".join(world.copies(father, (DocumentKind.PLAN,), ("pdf",)).split())
    assert leaked(plan, "MKSCOREOUT") == []
    # Only the score he heard (7) may be summed up in his copy: not the 1 nor a median of 4.
    assert "scaled at 7 out of 10" in plan
    assert leaked(plan, "from 1 to 7", "4 out of 10", "1 out of 10") == []


def test_plan_end_conditions_naming_the_withheld_partner_stay_out_of_the_mothers_copy(
    world: World,
) -> None:
    """The partner is withheld from the mother: no line of her copies may name him, including
    the free text the chair types on the Plan page about when the plan can end."""
    mother = world.person(MOTHER)
    partner = world.add_person("Dale Pryce", PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(partner, [mother])
    PrepareService(world.context).update_details(
        world.conference.id,
        plan_end_conditions="The plan can end when Dale Pryce has finished the MKENDCOND course.",
    )
    AgendaService(world.context).record_parents_not_first(
        world.conference.id, "Dale Pryce arrived late and MKNOTFIRST"
    )
    copies = world.copies(mother)
    assert leaked(copies, "Pryce", "Dale", "MKENDCOND", "MKNOTFIRST") == []


def test_withheld_partner_typed_without_the_accent_is_still_kept_from_the_mother(
    world: World,
) -> None:
    """The partner's record says Zoë Marsh; the minute-taker types 'Zoe' on an ordinary
    keyboard. The mother, from whom Zoë is withheld, must not read her name."""
    mother = world.person(MOTHER)
    partner = world.add_person("Zoë Marsh", PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(partner, [mother])
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS),
        Heading.WORRY,
        "Zoe stays over at the father's flat most weekends.",
    )
    copies = world.copies(mother, (DocumentKind.RECORD,))
    assert leaked(copies, "Zoe", "Zoë") == []


def test_package_round_trip_keeps_the_partner_withheld_from_the_mother(world: World) -> None:
    """A conference moved to another laptop by package: the new partner was withheld from the
    mother; after import her copy must still not name him."""
    mother = world.person(MOTHER)
    partner = world.add_person("Dale Pryce", PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(partner, [mother])
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS),
        Heading.WORRY,
        "Dale Pryce has moved into the father's flat.",
    )
    assert leaked(world.copies(mother, (DocumentKind.RECORD,), ("docx",)), "Pryce") == []
    package = PackageService(world.context).write_package(
        world.conference.id, world.folder / "fenwick.json", plain_reason="a round trip in a test"
    )
    other_db = open_database(str(world.folder / "other.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(other_db, user="chair", clock=world.clock)
        summary = PackageService(context).import_package(package)
        other = World(world.folder, other_db, world.clock, context, summary)
        copies = other.copies(other.person(MOTHER), (DocumentKind.RECORD,), ("docx",))
        assert leaked(copies, "Pryce", "Dale") == []
    finally:
        other_db.close()


def test_package_cannot_smuggle_a_professionals_only_entry_into_a_parents_copy(
    world: World,
) -> None:
    """Imported text starts professionals-only until the chair shares it (issue 14, point 4):
    a package whose entry says 'shared' must not put it straight into the father's copy."""
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS),
        Heading.WORRY,
        "MKSMUGGLE police intelligence about the father",
        visibility=Visibility.PROFESSIONALS,
    )
    path = PackageService(world.context).write_package(
        world.conference.id, world.folder / "fenwick.json", plain_reason="a round trip in a test"
    )
    document = json.loads(path.read_text(encoding="utf-8"))
    for entry in document["entries"]:
        entry["visibility"] = "shared"
    path.write_text(json.dumps(document), encoding="utf-8")
    other_db = open_database(str(world.folder / "other.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(other_db, user="chair", clock=world.clock)
        summary = PackageService(context).import_package(path)
        other = World(world.folder, other_db, world.clock, context, summary)
        copies = other.copies(other.person(FATHER), (DocumentKind.RECORD,), ("docx",))
        assert leaked(copies, "MKSMUGGLE") == []
    finally:
        other_db.close()


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        CHAIRDESK_KDF_PROFILE="test",
        CHAIRDESK_PASSPHRASE=PASSPHRASE,
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
    )
    env.pop("CHAIRDESK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "chairdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_cli_refuses_a_recipient_name_two_people_share(world: World) -> None:
    """Father and grandfather are both called Daniel Okafor. Something is withheld from the
    grandfather. `chairdesk export --recipient "Daniel Okafor"` must refuse with the choices,
    never silently write one of their copies."""
    grandfather = world.add_person(FATHER, PersonRole.RELATIVE, date_of_birth=date(1950, 2, 1))
    world.add_participant(FATHER, ParticipantRole.RELATIVE, grandfather)
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS),
        Heading.WORRY,
        "MKSAMENAME the grandfather must not learn of this",
        visibility=Visibility.WITHHELD,
        withheld_from=(grandfather,),
    )
    db = str(world.folder / "cd.db")
    world.close()
    out = world.folder / "copy.pdf"
    result = _cli(
        world.folder,
        "export",
        str(world.conference.id),
        "--db",
        db,
        "--document",
        "record",
        "--audience",
        "parent",
        "--recipient",
        FATHER,
        "--format",
        "pdf",
        "--out",
        str(out),
    )
    written = read_back(out) if out.exists() else ""
    assert result.returncode != 0, f"wrote a copy for one of two {FATHER}s: {written[:200]}"
    assert not out.exists()
    assert "Traceback" not in result.stderr
    assert str(grandfather) in result.stderr
    world.database = open_database(db, PASSPHRASE)
    assert SharingService(world.context).view(world.conference.id).summary.id


def _out(world: World):
    world.clock.set(10, 20)
    return AgendaService(world.context).exclude(world.participant(FATHER), "police disclosure")


def _back(world: World, out) -> None:
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)


def test_danger_statement_rewritten_while_the_father_was_out_stays_out_of_his_plan(
    world: World,
) -> None:
    father = world.person(FATHER)
    world.clock.set(10, 5)
    d = AnalysisService(world.context).add_danger_statement(
        world.conference.id, "The children may be hurt", "They are safe", Visibility.SHARED
    )
    out = _out(world)
    world.clock.set(10, 25)
    AnalysisService(world.context).update_danger_statement(
        d.id, danger="The children may be hurt MKDANGEDIT by the father's brother"
    )
    _back(world, out)
    assert leaked(world.copies(father, (DocumentKind.PLAN,), ("pdf",)), "MKDANGEDIT") == []


def test_action_changed_while_the_father_was_out_stays_out_of_his_plan(world: World) -> None:
    father = world.person(FATHER)
    world.clock.set(10, 5)
    a = ActionService(world.context).add_action(
        world.conference.id, what="Police to visit", who="Police", owner=ActionOwner.PROFESSIONAL
    )
    out = _out(world)
    world.clock.set(10, 25)
    ActionService(world.context).update_action(a.id, why="MKACTEDIT arrest warrant")
    _back(world, out)
    assert leaked(world.copies(father, (DocumentKind.PLAN,), ("pdf",)), "MKACTEDIT") == []


def test_a_professionals_agency_naming_the_withheld_partner_is_kept_from_the_mother(
    world: World,
) -> None:
    mother = world.person(MOTHER)
    partner = world.add_person("Dale Pryce", PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(partner, [mother])
    world.add_participant(
        "Kim Lowe",
        ParticipantRole.PROFESSIONAL,
        agency="Solicitor for Dale Pryce",
        job_title="Solicitor",
    )
    assert leaked(world.copies(mother, (DocumentKind.RECORD,), ("pdf",)), "Pryce", "Dale") == []


def test_a_reports_agency_naming_the_withheld_partner_is_kept_from_the_mother(world: World) -> None:
    mother = world.person(MOTHER)
    partner = world.add_person("Dale Pryce", PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(partner, [mother])
    PrepareService(world.context).add_report(
        world.conference.id,
        "Dale Pryce's probation officer",
        title="Risk report",
        visibility=Visibility.SHARED,
    )
    assert leaked(world.copies(mother, (DocumentKind.RECORD,), ("pdf",)), "Pryce", "Dale") == []


def test_entry_rewritten_while_the_father_was_out_is_not_on_the_screen_when_he_is_back(
    world: World,
) -> None:
    item = world.start(AgendaKind.PARENTS_VIEWS)
    prepare = PrepareService(world.context)
    prepare.set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    prepare.set_attendance(world.participant(FATHER), Attendance.PRESENT)
    world.clock.set(10, 5)
    entry = EntryService(world.context).add_entry(item, Heading.VIEW, "MKSEEN Dad spoke")
    out = _out(world)
    world.clock.set(10, 25)
    EntryService(world.context).update_text(
        entry.id, "MKSEEN Dad spoke. MKSCREDIT arrest next week"
    )
    _back(world, out)
    screen = world.screen()
    assert leaked(screen, "MKSCREDIT") == []


def _withhold(world: World, name: str, frm: str = MOTHER) -> tuple[int, int]:
    who = world.person(frm)
    p = world.add_person(name, PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(p, [who])
    return who, p


def test_partner_typed_in_by_another_spelling_of_his_name_is_kept_from_the_mothers_record(
    world: World,
) -> None:
    """Typed in on the day as "Mr D. Pryce (partner)", not linked to his record: the
    record's list of who attended names him to the mother."""
    _withhold(world, "Dale Pryce")
    world.add_participant("Mr D. Pryce (partner)", ParticipantRole.RELATIVE)
    c = world.copies(world.person(MOTHER), (DocumentKind.RECORD,), ("pdf",))
    assert leaked(c, "Pryce") == []


def test_partner_with_a_double_barrelled_surname_typed_without_the_hyphen_is_kept_from_the_mother(
    world: World,
) -> None:
    _withhold(world, "Dale Pryce-Jones")
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS), Heading.WORRY, "Mr Pryce Jones was at the house"
    )
    c = world.copies(world.person(MOTHER), (DocumentKind.RECORD,), ("pdf",))
    assert leaked(c, "Pryce") == []


def test_partner_whose_name_has_an_apostrophe_typed_with_a_curly_one_is_kept_from_the_mother(
    world: World,
) -> None:
    """Word and most phones turn ' into ’: "O’Brien" must be caught like "O'Brien"."""
    _withhold(world, "Siobhan O'Brien")
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS), Heading.WORRY, "Ms O\u2019Brien collects the children"
    )
    c = world.copies(world.person(MOTHER), (DocumentKind.RECORD,), ("pdf",))
    assert leaked(c, "Brien") == []


def test_a_score_by_the_withheld_partner_does_not_move_the_mothers_risk_summary(
    world: World,
) -> None:
    mother, partner = _withhold(world, "Dale Pryce")
    row = world.add_participant("Dale Pryce", ParticipantRole.RELATIVE, partner)
    a = AnalysisService(world.context)
    a.record_scaling(world.conference.id, "Priya Shah", 7, "ok")
    a.record_scaling(world.conference.id, "Dale Pryce", 1, "MKX", participant_id=row)
    t = " ".join(world.copies(mother, (DocumentKind.PLAN,), ("pdf",)).split())
    assert "scaled at 7 out of 10" in t


def test_a_minute_taker_cannot_write_a_package_of_the_whole_conference(world: World) -> None:
    """Only a chair exports a package (issue 14, point 4): it holds every professionals-only
    line and every address, the protected ones too."""
    taker = ServiceContext(world.database, user="m", role=UserRole.MINUTE_TAKER, clock=world.clock)
    with pytest.raises(ChairDeskError):
        PackageService(taker).write_package(world.conference.id, world.folder / "p.json")


def test_parents_kept_apart_survives_a_package_round_trip(world: World) -> None:
    """The chair marked that the parents must not share information. Moved by package, the
    mother's next words must still start withheld from the father (DESIGN.md §4)."""
    ProtectionService(world.context).set_parents_kept_apart(world.view.family.id, True)
    path = PackageService(world.context).write_package(
        world.conference.id, world.folder / "fenwick.json", plain_reason="a round trip in a test"
    )
    other_db = open_database(str(world.folder / "other.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(other_db, user="chair", clock=world.clock)
        summary = PackageService(context).import_package(path)
        other = World(world.folder, other_db, world.clock, context, summary)
        EntryService(context).add_entry(
            other.item(AgendaKind.PARENTS_VIEWS),
            Heading.VIEW,
            "MKAPART my new flat is near the school",
            speaker_participant_id=other.participant(MOTHER),
        )
        copies = other.copies(other.person(FATHER), (DocumentKind.RECORD,), ("pdf",))
        assert leaked(copies, "MKAPART") == []
    finally:
        other_db.close()


def _minute_taker(world: World) -> ServiceContext:
    PrepareService(world.context).set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    world.start(AgendaKind.PARENTS_VIEWS)
    return ServiceContext(
        world.database, user="minute", role=UserRole.MINUTE_TAKER, clock=world.clock
    )


def test_a_minute_takers_score_reason_is_not_on_the_screen_until_the_chair_shares_it(
    world: World,
) -> None:
    """The minute-taker types the police officer's score and reason: like the note bar's
    notes (issue 14, point 2) it must not be on the family's screen before the chair shares it."""
    taker = _minute_taker(world)
    world.start(AgendaKind.SCALING)
    AnalysisService(taker).record_scaling(
        world.conference.id, "DC Ruth Ames", 2, "MKMTSCORE arrest warrant for the father"
    )
    assert leaked(world.screen(), "MKMTSCORE") == []


def test_a_minute_takers_action_is_not_on_the_screen_until_the_chair_shares_it(
    world: World,
) -> None:
    taker = _minute_taker(world)
    world.start(AgendaKind.PLAN)
    ActionService(taker).add_action(
        world.conference.id, what="MKMTACTION arrest the father on Monday", who="Police"
    )
    assert leaked(world.screen(), "MKMTACTION") == []


def test_a_minute_takers_danger_statement_is_not_on_the_screen_until_the_chair_shares_it(
    world: World,
) -> None:
    taker = _minute_taker(world)
    world.start(AgendaKind.INFORMATION_MAPPING)
    AnalysisService(taker).add_danger_statement(
        world.conference.id, "MKMTDANGER the father's brother may visit", "The children are safe"
    )
    assert leaked(world.screen(), "MKMTDANGER") == []


def test_package_round_trip_keeps_what_was_recorded_while_the_father_was_out_from_him(
    world: World,
) -> None:
    """Entries carry their time through a package, but a danger statement, a score, an
    action and the decision's reasons recorded while the father was out must stay out of his
    copy after the conference is moved to another laptop, too."""
    child = world.person(OLDER_CHILD)
    out = _out(world)
    world.clock.set(10, 25)
    analysis = AnalysisService(world.context)
    analysis.add_danger_statement(
        world.conference.id, "MKPKDANGER father may flee", "Children safe", Visibility.SHARED
    )
    analysis.record_scaling(world.conference.id, "DC Ruth Ames", 3, "MKPKSCORE", child_id=child)
    ActionService(world.context).add_action(
        world.conference.id, what="MKPKACTION interview", who="Police"
    )
    decisions = DecisionService(world.context)
    decided = decisions.decide(
        world.conference.id,
        child,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.NEGLECT,
        reasons="MKPKREASON the disclosure",
    )
    decisions.add_dissent(decided.id, "Jo Bright", "MKPKDISSENT", agency="Health")
    _back(world, out)
    fathers = world.copies(world.person(FATHER), (DocumentKind.PLAN, DocumentKind.RECORD), ("pdf",))
    markers = ("MKPKDANGER", "MKPKSCORE", "MKPKACTION", "MKPKREASON", "MKPKDISSENT")
    assert leaked(fathers, *markers) == []  # holds before the package
    path = PackageService(world.context).write_package(
        world.conference.id, world.folder / "fenwick.json", plain_reason="a round trip in a test"
    )
    world.clock.set(16, 0)  # imported later that day on the other laptop
    other_db = open_database(str(world.folder / "other.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(other_db, user="chair", clock=world.clock)
        summary = PackageService(context).import_package(path)
        other = World(world.folder, other_db, world.clock, context, summary)
        copies = other.copies(
            other.person(FATHER), (DocumentKind.PLAN, DocumentKind.RECORD), ("pdf",)
        )
        assert leaked(copies, *markers) == []
    finally:
        other_db.close()
