"""Generated conferences for the redaction property, and an independent model of who may see what.

A script is a list of steps a chair and minute-taker could take on one conference: entries,
reports, danger statements, scores, recommendations, decisions, dissent and actions, each with
a visibility and a unique marker; exclusions started and ended (and the excluded participant
edited afterwards); a new partner withheld from named people; people present in the room,
linked or typed by name, children too. The model here says, for any audience, which markers
must never reach it. It is written from DESIGN.md §4, not from the code it checks.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from chairdesk.domain import (
    ActionOwner,
    AgendaKind,
    Attendance,
    Category,
    Heading,
    Outcome,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.services.actions import ActionService
from chairdesk.services.agenda import AgendaService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import NewPerson
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.protection import ProtectionService
from chairdesk.services.sharing import SharingService
from tests.services.builders import FATHER, GRANDMOTHER, MOTHER, OLDER_CHILD, WHEN

PARTNER = "Dale Pryce"
# The grandfather shares the father's name: copies go by identity, never by a name alone.
GRANDFATHER = FATHER
FAMILY = ("mother", "father", "grandmother", "grandfather", "partner")
_markers = itertools.count(1)

visibility_choice = st.sampled_from(["shared", "professionals", "withheld"])
withheld_choice = st.sets(st.sampled_from(FAMILY), min_size=1, max_size=3)
step = st.one_of(
    st.tuples(
        st.just("entry"),
        visibility_choice,
        withheld_choice,
        st.sampled_from(["chair", "mother", "father", "partner", "professional"]),
        st.booleans(),
    ),
    st.tuples(st.just("report"), visibility_choice, withheld_choice),
    st.tuples(st.just("danger"), visibility_choice, withheld_choice, st.booleans()),
    st.tuples(st.just("scaling"), st.sampled_from(["shared", "professionals"]), st.booleans()),
    st.tuples(st.just("recommendation")),
    st.tuples(st.just("decide")),
    st.tuples(st.just("dissent")),
    st.tuples(
        st.just("action"),
        st.sampled_from(["shared", "professionals", "withheld"]),
        withheld_choice,
        st.booleans(),
    ),
    st.tuples(
        st.just("exclude"), st.sampled_from(["mother", "father", "grandfather"]), st.booleans()
    ),
    st.tuples(st.just("end_exclusion")),
    st.tuples(st.just("relink_excluded"), st.sampled_from([None, "mother", "father"])),
    st.tuples(
        st.just("sit_apart"),
        st.sets(
            st.sampled_from(["mother", "father", "grandfather", "partner"]), min_size=1, max_size=2
        ),
    ),
    st.tuples(st.just("sit_together")),
    st.tuples(
        st.just("withhold_partner"),
        st.sets(st.sampled_from(["mother", "father", "grandmother", "grandfather"]), max_size=2),
    ),
)
room_choice = st.fixed_dictionaries(
    {
        "present": st.sets(
            st.sampled_from(["mother", "father", "grandfather", "partner", "child"])
        ),
        "typed_in": st.booleans(),  # someone of the family typed in by name, not linked
    }
)
scripts = st.lists(step, min_size=3, max_size=14)


@dataclass
class Said:
    """One marker: where it was put, so the model can say who may not see it."""

    marker: str
    kind: str
    visibility: Visibility = Visibility.SHARED
    withheld_from: frozenset[str] = frozenset()
    at: datetime | None = None
    agenda_item: int | None = None
    names_partner: bool = False
    by_partner: bool = False
    on_hidden_danger: str | None = None  # a score against this danger's marker


@dataclass
class Exclusion:
    who: str  # the family member who was out
    started_at: datetime
    ended_at: datetime | None
    agenda_items: frozenset[int]


@dataclass
class World:
    """What was done, in the model's own terms."""

    said: list[Said] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    sittings: list[Exclusion] = field(default_factory=list)  # `who`: the members, comma-joined
    partner_withheld_from: frozenset[str] = frozenset()

    def forbidden(self, viewers: frozenset[str], strict: bool) -> set[str]:
        """The markers an audience of `viewers` must never see (strict: someone unlinked)."""
        partner_hidden = bool(self.partner_withheld_from) and (
            strict or bool(self.partner_withheld_from & viewers)
        )
        by_marker = {s.marker: s for s in self.said}
        out: set[str] = set()
        for s in self.said:
            if self._kept(s, viewers, strict, partner_hidden):
                out.add(s.marker)
        for s in self.said:  # a score on a danger statement they may not see would reveal it
            if s.on_hidden_danger and s.on_hidden_danger in out and s.marker in by_marker:
                out.add(s.marker)
        return out

    def _kept(self, s: Said, viewers: frozenset[str], strict: bool, partner_hidden: bool) -> bool:
        if s.visibility == Visibility.PROFESSIONALS:
            return True
        if s.visibility == Visibility.WITHHELD and (strict or s.withheld_from & viewers):
            return True
        if partner_hidden and (s.names_partner or s.by_partner):
            return True
        for sitting in self.sittings:
            members = set(sitting.who.split(","))
            end = sitting.ended_at or datetime.max
            outside = strict or bool(viewers - members)
            if outside and s.at is not None and sitting.started_at <= s.at <= end:
                return True
        for x in self.exclusions:
            if x.who not in viewers:
                continue
            if s.agenda_item is not None and s.agenda_item in x.agenda_items:
                return True
            end = x.ended_at or datetime.max
            if s.at is not None and x.started_at <= s.at <= end:
                return True
        return False


