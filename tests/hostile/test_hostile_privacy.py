"""Hostile privacy scenarios that hold: the regression wall run against every landing.

Each scenario tries, as a chair, a minute-taker or someone with the command line would, to
make a parent (or the parents' screen) see what they may not, and reads the result back
through the real outputs: every XML part of the Word copy, pdftotext and the PDF's metadata,
the copy's file name, and the parents' screen's text. Each also checks that what the person
may see is still there, so a scenario cannot pass by an empty document. Fictional people only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime

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
from chairdesk.services.reviews import ReviewService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.hostile.harness import PARENT_DOCUMENTS, World, leaked, new_world
from tests.services.builders import FATHER, GRANDMOTHER, MOTHER, OLDER_CHILD


@pytest.fixture
def world() -> Iterator[World]:
    made = new_world()
    try:
        yield made
    finally:
        made.close()


PARTNER = "Dale Pryce"


def _withhold_partner_from_mother(world: World) -> tuple[int, int]:
    mother = world.person(MOTHER)
    partner = world.add_person(PARTNER, PersonRole.RELATIVE, language="Polish")
    ProtectionService(world.context).withhold_person(partner, [mother])
    return mother, partner


def test_withheld_partner_is_named_in_no_field_of_the_mothers_copies(world: World) -> None:
    """The father's new partner is withheld from the mother. He is named in every free-text
    field a chair or minute-taker can reach: whole name, first name only, surname only, upper
    case, odd spacing, possessive. No line of any of her copies may name him."""
    mother, partner = _withhold_partner_from_mother(world)
    child = world.person(OLDER_CHILD)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "Mum wants the children home by six. MKSEEN")
    entries.add_entry(item, Heading.WORRY, "dale shouts at the children MKENT1")
    entries.add_entry(item, Heading.WORRY, "Mr PRYCE drinks at weekends MKENT2")
    entries.add_entry(item, Heading.NOTE, "Dale   Pryce's car was outside MKENT3")
    entries.add_entry(item, Heading.NOTE, "He spoke for himself MKENT4", speaker_name="Dale")
    partner_row = world.add_participant(PARTNER, ParticipantRole.RELATIVE, partner)
    entries.add_entry(
        item, Heading.VIEW, "I want to help MKENT5", speaker_participant_id=partner_row
    )
    prepare = PrepareService(world.context)
    prepare.add_report(
        world.conference.id, "Probation", author="Dale Pryce's officer", title="MKREP1"
    )
    prepare.add_report(world.conference.id, "Probation", title="Pryce risk review MKREP2")
    analysis = AnalysisService(world.context)
    analysis.add_danger_statement(
        world.conference.id, "Dale may hit Maya MKDNG1", "Maya is safe", Visibility.SHARED
    )
    analysis.add_danger_statement(
        world.conference.id,
        "MKDNG2 the children hear shouting",
        "Pryce leaves the home",
        Visibility.SHARED,
    )
    analysis.record_scaling(world.conference.id, "Priya Shah", 6, "Because of Dale MKSC1")
    analysis.record_scaling(world.conference.id, "Dale Pryce", 8, "MKSC2 all fine")
    actions = ActionService(world.context)
    actions.add_action(world.conference.id, what="MKACT1 attend parenting course", who="Dale")
    actions.add_action(
        world.conference.id, what="MKACT2 see the GP", who="Mother", support="Pryce drives"
    )
    actions.add_action(
        world.conference.id,
        what="MKACT3 keep the flat tidy",
        who="Mother",
        if_not_done="tell dale pryce to leave",
    )
    progressed = actions.add_action(world.conference.id, what="MKACT4 dentist", who="Mother")
    actions.add_progress(progressed.id, "Went with Dale last week MKPROG")
    actions.add_action(
        world.conference.id,
        what="MKACT5 school run",
        who="Police",
        owner=ActionOwner.PROFESSIONAL,
        why="Dale was seen at the gate",
    )
    decisions = DecisionService(world.context)
    decisions.record_recommendation(
        world.conference.id,
        child,
        "Police",
        Outcome.PLAN,
        Category.NEGLECT,
        "Pryce is a risk MKREC",
    )
    decided = decisions.decide(
        world.conference.id,
        child,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.NEGLECT,
        reasons="Neglect of Maya. Dale Pryce lives there MKDEC",
    )
    decisions.add_dissent(decided.id, "Dale Pryce", "He disagrees MKDIS1")
    decisions.add_dissent(decided.id, "Jo Bright", "Dale is harmless MKDIS2", agency="Health")
    markers = [
        "MKENT1",
        "MKENT2",
        "MKENT3",
        "MKENT4",
        "MKENT5",
        "MKREP1",
        "MKREP2",
        "MKDNG1",
        "MKDNG2",
        "MKSC1",
        "MKSC2",
        "MKACT1",
        "MKACT2",
        "MKACT3",
        "MKPROG",
        "MKACT5",
        "MKREC",
        "MKDEC",
        "MKDIS1",
        "MKDIS2",
    ]
    mothers = world.copies(mother, (*PARENT_DOCUMENTS, DocumentKind.LEAFLET))
    assert leaked(mothers, "Pryce", "Dale", "Polish", *markers) == []
    # An action whose progress names him goes whole; what does not name him stays.
    assert leaked(mothers, "MKSEEN", "Neglect") == ["MKSEEN", "Neglect"]
    # The father may see it all: proof the markers really reach a copy when allowed.
    fathers = world.copies(world.person(FATHER), (DocumentKind.RECORD,), ("pdf",))
    assert "MKENT1" in fathers and "Pryce" in fathers


def test_withheld_partner_is_not_on_the_screen_while_the_mother_is_in_the_room(
    world: World,
) -> None:
    mother, _ = _withhold_partner_from_mother(world)
    item = world.start(AgendaKind.PARENTS_VIEWS)
    PrepareService(world.context).set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "MKSEEN Mum wants the children home")
    entries.add_entry(item, Heading.WORRY, "DALE was at the school gate MKSCR1")
    entries.add_entry(item, Heading.WORRY, "MKSCR2 said so", speaker_name="dale  pryce")
    screen = world.screen()
    assert "MKSEEN" in screen
    assert leaked(screen, "Dale", "Pryce", "MKSCR1", "MKSCR2") == []
    assert mother


def test_a_name_that_only_contains_the_withheld_name_is_not_a_leak_but_the_name_is_caught(
    world: World,
) -> None:
    """Partner 'Al Ray Rowe': 'Rowe' must be caught in any case, even inside punctuation,
    while 'Rowena' and 'arrowed' are other words and stay (no over-redaction of the record)."""
    mother = world.person(MOTHER)
    partner = world.add_person("Al Ray Rowe", PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(partner, [mother])
    item = world.item(AgendaKind.PARENTS_VIEWS)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "Rowena from school arrowed the dates MKKEEP")
    entries.add_entry(item, Heading.WORRY, "(ROWE) was drunk MKROWE")
    entries.add_entry(item, Heading.WORRY, "\u201cRowe\u201d came round MKQUOTE")
    copies = world.copies(mother, (DocumentKind.RECORD,))
    assert "MKKEEP" in copies
    assert leaked(copies, "MKROWE", "MKQUOTE") == []


def test_everything_recorded_while_the_father_was_out_stays_out_of_his_copies(
    world: World,
) -> None:
    """While the father is out: an entry, a danger statement, a score, a recommendation, the
    decision and its reasons, a dissent, an action. Then the chair renames and unlinks his
    participant row. None of it reaches his copies; his record says when he was asked to leave."""
    father = world.person(FATHER)
    child = world.person(OLDER_CHILD)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    world.clock.set(10, 5)
    EntryService(world.context).add_entry(item, Heading.VIEW, "MKBEFORE Dad spoke first")
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(FATHER), "police disclosure")
    world.clock.set(10, 25)
    EntryService(world.context).add_entry(item, Heading.WORRY, "MKOUT1 arrest planned")
    analysis = AnalysisService(world.context)
    analysis.add_danger_statement(
        world.conference.id, "MKOUT2 father may flee", "Children stay safe", Visibility.SHARED
    )
    analysis.record_scaling(world.conference.id, "DC Ruth Ames", 3, "MKOUT3", child_id=child)
    decisions = DecisionService(world.context)
    decisions.record_recommendation(
        world.conference.id, child, "Police", Outcome.PLAN, Category.PHYSICAL_ABUSE, "MKOUT4"
    )
    decided = decisions.decide(
        world.conference.id,
        child,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.PHYSICAL_ABUSE,
        reasons="MKOUT5 the disclosure",
    )
    decisions.add_dissent(decided.id, "Jo Bright", "MKOUT6 too soon", agency="Health")
    ActionService(world.context).add_action(
        world.conference.id,
        what="MKOUT7 interview the father",
        who="Police",
        owner=ActionOwner.PROFESSIONAL,
    )
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    PrepareService(world.context).update_participant(
        world.participant(FATHER), name="Danny Okafor", person_id=None
    )
    copies = world.copies(father)
    assert leaked(copies, *(f"MKOUT{i}" for i in range(1, 8))) == []
    assert "MKBEFORE" in copies
    record = world.copies(father, (DocumentKind.RECORD,), ("pdf",))
    assert "10:20" in record  # he is told when he was asked to leave


def test_exclusion_started_and_ended_in_the_same_minute_still_covers_that_minute(
    world: World,
) -> None:
    father = world.person(FATHER)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    world.clock.set(10, 30)
    out = AgendaService(world.context).exclude(world.participant(FATHER), "brief disclosure")
    EntryService(world.context).add_entry(item, Heading.WORRY, "MKSAMEMIN said in that minute")
    AgendaService(world.context).end_exclusion(out.id)
    world.clock.set(10, 31)
    EntryService(world.context).add_entry(item, Heading.VIEW, "MKAFTER he is back")
    copies = world.copies(father, (DocumentKind.RECORD,))
    assert "MKAFTER" in copies
    assert leaked(copies, "MKSAMEMIN") == []


def test_overlapping_exclusions_of_both_parents_keep_each_one_out_of_the_right_copy(
    world: World,
) -> None:
    """Mother out 10:10 to 10:30, father out 10:20 to 10:40."""
    mother, father = world.person(MOTHER), world.person(FATHER)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    agenda, entries = AgendaService(world.context), EntryService(world.context)
    world.clock.set(10, 10)
    mum_out = agenda.exclude(world.participant(MOTHER), "her own disclosure")
    world.clock.set(10, 15)
    entries.add_entry(item, Heading.WORRY, "MKMUMOUT")
    world.clock.set(10, 20)
    dad_out = agenda.exclude(world.participant(FATHER), "his own disclosure")
    world.clock.set(10, 25)
    entries.add_entry(item, Heading.WORRY, "MKBOTHOUT")
    world.clock.set(10, 30)
    agenda.end_exclusion(mum_out.id)
    world.clock.set(10, 35)
    entries.add_entry(item, Heading.WORRY, "MKDADOUT")
    world.clock.set(10, 40)
    agenda.end_exclusion(dad_out.id)
    mums = world.copies(mother, (DocumentKind.RECORD,))
    dads = world.copies(father, (DocumentKind.RECORD,))
    assert leaked(mums, "MKMUMOUT", "MKBOTHOUT") == []
    assert leaked(dads, "MKDADOUT", "MKBOTHOUT") == []
    assert "MKDADOUT" in mums and "MKMUMOUT" in dads


def test_father_on_two_participant_rows_is_kept_out_whichever_row_was_excluded(
    world: World,
) -> None:
    """The father was invited twice (once on Prepare, once again on the day). The chair
    excludes him through the second row; his one copy must still leave out what he missed."""
    father = world.person(FATHER)
    second = world.add_participant(FATHER, ParticipantRole.PARENT, father)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(second, "disclosure")
    world.clock.set(10, 25)
    EntryService(world.context).add_entry(item, Heading.WORRY, "MKTWOROWS")
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    assert leaked(world.copies(father, (DocumentKind.RECORD,)), "MKTWOROWS") == []


def test_screen_hides_what_is_withheld_from_a_child_in_the_room(world: World) -> None:
    maya = world.person(OLDER_CHILD)
    row = world.add_participant(OLDER_CHILD, ParticipantRole.CHILD, maya)
    item = world.start(AgendaKind.PARENTS_VIEWS)
    prepare = PrepareService(world.context)
    prepare.set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    prepare.set_attendance(row, Attendance.PRESENT)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "MKSEEN we love the children")
    entries.add_entry(
        item,
        Heading.WORRY,
        "MKCHILD about Maya's birth father",
        visibility=Visibility.WITHHELD,
        withheld_from=(maya,),
    )
    screen = world.screen()
    assert "MKSEEN" in screen
    assert leaked(screen, "MKCHILD") == []


def test_screen_hides_everything_withheld_while_someone_typed_by_name_is_in_the_room(
    world: World,
) -> None:
    """An uncle typed in by name on the day, not linked to the family record: nobody can say
    what is withheld from him, so nothing withheld from anyone reaches the screen."""
    grandmother = world.person(GRANDMOTHER)
    uncle = world.add_participant("Ray Fenwick", ParticipantRole.RELATIVE)
    item = world.start(AgendaKind.PARENTS_VIEWS)
    prepare = PrepareService(world.context)
    prepare.set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    prepare.set_attendance(uncle, Attendance.PART, present_for="the parents' views")
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "MKSEEN everyone is welcome")
    entries.add_entry(
        item,
        Heading.NOTE,
        "MKGRAN grandmother's new address",
        visibility=Visibility.WITHHELD,
        withheld_from=(grandmother,),
    )
    screen = world.screen()
    assert "MKSEEN" in screen
    assert leaked(screen, "MKGRAN") == []


def test_screen_hides_what_was_said_while_a_parent_in_the_room_was_out(world: World) -> None:
    item = world.start(AgendaKind.PARENTS_VIEWS)
    prepare = PrepareService(world.context)
    prepare.set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    prepare.set_attendance(world.participant(FATHER), Attendance.PRESENT)
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(FATHER), "disclosure")
    world.clock.set(10, 25)
    EntryService(world.context).add_entry(item, Heading.WORRY, "MKWHILEOUT")
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    world.clock.set(10, 41)
    EntryService(world.context).add_entry(item, Heading.VIEW, "MKBACK")
    screen = world.screen()
    assert "MKBACK" in screen
    assert leaked(screen, "MKWHILEOUT") == []


def test_a_minute_takers_note_is_on_no_parent_copy_nor_the_screen_until_shared(
    world: World,
) -> None:
    item = world.start(AgendaKind.PARENTS_VIEWS)
    PrepareService(world.context).set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    taker = ServiceContext(
        world.database, user="minute", role=UserRole.MINUTE_TAKER, clock=world.clock
    )
    EntryService(taker).add_entry(item, Heading.WORRY, "MKMINUTE new allegation against dad")
    assert leaked(world.screen(), "MKMINUTE") == []
    copies = world.copies(world.person(MOTHER), (DocumentKind.RECORD,), ("pdf",))
    assert leaked(copies, "MKMINUTE") == []


def test_skip_reasons_and_checklist_notes_stay_out_of_parents_copies(world: World) -> None:
    agenda = AgendaService(world.context)
    agenda.skip_item(
        world.item(AgendaKind.AGENCY, "Police"), "MKSKIP officer off sick after the raid"
    )
    PrepareService(world.context).set_checklist(
        world.conference.id, notes="MKCHECK mother's refuge address"
    )
    copies = world.copies(world.person(MOTHER))
    assert leaked(copies, "MKSKIP", "MKCHECK", "refuge", "raid") == []


def test_same_name_father_and_grandfather_each_get_only_their_own_copy(world: World) -> None:
    """Chosen by identity (person id), each of two 'Daniel Okafor's gets his own copy: what
    is withheld from the grandfather is not in his, and is in the father's."""
    father = world.person(FATHER)
    grandfather = world.add_person(FATHER, PersonRole.RELATIVE, date_of_birth=date(1950, 2, 1))
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS),
        Heading.WORRY,
        "MKGRANDAD kept from the grandfather",
        visibility=Visibility.WITHHELD,
        withheld_from=(grandfather,),
    )
    assert leaked(world.copies(grandfather, (DocumentKind.RECORD,)), "MKGRANDAD") == []
    assert "MKGRANDAD" in world.copies(father, (DocumentKind.RECORD,), ("docx",))


