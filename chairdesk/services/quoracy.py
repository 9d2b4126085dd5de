"""Quoracy: children's social care and at least two other agencies present, in a chair's words.

Who counts: professionals (not the chair, minute-taker, advocates, interpreters or family)
marked present or present for part. Agencies are told apart by name, ignoring case, spaces
and apostrophes. A professional with no agency recorded counts as children's social care
when the job title says social worker; otherwise they are not counted, and the explanation
says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chairdesk.domain import QUORACY_ADVICE, Attendance, ParticipantRole
from chairdesk.views import ParticipantView, QuoracyView

OTHER_AGENCIES_NEEDED = 2

_ATTENDING = (Attendance.PRESENT, Attendance.PART)

# Names councils give children's social care. "Social care" alone is enough (a Northern Irish
# "Health and Social Care Trust" delivers it) but never adult social care.
_CHILDRENS_SOCIAL_CARE = re.compile(
    r"\bchildren'?s social care\b|\bchildren'?s services\b|\bchildren'?s social work\b"
    r"|\bchildren and families\b|\bfamily safeguarding\b|\bsocial care\b|\bsocial work\b"
    r"|\bsocial services\b|\bcsc\b",
)
_NOT_CHILDRENS = re.compile(r"\badults?\b")

_NEEDS = (
    "A conference needs children's social care and at least two other agencies" + QUORACY_ADVICE
)


def _normalise(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'").casefold()
    return " ".join(name.split())


def is_childrens_social_care(agency: str) -> bool:
    """Whether an agency name means children's social care (case and apostrophes ignored)."""
    name = _normalise(agency)
    return bool(_CHILDRENS_SOCIAL_CARE.search(name)) and not _NOT_CHILDRENS.search(name)


def _attending_professionals(participants: Sequence[ParticipantView]) -> list[ParticipantView]:
    return [
        p
        for p in participants
        if p.role == ParticipantRole.PROFESSIONAL and p.attendance in _ATTENDING
    ]


def _agency_of(participant: ParticipantView) -> tuple[str, bool] | None:
    """(display name, is children's social care), or None when the agency is unknown."""
    agency = " ".join(participant.agency.split())
    if agency:
        return agency, is_childrens_social_care(agency)
    if "social worker" in _normalise(participant.job_title):
        return "Children's social care", True
    return None


def _list(names: Sequence[str]) -> str:
    return ", ".join(names)


def _agencies_phrase(count: int) -> str:
    return "one other agency" if count == 1 else f"{count} other agencies"


def assess_quoracy(participants: Sequence[ParticipantView]) -> QuoracyView:
    """Whether the conference is quorate, with the explanation a chair reads.

    ``agencies`` lists the agencies present, children's social care first.
    """
    social_care: list[str] = []
    others: list[str] = []
    seen: set[str] = set()
    unknown = 0
    for participant in _attending_professionals(participants):
        found = _agency_of(participant)
        if found is None:
            unknown += 1
            continue
        name, is_social_care = found
        key = "children's social care" if is_social_care else _normalise(name).replace("'", "")
        if key in seen:
            continue
        seen.add(key)
        (social_care if is_social_care else others).append(name)

    has_social_care = bool(social_care)
    quorate = has_social_care and len(others) >= OTHER_AGENCIES_NEEDED
    if quorate:
        explanation = (
            f"Quorate: children's social care and {_agencies_phrase(len(others))} "
            f"({_list(others)}) are present."
        )
    elif has_social_care and others:
        explanation = (
            f"Not quorate: children's social care is present but only "
            f"{_agencies_phrase(len(others))} ({_list(others)}). {_NEEDS}"
        )
    elif has_social_care:
        explanation = (
            f"Not quorate: children's social care is present but no other agency. {_NEEDS}"
        )
    elif others:
        explanation = (
            f"Not quorate: children's social care is not present "
            f"({_agencies_phrase(len(others)).replace('other ', '')} present: {_list(others)}). "
            f"{_NEEDS}"
        )
    else:
        explanation = f"Not quorate: no agency is present. {_NEEDS}"
    if unknown:
        if unknown == 1:
            explanation += " 1 professional has no agency recorded and is not counted."
        else:
            explanation += f" {unknown} professionals have no agency recorded and are not counted."
    return QuoracyView(quorate=quorate, explanation=explanation, agencies=(*social_care, *others))


# The short name other services call.
assess = assess_quoracy
