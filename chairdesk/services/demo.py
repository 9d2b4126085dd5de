"""The fictional demo family: an initial conference and its review, recorded through the services.

Everything here is invented: the Fernlow family, every professional, Exampleton and its
streets. Telephone numbers are from Ofcom's drama range (01632 960xxx). The demo is recorded
through the services the app uses (conferences, prepare, agenda, entries, analysis, decisions,
actions, reviews) with a clock that walks through each meeting, so it proves them too. The
review was held two weeks before today, the initial conference thirteen weeks before that.

What was said is written as a script, one contribution a line (continued on indented lines):
``== kind [agency]`` starts an agenda item; ``speaker heading [options]: text`` files an entry,
where the options are ``pasted``, ``professionals``, ``withheld-from=KEY`` and ``child=KEY``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from chairdesk.domain import (
    ActionOwner,
    ActionStatus,
    AgendaKind,
    Attendance,
    Category,
    ConferenceKind,
    Heading,
    MeetingModel,
    Origin,
    Outcome,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.models import Family
from chairdesk.services.actions import ActionService
from chairdesk.services.agenda import AgendaService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import ConferenceService, NewConference, NewInvitee, NewPerson
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.reviews import ReviewService
from chairdesk.storage import Database
from chairdesk.storage.database import reader_on

FAMILY_NAME = "Fernlow"
CSC, HEALTH, MIDWIFE = "Children's Social Care", "Health Visiting", "Midwifery"
SCHOOL, POLICE = "Exampleton Primary School", "Police"
PR, RE, PROF = ParticipantRole.PARENT, ParticipantRole.RELATIVE, ParticipantRole.PROFESSIONAL

# Everyone invited to the initial conference: key -> (name, role, agency, job title, person).
CAST: dict[str, tuple[str, ParticipantRole, str, str, int | None]] = {
    "jodie": ("Jodie Fernlow", PR, "", "Mother", 3),
    "dean": ("Dean Kestrell", PR, "", "Father", 4),
    "pauline": ("Pauline Fernlow", RE, "", "Maternal grandmother", 5),
    "lena": (
        "Lena Marsh",
        ParticipantRole.ADVOCATE,
        "Example Family Advocacy Service",
        "Advocate for Jodie",
        None,
    ),
    "hannah": ("Hannah Greenway", PROF, CSC, "Social worker", None),
    "olu": ("Olu Badejo", PROF, CSC, "Team manager", None),
    "priya": ("Priya Lal", PROF, HEALTH, "Health visitor", None),
    "grace": ("Grace Penhallow", PROF, MIDWIFE, "Community midwife", None),
    "lina": ("Lina Farrow", PROF, SCHOOL, "Designated safeguarding lead", None),
    "rhys": ("PC Rhys Dunmore", PROF, POLICE, "Public protection officer", None),
    "ruth": ("Ruth Calloway", ParticipantRole.CHAIR, "", "Independent chair", None),
    "ben": ("Ben Ashfield", ParticipantRole.MINUTE_TAKER, "", "Minute-taker", None),
}
# The family's new social worker, who joins at the review.
SAM = ("Sam Tolland", PROF, CSC, "Social worker", None)
NAMES = {value[0]: key for key, value in CAST.items()} | {SAM[0]: "sam"}
PERSON_KEYS = ("maisie", "alfie", "baby", "jodie", "dean", "pauline")
HOME = "Flat 2, 9 Larch Court, Hillside, Exampleton"


def held_days(today: date) -> tuple[date, date]:
    """The review on the Tuesday at least two weeks back; the initial thirteen weeks before."""
    review = today - timedelta(days=14)
    while review.weekday() != 1:
        review -= timedelta(days=1)
    return review - timedelta(weeks=13), review


class _Clock:
    """A clock the demo walks forward through each meeting, so the times read like real ones."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def tick(self, minutes: int = 2) -> None:
        self.at += timedelta(minutes=minutes)


class _OneTransaction:
    """The database as the services see it, with every call inside one outer transaction.

    Each service call still runs its own unit of work (flushed at the end of its block); only
    the commit is shared. So the demo is all there or not there at all, and a few hundred
    calls cost one flush to disk instead of one each.
    """

    def __init__(self, database: Database, session: Session) -> None:
        self.audit_key = database.audit_key
        self.keys_for = database.keys_for  # the audit trail is signed as on the database
        self.is_sqlite = database.is_sqlite
        self.session = session

    @contextmanager
    def reading(self) -> Iterator[Callable[[str, Mapping[str, object]], list[tuple[Any, ...]]]]:
        self.session.flush()
        yield reader_on(self.session.connection(), self.is_sqlite)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            yield self.session
            self.session.flush()
        finally:
            # As a fresh session would: nothing loaded by one call is trusted by the next.
            self.session.expire_all()


_LINE = re.compile(r"^(\w+) (\w+)((?: [\w=-]+)*): (.*)$")


