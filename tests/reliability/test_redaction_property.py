"""Redaction holds for every generated conference, in every output a family member could see.

Hypothesis writes conferences through the real services (tests/reliability/redaction_model.py):
every kind of item with every visibility, exclusions with edits to the participant afterwards,
a new partner withheld from named people, a grandfather with the father's very name, children
and unlinked relatives in the room. For each parent, carer and relative's copy, and for the
parents' screen (the room), no marker the model forbids may appear; the professionals' copy
holds every marker (nothing over-redacted). The file test writes DOCX and PDF and reads them
back with other readers. The example database lives in .hypothesis/ (kept between runs here).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from chairdesk.export import DocumentKind
from chairdesk.services.base import ServiceContext
from chairdesk.services.issuing import IssueService
from chairdesk.services.room import RoomService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from chairdesk.ui.parent_screen import screen_html
from tests.conftest import PASSPHRASE
from tests.export.readers import docx_parts, pdf_info, pdf_text, squeeze
from tests.reliability.redaction_model import FAMILY, Clock, Conference, room_choice, scripts
from tests.services.builders import make_conference
from tests.services.test_privacy_rules import _all_text

EXAMPLES = int(os.environ.get("CHAIRDESK_REDACTION_EXAMPLES", "1900"))
FILE_EXAMPLES = int(os.environ.get("CHAIRDESK_REDACTION_FILE_EXAMPLES", "100"))
FAILURES = DirectoryBasedExampleDatabase(
    str(Path(__file__).resolve().parents[2] / ".hypothesis" / "redaction")
)


@pytest.fixture(scope="module")
def shared_database() -> Iterator[Any]:
    """One encrypted database for every generated conference (in memory-backed /dev/shm where
    there is one: the property makes thousands of small commits)."""
    where = "/dev/shm" if os.path.isdir("/dev/shm") else None
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-redaction-", dir=where))
    database = open_database(str(folder / "cd.db"), PASSPHRASE, create=True)
    try:
        yield database
    finally:
        database.close()


def _run(database: Any, script: list[Any], room: dict[str, Any]) -> Conference:
    clock = Clock()
    context = ServiceContext(database, user="chair", clock=clock)
    conference = Conference(context, clock, make_conference(database).id)
    conference.run(script)
    return conference


def _check_views(
    conference: Conference, room: dict[str, Any], copies: tuple[str, ...] = FAMILY
) -> None:
    sharing = SharingService(conference.context)
    world = conference.world
    everything = _all_text(sharing.view(conference.id))
    assert [s.marker for s in world.said if s.marker not in everything] == []
    for name in copies:
        audience = sharing.audience_for(conference.id, conference.person[name])
        text = _all_text(sharing.view(conference.id, audience))
        leaked = sorted(m for m in world.forbidden(frozenset({name}), False) if m in text)
        assert leaked == [], f"{name}'s copy"
        if name != "partner" and name in world.partner_withheld_from:
            assert "Pryce" not in text and "Dale" not in text, f"{name}'s copy names the partner"
    viewers, strict = conference.seat(room)
    rooms = RoomService(conference.context)
    audience = rooms.audience(conference.id)
    on_screen = _all_text(sharing.view(conference.id, audience)) + screen_html(
        rooms.screen(conference.id)
    )
    leaked = sorted(m for m in world.forbidden(viewers, strict) if m in on_screen)
    assert leaked == [], "the parents' screen"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=FAILURES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    script=scripts,
    room=room_choice,
    # Two of the family's copies an example (drawn, so every copy is checked across the run),
    # and the screen always: a conference's views cost more than writing it.
    copies=st.lists(st.sampled_from(FAMILY), min_size=2, max_size=2, unique=True),
)
def test_redaction_every_family_view_and_the_screen(
    shared_database: Any, script: list[Any], room: dict[str, Any], copies: list[str]
) -> None:
    _check_views(_run(shared_database, script, room), room, tuple(copies))


def _written_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".docx":
        return "\n".join(docx_parts(data).values())
    return pdf_text(data, layout=False) + "\n" + "\n".join(pdf_info(data).values())


@settings(
    max_examples=FILE_EXAMPLES,
    deadline=None,
    database=FAILURES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    script=scripts,
    recipient=st.sampled_from(FAMILY),
    kind=st.sampled_from([DocumentKind.PLAN, DocumentKind.RECORD]),
    fmt=st.sampled_from(["docx", "pdf"]),
)
def test_redaction_written_copies(
    shared_database: Any,
    tmp_path_factory: Any,
    script: list[Any],
    recipient: str,
    kind: DocumentKind,
    fmt: str,
) -> None:
    conference = _run(shared_database, script, {"present": set(), "typed_in": False})
    sharing = SharingService(conference.context)
    folder = tmp_path_factory.mktemp("copies")
    issuing = IssueService(conference.context)
    audience = sharing.audience_for(conference.id, conference.person[recipient])
    theirs = folder / f"theirs.{fmt}"
    issuing.export(conference.id, kind, audience, fmt, theirs)
    text = squeeze(_written_text(theirs))
    forbidden = conference.world.forbidden(frozenset({recipient}), False)
    assert sorted(m for m in forbidden if m in text) == []
    if recipient != "partner" and recipient in conference.world.partner_withheld_from:
        assert "Pryce" not in text
