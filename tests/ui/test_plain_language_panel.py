"""The plain-language panel and the glossary highlighter: terms marked, acronyms flagged,
reading ease against the council's target, all offline."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip

from chairdesk.services.plainlanguage import reading_ease, shipped_glossary
from chairdesk.services.settings import SettingsService
from chairdesk.ui.plain_language_panel import GlossaryHighlighter, PlainLanguagePanel
from tests.ui.run_support import OFFSCREEN_LIMITS, show_active
from tests.ui.test_accessibility import _unnamed

pytestmark = OFFSCREEN_LIMITS
EASY = "The core group will meet every four weeks. Your social worker will visit you at home."
HARD = (
    "The XQZ and the LADO were notified following the section 47 enquiry, notwithstanding "
    "the aforementioned considerations regarding significant harm and the ABC assessment."
)


def _explanation(term: str) -> str:
    entry = shipped_glossary().entry_for(term)
    assert entry is not None
    return entry.explanation


def _marks(edit: QTextEdit | QPlainTextEdit) -> dict[str, QTextCharFormat]:
    """What the highlighter did to each marked stretch of text, by the text marked."""
    marks: dict[str, QTextCharFormat] = {}
    block = edit.document().begin()
    while block.isValid():
        for mark in block.layout().formats():
            marks[block.text()[mark.start : mark.start + mark.length]] = QTextCharFormat(
                mark.format
            )
        block = block.next()
    return marks


def test_plain_language_panel_marks_terms_and_acronyms_in_a_paragraph(
    qtbot: Any, services: Any
) -> None:
    panel = PlainLanguagePanel(services)
    show_active(qtbot, panel)
    panel.set_text(f"{EASY}\n\n{HARD}")
    marks = _marks(panel.preview)
    for term in ("core group", "social worker", "LADO", "section 47 enquiry", "significant harm"):
        assert marks[term].fontUnderline(), term
        assert marks[term].toolTip() == _explanation(term)
    for acronym in ("XQZ", "ABC"):
        assert not marks[acronym].fontUnderline()
        assert marks[acronym].background().color().name() == "#ffe08a"
    assert "LADO" not in panel.acronyms.text()  # the glossary explains it
    assert "XQZ, ABC" in panel.acronyms.text()
    explained = panel.terms.toPlainText()
    assert _explanation("core group") in explained


def test_plain_language_panel_shows_reading_ease_per_section_against_the_target(
    qtbot: Any, services: Any
) -> None:
    panel = PlainLanguagePanel(services)
    show_active(qtbot, panel)
    panel.set_text(f"{EASY}\n\n{HARD}")
    assert panel.table.rowCount() == 2
    easy, hard = round(reading_ease(EASY) or 0), round(reading_ease(HARD) or 0)
    assert panel.table.item(0, 1).text() == f"{easy}, meets the target of 60"
    assert panel.table.item(1, 1).text() == f"{hard}, harder than the target of 60"
    whole = round(reading_ease(f"{EASY}\n\n{HARD}") or 0)
    assert f"Reading ease of the whole text: {whole}" in panel.summary.text()
    assert _unnamed(panel) == []


def test_plain_language_panel_takes_the_target_from_the_councils_settings(
    qtbot: Any, services: Any
) -> None:
    SettingsService(services.context).update(reading_ease_target=90)
    panel = PlainLanguagePanel(services)
    show_active(qtbot, panel)
    panel.set_text(EASY)
    assert "harder than the target of 90" in panel.summary.text()
    panel.set_text("")
    assert panel.summary.text() == "Nothing written yet."


def test_plain_language_highlighter_explains_a_term_under_the_pointer(
    qtbot: Any, services: Any
) -> None:
    edit = QPlainTextEdit()
    highlighter = GlossaryHighlighter(edit.document(), services)
    highlighter.attach(edit)
    show_active(qtbot, edit)
    edit.setPlainText("We will hold a core group next month.")
    assert _marks(edit)["core group"].fontUnderline()
    offset = edit.toPlainText().index("core group") + 2
    assert _explanation("core group") in highlighter.tooltip_for(edit.toPlainText(), offset)
    assert highlighter.tooltip_for(edit.toPlainText(), 1) == ""

    cursor = edit.textCursor()
    cursor.setPosition(offset)
    where = edit.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, edit.viewport().mapToGlobal(where))
    QApplication.sendEvent(edit.viewport(), event)  # as resting the pointer there does
    assert _explanation("core group") in QToolTip.text()
    QToolTip.hideText()


def test_plain_language_panel_works_with_sockets_disabled(
    qtbot: Any, services: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the plain-language check tried to use the network")

    monkeypatch.setattr(socket, "socket", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(socket, "getaddrinfo", refused)
    panel = PlainLanguagePanel(services)
    show_active(qtbot, panel)
    panel.set_text(HARD)
    assert "harder than the target of 60" in panel.summary.text()
    assert _marks(panel.preview)["significant harm"].fontUnderline()


def test_plain_language_panel_checks_after_the_text_rests_off_the_gui_thread(
    qtbot: Any, services: Any
) -> None:
    """Edits in a row: nothing is checked while typing goes on; then the newest text only."""
    import threading

    panel = PlainLanguagePanel(services)
    qtbot.addWidget(panel)
    assert panel.summary.text() == "Nothing written yet."
    checked_on: list[str] = []
    real = panel.service.glossary

    def glossary() -> Any:
        found = real()

        class Watched:
            def assess(self, text: str, target: float) -> Any:
                checked_on.append(threading.current_thread().name)
                return found.assess(text, target)

        return Watched()

    panel.service.glossary = glossary  # type: ignore[method-assign]
    for words in ("The", "The XQZ", f"{HARD}"):
        panel.request_sections([("Part 2, actions", words)])
        assert panel.summary.text() == "Nothing written yet."  # not checked while typing
        assert not panel.settled
    qtbot.waitUntil(lambda: panel.settled, timeout=20000)
    assert "harder than the target" in panel.summary.text()
    assert "XQZ, ABC" in panel.acronyms.text()
    assert panel.preview.toPlainText() == HARD
    # One check (two assessments: the section and the whole), none on the GUI thread.
    assert checked_on == ["plain-language", "plain-language"]


def test_plain_language_long_plan_terms_found_as_before(services: Any) -> None:
    """The word-start lookup finds exactly what the whole glossary pattern finds."""
    glossary = shipped_glossary()
    text = " ".join([EASY, HARD, "multi-agency child's Child Protection Plans ICPCs"] * 40)
    expected = [(m.start(), m.end()) for m in glossary._regex.finditer(text)]
    assert [(m.start, m.end) for m in glossary.find_terms(text)] == expected
    assert len(expected) > 100


def test_a_glossary_changed_meanwhile_explains_its_terms_from_the_next_conference_opened(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    """The council adds a term (`chairdesk settings`, while ChairDesk is open): the entry
    fields of the next conference the chair opens underline it and explain it."""
    text = "Mum will take Keeley to the Family Hub on Tuesdays."
    offset = text.index("Family Hub") + 2

    def explained() -> str:
        edit = QPlainTextEdit()
        highlighter = GlossaryHighlighter(edit.document(), services)
        edit.setPlainText(text)
        return highlighter.tooltip_for(text, offset)

    window.open_conference(family.conference_id)
    assert explained() == ""
    SettingsService(services.context).update(
        custom_glossary=[("Family Hub", "A building where families can get help in one place.")]
    )
    window.show_page("home")
    window.open_conference(family.conference_id)
    assert "A building where families can get help in one place." in explained()