@dataclass
class _Meeting:
    """One conference being recorded: its speakers and the family's people by key."""

    context: ServiceContext
    clock: _Clock
    conference_id: int
    speakers: dict[str, int]
    people: dict[str, int]

    def start(self, kind: AgendaKind, agency: str = "") -> int:
        agenda = AgendaService(self.context)
        for item in agenda.items(self.conference_id):
            if item.kind == kind and item.agency == agency:
                self.clock.tick(3)
                agenda.start_item(item.id)
                return item.id
        raise LookupError(f"the demo agenda has no {kind.value} item {agency}")

    def play(self, script: str) -> int:
        """Record a script (see the module docstring); returns the last item started."""
        item_id = 0
        lines: list[str] = []
        for raw in script.strip().splitlines():
            if raw.startswith((" ", "\t")) and lines:
                lines[-1] += " " + raw.strip()
            elif raw.strip():
                lines.append(raw.strip())
        for line in lines:
            if line.startswith("== "):
                kind, _, agency = line[3:].partition(" ")
                item_id = self.start(AgendaKind(kind), agency)
                continue
            found = _LINE.match(line)
            if found is None:
                raise ValueError(f"demo script line not understood: {line[:40]}")
            who, heading, options, text = found.groups()
            self._say(item_id, who, Heading(heading), text, options.split())
        return item_id

    def _say(self, item_id: int, who: str, heading: Heading, text: str, options: list[str]) -> None:
        named = dict(option.split("=", 1) for option in options if "=" in option)
        withheld = named.get("withheld-from")
        visibility = None
        if withheld:
            visibility = Visibility.WITHHELD
        elif "professionals" in options:
            visibility = Visibility.PROFESSIONALS
        self.clock.tick()
        EntryService(self.context).add_entry(
            item_id,
            heading,
            text,
            origin=Origin.PASTED if "pasted" in options else Origin.TYPED,
            speaker_participant_id=self.speakers[who],
            child_id=self.people[named["child"]] if "child" in named else None,
            visibility=visibility,
            withheld_from=(self.people[withheld],) if withheld else (),
        )

    def scale(self, scores: str) -> None:
        """One 'key score reason' a line: each person's overall score, given in turn."""
        for line in scores.strip().splitlines():
            who, score, reason = line.strip().split(" ", 2)
            self.clock.tick(1)
            name = CAST[who][0] if who in CAST else SAM[0]
            AnalysisService(self.context).record_scaling(
                self.conference_id, name, int(score), reason, participant_id=self.speakers[who]
            )


def load_demo(context: ServiceContext) -> tuple[int, int]:
    """Add the demo family with a fully recorded initial conference and its review.

    Returns:
        (initial conference id, review conference id). Loading it again adds another copy
        under the next free demo case reference.
    """
    initial_day, review_day = held_days(context.today())
    clock = _Clock(datetime.combine(initial_day, time(9, 0)))
    with context.database.transaction() as session:
        database = cast(Any, _OneTransaction(context.database, session))
        recording = ServiceContext(database=database, user=context.user, clock=clock)
        initial = _create_initial(recording, clock, initial_day)
        _record_initial(initial, initial_day)
        review = _between_conferences(initial, initial_day, review_day)
        _record_review(review, review_day)
    return initial.conference_id, review.conference_id


def _people(day: date) -> tuple[NewPerson, ...]:
    year = day.year
    return (
        NewPerson("Maisie Fernlow", PersonRole.CHILD, date(year - 9, 11, 14), gender="Girl"),
        NewPerson("Alfie Fernlow", PersonRole.CHILD, date(year - 5, 12, 3), gender="Boy"),
        NewPerson("Baby Fernlow (unborn)", PersonRole.UNBORN, due_date=day + timedelta(weeks=20)),
        NewPerson(
            "Jodie Fernlow",
            PersonRole.PARENT,
            date(year - 29, 4, 2),
            parental_responsibility=True,
            address_protected=True,
            address=HOME,
            gender="Female",
        ),
        NewPerson(
            "Dean Kestrell",
            PersonRole.PARENT,
            date(year - 32, 8, 21),
            parental_responsibility=True,
            address="41 Sample Street, Exampleton",
            gender="Male",
        ),
        NewPerson(
            "Pauline Fernlow",
            PersonRole.RELATIVE,
            date(year - 56, 1, 9),
            address="7 Mill Row, Exampleton",
            gender="Female",
        ),
    )


def _free_reference(context: ServiceContext) -> str:
    with context.database.transaction() as session:
        taken = set(
            session.scalars(
                select(Family.case_reference).where(Family.case_reference.like("DEMO-%"))
            )
        )
    number = 1001
    while f"DEMO-{number}" in taken:
        number += 1
    return f"DEMO-{number}"


def _meeting(context: ServiceContext, clock: _Clock, conference_id: int) -> _Meeting:
    prepare = PrepareService(context)
    speakers = {NAMES[p.name]: p.id for p in prepare.participants(conference_id) if p.name in NAMES}
    family_id = ConferenceService(context).summary(conference_id).family_id
    people = dict(zip(PERSON_KEYS, (p.id for p in prepare.people(family_id)), strict=True))
    return _Meeting(context, clock, conference_id, speakers, people)


