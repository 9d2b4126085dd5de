"""Hand-built conference views of a fictional family, and a stand-in for the sharing filter."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from chairdesk.domain import (
    ActionOwner,
    ActionStatus,
    AgendaKind,
    AgendaStatus,
    Attendance,
    Category,
    ConferenceKind,
    ConferenceStatus,
    Heading,
    MeetingModel,
    Origin,
    Outcome,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.views import (
    ActionView,
    AgendaItemView,
    Audience,
    ChecklistView,
    ConferenceSummary,
    ConferenceView,
    DangerStatementView,
    DecisionView,
    DissentView,
    EntryView,
    ExclusionView,
    FamilyView,
    GlossaryTermView,
    ParticipantView,
    PersonView,
    ProgressNoteView,
    QuoracyView,
    RecommendationView,
    ReportView,
    ScalingPoint,
    ScalingView,
    SocialWorkerView,
)

MOTHER, FATHER = 3, 4
MAISIE, THEO = 1, 2
REFERENCE = "CP-2025-0417"

# Text that a parent's copy must never contain: each sits in a restricted place below.
RESTRICTED = {
    "professionals": "RESTRICTED-POLICE-ENQUIRY-NEIGHBOUR",
    "withheld_from_father": "RESTRICTED-MOTHER-NEW-ADDRESS-14-LARCH-CLOSE",
    "while_father_excluded": "RESTRICTED-SAID-WHILE-FATHER-OUT",
    "police_report": "RESTRICTED Police disclosure report",
    "family_address": "RESTRICTED 9 Quarry Lane",
    "checklist_notes": "RESTRICTED-CHECKLIST-NOTE-ABOUT-FATHERS-BAIL",
}

GLOSSARY = (
    GlossaryTermView(
        "Core group",
        "The small group of family members and professionals who "
        "meet between conferences to make the plan work.",
    ),
    GlossaryTermView(
        "Neglect",
        "When a child's basic needs, like food, warmth, safety or health care, are not met.",
    ),
    GlossaryTermView(
        "Scaling",
        "Everyone gives a number from 0 to 10 for how safe they think "
        "the children are. 10 means safe enough for the plan to end.",
    ),
)

_T = datetime(2025, 3, 6, 10, 0)


def _t(hour: int, minute: int) -> datetime:
    return _T.replace(hour=hour, minute=minute)


def _agenda() -> tuple[AgendaItemView, ...]:
    items = [
        (AgendaKind.OPENING, "Introductions, purpose and confidentiality", ""),
        (AgendaKind.PARENTS_VIEWS, "Parents' views", ""),
        (AgendaKind.PROGRESS_REVIEW, "Progress since the last conference", ""),
        (AgendaKind.AGENCY, "Children's social care", "Children's Social Care"),
        (AgendaKind.AGENCY, "Health visiting", "Health Visiting Service"),
        (AgendaKind.AGENCY, "School", "Oakfield Primary School"),
        (AgendaKind.AGENCY, "Police", "Westshire Police"),
        (AgendaKind.CHILD_VIEWS, "The children's views", ""),
        (AgendaKind.ANALYSIS, "Analysis", ""),
        (AgendaKind.SCALING, "Scaling", ""),
        (AgendaKind.DECISION, "Decision", ""),
        (AgendaKind.PLAN, "The plan", ""),
        (AgendaKind.CLOSE, "Close", ""),
    ]
    out = []
    for position, (kind, title, agency) in enumerate(items, start=1):
        start = _T + timedelta(minutes=8 * (position - 1))
        out.append(
            AgendaItemView(
                id=100 + position,
                kind=kind,
                title=title,
                position=position,
                status=AgendaStatus.DONE,
                started_at=start,
                ended_at=start + timedelta(minutes=7),
                agency=agency,
            )
        )
    return tuple(out)


def _entry(
    n: int,
    item: int,
    heading: Heading,
    text: str,
    speaker: str,
    visibility: Visibility = Visibility.SHARED,
    withheld: tuple[int, ...] = (),
    origin: Origin = Origin.TYPED,
) -> EntryView:
    return EntryView(
        id=n,
        agenda_item_id=item,
        heading=heading,
        text=text,
        visibility=visibility,
        origin=origin,
        speaker_name=speaker,
        withheld_from=withheld,
    )


def _entries() -> tuple[EntryView, ...]:
    sw, hv, school, police = (
        "Priya Nair (social worker)",
        "Sam Okafor (health visitor)",
        "Elaine Brooks (school)",
        "DC Tom Reilly (police)",
    )
    return (
        _entry(
            1,
            102,
            Heading.VIEW,
            "I have kept every appointment since December and the "
            "house is in a much better state. I want the children to see their dad more.",
            "Jodie Harwood",
        ),
        _entry(
            2,
            102,
            Heading.VIEW,
            "I agree things are better. I would like weekend contact written into the plan.",
            "Craig Dawson",
        ),
        _entry(
            3,
            103,
            Heading.NOTE,
            "Five of the eight actions from the last plan have moved forward; two are achieved.",
            "Ruth Akande (chair)",
        ),
        _entry(
            4,
            104,
            Heading.WORRY,
            "Maisie and Theo were left alone in the house on two "
            "evenings in August while their mother was out drinking.",
            sw,
        ),
        _entry(
            5,
            104,
            Heading.STRENGTH,
            "Jodie has attended every alcohol service session "
            "since December and her tests have been clear.",
            sw,
        ),
        _entry(
            6,
            104,
            Heading.COMPLICATING_FACTOR,
            "Jodie and Craig live apart and do not always agree on arrangements for the children.",
            sw,
        ),
        _entry(
            7,
            104,
            Heading.NEXT_STEPS,
            "A written safety plan for evenings, agreed with Jodie's sister as the back-up carer.",
            sw,
        ),
        _entry(
            8,
            104,
            Heading.NOTE,
            RESTRICTED["withheld_from_father"] + ": Jodie has moved "
            "to a new flat and asked that the address is not shared.",
            sw,
            Visibility.WITHHELD,
            (FATHER,),
        ),
        _entry(
            9, 105, Heading.WORRY, "Theo's weight dropped below the expected line in September.", hv
        ),
        _entry(
            10,
            105,
            Heading.EXISTING_SAFETY,
            "Theo's weight is now back on his line and he attends nursery every day.",
            hv,
        ),
        _entry(
            11,
            106,
            Heading.STRENGTH,
            "Maisie's attendance is 96% this term and she is proud of her reading.",
            school,
        ),
        _entry(
            12,
            106,
            Heading.GREY_AREA,
            "Maisie sometimes arrives hungry on Mondays; we do not yet know why.",
            school,
        ),
        _entry(
            13,
            107,
            Heading.NOTE,
            RESTRICTED["professionals"] + ": an enquiry about a "
            "neighbour is ongoing and must not be shared.",
            police,
            Visibility.PROFESSIONALS,
            origin=Origin.PASTED,
        ),
        _entry(
            14,
            107,
            Heading.VIEW,
            RESTRICTED["while_father_excluded"] + ": heard while Craig was out of the room.",
            police,
        ),
        _entry(
            15,
            108,
            Heading.HOW_OBTAINED,
            "Priya saw Maisie at school and used a three houses drawing with her.",
            sw,
        ),
        _entry(
            16,
            108,
            Heading.VIEW,
            'Maisie said: "I like it when Mum picks me up and we go '
            "to the park. I don't like being on my own at night.\"",
            sw,
        ),
        _entry(
            17,
            109,
            Heading.RISK_STATEMENT,
            "If the children are left alone again at "
            "night, they could be hurt or frightened and not know how to get help.",
            sw,
        ),
        _entry(
            18,
            109,
            Heading.NOTE,
            "The family has made real progress; the remaining worry is evenings and weekends.",
            "Ruth Akande (chair)",
        ),
        _entry(
            19,
            112,
            Heading.VIEW,
            "I think the plan is fair but there are too many appointments in the school holidays.",
            "Jodie Harwood",
        ),
        _entry(20, 112, Heading.RESPONSE, "I am glad contact is in the plan.", "Craig Dawson"),
    )


def _actions() -> tuple[ActionView, ...]:
    def action(
        n: int,
        what: str,
        who: str,
        owner: ActionOwner,
        by: date | None,
        status: ActionStatus = ActionStatus.IN_PROGRESS,
        **extra: object,
    ) -> ActionView:
        return ActionView(
            id=200 + n,
            position=n,
            what=what,
            who=who,
            owner=owner,
            by_when=by,
            why=extra.pop("why", "So the children are never left alone at night."),  # type: ignore[arg-type]
            how_we_will_know=extra.pop("how", "The social worker will check at each visit."),  # type: ignore[arg-type]
            support=extra.pop("support", "The social worker will help arrange this."),  # type: ignore[arg-type]
            if_not_done=extra.pop(
                "if_not",
                "The core group will meet sooner to talk about "  # type: ignore[arg-type]
                "what is getting in the way.",
            ),
            status=status,
            **extra,  # type: ignore[arg-type]
        )

    return (
        action(
            1,
            "Jodie will keep going to the alcohol service every week.",
            "Jodie Harwood",
            ActionOwner.FAMILY,
            date(2025, 6, 1),
            carried_from_id=11,
            progress=(ProgressNoteView(1, date(2025, 2, 20), "Every session attended."),),
        ),
        action(
            2,
            "Write an evening safety plan with Jodie's sister as back-up carer.",
            "Priya Nair",
            ActionOwner.PROFESSIONAL,
            date(2025, 3, 20),
            carried_from_id=12,
        ),
        action(
            3,
            "Register Theo with the nursery for 15 funded hours.",
            "Jodie Harwood",
            ActionOwner.FAMILY,
            date(2025, 1, 10),
            ActionStatus.ACHIEVED,
            achieved_on=date(2025, 1, 8),
            confirmed_by="Sam Okafor",
            carried_from_id=13,
        ),
        action(
            4,
            "Weigh Theo monthly and share the results with Jodie.",
            "Sam Okafor",
            ActionOwner.PROFESSIONAL,
            date(2025, 6, 1),
            ActionStatus.ACHIEVED,
            achieved_on=date(2025, 2, 28),
            carried_from_id=14,
        ),
        action(
            5,
            "Agree weekend contact for Craig in writing.",
            "Craig Dawson and Priya Nair",
            ActionOwner.FAMILY,
            date(2025, 4, 4),
            reason_added="Both parents asked for contact to be part of the plan.",
        ),
        action(
            6,
            "Offer Maisie breakfast club on Mondays.",
            "Elaine Brooks",
            ActionOwner.PROFESSIONAL,
            date(2025, 3, 14),
            reason_added="Maisie sometimes arrives hungry after weekends.",
        ),
        action(
            7,
            "Refer Jodie and Craig to the parenting together course.",
            "Priya Nair",
            ActionOwner.PROFESSIONAL,
            date(2025, 3, 28),
            ActionStatus.NOT_STARTED,
            reason_added="The parents do not always agree on arrangements.",
        ),
        action(
            8,
            "Keep a simple diary of evenings out and who cares for the children.",
            "Jodie Harwood",
            ActionOwner.FAMILY,
            date(2025, 4, 30),
            ActionStatus.NOT_STARTED,
            reason_added="To show the evening safety plan is working.",
        ),
    )


def _decision(child_id: int, name: str, n: int, dissent: bool) -> DecisionView:
    recs = (
        RecommendationView(
            n * 10 + 1,
            "Children's Social Care",
            "Priya Nair",
            Outcome.PLAN,
            Category.NEGLECT,
            "Evenings are not yet safe.",
        ),
        RecommendationView(
            n * 10 + 2,
            "Health Visiting Service",
            "Sam Okafor",
            Outcome.PLAN,
            Category.NEGLECT,
            "Progress is recent.",
        ),
        RecommendationView(
            n * 10 + 3,
            "Oakfield Primary School",
            "Elaine Brooks",
            Outcome.CHILD_IN_NEED if dissent else Outcome.PLAN,
            None if dissent else Category.NEGLECT,
            "Maisie is doing well at school.",
        ),
    )
    dissents = (
        (
            DissentView(
                n,
                "Elaine Brooks",
                "Oakfield Primary School",
                "The school believes a child in need plan would now be enough.",
            ),
        )
        if dissent
        else ()
    )
    return DecisionView(
        id=n,
        child_id=child_id,
        child_name=name,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.NEGLECT,
        reasons="The children were left alone at night and the evening safety plan is new.",
        recommendations=recs,
        dissents=dissents,
    )


def review_view() -> ConferenceView:
    """The professionals' view of a review conference: the richest sample."""
    people = (
        PersonView(MAISIE, 1, "Maisie Harwood", PersonRole.CHILD, date_of_birth=date(2017, 5, 2)),
        PersonView(THEO, 1, "Theo Harwood", PersonRole.CHILD, date_of_birth=date(2020, 11, 19)),
        PersonView(MOTHER, 1, "Jodie Harwood", PersonRole.PARENT, parental_responsibility=True),
        PersonView(
            FATHER,
            1,
            "Craig Dawson",
            PersonRole.PARENT,
            parental_responsibility=True,
            language="British Sign Language",
            interpreter_needed=True,
        ),
    )
    participants = (
        ParticipantView(
            1,
            "Ruth Akande",
            ParticipantRole.CHAIR,
            "Westshire Council",
            "Independent chair",
            attendance=Attendance.PRESENT,
        ),
        ParticipantView(
            2,
            "Jodie Harwood",
            ParticipantRole.PARENT,
            person_id=MOTHER,
            attendance=Attendance.PRESENT,
        ),
        ParticipantView(
            3,
            "Craig Dawson",
            ParticipantRole.PARENT,
            person_id=FATHER,
            attendance=Attendance.PART,
            present_for="all but the police update",
        ),
        ParticipantView(
            4,
            "Priya Nair",
            ParticipantRole.PROFESSIONAL,
            "Children's Social Care",
            "Social worker",
            attendance=Attendance.PRESENT,
        ),
        ParticipantView(
            5,
            "Sam Okafor",
            ParticipantRole.PROFESSIONAL,
            "Health Visiting Service",
            "Health visitor",
            attendance=Attendance.PRESENT,
        ),
        ParticipantView(
            6,
            "Elaine Brooks",
            ParticipantRole.PROFESSIONAL,
            "Oakfield Primary School",
            "Designated safeguarding lead",
            attendance=Attendance.PRESENT,
        ),
        ParticipantView(
            7,
            "DC Tom Reilly",
            ParticipantRole.PROFESSIONAL,
            "Westshire Police",
            "Detective constable",
            attendance=Attendance.PRESENT,
        ),
        ParticipantView(
            8,
            "Dr Helen Marsh",
            ParticipantRole.PROFESSIONAL,
            "Larchfield Surgery",
            "GP",
            attendance=Attendance.APOLOGIES,
        ),
        ParticipantView(
            9,
            "Gemma Hollis",
            ParticipantRole.MINUTE_TAKER,
            "Westshire Council",
            "Minute-taker",
            attendance=Attendance.PRESENT,
        ),
    )
    reports = (
        ReportView(
            1,
            "Children's Social Care",
            "Priya Nair",
            "Social worker's report",
            date(2025, 2, 26),
            date(2025, 2, 27),
            Visibility.SHARED,
            # Shared on Thursday for a review on the next Thursday: 5 working days, in time.
            working_days_before=5,
            working_days_required=5,
        ),
        ReportView(
            2,
            "Health Visiting Service",
            "Sam Okafor",
            "Health report",
            date(2025, 2, 28),
            date(2025, 3, 1),
            Visibility.SHARED,
            # Saturday 1 March: only 4 working days before the review, one too few.
            working_days_before=4,
            working_days_required=5,
            shared_late=True,
        ),
        ReportView(
            3,
            "Westshire Police",
            "DC Tom Reilly",
            RESTRICTED["police_report"],
            date(2025, 3, 3),
            None,
            Visibility.PROFESSIONALS,
            working_days_required=5,
        ),
    )
    return ConferenceView(
        audience=Audience.professionals(),
        summary=ConferenceSummary(
            id=7,
            family_id=1,
            case_reference=REFERENCE,
            family_name="Harwood",
            kind=ConferenceKind.REVIEW,
            model=MeetingModel.SIGNS_OF_SAFETY,
            scheduled_at=_T,
            venue="Room 2, Westshire Family Centre",
            status=ConferenceStatus.CONCLUDED,
            children=("Maisie Harwood", "Theo Harwood"),
            previous_id=6,
        ),
        family=FamilyView(1, REFERENCE, "Harwood", RESTRICTED["family_address"]),
        people=people,
        participants=participants,
        reports=reports,
        agenda=_agenda(),
        entries=_entries(),
        danger_statements=(
            DangerStatementView(
                1,
                "Everyone is worried that Maisie and Theo could be left "
                "alone at night and be hurt or frightened.",
                "Maisie and Theo will always have a safe adult with them at night.",
                Visibility.SHARED,
                1,
            ),
        ),
        scalings=(
            ScalingView(1, "Jodie Harwood", 7, "I have done everything asked of me."),
            ScalingView(2, "Priya Nair", 6, "Good progress; evenings still a worry."),
            ScalingView(3, "Elaine Brooks", 7, "Maisie is settled at school."),
            ScalingView(
                4, "Sam Okafor", 5, "Theo's weight only recently recovered.", child_id=THEO
            ),
        ),
        decisions=(
            _decision(MAISIE, "Maisie Harwood", 1, True),
            _decision(THEO, "Theo Harwood", 2, False),
        ),
        actions=_actions(),
        exclusions=(
            ExclusionView(
                1,
                3,
                "Craig Dawson",
                FATHER,
                _t(10, 48),
                _t(10, 55),
                "Police information about a third party",
                agenda_item_ids=(107,),
            ),
        ),
        checklist=ChecklistView(
            chair_met_parents=True,
            advocate_offered=True,
            interpreter_booked=False,
            leaflet_given=True,
            told_speak_first=True,
            child_seen=True,
            notes=RESTRICTED["checklist_notes"],
        ),
        chair_name="Ruth Akande",
        minute_taker_name="Gemma Hollis",
        lead_social_worker="Priya Nair",
        social_workers=(
            SocialWorkerView(
                "Marcus Bell", "Westshire Assessment Team", date(2024, 8, 19), date(2025, 1, 12)
            ),
            SocialWorkerView(
                "Priya Nair", "Westshire Child Protection Team", date(2025, 1, 13), None
            ),
        ),
        started_at=_T,
        ended_at=_t(12, 5),
        core_group_on=date(2025, 3, 20),
        review_on=date(2025, 9, 4),
        plan_end_conditions="The plan can end when the evening safety plan has worked for "
        "three months and the core group agree the children are always with a safe adult.",
        quoracy=QuoracyView(
            True,
            "Children's social care and three other agencies attended.",
            ("Health", "Education", "Police"),
        ),
        risk_history=(
            ScalingPoint(5, date(2024, 9, 12), 3.0, 2, 4),
            ScalingPoint(6, date(2024, 12, 5), 4.5, 3, 6),
            ScalingPoint(7, date(2025, 3, 6), 6.0, 5, 7),
        ),
        council_name="Westshire Council",
        complaints_text="If you are unhappy with the conference, speak to the chair first. You "
        "can also write to the Safeguarding Quality Team, Westshire Council, within 20 working "
        "days.",
        advocacy_services=(
            "Westshire Family Advocacy, 01632 960 123",
            "Family Rights Group advice line, 0808 801 0366",
        ),
    )


