"""Quoracy: children's social care and two other agencies present, explained in plain words."""

from __future__ import annotations

from itertools import count

from chairdesk.domain import Attendance, ParticipantRole
from chairdesk.services import quoracy
from chairdesk.services.quoracy import assess_quoracy, is_childrens_social_care
from chairdesk.views import ParticipantView

_ids = count(1)


def professional(agency, attendance=Attendance.PRESENT, job_title=""):
    return ParticipantView(
        id=next(_ids),
        name="Sam Example",
        role=ParticipantRole.PROFESSIONAL,
        agency=agency,
        job_title=job_title,
        attendance=attendance,
    )


def other(role, agency=""):
    return ParticipantView(
        id=next(_ids), name="Alex Example", role=role, agency=agency, attendance=Attendance.PRESENT
    )


def test_quoracy_social_care_and_three_agencies_is_quorate():
    result = assess_quoracy(
        [
            professional("Children's Social Care"),
            professional("Health visiting"),
            professional("School"),
            professional("Police"),
            other(ParticipantRole.PARENT),
        ]
    )
    assert result.quorate
    assert result.explanation == (
        "Quorate: children's social care and 3 other agencies "
        "(Health visiting, School, Police) are present."
    )
    assert result.agencies == ("Children's Social Care", "Health visiting", "School", "Police")


def test_quoracy_social_care_and_one_agency_is_not_quorate():
    result = assess_quoracy([professional("Children's Services"), professional("School")])
    assert not result.quorate
    assert result.explanation == (
        "Not quorate: children's social care is present but only one other agency (School). "
        "A conference needs children's social care and at least two other agencies; "
        "if you go ahead, record why."
    )


def test_quoracy_without_social_care_is_not_quorate_however_many_agencies():
    result = assess_quoracy(
        [professional("School"), professional("Police"), professional("GP surgery")]
    )
    assert not result.quorate
    assert result.explanation.startswith(
        "Not quorate: children's social care is not present "
        "(3 agencies present: School, Police, GP surgery)."
    )


def test_quoracy_with_nobody_present_says_so():
    result = assess_quoracy([professional("School", Attendance.APOLOGIES)])
    assert not result.quorate
    assert result.explanation.startswith("Not quorate: no agency is present.")
    assert result.agencies == ()


def test_quoracy_counts_part_attendance_but_not_apologies_absence_or_invitations():
    people = [
        professional("Social care"),
        professional("School", Attendance.PART),
        professional("Police", Attendance.APOLOGIES),
        professional("Housing", Attendance.ABSENT),
        professional("Probation", Attendance.INVITED),
        professional("Health visiting"),
    ]
    result = assess_quoracy(people)
    assert result.quorate
    assert result.agencies == ("Social care", "School", "Health visiting")


def test_quoracy_counts_each_agency_once():
    result = assess_quoracy(
        [
            professional("Children's Social Care"),
            professional("Childrens social care"),
            professional("School"),
            professional("school "),
        ]
    )
    assert not result.quorate
    assert "only one other agency (School)" in result.explanation


def test_quoracy_ignores_family_advocates_interpreters_chair_and_minute_taker():
    result = assess_quoracy(
        [
            professional("Children's Social Care"),
            professional("School"),
            other(ParticipantRole.ADVOCATE, "Example Family Advocacy Service"),
            other(ParticipantRole.INTERPRETER, "Example Interpreting"),
            other(ParticipantRole.CHAIR, "Safeguarding Unit"),
            other(ParticipantRole.MINUTE_TAKER, "Business Support"),
            other(ParticipantRole.RELATIVE, "Police"),
        ]
    )
    assert not result.quorate
    assert result.agencies == ("Children's Social Care", "School")


def test_quoracy_recognises_social_care_by_its_many_names():
    for name in (
        "Children's Social Care",
        "CHILDREN’S SERVICES – North Team",
        "childrens social care",
        "Social Care",
        "Example Health and Social Care Trust",
        "Children and Families Service",
    ):
        assert is_childrens_social_care(name), name
    for name in ("Adult Social Care", "School", "Police", "Health visiting", ""):
        assert not is_childrens_social_care(name), name


def test_quoracy_social_worker_without_an_agency_counts_and_unknown_agencies_are_named():
    result = assess_quoracy(
        [
            professional("", job_title="Social Worker"),
            professional("School"),
            professional("Police"),
            professional("", job_title="Family support"),
        ]
    )
    assert result.quorate
    assert result.explanation.endswith("1 professional has no agency recorded and is not counted.")


def test_quoracy_short_name_is_the_same_function():
    assert quoracy.assess is assess_quoracy
