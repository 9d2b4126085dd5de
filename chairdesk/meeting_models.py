"""The headings of each meeting model, in the words that model's chairs use (no Qt).

One list that the Run screen (ui/widgets/item_content.py) and every document (export/common.py)
read, so what a chair typed under "What's working well?" is printed under those words too.
A parent's copy keeps its own plain words (domain.PARENT_HEADING_LABELS), whatever the model.
"""

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
#: The "Mapping the information" agenda item's sections (Strengthening Families' mapping, without
#: the next steps, which the plan's actions carry), whatever the conference's model.
INFORMATION_MAPPING = _STRENGTHENING_FAMILIES[:-1]
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
    """The heading in the model's words (the shared label for one the model does not ask)."""
    for known, label in agency_headings(model):
        if known == heading:
            return label
    return HEADING_LABELS[heading]


def heading_order(model: MeetingModel) -> tuple[Heading, ...]:
    """Every heading: the model's own first, in its order, then the rest as domain lists them."""
    first = tuple(heading for heading, _label in agency_headings(model))
    return first + tuple(h for h in Heading if h not in first)