def _create_initial(context: ServiceContext, clock: _Clock, day: date) -> _Meeting:
    clock.at = datetime.combine(day - timedelta(days=10), time(9, 0))
    summary = ConferenceService(context).create(
        NewConference(
            case_reference=_free_reference(context),
            family_name=FAMILY_NAME,
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.STRENGTHENING_FAMILIES,
            scheduled_at=datetime.combine(day, time(10, 0)),
            people=_people(day),
            invitees=tuple(NewInvitee(*cast) for cast in CAST.values()),
            address=HOME,
            venue="Meeting Room 2, Example House, Exampleton",
            chair_name="Ruth Calloway",
            minute_taker_name="Ben Ashfield",
            strategy_discussion_on=day - timedelta(days=15),
            lead_social_worker="Hannah Greenway",
            social_worker_team="Assessment Team",
        )
    )
    meeting = _meeting(context, clock, summary.id)
    prepare = PrepareService(context)
    clock.at = datetime.combine(day, time(8, 30))
    for agency, author, title, received, shared in (
        (CSC, "Hannah Greenway", "Social work report", 9, 7),
        (HEALTH, "Priya Lal", "Health visiting report", 6, 5),
        (MIDWIFE, "Grace Penhallow", "Midwifery report", 6, 5),
        # Arrived the day before and reached the parents only on the morning of the conference.
        (SCHOOL, "Lina Farrow", "School report on Maisie", 1, 0),
    ):
        prepare.add_report(
            summary.id,
            agency,
            author=author,
            title=title,
            received_on=day - timedelta(days=received),
            shared_with_parents_on=day - timedelta(days=shared),
        )
    prepare.add_report(
        summary.id,
        POLICE,
        author="PC Rhys Dunmore",
        title="Police information for conference",
        received_on=day - timedelta(days=2),
        visibility=Visibility.PROFESSIONALS,
    )
    prepare.set_checklist(
        summary.id,
        chair_met_parents=True,
        advocate_offered=True,
        interpreter_booked=False,
        leaflet_given=True,
        told_speak_first=True,
        child_seen=True,
        notes="Ruth met Jodie (with Lena) and then Dean, separately, on the morning of the "
        "conference. No interpreter needed: everyone's first language is English. The parents "
        "asked to sit apart, and the room was arranged so that they could.",
    )
    for participant_id in meeting.speakers.values():
        prepare.set_attendance(participant_id, Attendance.PRESENT)
    return meeting


