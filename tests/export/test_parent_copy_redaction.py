"""A parent's written files never hold what they may not see; the professionals' files hold all.

Markers go through the real services into professionals-only and withheld records; the plan and
the record are written by IssueService (the path the desktop and the command line share) as
DOCX and PDF, then read back by other readers: every XML part of the DOCX, and pdftotext plus
pypdf's metadata for the PDF (RELIABILITY.md promise 9).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairdesk.domain import ActionOwner, AgendaKind, Heading, Origin, Visibility
from chairdesk.export import DocumentKind
from chairdesk.services.actions import ActionService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.entries import EntryService
from chairdesk.services.issuing import IssueService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.export.readers import docx_parts, pdf_info, pdf_text, squeeze
from tests.services.builders import (
    FATHER,
    MOTHER,
    agenda_item,
    fixed_context,
    make_conference,
    person_id,
)

marker = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=8, max_size=8).map(
    lambda s: f"MK{s}"
)


def _written_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".docx":
        return "\n".join(docx_parts(data).values())
    return pdf_text(data, layout=False) + "\n" + "\n".join(pdf_info(data).values())


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(markers=st.lists(marker, min_size=5, max_size=5, unique=True))
def test_parent_copy_files_hold_no_restricted_marker(markers):
    restricted_everyone, withheld_mother, pasted, danger, action = markers
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-redaction-"))
    database = open_database(str(folder / "cd.db"), PASSPHRASE, create=True)
    try:
        context = fixed_context(database)
        conference = make_conference(database)
        view = SharingService(context).view(conference.id)
        mother, father = person_id(view, MOTHER), person_id(view, FATHER)
        parents = agenda_item(view, AgendaKind.PARENTS_VIEWS)
        entries = EntryService(context)
        entries.add_entry(parents.id, Heading.VIEW, "Both parents came and spoke first today.")
        entries.add_entry(
            parents.id,
            Heading.WORRY,
            f"Police note {restricted_everyone}",
            visibility=Visibility.PROFESSIONALS,
        )
        entries.add_entry(
            parents.id,
            Heading.NOTE,
            f"New address area {withheld_mother}",
            visibility=Visibility.WITHHELD,
            withheld_from=(father,),
        )
        entries.add_entry(
            parents.id, Heading.WORRY, f"Pasted minutes {pasted}", origin=Origin.PASTED
        )
        AnalysisService(context).add_danger_statement(
            conference.id,
            f"Danger {danger}",
            "Safety goal for the children",
            visibility=Visibility.PROFESSIONALS,
        )
        actions = ActionService(context)
        actions.add_action(conference.id, what="Take the children to the dentist", who="Mother")
        hidden = actions.add_action(
            conference.id,
            what=f"Police check {action}",
            who="Police",
            owner=ActionOwner.PROFESSIONAL,
        )
        actions.update_action(hidden.id, visibility=Visibility.PROFESSIONALS)

        sharing, issuing = SharingService(context), IssueService(context)
        father_copy = sharing.audience_for(conference.id, father)
        mother_copy = sharing.audience_for(conference.id, mother)
        professionals = sharing.audience_for(conference.id, None)
        hidden_from_father = [restricted_everyone, withheld_mother, pasted, danger, action]
        for kind in (DocumentKind.PLAN, DocumentKind.RECORD):
            for fmt in ("docx", "pdf"):
                written = {}
                for name, audience in (
                    ("father", father_copy),
                    ("mother", mother_copy),
                    ("pros", professionals),
                ):
                    out = folder / f"{kind.value}-{name}.{fmt}"
                    issuing.export(conference.id, kind, audience, fmt, out)
                    written[name] = squeeze(_written_text(out))
                assert [m for m in hidden_from_father if m in written["father"]] == []
                # Withheld from the father only: the mother's copy keeps it (no over-redaction).
                assert withheld_mother in written["mother"]
                assert [
                    m for m in (restricted_everyone, pasted, danger) if m in written["mother"]
                ] == []
                if kind == DocumentKind.PLAN:
                    expected = [danger, action]
                else:
                    expected = [restricted_everyone, withheld_mother, pasted, danger]
                assert [m for m in expected if m not in written["pros"]] == []
    finally:
        database.close()
