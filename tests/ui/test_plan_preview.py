"""One plan, one look: the Plan page's previews are the issued plan's own words (its export
document model), read against the Word file the Issue step writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chairdesk.export import DocumentKind
from chairdesk.services.issuing import IssueService
from chairdesk.ui.plan_page import PlanPage
from tests.export.readers import docx_body_text, normal
from tests.ui import run_support
from tests.ui.run_support import show_active

ui_services = run_support.ui_services
conference_id = run_support.conference_id


def test_plan_preview_shows_the_words_the_issued_plan_holds(
    qtbot: Any, ui_services: Any, conference_id: int, tmp_path: Path
) -> None:
    ui_services.actions.add_action(
        conference_id, what="Walk Lily to school every day", who="Mary Ashdown"
    )
    page = PlanPage(ui_services)
    page.load_conference(conference_id)
    show_active(qtbot, page)
    page.refresh_previews()
    qtbot.waitUntil(lambda: page.settled, timeout=20000)  # built on a worker thread
    out = tmp_path / "plan.docx"
    audience = ui_services.sharing.audience_for(conference_id, None)
    IssueService(ui_services.context).export(
        conference_id, DocumentKind.PLAN, audience, "docx", out
    )
    issued = normal(docx_body_text(out.read_bytes()))
    part_one = page.part_one.toPlainText()
    part_two = page.part_two.toPlainText()
    assert "Part 2" in part_two and "Part 2" not in part_one
    assert "Walk Lily to school every day" in part_two
    # Every line of the preview's body is in the issued plan (the header aside); an action
    # card's title and status, one line on screen, are two in the Word file.
    lines = [normal(line) for text in (part_one, part_two) for line in text.splitlines()[1:]]
    missing = [
        line
        for line in lines
        if line
        and line not in issued
        and not all(part in issued for part in line.rstrip(")").split(" ("))
    ]
    assert missing == []