INITIAL_SCRIPT = f"""
== opening
ruth note: Ruth welcomed everyone and explained that the conference is about Maisie, Alfie and
  the baby Jodie is expecting. Everyone would have their say, starting with Jodie and Dean, and
  what is said stays within the conference unless it is needed to keep the children safe.
== family_tree
ruth note: Before the professionals came in, Jodie, Dean and Pauline checked the family tree
  with Ruth. Maisie (9) and Alfie (5) live with Jodie, and the baby is due in about twenty
  weeks. Dean lives on his own in Exampleton and sees the children at Pauline's house on
  Saturdays. Pauline is Jodie's mother and lives nearby.
== parents_views
jodie view: I know things got really bad at home last year and I'm not hiding from that. Since
  I moved with the children I feel calmer, but I'm tired and worried about the baby. I want
  help, not to be judged.
jodie view: Maisie worries about me all the time. I'd like someone she trusts to help her talk
  about what she saw.
dean view: I accept I was drinking too much and that the kids heard us arguing. I'm not proud
  of it. I've stopped drinking at home and I've been to the recovery service once. I want to
  keep seeing Maisie and Alfie and to be there for the baby.
dean view: I don't agree that I'm a danger to my children. I have never laid a finger on them.
pauline view: I'm here for the children, whatever they need. They can stay with me whenever
  Jodie needs a rest.
== agency {CSC}
hannah worry: Police were called three times in the last year to arguments between Jodie and
  Dean at the family home. The last time, Maisie rang her nan in tears and Alfie was found
  hiding under the stairs.
hannah worry: Maisie told me she "listens at night in case it starts again". That is a lot of
  worry for a nine-year-old to carry.
hannah strength: Jodie acted quickly to protect the children: she ended the relationship and
  moved with them to a new flat. She has been open with me at every visit.
hannah strength: Both children are warm, well cared for and clearly love both their parents.
  Pauline is a steady, loving presence in their lives.
hannah complicating_factor: Jodie is about five months pregnant and has told me about low
  mood. Dean's drinking has not yet been assessed.
hannah complicating_factor withheld-from=dean: Jodie and the children now live in the Hillside
  area of Exampleton. Please do not share this with Dean while the police investigation is
  open.
hannah next_steps: A safe plan for the children's time with Dean, Dean's work with the recovery
  service, help for Maisie to talk about what she has seen, and support for Jodie's mental
  health during the pregnancy.
== agency {HEALTH}
priya worry: Alfie's speech is behind what we would expect at his age, and he was not brought
  to two appointments in the spring.
priya strength: When I visited, the flat was clean and warm, there was food in, and Alfie was
  happy and chatty with his mum. Jodie has a good bedtime routine.
priya complicating_factor: Jodie's answers to the mood questions suggest moderate low mood.
  She has agreed to see her GP.
priya next_steps: Refer Alfie to speech and language therapy, visit every four weeks, and share
  one plan with the midwife for after the birth.
== agency {MIDWIFE}
grace worry: Jodie missed her sixteen-week appointment. Domestic abuse during pregnancy raises
  the risk to both mother and baby.
grace strength: Jodie has come to every appointment since, and the baby is growing well.
grace complicating_factor: Jodie is anxious about the birth and about who will look after
  Maisie and Alfie while she is in hospital.
grace next_steps: A birth plan that says who cares for Maisie and Alfie, and a pre-birth meeting
  with the social worker by thirty weeks.
== agency {SCHOOL}
lina worry: Maisie's attendance this term is 88%. She is often tired on Mondays and has told
  her teacher she worries about her mum.
lina strength: Maisie is a kind, bright girl with good friends, and her reading is ahead of her
  age. She has joined the after-school art club and loves it.
lina existing_safety: Maisie knows she can come to me or her class teacher at any time, and she
  has used the worry box in class.
lina next_steps: Weekly check-ins with the learning mentor, and a call to the social worker the
  same day if Maisie is absent without a reason.
== agency {POLICE}
rhys worry: Police went to the family home three times last year. After the last call Dean was
  arrested and released while the investigation continues.
rhys note pasted: Pasted from police incident log EX/DEMO/0413: caller (the neighbour at the
  flat above, who asked not to be named) reported shouting and a child crying at 23:40.
  Officers attended. Neighbour gave a statement. Male arrested for common assault and released
  under investigation.
rhys note professionals: The officer in the case asks that the witness statement is not
  discussed with either parent until a charging decision is made.
rhys next_steps: Police will tell the social worker the same day about any call to either
  parent's address.
== child_views
hannah how_obtained: Hannah saw Maisie on her own at school twice and used the "three houses"
  drawing: a house of worries, a house of good things and a house of dreams. Alfie was seen at
  home with Jodie and talked while playing with toy animals.
hannah view child=maisie: Maisie, in her own words: "I like it at Nana's because it's quiet. I
  want Mummy and Daddy to stop being cross. I want to see Daddy but not when he's been
  drinking."
hannah view child=alfie: Alfie said he is "happy at home" and his favourite thing is "bath with
  bubbles". Asked about Daddy, he said "Daddy loud", then went back to his game.
== information_mapping
ruth grey_area: We do not yet know how much Dean drinks now, or whether the children would be
  safe with him on his own.
ruth existing_safety: The children do not live with Dean, and they see him at Pauline's house
  with Pauline there.
ruth note: Analysis: the main worry is the emotional harm to Maisie and Alfie from seeing and
  hearing violence between their parents, and the risk to the baby and to Jodie during the
  pregnancy. The strengths are real: Jodie's quick action, the children's warm care, Pauline's
  support and Dean's first steps to tackle his drinking.
== family_response
jodie response: Hearing Maisie's words was hard. I want her to feel safe enough to sleep.
dean response: I didn't know Maisie listens at night. I'll do the recovery work.
== risk_statement
hannah risk_statement: If nothing changes, we are worried that Maisie, Alfie and the baby will
  again see and hear violence between their parents. That could leave them frightened and
  unable to settle or learn, and someone could be physically hurt, including Jodie while she
  is pregnant.
== plan
ruth note: The next steps were built together with Jodie, Dean and Pauline. Each action says
  who will do it and by when.
"""

DANGERS = (
    (
        "Everyone here is worried that Maisie, Alfie and the baby could see or hear their parents "
        "fighting again, and be frightened or hurt, as happened three times last year.",
        "Jodie, Dean and the people who support them will show everyone that the children can "
        "spend time with each parent without shouting or fighting, and that there is a plan "
        "everyone knows for what happens if an argument starts.",
    ),
    (
        "We are worried that if Dean drinks when he is looking after the children, he may not keep "
        "them safe.",
        "Dean will show over six months that he does not drink before or during time with the "
        "children, and Pauline will be there for every visit until everyone agrees this is no "
        "longer needed.",
    ),
    (
        "We are worried that if Jodie's low mood gets worse around the birth, the children's needs "
        "could be missed.",
        "Jodie will have people around her who check in every week and step in when she needs a "
        "rest, and she will have help with her mood before and after the birth.",
    ),
)

INITIAL_SCALING = """
jodie 6 I've moved and things are calmer, but I know there's work to do.
dean 7 I've stopped drinking at home and I see the kids at Pauline's.
pauline 6 The children are happier at home now, but it's early days.
hannah 3 The violence is recent and Dean's drinking has not been assessed.
priya 4 Good care at home, but Alfie's needs and Jodie's mood worry me.
grace 4 Jodie is coming to appointments now, but the birth is a time of extra risk.
lina 5 Maisie is doing well in school, though she is often tired and worried.
rhys 3 The investigation is still open.
"""

