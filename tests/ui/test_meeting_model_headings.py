"""Run's screen and the professionals' record show an agency's words under the same headings, in
the same order, for every meeting model (both read chairdesk/meeting_models.py)."""

from __future__ import annotations

from typing import Any

import pytest

from chairdesk.domain import AgendaKind, MeetingModel
from chairdesk.export import DocumentKind, build_document
from chairdesk.export import model as document_model
from chairdesk.meeting_models import agency_headings
from chairdesk.ui.widgets.item_content import ItemContent
from tests.ui.conftest import make_family


def _record_headings(document: document_model.Document, title: str) -> list[str]:
    """The headings the record prints under the agenda item called `title`."""
    found: list[str] = []
    inside = False
    for block in document.blocks:
        if not isinstance(block, document_model.Heading):
            continue
        if inside and block.level <= 2:
            break
        if inside:
            found.append(block.text)
        inside = inside or (block.level == 2 and block.text.endswith(f". {title}"))
    return found


@pytest.mark.parametrize("model", list(MeetingModel))
def test_headings_screen_and_record_show_an_agency_under_the_same_headings(
    qtbot: Any, services: Any, model: MeetingModel
) -> None:
    family = make_family(services)
    services.prepare.update_details(family.conference_id, model=model)
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.AGENCY
    )
    for heading, label in agency_headings(model):
        services.entries.add_entry(item.id, heading, f"Said under {label}", speaker_name="Sam")
    view = services.sharing.view(family.conference_id)

    entries = services.sharing.entries_of_item(item.id)
    content = ItemContent(services, view, item, entries, lambda call: call())
    qtbot.addWidget(content)
    qtbot.waitUntil(lambda: content.settled)  # the later sections follow a turn at a time
    on_screen = [section.title() for section in content.sections]
    in_record = _record_headings(build_document(DocumentKind.RECORD, view), item.title)

    assert on_screen == [label for _heading, label in agency_headings(model)]
    assert in_record == on_screen