def test_package_round_trip_keeps_exclusions_and_visibility(world: World) -> None:
    """Moved by package to another laptop, the father's copy still leaves out what was said
    while he was out and what is professionals-only or withheld from him."""
    father = world.person(FATHER)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "MKSEEN hello")
    entries.add_entry(item, Heading.WORRY, "MKPROF", visibility=Visibility.PROFESSIONALS)
    entries.add_entry(
        item, Heading.WORRY, "MKWITHHELD", visibility=Visibility.WITHHELD, withheld_from=(father,)
    )
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(FATHER), "disclosure")
    world.clock.set(10, 25)
    entries.add_entry(item, Heading.WORRY, "MKPKGOUT")
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    path = PackageService(world.context).write_package(
        world.conference.id, world.folder / "fenwick.json", plain_reason="a round trip in a test"
    )
    other_db = open_database(str(world.folder / "other.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(other_db, user="chair", clock=world.clock)
        summary = PackageService(context).import_package(path)
        other = World(world.folder, other_db, world.clock, context, summary)
        copies = other.copies(other.person(FATHER), (DocumentKind.RECORD,))
        assert leaked(copies, "MKPROF", "MKWITHHELD", "MKPKGOUT") == []
    finally:
        other_db.close()


def test_a_parent_cannot_be_chosen_as_recipient_of_another_familys_copy(world: World) -> None:
    other = new_world()
    try:
        stranger = other.person(MOTHER)
    finally:
        other.close()
    with pytest.raises(ChairDeskError):
        SharingService(world.context).audience_for(world.conference.id, stranger + 1000)


def test_an_action_withheld_from_the_father_stays_withheld_when_carried_to_the_review(
    world: World,
) -> None:
    father = world.person(FATHER)
    a = ActionService(world.context).add_action(
        world.conference.id, what="MKCARRY move to the refuge", who="Mother"
    )
    ActionService(world.context).update_action(
        a.id, visibility=Visibility.WITHHELD, withheld_from=[father]
    )
    review = ReviewService(world.context).start_review(
        world.conference.id, datetime(2027, 3, 1, 10, 0)
    )
    other = World(world.folder, world.database, world.clock, world.context, review)
    assert leaked(other.copies(father, (DocumentKind.PLAN,), ("pdf",)), "MKCARRY") == []
    assert "MKCARRY" in other.copies(world.person(MOTHER), (DocumentKind.PLAN,), ("pdf",))


def test_a_danger_withheld_from_the_father_stays_withheld_when_carried_to_the_review(
    world: World,
) -> None:
    father = world.person(FATHER)
    AnalysisService(world.context).add_danger_statement(
        world.conference.id, "MKCARRYD refuge", "safe", Visibility.WITHHELD, withheld_from=[father]
    )
    review = ReviewService(world.context).start_review(
        world.conference.id, datetime(2027, 3, 1, 10, 0)
    )
    other = World(world.folder, world.database, world.clock, world.context, review)
    assert leaked(other.copies(father, (DocumentKind.PLAN,), ("pdf",)), "MKCARRYD") == []


def test_the_mothers_record_holds_no_hint_of_the_fathers_exclusion(world: World) -> None:
    mother = world.person(MOTHER)
    world.clock.set(10, 17)
    out = AgendaService(world.context).exclude(world.participant(FATHER), "MKWHY police disclosure")
    world.clock.set(10, 43)
    AgendaService(world.context).end_exclusion(out.id)
    c = world.copies(mother, (DocumentKind.RECORD,))
    assert leaked(c, "MKWHY", "10:17", "10:43", "asked to leave") == []


def _withhold(world: World, name: str, frm: str = MOTHER) -> tuple[int, int]:
    who = world.person(frm)
    p = world.add_person(name, PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(p, [who])
    return who, p


def test_a_baby_withheld_from_the_father_is_named_nowhere_in_his_copies(world: World) -> None:
    """The mother's new baby is withheld from the father: actions for her, the agencies'
    recommendations and the decision about her must not reach his copies."""
    father = world.person(FATHER)
    ivy = world.add_person("Ivy Marsh", PersonRole.CHILD)
    ProtectionService(world.context).withhold_person(ivy, [father])
    ActionService(world.context).add_action(
        world.conference.id,
        what="Health visitor visits weekly",
        who="Health visitor",
        child_ids=[ivy],
    )
    d = DecisionService(world.context)
    d.record_recommendation(world.conference.id, ivy, "Police", Outcome.PLAN, Category.NEGLECT, "x")
    d.decide(
        world.conference.id,
        ivy,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.NEGLECT,
        reasons="MKIVYDEC",
    )
    c = world.copies(father)
    assert leaked(c, "Ivy", "Marsh", "MKIVYDEC") == []


def test_a_professionals_only_reports_title_and_author_stay_out_of_the_record(world: World) -> None:
    PrepareService(world.context).add_report(
        world.conference.id,
        "Police",
        title="MKREPPROF intelligence",
        author="DC MKAUTH",
        visibility=Visibility.PROFESSIONALS,
    )
    c = world.copies(world.person(MOTHER), (DocumentKind.RECORD,))
    assert leaked(c, "MKREPPROF", "MKAUTH") == []


def test_the_withheld_partner_speaking_is_not_on_the_screen_with_the_mother_in_the_room(
    world: World,
) -> None:
    _, partner = _withhold(world, "Dale Pryce")
    row = world.add_participant("Dale Pryce", ParticipantRole.RELATIVE, partner)
    item = world.start(AgendaKind.PARENTS_VIEWS)
    PrepareService(world.context).set_attendance(world.participant(MOTHER), Attendance.PRESENT)
    EntryService(world.context).add_entry(item, Heading.VIEW, "MKSEEN hi")
    EntryService(world.context).add_entry(
        item, Heading.VIEW, "MKSPK I love them", speaker_participant_id=row
    )
    s = world.screen()
    assert "MKSEEN" in s and leaked(s, "MKSPK", "Dale") == []


def test_neither_parents_address_reaches_the_others_copies(world: World) -> None:
    """The father's address is protected and the parents live apart."""
    mothers = world.copies(world.person(MOTHER), (*PARENT_DOCUMENTS, DocumentKind.LEAFLET))
    assert leaked(mothers, "Quarry Road", "WB4 9ZZ", "Westbrook") == []
    fathers = world.copies(world.person(FATHER))
    assert leaked(fathers, "Larch Close", "NF1 2ZZ") == []


def test_command_line_logs_hold_no_names_nor_case_text(world: World) -> None:
    """A parent's copy written, and a recipient refused, from the command line: the log file
    holds neither the family's names nor what was said (the refusal names them on stderr only,
    to the chair at the keyboard)."""
    EntryService(world.context).add_entry(
        world.item(AgendaKind.PARENTS_VIEWS), Heading.WORRY, "MKLOGTEXT the case text"
    )
    db = str(world.folder / "cd.db")
    world.close()
    env = dict(
        os.environ,
        CHAIRDESK_KDF_PROFILE="test",
        CHAIRDESK_PASSPHRASE=PASSPHRASE,
        XDG_DATA_HOME=str(world.folder / "data"),
        XDG_STATE_HOME=str(world.folder / "state"),
    )
    env.pop("CHAIRDESK_DB", None)
    codes = []
    for recipient in (MOTHER, "Nobody Fenwick"):
        result = subprocess.run(
            [
                sys.executable, "-m", "chairdesk", "export", str(world.conference.id),
                "--db", db, "--document", "record", "--audience", "parent",
                "--recipient", recipient, "--format", "pdf",
                "--out", str(world.folder / "cli-record.pdf"),
            ],
            capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip
        codes.append(result.returncode)
    assert codes == [0, 1]
    logs = [p for p in (world.folder / "state").rglob("*.log*") if p.is_file()]
    assert logs, "the command line wrote no log"
    text = "\n".join(p.read_text(errors="replace") for p in logs)
    assert leaked(text, "Fenwick", "Okafor", "MKLOGTEXT") == []
    world.database = open_database(db, PASSPHRASE)
