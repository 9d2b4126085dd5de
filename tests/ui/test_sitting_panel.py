"""Run's "Separate sittings", used as a chair would: sit apart with the mother, then together."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chairdesk.domain import AgendaKind, Heading
from tests.ui.run_support import answer_next_dialog


def test_sitting_panel_sits_apart_and_together(qtbot: Any, window: Any, family: Any) -> None:
    services = window.services
    window.open_conference(family.conference_id)
    window.show_page("run")
    page = window.page("run")
    panel = page.sittings
    assert "together" in panel.state.text()
    assert not panel.end_button.isEnabled()

    def with_the_mother(dialog: Any) -> None:
        dialog.boxes[family.mother_id].setChecked(True)
        dialog.label.setText("With the mother")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_next_dialog(with_the_mother)
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert "Sitting apart since" in panel.state.text()
    assert "Dana Testwood" in panel.state.text()
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.entries.add_entry(item.id, Heading.VIEW, "Said in the mother's sitting")
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    assert "together" in panel.state.text()
    father = services.sharing.audience_for(family.conference_id, family.father_id)
    texts = [e.text for e in services.sharing.view(family.conference_id, father).entries]
    assert "Said in the mother's sitting" not in texts
