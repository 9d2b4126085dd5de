"""Opening the Plan page in the real main window: the page's reads run on a worker and the
plain-language panel is built once the previews arrive, yet the chair sees all of it: the
actions, readiness, both previews and the plain-language check of the parent's copy."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from chairdesk.ui.plain_language_panel import PlainLanguagePanel
from chairdesk.ui.widgets.document_view import HtmlFeeder
from chairdesk.ui.widgets.plan_preview import plan_previews
from tests.ui.conftest import Family


def _add_actions(services: Any, conference_id: int, count: int) -> None:
    for number in range(count):
        services.actions.add_action(
            conference_id, what=f"Step {number}: walk Lily to school", who="Dana Brookfield"
        )


def test_plan_page_opened_shows_actions_readiness_previews_and_plain_language(
    qtbot: Any, window: Any, services: Any, family: Family
) -> None:
    _add_actions(services, family.conference_id, 6)
    window.open_conference(family.conference_id)
    window.show_page("plan")
    page = window.plan
    assert page.model.rowCount() == 6
    assert "Step 5: walk Lily to school" in page.model.data(page.model.index(5, 0))
    assert page.heading.text() == "The plan for the Testwood family (CP-0001)"
    assert "6 family actions" in page.readiness.text()
    assert page.form.what.toPlainText() == "Step 0: walk Lily to school"  # the first action
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    assert "Step 5: walk Lily to school" in page.part_two.toPlainText()
    # The Plain language tab holds the panel, checking what the parent's copy says.
    tab = page.previews.widget(2)
    qtbot.waitUntil(lambda: tab.findChild(PlainLanguagePanel) is not None, timeout=20000)
    panel = tab.findChild(PlainLanguagePanel)
    qtbot.waitUntil(lambda: panel.settled, timeout=20000)
    page.previews.setCurrentWidget(tab)
    assert panel.isVisible()
    assert "walk Lily to school" in panel.preview.toPlainText()
    assert "target" in panel.summary.text()


def test_plan_page_plain_language_tab_opened_before_the_previews_shows_the_panel(
    qtbot: Any, window: Any, services: Any, family: Family
) -> None:
    """A chair who goes straight to the Plain language tab sees the panel there at once."""
    _add_actions(services, family.conference_id, 2)
    window.open_conference(family.conference_id)
    window.show_page("plan")
    page = window.plan
    tab = page.previews.widget(2)
    page.previews.setCurrentWidget(tab)
    panel = tab.findChild(PlainLanguagePanel)
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: page.settled and panel.settled, timeout=20000)
    assert "walk Lily to school" in panel.preview.toPlainText()


def test_plan_page_opened_again_shows_the_other_conference(
    qtbot: Any, window: Any, services: Any, family: Family
) -> None:
    """Reopened from Home after a change elsewhere, the page reads the plan afresh."""
    _add_actions(services, family.conference_id, 3)
    window.open_conference(family.conference_id)
    window.show_page("plan")
    page = window.plan
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    first = services.actions.actions(family.conference_id)[0]
    services.actions.update_action(first.id, what="Book Sam's health review")
    window.show_page("home")
    window.open_conference(family.conference_id)
    window.show_page("plan")
    assert page.model.data(page.model.index(0, 0)) == "Book Sam's health review"
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    assert "Book Sam's health review" in page.part_two.toPlainText()


def _drawn_whole(qtbot: Any, pieces: list[str]) -> str:
    """The pieces drawn into a fresh view from the start, as the page's first open draws them."""
    view = QTextBrowser()
    qtbot.addWidget(view)
    feeder = HtmlFeeder(view)
    feeder.feed(pieces)
    qtbot.waitUntil(lambda: feeder.settled, timeout=20000)
    return view.toHtml()


def test_plan_page_edit_in_one_row_updates_that_row_and_both_previews_mark_for_mark(
    qtbot: Any, window: Any, services: Any, family: Family
) -> None:
    """After an edit only the pieces that changed are redrawn; the previews then hold exactly
    what drawing the whole plan afresh gives (an edit near the start, the middle, the end; an
    action added and one removed), and what a later open shows."""
    _add_actions(services, family.conference_id, 30)
    window.open_conference(family.conference_id)
    window.show_page("plan")
    page = window.plan
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    sharing = services.sharing
    titles = ("Part 1, background", "Part 2, actions")

    def matches_a_fresh_drawing() -> None:
        fresh = plan_previews(sharing, family.conference_id, titles)
        assert page.part_one.toHtml() == _drawn_whole(qtbot, fresh.part_one)
        assert page.part_two.toHtml() == _drawn_whole(qtbot, fresh.part_two)

    for row in (0, 14, 29):
        index = page.model.index(row, 0)
        page.model.setData(index, f"Changed {row}: take Lily to the dentist")
        assert page.model.data(index) == f"Changed {row}: take Lily to the dentist"
        qtbot.waitUntil(lambda: page.settled, timeout=20000)
        assert f"Changed {row}: take Lily to the dentist" in page.part_two.toPlainText()
        matches_a_fresh_drawing()
    page.add_action()
    page.model.setData(page.model.index(30, 0), "A new step at the end")
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    assert "A new step at the end" in page.part_two.toPlainText()
    matches_a_fresh_drawing()
    page.table.setCurrentIndex(page.model.index(10, 0))
    page.remove_selected()
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    assert "Step 10: walk Lily to school" not in page.part_two.toPlainText()
    matches_a_fresh_drawing()


def test_plan_table_headings_read_whole_on_a_1366_by_768_laptop(
    qtbot: Any, window: Any, services: Any, family: Family
) -> None:
    """ "Still to fill in" (and the other long texts' headings) are not cut at 1366x768; the
    columns still share the table's width exactly, so it never scrolls sideways."""
    services.actions.add_action(
        family.conference_id,
        what="Go to an assessment at Example Recovery Service and then to the weekly group",
        who="Dana Brookfield and the recovery worker from Example Recovery Service",
    )
    window.resize(1366, 768)
    window.open_conference(family.conference_id)
    window.show_page("plan")
    page = window.plan
    qtbot.waitUntil(lambda: page.settled, timeout=20000)
    table, header = page.table, page.table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) < 320)  # fitted to the window's width
    shown = [c for c in range(page.model.columnCount()) if not header.isSectionHidden(c)]
    for column in shown:
        heading = page.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.sectionSizeHint(column), heading
    assert sum(header.sectionSize(c) for c in shown) == table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
