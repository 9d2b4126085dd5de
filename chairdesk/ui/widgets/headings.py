"""Which headings each meeting model uses, in the words that model's chairs use."""

from __future__ import annotations

from chairdesk.domain import HEADING_LABELS, Heading, MeetingModel

_SIGNS_OF_SAFETY = (
    (Heading.WORRY, "What are we worried about?"),
    (Heading.STRENGTH, "What's working well?"),
    (Heading.COMPLICATING_FACTOR, "Complicating factors"),
    (Heading.NEXT_STEPS, "What needs to happen?"),
)
_STRENGTHENING_FAMILIES = (
    (Heading.WORRY, "Danger and harm"),
    (Heading.COMPLICATING_FACTOR, "Complicating factors"),
    (Heading.STRENGTH, "Strengths"),
    (Heading.EXISTING_SAFETY, "Safety"),
    (Heading.GREY_AREA, "Grey areas"),
    (Heading.NEXT_STEPS, "Next steps"),
)
_TRADITIONAL = tuple(
    (h, HEADING_LABELS[h])
    for h in (Heading.WORRY, Heading.STRENGTH, Heading.COMPLICATING_FACTOR, Heading.NEXT_STEPS)
)


def agency_headings(model: MeetingModel) -> tuple[tuple[Heading, str], ...]:
    """The headings under each agency's contribution, in the order the model asks them."""
    if model == MeetingModel.SIGNS_OF_SAFETY:
        return _SIGNS_OF_SAFETY
    if model == MeetingModel.STRENGTHENING_FAMILIES:
        return _STRENGTHENING_FAMILIES
    return _TRADITIONAL


def heading_label(model: MeetingModel, heading: Heading) -> str:
    for known, label in agency_headings(model):
        if known == heading:
            return label
    return HEADING_LABELS[heading]
