"""A parent's written record says when they were asked to leave, and never hints at what is kept
from anyone else: read back from the Word file and the PDF the Issue step writes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from chairdesk.domain import AgendaKind, Heading, Visibility
from chairdesk.export import DocumentKind
from chairdesk.services.agenda import AgendaService
from chairdesk.services.base import ServiceContext
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from tests.export.readers import docx_body_text, normal, pdf_text
from tests.services.builders import (
    FATHER,
    MOTHER,
    WHEN,
    agenda_item,
    make_conference,
    participant_id,
    person_id,
)


class _Clock:
    def __init__(self) -> None:
        self.now = WHEN

    def __call__(self) -> datetime:
        return self.now


def _copies(database, tmp_path: Path, fmt: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    clock = _Clock()
    context = ServiceContext(database, clock=clock)
    conference = make_conference(database)
    sharing = SharingService(context)
    view = sharing.view(conference.id)
    father, mother = person_id(view, FATHER), person_id(view, MOTHER)
    PrepareService(context).add_report(
        conference.id,
        "Health Visiting",
        title="Health visitor's report",
        visibility=Visibility.WITHHELD,
        withheld_from=[father],
    )
    parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
    agenda = AgendaService(context)
    clock.now += timedelta(minutes=5)
    out = agenda.exclude(participant_id(view, FATHER), "Police update on a live matter")
    clock.now += timedelta(minutes=10)
    EntryService(context).add_entry(parents.id, Heading.WORRY, "Heard while he was out")
    clock.now += timedelta(minutes=10)
    agenda.end_exclusion(out.id)
    written = {}
    for name, who in (("mother", mother), ("father", father), ("professionals", None)):
        path = tmp_path / f"{name}.{fmt}"
        IssueService(context).export(
            conference.id,
            DocumentKind.RECORD,
            sharing.audience_for(conference.id, who),
            fmt,
            path,
        )
        data = path.read_bytes()
        written[name] = normal(
            docx_body_text(data) if fmt == "docx" else pdf_text(data, layout=False)
        )
    return written


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_parent_copy_says_when_they_left_and_hints_at_nothing(database, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    copies = _copies(database, tmp_path, fmt)
    # The mother may see the report kept from the father: her copy does not say so.
    assert "Health visitor's report" in copies["mother"]
    assert "Withheld from named people" not in copies["mother"]
    # Nobody's exclusion but their own is a parent's business, and the mother's copy does not
    # pretend nobody left.
    assert "Nobody was asked to leave" not in copies["mother"]
    assert "asked to leave" not in copies["mother"]
    # The father's copy says he was asked to leave, and when; not why, not what was said.
    assert "You were asked to leave the meeting at 10:05 until 10:25" in copies["father"]
    assert "Police update" not in copies["father"]
    assert "Heard while he was out" not in copies["father"]
    assert "Health visitor's report" not in copies["father"]
    # The professionals' record holds the exclusion with its reason.
    assert "Police update on a live matter" in copies["professionals"]
    assert "Withheld from named people" in copies["professionals"]
