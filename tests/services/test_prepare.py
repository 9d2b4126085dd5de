"""Preparing a conference: people, invitations, attendance, reports, checklist and details."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chairdesk.domain import (
    AgendaKind,
    AgendaStatus,
    Attendance,
    ConferenceStatus,
    MeetingModel,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.errors import NotFoundError, RuleError, ValidationError
from chairdesk.models import AgendaItem, AuditEvent, Conference
from chairdesk.services import audit
from chairdesk.services.conferences import NewPerson
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from chairdesk.views import ConferenceView
from tests.services.builders import (
    FATHER,
    GRANDMOTHER,
    MOTHER,
    OLDER_CHILD,
    fixed_context,
    make_conference,
    participant_id,
    person_id,
)

TODAY = datetime(2026, 11, 20, 9, 0)


def view_of(database: Database, conference_id: int) -> ConferenceView:
    return SharingService(fixed_context(database, TODAY)).view(conference_id)


def prepare(database: Database) -> PrepareService:
    return PrepareService(fixed_context(database, TODAY))


def test_add_person_adds_to_the_family_with_every_detail(database):
    conference = make_conference(database)
    family_id = view_of(database, conference.id).family.id
    added = prepare(database).add_person(
        family_id,
        NewPerson(
            "  Marek Nowak ",
            PersonRole.CARER,
            parental_responsibility=True,
            language="Polish",
            interpreter_needed=True,
            gender="male",
        ),
    )
    assert (added.name, added.role, added.language, added.interpreter_needed) == (
        "Marek Nowak",
        PersonRole.CARER,
        "Polish",
        True,
    )
    assert added in view_of(database, conference.id).people
    assert prepare(database).people(family_id)[-1] == added


def test_add_person_refuses_an_empty_name_and_a_birth_in_the_future(database):
    conference = make_conference(database)
    family_id = view_of(database, conference.id).family.id
    with pytest.raises(ValidationError, match="name cannot be empty"):
        prepare(database).add_person(family_id, NewPerson(" ", PersonRole.CHILD))
    with pytest.raises(ValidationError, match="future"):
        prepare(database).add_person(
            family_id, NewPerson("Baby", PersonRole.CHILD, date_of_birth=date(2027, 1, 1))
        )
    with pytest.raises(NotFoundError, match="no family with id 999"):
        prepare(database).add_person(999, NewPerson("Someone", PersonRole.RELATIVE))


def test_update_person_changes_only_the_details_given(database):
    conference = make_conference(database)
    father = person_id(view_of(database, conference.id), FATHER)
    changed = prepare(database).update_person(father, language="Yoruba", interpreter_needed=True)
    assert (changed.name, changed.language, changed.interpreter_needed) == (FATHER, "Yoruba", True)
    assert changed.parental_responsibility
    with pytest.raises(ValidationError, match="no detail called 'shoe_size'"):
        prepare(database).update_person(father, shoe_size=9)
    with pytest.raises(ValidationError, match="yes or no"):
        prepare(database).update_person(father, parental_responsibility="maybe")


def test_add_participant_from_a_new_agency_adds_its_item_after_the_other_agencies(database):
    conference = make_conference(database)
    added = prepare(database).add_participant(
        conference.id,
        "Lena Price",
        ParticipantRole.PROFESSIONAL,
        agency="Housing",
        job_title="Housing officer",
    )
    agenda = view_of(database, conference.id).agenda
    agencies = [a.agency for a in agenda if a.kind == AgendaKind.AGENCY]
    assert agencies == [
        "Children's Social Care",
        "Health visiting",
        "Oak Tree Primary School",
        "Police",
        "GP",
        "Housing",
    ]
    housing = next(a for a in agenda if a.agency == "Housing")
    assert agenda[housing.position + 1].kind == AgendaKind.CHILD_VIEWS
    assert housing.participant_id == added.id
    assert [a.position for a in agenda] == list(range(len(agenda)))


def test_add_participant_from_an_agency_already_there_adds_no_item(database):
    conference = make_conference(database)
    before = view_of(database, conference.id).agenda
    prepare(database).add_participant(
        conference.id, "Dr Ana Ruiz", ParticipantRole.PROFESSIONAL, agency="gp"
    )
    prepare(database).add_participant(conference.id, "Ayo Bell", ParticipantRole.ADVOCATE)
    assert len(view_of(database, conference.id).agenda) == len(before)


def test_add_participant_to_a_conference_with_no_agencies_places_them_after_the_parents(
    database,
):
    conference = make_conference(database)
    service = prepare(database)
    for participant in view_of(database, conference.id).participants:
        if participant.role == ParticipantRole.PROFESSIONAL:
            service.remove_participant(participant.id)
    assert not view_of(database, conference.id).agenda_of_kind(AgendaKind.AGENCY)
    service.add_participant(
        conference.id, "Kwame Boateng", ParticipantRole.PROFESSIONAL, agency="Police"
    )
    service.add_participant(
        conference.id, "Priya Shah", ParticipantRole.PROFESSIONAL, agency="Children's Social Care"
    )
    kinds = [(a.kind, a.agency) for a in view_of(database, conference.id).agenda]
    parents = kinds.index((AgendaKind.PARENTS_VIEWS, ""))
    assert kinds[parents + 1 : parents + 3] == [
        (AgendaKind.AGENCY, "Children's Social Care"),
        (AgendaKind.AGENCY, "Police"),
    ]


def test_add_participant_linked_to_someone_outside_the_family_is_refused(database):
    mine = make_conference(database)
    theirs = make_conference(database)
    stranger = person_id(view_of(database, theirs.id), MOTHER)
    with pytest.raises(ValidationError, match="not in this family"):
        prepare(database).add_participant(
            mine.id, MOTHER, ParticipantRole.PARENT, person_id=stranger
        )


def test_update_participant_to_a_new_agency_gives_it_an_item(database):
    conference = make_conference(database)
    service = prepare(database)
    added = service.add_participant(conference.id, "Ann Lowe", ParticipantRole.PROFESSIONAL)
    assert len(view_of(database, conference.id).agenda_of_kind(AgendaKind.AGENCY)) == 5
    changed = service.update_participant(added.id, agency="Probation", job_title="Officer")
    assert (changed.agency, changed.job_title) == ("Probation", "Officer")
    assert view_of(database, conference.id).agenda_of_kind(AgendaKind.AGENCY)[-1].agency == (
        "Probation"
    )


def test_set_attendance_records_who_came_and_part_says_which_items(database):
    conference = make_conference(database)
    view = view_of(database, conference.id)
    service = prepare(database)
    present = service.set_attendance(participant_id(view, MOTHER), Attendance.PRESENT)
    apologies = service.set_attendance(participant_id(view, "Dr Ian Cole"), Attendance.APOLOGIES)
    assert (present.attendance, apologies.attendance) == (
        Attendance.PRESENT,
        Attendance.APOLOGIES,
    )
    with pytest.raises(RuleError, match="Say which parts"):
        service.set_attendance(participant_id(view, FATHER), Attendance.PART)
    part = service.set_attendance(participant_id(view, FATHER), Attendance.PART, "Items 1 to 4")
    assert (part.attendance, part.present_for) == (Attendance.PART, "Items 1 to 4")
    assert part in view_of(database, conference.id).participants


def test_remove_participant_takes_off_an_invitee_and_an_agency_item_with_nothing_said(database):
    conference = make_conference(database)
    view = view_of(database, conference.id)
    service = prepare(database)
    service.remove_participant(participant_id(view, "DC Ruth Ames"))
    after = view_of(database, conference.id)
    assert "DC Ruth Ames" not in [p.name for p in after.participants]
    assert "Police" not in [a.agency for a in after.agenda]
    assert [a.position for a in after.agenda] == list(range(len(after.agenda)))


def test_remove_participant_keeps_the_agency_item_once_it_has_started(database):
    conference = make_conference(database)
    view = view_of(database, conference.id)
    with database.transaction() as session:
        item = session.get(AgendaItem, next(a.id for a in view.agenda if a.agency == "Police"))
        item.status = AgendaStatus.DONE
    prepare(database).remove_participant(participant_id(view, "DC Ruth Ames"))
    assert "Police" in [a.agency for a in view_of(database, conference.id).agenda]


def test_remove_participant_who_attended_is_refused(database):
    conference = make_conference(database)
    grandmother = participant_id(view_of(database, conference.id), GRANDMOTHER)
    service = prepare(database)
    service.set_attendance(grandmother, Attendance.PRESENT)
    with pytest.raises(RuleError, match="attended, so stays on the record"):
        service.remove_participant(grandmother)


def test_add_report_records_when_received_and_shared_and_whether_parents_may_see_it(database):
    conference = make_conference(database)
    report = prepare(database).add_report(
        conference.id,
        "Health visiting",
        author="Jo Bright",
        title="Health visitor's report",
        received_on=date(2026, 11, 18),
        shared_with_parents_on=date(2026, 11, 19),
    )
    police = prepare(database).add_report(
        conference.id, "Police", title="Police checks", visibility=Visibility.PROFESSIONALS
    )
    assert (report.received_on, report.shared_with_parents_on, report.visibility) == (
        date(2026, 11, 18),
        date(2026, 11, 19),
        Visibility.SHARED,
    )
    assert prepare(database).reports(conference.id) == (report, police)
    mother = person_id(view_of(database, conference.id), MOTHER)
    sharing = SharingService(fixed_context(database, TODAY))
    mothers = sharing.view(conference.id, sharing.audience_for(conference.id, mother))
    assert [r.title for r in mothers.reports] == ["Health visitor's report"]


def test_add_report_refuses_a_professionals_only_report_shared_with_parents(database):
    conference = make_conference(database)
    service = prepare(database)
    with pytest.raises(RuleError, match="professionals only cannot have been shared"):
        service.add_report(
            conference.id,
            "Police",
            shared_with_parents_on=date(2026, 11, 19),
            visibility=Visibility.PROFESSIONALS,
        )
    report = service.add_report(conference.id, "Police", shared_with_parents_on=date(2026, 11, 19))
    with pytest.raises(RuleError, match="clear the date shared"):
        service.update_report(report.id, visibility=Visibility.PROFESSIONALS)
    assert service.reports(conference.id)[0].visibility == Visibility.SHARED


def test_add_report_checks_its_agency_dates_and_the_people_it_is_withheld_from(database):
    conference = make_conference(database)
    service = prepare(database)
    father = person_id(view_of(database, conference.id), FATHER)
    with pytest.raises(ValidationError, match="which agency"):
        service.add_report(conference.id, "  ")
    with pytest.raises(ValidationError, match="future"):
        service.add_report(conference.id, "School", received_on=date(2026, 11, 21))
    with pytest.raises(ValidationError, match="say who"):
        service.add_report(conference.id, "School", visibility=Visibility.WITHHELD)
    report = service.add_report(
        conference.id, "School", visibility=Visibility.WITHHELD, withheld_from=(father,)
    )
    assert report.withheld_from == (father,)
    changed = service.update_report(report.id, visibility=Visibility.SHARED, title="Attendance")
    assert (changed.visibility, changed.withheld_from, changed.title) == (
        Visibility.SHARED,
        (),
        "Attendance",
    )


def test_set_checklist_ticks_what_was_done_before_the_meeting(database):
    conference = make_conference(database)
    service = prepare(database)
    ticked = service.set_checklist(
        conference.id, chair_met_parents=True, advocate_offered=True, notes="Met at home"
    )
    assert (ticked.chair_met_parents, ticked.advocate_offered, ticked.leaflet_given) == (
        True,
        True,
        False,
    )
    assert ticked.notes == "Met at home"
    assert service.checklist(conference.id) == ticked
    assert view_of(database, conference.id).checklist == ticked
    with pytest.raises(ValidationError, match="no detail called 'cake'"):
        service.set_checklist(conference.id, cake=True)
    with pytest.raises(ValidationError, match="yes or no"):
        service.set_checklist(conference.id, leaflet_given="yes")


def test_update_details_changes_the_conference(database):
    conference = make_conference(database)
    summary = prepare(database).update_details(
        conference.id,
        venue="Westbrook Children's Centre",
        scheduled_at=datetime(2026, 12, 2, 14, 0),
        minute_taker_name="Lou Grant",
        core_group_on=date(2026, 12, 14),
        review_on=date(2027, 2, 26),
        plan_end_conditions="Meals every day and Leo never left alone.",
        inquorate_reason="",
    )
    assert (summary.venue, summary.scheduled_at) == (
        "Westbrook Children's Centre",
        datetime(2026, 12, 2, 14, 0),
    )
    view = view_of(database, conference.id)
    assert (view.minute_taker_name, view.core_group_on, view.review_on) == (
        "Lou Grant",
        date(2026, 12, 14),
        date(2027, 2, 26),
    )
    assert view.plan_end_conditions == "Meals every day and Leo never left alone."


def test_update_details_refuses_dates_out_of_order(database):
    conference = make_conference(database)
    service = prepare(database)
    with pytest.raises(ValidationError, match="the review must be after the conference"):
        service.update_details(conference.id, review_on=date(2026, 11, 30))
    with pytest.raises(ValidationError, match="strategy discussion comes before"):
        service.update_details(conference.id, strategy_discussion_on=date(2026, 12, 5))
    with pytest.raises(ValidationError, match="date and time"):
        service.update_details(conference.id, scheduled_at=date(2026, 12, 3))
    with pytest.raises(ValidationError, match="no detail called 'status'"):
        service.update_details(conference.id, status=ConferenceStatus.ISSUED)


def test_update_details_changing_the_model_rebuilds_the_agenda_before_the_meeting(database):
    conference = make_conference(database)
    assert view_of(database, conference.id).agenda_of_kind(AgendaKind.FAMILY_TREE)
    summary = prepare(database).update_details(conference.id, model=MeetingModel.TRADITIONAL)
    agenda = view_of(database, conference.id).agenda
    assert summary.model == MeetingModel.TRADITIONAL
    assert not [a for a in agenda if a.kind == AgendaKind.FAMILY_TREE]
    assert [a.kind for a in agenda[:2]] == [AgendaKind.OPENING, AgendaKind.PARENTS_VIEWS]
    assert len([a for a in agenda if a.kind == AgendaKind.AGENCY]) == 5


def test_update_details_refuses_a_new_model_once_the_meeting_has_started(database):
    conference = make_conference(database)
    with database.transaction() as session:
        session.get(Conference, conference.id).status = ConferenceStatus.IN_PROGRESS
    with pytest.raises(RuleError, match="model cannot change"):
        prepare(database).update_details(conference.id, model=MeetingModel.SIGNS_OF_SAFETY)


def test_allocate_social_worker_closes_the_last_allocation_and_keeps_the_history(database):
    conference = make_conference(database)
    family_id = view_of(database, conference.id).family.id
    service = prepare(database)
    added = service.allocate_social_worker(
        family_id, "Kwame Boateng", "Northfield Child Protection Team", date(2026, 11, 16)
    )
    assert (added.name, added.to_date) == ("Kwame Boateng", None)
    history = service.social_workers(family_id)
    assert [(w.name, w.from_date, w.to_date) for w in history] == [
        ("Priya Shah", date(2026, 11, 10), date(2026, 11, 15)),
        ("Kwame Boateng", date(2026, 11, 16), None),
    ]
    view = view_of(database, conference.id)
    assert view.social_workers == history
    assert view.lead_social_worker == "Kwame Boateng"  # the conference is not yet held


def test_allocate_social_worker_refuses_the_same_worker_or_an_earlier_start(database):
    conference = make_conference(database)
    family_id = view_of(database, conference.id).family.id
    service = prepare(database)
    with pytest.raises(ValidationError, match="already the allocated social worker"):
        service.allocate_social_worker(family_id, "priya shah", "", date(2026, 11, 16))
    with pytest.raises(ValidationError, match="start after the current one began"):
        service.allocate_social_worker(family_id, "Kwame Boateng", "", date(2026, 11, 10))
    assert len(service.social_workers(family_id)) == 1


def test_uninvited_with_parental_responsibility_names_fathers_and_carers_left_out(database):
    conference = make_conference(database)
    view = view_of(database, conference.id)
    service = prepare(database)
    assert service.uninvited_with_parental_responsibility(conference.id) == ()
    service.remove_participant(participant_id(view, FATHER))
    stepfather = service.add_person(
        view.family.id, NewPerson("Marek Nowak", PersonRole.CARER, parental_responsibility=True)
    )
    service.add_person(view.family.id, NewPerson("Uncle Bob Fenwick", PersonRole.RELATIVE))
    missing = service.uninvited_with_parental_responsibility(conference.id)
    assert [p.name for p in missing] == [FATHER, "Marek Nowak"]
    assert OLDER_CHILD not in [p.name for p in missing]
    service.add_participant(
        conference.id, "Marek Nowak", ParticipantRole.CARER, person_id=stepfather.id
    )
    assert [p.name for p in service.uninvited_with_parental_responsibility(conference.id)] == [
        FATHER
    ]


def test_preparing_writes_a_verifiable_audit_trail_without_names(database):
    conference = make_conference(database)
    context = fixed_context(database, TODAY)
    service = PrepareService(context)
    view = view_of(database, conference.id)
    service.update_person(person_id(view, MOTHER), language="Welsh")
    service.add_participant(conference.id, "Lena Price", ParticipantRole.PROFESSIONAL, agency="X")
    service.add_report(conference.id, "Health visiting", title="Report")
    service.set_checklist(conference.id, leaflet_given=True)
    service.update_details(conference.id, venue="Room 2")
    verdict = audit.verify(context)
    assert verdict.ok
    with database.transaction() as session:
        details = [str(e.detail) for e in session.query(AuditEvent)]
    assert not [d for d in details if "Lena" in d or "Room 2" in d or "Fenwick" in d]


def test_set_attendance_part_can_be_corrected_and_other_attendance_drops_what_it_said(database):
    conference = make_conference(database)
    father = participant_id(view_of(database, conference.id), FATHER)
    service = prepare(database)
    service.set_attendance(father, Attendance.PART, "Items 1 to 4")
    corrected = service.set_attendance(father, Attendance.PART, "  Items 1 to 6  ")
    assert (corrected.attendance, corrected.present_for) == (Attendance.PART, "Items 1 to 6")
    stayed = service.set_attendance(father, Attendance.PRESENT, "Items 1 to 6")
    assert (stayed.attendance, stayed.present_for) == (Attendance.PRESENT, "")
    with pytest.raises(RuleError, match="Say which parts"):
        service.set_attendance(father, Attendance.PART, "   ")
    assert view_of(database, conference.id).participants == service.participants(conference.id)


def test_add_person_a_household_member_with_responsibility_is_flagged_until_invited(database):
    conference = make_conference(database)
    view = view_of(database, conference.id)
    service = prepare(database)
    partner = service.add_person(
        view.family.id,
        NewPerson("Chris Adebayo", PersonRole.CARER, parental_responsibility=True),
    )
    assert partner in view_of(database, conference.id).people
    flagged = service.uninvited_with_parental_responsibility(conference.id)
    assert [p.name for p in flagged] == ["Chris Adebayo"]
    invited = service.add_participant(
        conference.id, partner.name, ParticipantRole.CARER, person_id=partner.id
    )
    assert service.uninvited_with_parental_responsibility(conference.id) == ()
    service.remove_participant(invited.id)
    assert [p.name for p in service.uninvited_with_parental_responsibility(conference.id)] == [
        "Chris Adebayo"
    ]


def test_update_report_says_how_many_working_days_before_the_conference_parents_had_it(database):
    # The conference is on Tuesday 1 December 2026; parents need 3 working days.
    conference = make_conference(database)
    report = prepare(database).add_report(conference.id, "Health visiting")
    assert (report.working_days_before, report.working_days_required) == (None, 3)
    on_time = prepare(database).update_report(report.id, shared_with_parents_on=date(2026, 11, 20))
    assert (on_time.working_days_before, on_time.shared_late) == (7, False)
    assert prepare(database).reports(conference.id) == (on_time,)