def parent_view(view: ConferenceView, person_id: int) -> ConferenceView:
    """A stand-in for the sharing service: the view `person_id` may see."""
    name = next(p.name for p in view.people if p.id == person_id)
    excluded_items = {
        i for x in view.exclusions if x.person_id == person_id for i in x.agenda_item_ids
    }

    def allowed(visibility: Visibility, withheld: tuple[int, ...]) -> bool:
        if visibility == Visibility.PROFESSIONALS:
            return False
        return not (visibility == Visibility.WITHHELD and person_id in withheld)

    entries = tuple(
        e
        for e in view.entries
        if allowed(e.visibility, e.withheld_from) and e.agenda_item_id not in excluded_items
    )
    reports = tuple(r for r in view.reports if allowed(r.visibility, r.withheld_from))
    actions = tuple(a for a in view.actions if allowed(a.visibility, a.withheld_from))
    removed = (
        (len(view.entries) - len(entries))
        + (len(view.reports) - len(reports))
        + (len(view.actions) - len(actions))
        + 1
    )  # the family's address
    return dataclasses.replace(
        view,
        checklist=dataclasses.replace(view.checklist, notes=""),
        audience=Audience(person_id, name),
        family=dataclasses.replace(view.family, address=None),
        entries=entries,
        reports=reports,
        actions=actions,
        withheld_count=removed,
    )


def initial_view() -> ConferenceView:
    """An initial conference: no history of actions, one scaling so far."""
    view = review_view()
    return dataclasses.replace(
        view,
        summary=dataclasses.replace(view.summary, kind=ConferenceKind.INITIAL, previous_id=None),
        actions=tuple(
            dataclasses.replace(
                a,
                carried_from_id=None,
                reason_added="",
                status=ActionStatus.NOT_STARTED,
                achieved_on=None,
                confirmed_by="",
                progress=(),
            )
            for a in view.actions
        ),
        risk_history=view.risk_history[:1],
    )
