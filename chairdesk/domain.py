"""The conference vocabulary: plain enums shared by every layer. Imports nothing heavy."""

from __future__ import annotations

from enum import StrEnum


class ConferenceKind(StrEnum):
    INITIAL = "initial"
    REVIEW = "review"
    PRE_BIRTH = "pre_birth"
    TRANSFER_IN = "transfer_in"

    @property
    def label(self) -> str:
        return {
            "initial": "Initial child protection conference",
            "review": "Review child protection conference",
            "pre_birth": "Pre-birth conference",
            "transfer_in": "Transfer-in conference",
        }[self.value]


class MeetingModel(StrEnum):
    TRADITIONAL = "traditional"
    STRENGTHENING_FAMILIES = "strengthening_families"
    SIGNS_OF_SAFETY = "signs_of_safety"

    @property
    def label(self) -> str:
        return {
            "traditional": "Traditional",
            "strengthening_families": "Strengthening Families",
            "signs_of_safety": "Signs of Safety",
        }[self.value]


class ConferenceStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    CONCLUDED = "concluded"
    ISSUED = "issued"


class PersonRole(StrEnum):
    CHILD = "child"
    UNBORN = "unborn"
    PARENT = "parent"
    CARER = "carer"
    RELATIVE = "relative"


class ParticipantRole(StrEnum):
    PARENT = "parent"
    CARER = "carer"
    CHILD = "child"
    RELATIVE = "relative"
    ADVOCATE = "advocate"
    INTERPRETER = "interpreter"
    PROFESSIONAL = "professional"
    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"

    @property
    def is_family(self) -> bool:
        return self in (
            ParticipantRole.PARENT,
            ParticipantRole.CARER,
            ParticipantRole.CHILD,
            ParticipantRole.RELATIVE,
        )


class Attendance(StrEnum):
    INVITED = "invited"
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    PART = "part"


class Visibility(StrEnum):
    SHARED = "shared"
    PROFESSIONALS = "professionals"
    WITHHELD = "withheld"

    @property
    def label(self) -> str:
        return {
            "shared": "Parents see this",
            "professionals": "Professionals only",
            "withheld": "Withheld from named people",
        }[self.value]


class Origin(StrEnum):
    TYPED = "typed"
    PASTED = "pasted"
    IMPORTED = "imported"
    CARRIED_FORWARD = "carried_forward"


class Heading(StrEnum):
    WORRY = "worry"
    COMPLICATING_FACTOR = "complicating_factor"
    STRENGTH = "strength"
    EXISTING_SAFETY = "existing_safety"
    GREY_AREA = "grey_area"
    NEXT_STEPS = "next_steps"
    VIEW = "view"
    RESPONSE = "response"
    HOW_OBTAINED = "how_obtained"
    RISK_STATEMENT = "risk_statement"
    NOTE = "note"

    @property
    def label(self) -> str:
        return HEADING_LABELS[self]


HEADING_LABELS: dict[Heading, str] = {
    Heading.WORRY: "Worries and harm",
    Heading.COMPLICATING_FACTOR: "Complicating factors",
    Heading.STRENGTH: "What is working well",
    Heading.EXISTING_SAFETY: "Existing safety",
    Heading.GREY_AREA: "Grey areas",
    Heading.NEXT_STEPS: "What needs to happen",
    Heading.VIEW: "View",
    Heading.RESPONSE: "Response",
    Heading.HOW_OBTAINED: "How the views were obtained",
    Heading.RISK_STATEMENT: "Risk statement",
    Heading.NOTE: "Note",
}

# Plain words for a parent's copy (DOMAIN.md §6: clear language, terms explained).
PARENT_HEADING_LABELS: dict[Heading, str] = {
    Heading.WORRY: "Why we are worried",
    Heading.COMPLICATING_FACTOR: "Things that make it harder",
    Heading.STRENGTH: "What is going well",
    Heading.EXISTING_SAFETY: "What is already keeping the children safe",
    Heading.GREY_AREA: "Things we are not sure about",
    Heading.NEXT_STEPS: "What needs to happen",
    Heading.VIEW: "What was said",
    Heading.RESPONSE: "Response",
    Heading.HOW_OBTAINED: "How we heard the child's views",
    Heading.RISK_STATEMENT: "What could happen if nothing changes",
    Heading.NOTE: "Note",
}


class AgendaKind(StrEnum):
    OPENING = "opening"
    FAMILY_TREE = "family_tree"
    PARENTS_VIEWS = "parents_views"
    PROGRESS_REVIEW = "progress_review"
    AGENCY = "agency"
    CHILD_VIEWS = "child_views"
    INFORMATION_MAPPING = "information_mapping"
    FAMILY_RESPONSE = "family_response"
    RISK_STATEMENT = "risk_statement"
    ANALYSIS = "analysis"
    SCALING = "scaling"
    DECISION = "decision"
    PLAN = "plan"
    CLOSE = "close"

    @property
    def is_substantive(self) -> bool:
        return self not in (AgendaKind.OPENING, AgendaKind.FAMILY_TREE, AgendaKind.CLOSE)


class AgendaStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class Outcome(StrEnum):
    PLAN = "plan"
    CHILD_IN_NEED = "child_in_need"
    NO_FURTHER_ACTION = "no_further_action"
    PLAN_ENDS = "plan_ends"

    @property
    def label(self) -> str:
        return {
            "plan": "Child protection plan",
            "child_in_need": "Child in need plan",
            "no_further_action": "No further action",
            "plan_ends": "Child protection plan ends",
        }[self.value]


class Category(StrEnum):
    NEGLECT = "neglect"
    PHYSICAL_ABUSE = "physical_abuse"
    EMOTIONAL_ABUSE = "emotional_abuse"
    SEXUAL_ABUSE = "sexual_abuse"

    @property
    def label(self) -> str:
        return {
            "neglect": "Neglect",
            "physical_abuse": "Physical abuse",
            "emotional_abuse": "Emotional abuse",
            "sexual_abuse": "Sexual abuse",
        }[self.value]


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_LONGER_NEEDED = "no_longer_needed"

    @property
    def label(self) -> str:
        return {
            "not_started": "Not started",
            "in_progress": "In progress",
            "achieved": "Achieved",
            "not_achieved": "Not achieved",
            "no_longer_needed": "No longer needed",
        }[self.value]

    @property
    def is_open(self) -> bool:
        return self in (
            ActionStatus.NOT_STARTED,
            ActionStatus.IN_PROGRESS,
            ActionStatus.NOT_ACHIEVED,
        )


class ActionOwner(StrEnum):
    FAMILY = "family"
    PROFESSIONAL = "professional"


class FeedbackAnswer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_ANSWERED = "not_answered"


class UserRole(StrEnum):
    CHAIR = "chair"
    MINUTE_TAKER = "minute_taker"
    MANAGER = "manager"


#: Quoracy's advice to the chair on screen, which a document never prints (issue 13).
QUORACY_ADVICE = "; if you go ahead, record why."
#: The largest child's statement a chair may attach: a phone photo or a scanned page fits.
CHILD_STATEMENT_LIMIT = 8 * 1024 * 1024