FAMILY, WORKER = ActionOwner.FAMILY, ActionOwner.PROFESSIONAL
ALL_THREE, BOTH = ("maisie", "alfie", "baby"), ("maisie", "alfie")
# (what, who, owner, weeks to do it, why, how we will know, support, if not done, children)
INITIAL_ACTIONS: tuple[tuple[str, str, ActionOwner, int, str, str, str, str, tuple[str, ...]], ...]
INITIAL_ACTIONS = (
    (
        "Go to an assessment at Example Recovery Service and then to the weekly group, and agree "
        "that the service can tell the social worker whether Dean goes.",
        "Dean Kestrell",
        FAMILY,
        4,
        "So that everyone can be sure Dean is not drinking when he is with the children.",
        "The recovery worker tells the social worker each month that Dean attends.",
        "The social worker will help with bus fares, and the service runs evening groups so Dean "
        "can keep working. Example Recovery Service: 01632 960214.",
        "Time with the children stays at Pauline's house with Pauline there, and the core group "
        "will look again at how visits work.",
        ALL_THREE,
    ),
    (
        "See the GP about low mood and accept the referral to the perinatal mental health team.",
        "Jodie Fernlow",
        FAMILY,
        3,
        "So that Jodie has help with her mood before and after the baby arrives.",
        "The GP writes to the social worker to say Jodie has been seen and referred.",
        "Lena can go with Jodie to the appointment; Pauline will look after the children.",
        "The health visitor will talk with Jodie about what is getting in the way and offer an "
        "appointment at home.",
        ALL_THREE,
    ),
    (
        "Agree a written plan for the children's time with their dad: handovers at Pauline's "
        "house, and Jodie and Dean do not meet at handovers.",
        "Jodie Fernlow and Dean Kestrell, with Hannah Greenway",
        FAMILY,
        2,
        "So that the children do not see their parents argue at handovers.",
        "The signed plan is on file and Pauline says handovers are calm.",
        "Hannah will meet each parent separately to write it.",
        "Hannah will arrange handovers through Pauline until a plan is agreed.",
        BOTH,
    ),
    (
        "Six sessions of direct work with Maisie about what she has seen and who she can talk to, "
        "ending with her own safety plan.",
        "Hannah Greenway (social worker)",
        WORKER,
        10,
        "So that Maisie understands that what happened was not her fault and knows how to get "
        "help.",
        "Maisie has a safety plan in her own words, shared with Jodie and school.",
        "School will give a quiet room for the sessions.",
        "The team manager will make sure the sessions happen if the social worker changes.",
        ("maisie",),
    ),
    (
        "Refer Alfie to speech and language therapy and visit the family every four weeks.",
        "Priya Lal (health visitor)",
        WORKER,
        2,
        "So that Alfie's speech is assessed and the family has regular health support.",
        "The therapy service confirms the referral, and the visits are recorded.",
        "Priya will book visits around Jodie's appointments.",
        "The social worker will raise it with the health visiting team leader.",
        ("alfie",),
    ),
    (
        "Write a birth plan with Jodie that says who looks after Maisie and Alfie while she is in "
        "hospital, and hold a pre-birth meeting with the social worker.",
        "Grace Penhallow (midwife) with Jodie Fernlow",
        WORKER,
        8,
        "So that the children are safe and cared for around the birth.",
        "The birth plan is shared with the core group.",
        "Grace will meet Jodie at home if that is easier.",
        "The core group will agree an emergency plan for the children.",
        ALL_THREE,
    ),
    (
        "Be there for every visit between Dean and the children, and tell the social worker if "
        "Dean arrives having been drinking.",
        "Pauline Fernlow",
        FAMILY,
        13,
        "So that the children are safe while Dean shows he is not drinking.",
        "Pauline and Dean both tell the core group how the visits have gone.",
        "Pauline can ring the social work team on 01632 960311 at any time in office hours.",
        "Visits will move to the family centre, where staff can be there.",
        BOTH,
    ),
    (
        "Weekly check-ins for Maisie with the learning mentor, and a call to the social worker the "
        "same day if she is absent without a reason.",
        "Lina Farrow (Exampleton Primary School)",
        WORKER,
        1,
        "So that Maisie has someone to talk to at school and any absence is followed up.",
        "The mentor's notes and the attendance figures are shared at each core group.",
        "The mentor has time set aside on Monday mornings.",
        "The head teacher will take over the check-ins.",
        ("maisie",),
    ),
)