class Conference:
    """Runs a script through the real services, recording each step in a World."""

    def __init__(self, context: ServiceContext, clock: Any, conference_id: int) -> None:
        self.context = context
        self.clock = clock
        self.id = conference_id
        self.world = World()
        sharing = SharingService(context)
        prepare = PrepareService(context)
        view = sharing.view(conference_id)
        people = {p.name: p.id for p in view.people if p.name != FATHER}
        father = next(p.id for p in view.people if p.name == FATHER)
        grandfather = prepare.add_person(
            view.family.id, NewPerson(GRANDFATHER, PersonRole.RELATIVE)
        ).id
        partner = prepare.add_person(
            view.family.id, NewPerson(PARTNER, PersonRole.CARER, interpreter_needed=True)
        )
        self.person = {
            "mother": people[MOTHER],
            "father": father,
            "grandmother": people[GRANDMOTHER],
            "grandfather": grandfather,
            "partner": partner.id,
            "child": people[OLDER_CHILD],
        }
        participants = {p.person_id: p.id for p in view.participants if p.person_id}
        self.participant = {
            "mother": participants[people[MOTHER]],
            "father": participants[father],
        }
        self.participant["grandfather"] = prepare.add_participant(
            conference_id, GRANDFATHER, ParticipantRole.RELATIVE, person_id=grandfather
        ).id
        self.participant["partner"] = prepare.add_participant(
            conference_id, PARTNER, ParticipantRole.CARER, person_id=partner.id
        ).id
        self.professional = next(
            p.id for p in view.participants if p.role == ParticipantRole.PROFESSIONAL
        )
        self.child = people[OLDER_CHILD]
        self.item = next(a.id for a in view.agenda if a.kind == AgendaKind.PARENTS_VIEWS)
        AgendaService(context).start_item(self.item)
        self.open_exclusion: tuple[int, Exclusion, str] | None = None
        self.decision_id: int | None = None

    def marker(self, kind: str) -> str:
        return f"MK{kind[:3].upper()}{next(_markers):06d}Q"

    def run(self, script: list[tuple[Any, ...]]) -> None:
        for move in script:
            self.clock.tick()
            getattr(self, f"_{move[0]}")(*move[1:])

    def _visibility(self, choice: str, whom: set[str]) -> tuple[Visibility, tuple[int, ...]]:
        if choice == "withheld":
            return Visibility.WITHHELD, tuple(self.person[w] for w in sorted(whom))
        return Visibility(choice), ()

    def _said(self, marker: str, kind: str, choice: str, whom: set[str], **more: Any) -> Said:
        said = Said(
            marker,
            kind,
            Visibility(choice),
            frozenset(whom) if choice == "withheld" else frozenset(),
            at=self.clock(),
            **more,
        )
        self.world.said.append(said)
        return said

    def _entry(self, choice: str, whom: set[str], speaker: str, names_partner: bool) -> None:
        marker = self.marker("entry")
        visibility, withheld = self._visibility(choice, whom)
        text = f"{marker} {'Dale said he will help.' if names_partner else 'A view.'}"
        speaker_id = self.participant.get(speaker) or (
            self.professional if speaker == "professional" else None
        )
        EntryService(self.context).add_entry(
            self.item,
            Heading.VIEW,
            text,
            speaker_participant_id=speaker_id,
            visibility=visibility,
            withheld_from=withheld,
        )
        self._said(
            marker,
            "entry",
            choice,
            whom,
            agenda_item=self.item,
            names_partner=names_partner,
            by_partner=speaker == "partner",
        )

    def _report(self, choice: str, whom: set[str]) -> None:
        marker = self.marker("report")
        visibility, withheld = self._visibility(choice, whom)
        PrepareService(self.context).add_report(
            self.id, "Health Visiting", title=marker, visibility=visibility, withheld_from=withheld
        )
        said = self._said(marker, "report", choice, whom)
        said.at = None  # a report is received before the meeting, not heard in it

    def _danger(self, choice: str, whom: set[str], names_partner: bool) -> None:
        marker = self.marker("danger")
        visibility, withheld = self._visibility(choice, whom)
        goal = "Dale keeps away" if names_partner else "Safe at home"
        AnalysisService(self.context).add_danger_statement(
            self.id, f"Danger {marker}", goal, visibility=visibility, withheld_from=withheld
        )
        self._said(marker, "danger", choice, whom, names_partner=names_partner)

    def _scaling(self, choice: str, on_danger: bool) -> None:
        marker = self.marker("scaling")
        dangers = [s for s in self.world.said if s.kind == "danger"]
        danger = dangers[-1] if on_danger and dangers else None
        danger_id = None
        if danger is not None:
            view = SharingService(self.context).view(self.id)
            danger_id = next(d.id for d in view.danger_statements if danger.marker in d.danger)
        AnalysisService(self.context).record_scaling(
            self.id,
            f"Scorer {marker}",  # a new scorer each time, so nothing is replaced
            4,
            f"Because {marker}",
            danger_statement_id=danger_id,
            visibility=Visibility(choice),
        )
        self._said(
            marker, "scaling", choice, set(), on_hidden_danger=danger.marker if danger else None
        )

    def _recommendation(self) -> None:
        marker = self.marker("recommendation")
        DecisionService(self.context).record_recommendation(
            self.id, self.child, f"Agency {marker}", Outcome.PLAN, Category.NEGLECT, marker
        )
        self._said(marker, "recommendation", "shared", set())

    def _decide(self) -> None:
        marker = self.marker("decision")
        decision = DecisionService(self.context).decide(
            self.id,
            self.child,
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=Category.NEGLECT,
            reasons=f"Reasons {marker}",
        )
        self.decision_id = decision.id
        # Deciding again replaces the reasons: the old words are nowhere any more.
        self.world.said = [s for s in self.world.said if s.kind != "decision"]
        self._said(marker, "decision", "shared", set())

    def _dissent(self) -> None:
        if self.decision_id is None:
            return
        marker = self.marker("dissent")
        DecisionService(self.context).add_dissent(self.decision_id, "Dr Ian Cole", marker)
        self._said(marker, "dissent", "shared", set())

    def _action(self, choice: str, whom: set[str], names_partner: bool) -> None:
        marker = self.marker("action")
        actions = ActionService(self.context)
        action = actions.add_action(
            self.id,
            what=f"Do {marker}",
            who=PARTNER if names_partner else "Social worker",
            owner=ActionOwner.PROFESSIONAL,
        )
        visibility, withheld = self._visibility(choice, whom)
        if visibility != Visibility.SHARED:
            actions.update_action(action.id, visibility=visibility, withheld_from=withheld)
        self._said(marker, "action", choice, whom, names_partner=names_partner)

    def _exclude(self, who: str, with_item: bool) -> None:
        if self.open_exclusion is not None:
            return
        items = [self.item] if with_item else []
        made = AgendaService(self.context).exclude(
            self.participant[who], "A reason", agenda_item_ids=items
        )
        modelled = Exclusion(who, self.clock(), None, frozenset(items))
        self.world.exclusions.append(modelled)
        self.open_exclusion = (made.id, modelled, who)

    def _end_exclusion(self) -> None:
        if self.open_exclusion is None:
            return
        exclusion_id, modelled, _who = self.open_exclusion
        AgendaService(self.context).end_exclusion(exclusion_id)
        modelled.ended_at = self.clock()
        self.open_exclusion = None

    def _relink_excluded(self, to: str | None) -> None:
        """Edit the last excluded participant's link: what they missed must stay missed."""
        if not self.world.exclusions:
            return
        who = self.world.exclusions[-1].who
        person = None if to is None else self.person[to]
        PrepareService(self.context).update_participant(self.participant[who], person_id=person)
        # Put it back, so the room and the next exclusion see the participant as before.
        PrepareService(self.context).update_participant(
            self.participant[who], person_id=self.person[who]
        )

    def _sit_apart(self, members: set[str]) -> None:
        from chairdesk.services.sittings import SittingService

        SittingService(self.context).start(self.id, [self.person[m] for m in sorted(members)])
        if self.world.sittings and self.world.sittings[-1].ended_at is None:
            self.world.sittings[-1].ended_at = self.clock()
        self.world.sittings.append(
            Exclusion(",".join(sorted(members)), self.clock(), None, frozenset())
        )

    def _sit_together(self) -> None:
        from chairdesk.services.sittings import SittingService

        if not self.world.sittings or self.world.sittings[-1].ended_at is not None:
            return
        SittingService(self.context).end(self.id)
        self.world.sittings[-1].ended_at = self.clock()

    def _withhold_partner(self, whom: set[str]) -> None:
        ProtectionService(self.context).withhold_person(
            self.person["partner"], [self.person[w] for w in sorted(whom)]
        )
        self.world.partner_withheld_from = frozenset(whom)

    def seat(self, room: dict[str, Any]) -> tuple[frozenset[str], bool]:
        self._sit_together()  # everyone sitting together again, then seated for the screen
        """Mark who is in the room; the viewers and whether anyone is unlinked."""
        prepare = PrepareService(self.context)
        present = set(room["present"])
        for name, participant in self.participant.items():
            attendance = Attendance.PRESENT if name in present else Attendance.ABSENT
            prepare.set_attendance(participant, attendance)
        if "child" in present:
            child = prepare.add_participant(
                self.id, OLDER_CHILD, ParticipantRole.CHILD, person_id=self.child
            )
            prepare.set_attendance(child.id, Attendance.PRESENT)
        if room["typed_in"]:
            typed = prepare.add_participant(self.id, "Auntie Bea", ParticipantRole.RELATIVE)
            prepare.set_attendance(typed.id, Attendance.PRESENT)
        if not present and not room["typed_in"]:
            # Nobody marked present: the screen counts the whole family as in the room.
            return frozenset({*FAMILY, "child"}), False
        return frozenset(present), bool(room["typed_in"])


class Clock:
    def __init__(self) -> None:
        self.now = WHEN

    def __call__(self) -> datetime:
        return self.now

    def tick(self) -> None:
        self.now += timedelta(minutes=1)
