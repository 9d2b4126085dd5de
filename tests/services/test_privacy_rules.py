"""The paths by which a parent once saw what they may not: each closed, on SQLite and PostgreSQL.

Each test builds the fictional Fenwick family's conference through the services and reads the
views the copies and the parents' screen are made from (services/sharing.py, services/room.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
from chairdesk.errors import PermissionDeniedError
from chairdesk.services.actions import ActionService
from chairdesk.services.agenda import AgendaService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import NewPerson
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.protection import ProtectionService
from chairdesk.services.room import RoomService
from chairdesk.services.sharing import SharingService
from chairdesk.views import Audience, ConferenceView
from tests.services.builders import (
    FATHER,
    MOTHER,
    OLDER_CHILD,
    WHEN,
    agenda_item,
    make_conference,
    participant_id,
    person_id,
)


@dataclass
class Clock:
    now: datetime = WHEN

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int = 1) -> None:
        self.now += timedelta(minutes=minutes)


@dataclass
class Meeting:
    context: ServiceContext
    clock: Clock
    conference_id: int
    view: ConferenceView
    ids: dict[str, int] = field(default_factory=dict)

    def copy_of(self, name: str) -> ConferenceView:
        sharing = SharingService(self.context)
        return sharing.view(
            self.conference_id, sharing.audience_for(self.conference_id, self.ids[name])
        )

    def professionals(self) -> ConferenceView:
        return SharingService(self.context).view(self.conference_id)


def _meeting(database, role: UserRole = UserRole.CHAIR) -> Meeting:  # type: ignore[no-untyped-def]
    clock = Clock()
    context = ServiceContext(database, user="chair", role=role, clock=clock)
    summary = make_conference(database)
    view = SharingService(context).view(summary.id)
    ids = {MOTHER: person_id(view, MOTHER), FATHER: person_id(view, FATHER)}
    ids[OLDER_CHILD] = person_id(view, OLDER_CHILD)
    return Meeting(context, clock, summary.id, view, ids)


def _all_text(view: ConferenceView) -> str:
    """Every string a document or the screen could print from this view."""
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(view)
    return "\n".join(parts)


def test_privacy_exclusion_covers_every_kind_recorded_while_out(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    father_participant = participant_id(m.view, FATHER)
    child = m.ids[OLDER_CHILD]
    decisions = DecisionService(m.context)
    decisions.record_recommendation(
        m.conference_id,
        child,
        "Children's Social Care",
        Outcome.PLAN,
        Category.NEGLECT,
        "BEFORE-REC",
    )
    m.clock.tick()
    exclusion = AgendaService(m.context).exclude(father_participant, "Police matter to discuss")
    m.clock.tick()
    AnalysisService(m.context).add_danger_statement(m.conference_id, "OUT-DANGER", "OUT-GOAL")
    AnalysisService(m.context).record_scaling(m.conference_id, "DC Ruth Ames", 2, "OUT-SCORE")
    decisions.record_recommendation(
        m.conference_id, child, "Police", Outcome.PLAN, Category.NEGLECT, "OUT-REC"
    )
    decided = decisions.decide(
        m.conference_id,
        child,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.NEGLECT,
        reasons="OUT-REASONS",
    )
    decisions.add_dissent(decided.id, "Dr Ian Cole", "OUT-DISSENT")
    ActionService(m.context).add_action(
        m.conference_id, what="OUT-ACTION", who="Police", owner=ActionOwner.PROFESSIONAL
    )
    m.clock.tick()
    AgendaService(m.context).end_exclusion(exclusion.id)
    m.clock.tick()
    ActionService(m.context).add_action(m.conference_id, what="AFTER-ACTION", who=MOTHER)

    father = _all_text(m.copy_of(FATHER))
    for marker in (
        "OUT-DANGER",
        "OUT-GOAL",
        "OUT-SCORE",
        "OUT-REC",
        "OUT-REASONS",
        "OUT-DISSENT",
        "OUT-ACTION",
    ):
        assert marker not in father, marker
    assert "BEFORE-REC" in father and "AFTER-ACTION" in father
    # The decision itself still reaches him: the child's plan and its category.
    (decision,) = m.copy_of(FATHER).decisions
    assert decision.outcome == Outcome.PLAN and decision.category == Category.NEGLECT
    # His copy says he was asked to leave, and when; never why.
    (his,) = m.copy_of(FATHER).exclusions
    assert his.started_at == WHEN + timedelta(minutes=1) and his.reason == ""
    # The mother was in the room throughout: her copy holds all of it, and no exclusion.
    mother_view = m.copy_of(MOTHER)
    assert "OUT-DISSENT" in _all_text(mother_view) and mother_view.exclusions == ()
    assert "Police matter to discuss" in _all_text(m.professionals())


def test_privacy_exclusion_survives_edits_to_the_participant(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    father_participant = participant_id(m.view, FATHER)
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    AgendaService(m.context).exclude(
        father_participant, "Police matter", agenda_item_ids=[parents.id]
    )
    EntryService(m.context).add_entry(parents.id, Heading.WORRY, "SAID-WHILE-OUT")
    prepare = PrepareService(m.context)
    for change in (
        {"person_id": None},
        {"person_id": m.ids[MOTHER]},
        {"name": "D. Okafor"},
        {"person_id": m.ids[FATHER]},
    ):
        prepare.update_participant(father_participant, **change)
        assert "SAID-WHILE-OUT" not in _all_text(m.copy_of(FATHER)), change
    assert "SAID-WHILE-OUT" in _all_text(m.copy_of(MOTHER))


def test_privacy_a_withheld_person_is_named_nowhere_in_that_copy(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    prepare = PrepareService(m.context)
    partner = prepare.add_person(
        m.view.family.id,
        NewPerson("Dale Pryce", PersonRole.CARER, language="Polish", interpreter_needed=True),
    )
    prepare.add_participant(
        m.conference_id, "Dale Pryce", ParticipantRole.CARER, person_id=partner.id
    )
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    entries = EntryService(m.context)
    entries.add_entry(parents.id, Heading.VIEW, "Dale has moved in with the father.")
    entries.add_entry(parents.id, Heading.VIEW, "The children enjoy swimming.")
    ActionService(m.context).add_action(
        m.conference_id, what="Meet with Mr Pryce", who="Dale Pryce"
    )
    ProtectionService(m.context).withhold_person(partner.id, [m.ids[MOTHER]])

    mother = m.copy_of(MOTHER)
    text = _all_text(mother)
    assert "Dale" not in text and "Pryce" not in text
    assert "swimming" in text  # nothing else went with him
    assert all(p.id != partner.id for p in mother.people)
    assert mother.withheld_count >= 3
    # The father may see his partner; the professionals see everything.
    assert "Dale has moved in" in _all_text(m.copy_of(FATHER))
    assert m.professionals().people[-1].withheld_from == (m.ids[MOTHER],)


def test_privacy_people_withheld_only_by_a_chair(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database, role=UserRole.MINUTE_TAKER)
    with pytest.raises(PermissionDeniedError):
        ProtectionService(m.context).withhold_person(m.ids[FATHER], [m.ids[MOTHER]])
    with pytest.raises(PermissionDeniedError):
        ProtectionService(m.context).set_parents_kept_apart(m.view.family.id, True)


def test_privacy_a_minute_takers_notes_start_for_professionals(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database, role=UserRole.MINUTE_TAKER)
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    entries = EntryService(m.context)
    note = entries.add_entry(parents.id, Heading.NOTE, "MINUTE-NOTE")
    assert note.visibility == Visibility.PROFESSIONALS
    assert "MINUTE-NOTE" not in _all_text(m.copy_of(MOTHER))
    with pytest.raises(PermissionDeniedError):
        entries.add_entry(parents.id, Heading.NOTE, "SHARED?", visibility=Visibility.SHARED)


def test_privacy_parents_kept_apart_start_withheld_from_each_other(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    ProtectionService(m.context).set_parents_kept_apart(m.view.family.id, True)
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    entries = EntryService(m.context)
    low = entries.add_entry(
        parents.id,
        Heading.VIEW,
        "MOTHER-LOW-MOOD",
        speaker_participant_id=participant_id(m.view, MOTHER),
    )
    assert low.visibility == Visibility.WITHHELD and m.ids[FATHER] in low.withheld_from
    assert "MOTHER-LOW-MOOD" not in _all_text(m.copy_of(FATHER))
    assert "MOTHER-LOW-MOOD" in _all_text(m.copy_of(MOTHER))
    # The chair can still choose to share it with both.
    entries.set_visibility(low.id, Visibility.SHARED)
    assert "MOTHER-LOW-MOOD" in _all_text(m.copy_of(FATHER))


def test_privacy_a_parents_copy_never_hints_at_what_others_are_kept_from(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    EntryService(m.context).add_entry(
        parents.id,
        Heading.VIEW,
        "KEPT-FROM-FATHER",
        visibility=Visibility.WITHHELD,
        withheld_from=(m.ids[FATHER],),
    )
    mother = m.copy_of(MOTHER)
    (entry,) = [e for e in mother.entries if e.text == "KEPT-FROM-FATHER"]
    assert entry.visibility == Visibility.SHARED and entry.withheld_from == ()
    assert "Withheld from named people" not in _all_text(mother)


def test_privacy_the_room_is_everyone_present_linked_or_not(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    prepare = PrepareService(m.context)
    for name in (MOTHER, FATHER):
        prepare.set_attendance(participant_id(m.view, name), Attendance.PRESENT)
    room = RoomService(m.context).audience(m.conference_id)
    assert room == Audience.room(frozenset({m.ids[MOTHER], m.ids[FATHER]}), anyone_unlinked=False)
    uncle = prepare.add_participant(m.conference_id, "Uncle Ray", ParticipantRole.RELATIVE)
    prepare.set_attendance(uncle.id, Attendance.PRESENT)
    assert RoomService(m.context).audience(m.conference_id).keeps_everything_withheld


def test_privacy_someone_unlinked_in_the_room_keeps_every_withheld_person_off(database) -> None:  # type: ignore[no-untyped-def]
    m = _meeting(database)
    prepare = PrepareService(m.context)
    partner = prepare.add_person(m.view.family.id, NewPerson("Dale Pryce", PersonRole.CARER))
    ProtectionService(m.context).withhold_person(partner.id, [m.ids[FATHER]])
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    EntryService(m.context).add_entry(parents.id, Heading.VIEW, "Dale Pryce visits on Sundays")
    prepare.set_attendance(participant_id(m.view, MOTHER), Attendance.PRESENT)
    rooms = RoomService(m.context)
    sharing = SharingService(m.context)
    assert "Pryce" in _all_text(sharing.view(m.conference_id, rooms.audience(m.conference_id)))
    typed = prepare.add_participant(m.conference_id, "A cousin", ParticipantRole.RELATIVE)
    prepare.set_attendance(typed.id, Attendance.PRESENT)
    room = sharing.view(m.conference_id, rooms.audience(m.conference_id))
    assert "Pryce" not in _all_text(room) and "Dale" not in _all_text(room)


def test_privacy_a_package_keeps_exclusions_and_withheld_people(database, second_database) -> None:  # type: ignore[no-untyped-def]
    """Through a package and back: what the father missed, and who is kept from the mother, stay
    out of their copies in the database the package is opened in."""
    from chairdesk.services.package import PackageService

    m = _meeting(database)
    prepare = PrepareService(m.context)
    partner = prepare.add_person(m.view.family.id, NewPerson("Dale Pryce", PersonRole.CARER))
    ProtectionService(m.context).withhold_person(partner.id, [m.ids[MOTHER]])
    ProtectionService(m.context).set_parents_kept_apart(m.view.family.id, True)
    m.clock.tick()
    out = AgendaService(m.context).exclude(participant_id(m.view, FATHER), "Police matter")
    m.clock.tick()
    AnalysisService(m.context).add_danger_statement(m.conference_id, "OUT-DANGER", "A goal")
    ActionService(m.context).add_action(m.conference_id, what="OUT-ACTION", who="Police")
    m.clock.tick()
    AgendaService(m.context).end_exclusion(out.id)
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    EntryService(m.context).add_entry(parents.id, Heading.VIEW, "Dale Pryce has moved in")
    package = PackageService(m.context).export_package(m.conference_id)

    there = ServiceContext(second_database, clock=m.clock)
    imported = PackageService(there).import_package(package, keep_sharing=True)
    sharing = SharingService(there)
    view = sharing.view(imported.id)
    assert view.family.parents_kept_apart
    father = next(p.id for p in view.people if p.name == FATHER)
    mother = next(p.id for p in view.people if p.name == MOTHER)
    his = _all_text(sharing.view(imported.id, sharing.audience_for(imported.id, father)))
    hers = _all_text(sharing.view(imported.id, sharing.audience_for(imported.id, mother)))
    assert "OUT-DANGER" not in his and "OUT-ACTION" not in his
    assert "OUT-DANGER" in hers and "Pryce" not in hers


def test_privacy_a_package_exclusion_must_name_a_family_member(database) -> None:  # type: ignore[no-untyped-def]
    """The screens refuse to exclude someone not linked to the family record; so does import."""
    from chairdesk.services.package import PackageError, PackageService

    m = _meeting(database)
    out = AgendaService(m.context).exclude(participant_id(m.view, FATHER), "Police matter")
    AgendaService(m.context).end_exclusion(out.id)
    package = PackageService(m.context).export_package(m.conference_id)
    package["family"]["case_reference"] = "FEN-SMUGGLED"
    (exclusion,) = package["conference"]["exclusions"]
    exclusion["person"] = None
    unlinked = next(p for p in package["participants"] if p["id"] == exclusion["participant"])
    unlinked["person"] = None
    with pytest.raises(PackageError, match="must name the family member"):
        PackageService(m.context).import_package(package)


def test_privacy_the_check_points_out_the_other_parent_and_withholds_a_person(database) -> None:  # type: ignore[no-untyped-def]
    from chairdesk.services.copy_check import withhold_item

    m = _meeting(database)
    ProtectionService(m.context).set_parents_kept_apart(m.view.family.id, True)
    prepare = PrepareService(m.context)
    partner = prepare.add_person(m.view.family.id, NewPerson("Dale Pryce", PersonRole.CARER))
    parents = agenda_item(m.view, AgendaKind.PARENTS_VIEWS)
    EntryService(m.context).add_entry(
        parents.id, Heading.VIEW, "Daniel said he will move to Leeds with Dale Pryce"
    )
    sharing = SharingService(m.context)
    check = sharing.parent_copy_checklist(m.copy_of(MOTHER))
    (said,) = [i for i in check if i.kind == "entry" and "Leeds" in i.excerpt]
    assert f"names {FATHER}" in said.source and "Dale Pryce" in said.source
    (dale,) = [i for i in check if i.kind == "person" and i.excerpt == "Dale Pryce"]
    withhold_item(m.context, dale, m.ids[MOTHER])
    assert "Pryce" not in _all_text(m.copy_of(MOTHER))
    assert "Pryce" in _all_text(m.copy_of(FATHER))
    assert partner.id in {p.id for p in m.copy_of(FATHER).people}