def _record_initial(m: _Meeting, day: date) -> None:
    m.clock.at = datetime.combine(day, time(10, 0))
    m.play(INITIAL_SCRIPT)
    for danger, goal in DANGERS:
        m.clock.tick()
        AnalysisService(m.context).add_danger_statement(m.conference_id, danger, goal)
    actions = ActionService(m.context)
    for what, who, owner, weeks, why, know, support, otherwise, children in INITIAL_ACTIONS:
        m.clock.tick()
        actions.add_action(
            m.conference_id,
            what=what,
            who=who,
            owner=owner,
            by_when=day + timedelta(weeks=weeks),
            why=why,
            how_we_will_know=know,
            support=support,
            if_not_done=otherwise,
            child_ids=tuple(m.people[child] for child in children),
        )
    m.start(AgendaKind.SCALING)
    m.scale(INITIAL_SCALING)
    m.start(AgendaKind.DECISION)
    _initial_decisions(m)
    m.start(AgendaKind.CLOSE)
    PrepareService(m.context).update_details(
        m.conference_id,
        core_group_on=day + timedelta(days=14),
        review_on=day + timedelta(weeks=13),
        plan_end_conditions="The plan can end when Maisie and Alfie have spent three months "
        "with each parent without arguments or violence, Dean has shown that he does not drink "
        "before or during time with the children, and the baby has a safe plan for the first "
        "weeks at home.",
    )
    m.clock.tick(10)
    AgendaService(m.context).conclude(m.conference_id)


HARM = (
    "The children are likely to suffer significant harm from seeing and hearing violence "
    "between their parents"
)


def _initial_decisions(m: _Meeting) -> None:
    service = DecisionService(m.context)
    plan, emotional = Outcome.PLAN, Category.EMOTIONAL_ABUSE
    seen = "The children have seen and heard serious violence between their parents."
    for child in ALL_THREE:
        recommendations: list[tuple[str, str, Outcome, Category | None, str]] = [
            (CSC, "hannah", plan, emotional, seen),
            (HEALTH, "priya", plan, emotional, seen),
            (POLICE, "rhys", plan, emotional, "The investigation is open and the risk is recent."),
        ]
        if child == "baby":
            recommendations.append(
                (MIDWIFE, "grace", plan, emotional, "Violence in pregnancy puts the baby at risk.")
            )
        if child == "maisie":
            recommendations.append(
                (
                    SCHOOL,
                    "lina",
                    Outcome.CHILD_IN_NEED,
                    None,
                    "Maisie is doing well in school "
                    "and Jodie has already acted: a child in need plan would give the same help.",
                )
            )
        for agency, who, outcome, category, reason in recommendations:
            m.clock.tick(1)
            service.record_recommendation(
                m.conference_id,
                m.people[child],
                agency,
                outcome,
                category,
                reason,
                name=CAST[who][0],
                participant_id=m.speakers[who],
            )
        if child == "maisie":
            reasons = (
                f"{HARM}. Maisie is doing well at school, but her worry at night shows the harm "
                "is already happening, and she needs the same protection as her brother and "
                "the baby. The chair decided, as the agencies' recommendations differed."
            )
        else:
            reasons = f"{HARM}, and the risk to the baby is increased by violence in pregnancy."
        decision = service.decide(
            m.conference_id,
            m.people[child],
            likely_significant_harm=True,
            outcome=plan,
            category=emotional,
            reasons=reasons,
            chair_decided=child == "maisie",
        )
        if child == "maisie":
            service.add_dissent(
                decision.id,
                "Lina Farrow",
                "School agrees that Maisie needs help, but believes "
                "a child in need plan would give it without the weight of a protection plan.",
                agency=SCHOOL,
                participant_id=m.speakers["lina"],
            )


def _between_conferences(m: _Meeting, day: date, review_day: date) -> _Meeting:
    """Two core groups on the plan, a change of social worker, and the review prepared."""
    plan = ActionService(m.context).actions(m.conference_id)
    reviews, prepare = ReviewService(m.context), PrepareService(m.context)
    family_id = ConferenceService(m.context).summary(m.conference_id).family_id
    m.clock.at = datetime.combine(day + timedelta(days=14), time(14, 0))
    reviews.record_core_group(
        m.conference_id,
        m.clock.at.date(),
        [
            "Jodie Fernlow",
            "Dean Kestrell",
            "Pauline Fernlow",
            "Hannah Greenway",
            "Priya Lal",
            "Lina Farrow",
        ],
        "A positive first meeting. Jodie and Dean came at different times, as they asked.",
        {
            plan[2].id: "The plan for the children's time with their dad is agreed and signed by "
            "both parents.",
            plan[4].id: "Referral made; Alfie is on the therapy waiting list.",
            plan[7].id: "Check-ins with the learning mentor started this week.",
        },
    )
    m.clock.at = datetime.combine(day + timedelta(weeks=3), time(9, 0))
    prepare.allocate_social_worker(
        family_id, SAM[0], "Family Support and Protection Team", m.clock.at.date()
    )
    m.clock.at = datetime.combine(day + timedelta(weeks=8), time(14, 0))
    reviews.record_core_group(
        m.conference_id,
        m.clock.at.date(),
        [
            "Jodie Fernlow",
            "Dean Kestrell",
            "Pauline Fernlow",
            SAM[0],
            "Priya Lal",
            "Grace Penhallow",
            "Lina Farrow",
        ],
        "Sam introduced himself as the family's new social worker.",
        {
            plan[0].id: "Dean has been to seven weekly groups.",
            plan[3].id: "Three sessions done; they paused when the social worker changed.",
            plan[5].id: "The birth plan is written and shared with the core group.",
        },
    )
    m.clock.at = datetime.combine(review_day - timedelta(days=10), time(9, 0))
    review_id = reviews.start_review(m.conference_id, datetime.combine(review_day, time(10, 0))).id
    for participant in prepare.participants(review_id):
        if participant.name == "Hannah Greenway":
            prepare.remove_participant(participant.id)
    prepare.add_participant(review_id, SAM[0], SAM[1], agency=SAM[2], job_title=SAM[3])
    prepare.update_details(review_id, minute_taker_name="Ben Ashfield")
    review = _meeting(m.context, m.clock, review_id)
    m.clock.at = datetime.combine(review_day, time(8, 30))
    for agency, author, title in (
        (CSC, SAM[0], "Social work report for the review"),
        (HEALTH, "Priya Lal", "Health visiting update"),
        (MIDWIFE, "Grace Penhallow", "Midwifery update"),
        (SCHOOL, "Lina Farrow", "School update on Maisie"),
    ):
        prepare.add_report(
            review_id,
            agency,
            author=author,
            title=title,
            received_on=review_day - timedelta(days=8),
            shared_with_parents_on=review_day - timedelta(days=7),
        )
    prepare.set_checklist(
        review_id,
        chair_met_parents=True,
        advocate_offered=True,
        interpreter_booked=False,
        leaflet_given=True,
        told_speak_first=True,
        child_seen=True,
        notes="Ruth met Jodie and Dean separately before the review. No interpreter needed.",
    )
    for key, participant_id in review.speakers.items():
        away = key in ("rhys", "olu")
        prepare.set_attendance(participant_id, Attendance.APOLOGIES if away else Attendance.PRESENT)
    return review


REVIEW_OPENING = """
== opening
ruth note: Ruth welcomed everyone back and thanked the family for the work of the last three
  months. PC Dunmore and Olu Badejo sent apologies; the police sent an update by email.
== family_tree
ruth note: No changes to the family, except that the baby is now due in about seven weeks. Sam
  Tolland took over from Hannah Greenway as the family's social worker three weeks after the
  first conference.
== parents_views
jodie view: Things are much calmer. Maisie is sleeping better and Alfie has started speech
  therapy. Seeing the GP helped, and I'm seeing the perinatal team. I'd like the plan to show
  how hard we've all worked.
dean view: I've been to the recovery group every week bar one, and I haven't had a drink before
  seeing the kids. I'd like to see them without Pauline having to be there every time, when
  everyone's ready.
pauline view: The visits have gone well. The children look forward to Saturdays.
== progress_review
ruth note: Ruth went through the plan with everyone. Five of the eight actions are achieved,
  two are going well and continue, and one was not achieved.
"""

REVIEW_SCRIPT = f"""
== agency {CSC}
sam strength: Handovers have been calm, and there have been no police calls to either parent's
  home since the first conference.
sam worry: The direct work with Maisie stopped halfway when the social worker changed. That is
  our fault, not the family's, and I have started it again.
sam next_steps: Finish the sessions with Maisie and plan the weeks around the birth.
== agency {HEALTH}
priya strength: Alfie has had his first speech therapy sessions and is saying much more. Jodie
  has kept every visit.
priya complicating_factor: Jodie is tired in late pregnancy, and her mood dips when she is
  exhausted.
== agency {MIDWIFE}
grace strength: The baby is growing well and Jodie has a birth plan she is happy with.
grace complicating_factor: The birth plan names Pauline to look after the children, but
  Pauline works three days a week.
== agency {SCHOOL}
lina strength: Maisie's attendance is up to 96% this half term, and she is much less tired on
  Mondays. She told her mentor that home is "quiet now".
== agency {POLICE}
sam note pasted: Pasted from the police update sent by email: the investigation into the
  incident last year has ended with no further action. One call since, from a neighbour of
  Dean's about loud music; no children were there.
== child_views
sam how_obtained: Sam saw Maisie at school and Alfie at home, and they each made a "before and
  now" picture.
sam view child=maisie: Maisie, in her own words: "It's quieter now. I still like Nana's.
  Daddy's group is good because he's not grumpy."
sam view child=alfie: Alfie drew his dad and himself at the park and said "Daddy plays
  football".
== information_mapping
ruth note: Analysis: real progress. No violence since the first conference, Dean's steady
  attendance at the recovery group, Jodie's help with her mood and Maisie's better attendance
  all reduce the worry. What remains is finishing the work with Maisie and making the weeks
  around the birth safe.
== family_response
jodie response: I'm glad people can see the difference.
dean response: I know I've still got to keep it up.
== risk_statement
sam risk_statement: If the progress of the last three months slips, especially in the tiring
  weeks around the birth, the children could again be caught up in arguments between their
  parents and be frightened or hurt.
== plan
jodie view: I understand what is left to do, and I'm glad the actions we've done are ticked
  off. The plan feels fair now.
dean view: I think the plan is fair. I'd like the core group to look again at Pauline being at
  every visit once I've been to the group for six months.
"""

REVIEW_SCALING = """
jodie 8 Home is calm and I've got help.
dean 8 I've kept going to the group and the visits have gone well.
pauline 8 The children are happier, and so are their parents.
sam 6 Real progress; the work with Maisie and the birth are still ahead.
priya 6 Alfie is doing well; Jodie's mood needs watching near the birth.
grace 6 A good birth plan, with one gap.
lina 7 Maisie is settled and coming to school.
"""

# Carried action (by its place in the plan) -> (days after the initial conference, who confirmed).
ACHIEVED = {
    1: (16, "Dr Ellis Crane, GP (letter to the social worker)"),
    2: (12, "Hannah Greenway, social worker"),
    4: (9, "Priya Lal, health visitor"),
    5: (49, "Grace Penhallow, midwife"),
    7: (6, "Lina Farrow, Exampleton Primary School"),
}
NOT_ACHIEVED = {
    3: "Only three of the six sessions took place: they stopped when Hannah moved teams. Sam "
    "has started them again and will finish them.",
}


def _record_review(m: _Meeting, day: date) -> None:
    m.clock.at = datetime.combine(day, time(10, 0))
    m.play(REVIEW_OPENING)
    _review_progress(m, day - timedelta(weeks=13))
    m.play(REVIEW_SCRIPT)
    m.clock.tick()
    ActionService(m.context).add_action(
        m.conference_id,
        what="Hold a family network meeting with Jodie, Pauline and anyone else Jodie would "
        "like, to agree who looks after Maisie and Alfie each day in the weeks after the birth.",
        who="Sam Tolland (social worker)",
        owner=WORKER,
        by_when=day + timedelta(weeks=3),
        why="So that Maisie and Alfie are cared for every day while Jodie is in hospital and "
        "recovering.",
        how_we_will_know="A written plan naming who cares for the children on each day is "
        "shared with the core group.",
        support="Sam will arrange the meeting at a time when Pauline is not working.",
        if_not_done="The team manager will arrange the meeting and an emergency plan.",
        child_ids=(m.people["maisie"], m.people["alfie"]),
        reason_added="The baby is due in about seven weeks. The birth plan names Pauline, but "
        "she works three days a week, so the plan does not yet cover every day.",
    )
    m.start(AgendaKind.SCALING)
    m.scale(REVIEW_SCALING)
    m.start(AgendaKind.DECISION)
    service = DecisionService(m.context)
    for child in ALL_THREE:
        for agency, who in ((CSC, "sam"), (HEALTH, "priya")):
            m.clock.tick(1)
            service.record_recommendation(
                m.conference_id,
                m.people[child],
                agency,
                Outcome.PLAN,
                Category.EMOTIONAL_ABUSE,
                "Good progress, but the work is not finished.",
                name=SAM[0] if who == "sam" else CAST[who][0],
                participant_id=m.speakers[who],
            )
        service.decide(
            m.conference_id,
            m.people[child],
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=Category.EMOTIONAL_ABUSE,
            reasons="The plan continues so that the work with Maisie is finished and the weeks "
            "around the birth are safe. Everyone agreed the progress is real, and the review "
            "can be brought forward if the remaining actions are done sooner.",
        )
    m.start(AgendaKind.CLOSE)
    PrepareService(m.context).update_details(
        m.conference_id,
        core_group_on=day + timedelta(days=14),
        review_on=day + timedelta(weeks=26),
    )
    m.clock.tick(10)
    AgendaService(m.context).conclude(m.conference_id)


def _review_progress(m: _Meeting, initial_day: date) -> None:
    """The carried actions marked: achieved with dates and who confirmed, one not achieved."""
    carried = ReviewService(m.context).carried_actions(m.conference_id)
    service = ActionService(m.context)
    for index, action in enumerate(carried):
        m.clock.tick(1)
        if index in ACHIEVED:
            days, confirmed_by = ACHIEVED[index]
            service.set_status(
                action.id,
                ActionStatus.ACHIEVED,
                achieved_on=initial_day + timedelta(days=days),
                confirmed_by=confirmed_by,
            )
        elif index in NOT_ACHIEVED:
            service.set_status(action.id, ActionStatus.NOT_ACHIEVED, reason=NOT_ACHIEVED[index])
        else:
            service.set_status(action.id, ActionStatus.IN_PROGRESS)
    today = m.clock.at.date()
    # The core group gave Dean longer: the review's plan says who moved the date and why.
    ActionService(replace(m.context, user="Ruth Calloway")).update_action(
        carried[0].id,
        by_when=today + timedelta(weeks=8),
        date_reason="The recovery service had a waiting list, so Dean started the weekly group "
        "three weeks late; the core group agreed to give him until the end of the course.",
    )
    service.add_progress(
        carried[0].id,
        "Dean has been to eleven of twelve weekly groups; the recovery worker confirms this.",
        noted_on=today,
    )
    service.add_progress(
        carried[6].id,
        "Pauline has been at every visit; no visit was cancelled because of drinking.",
        noted_on=today,
    )
