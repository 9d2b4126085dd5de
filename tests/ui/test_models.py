"""Every Qt item model passes pytest-qt's model tester, with rows from the real services."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chairdesk.ui.models import (
    ConferenceTableModel,
    DueItemTableModel,
    ParticipantTableModel,
    PeopleTableModel,
    ReportTableModel,
)
from chairdesk.views import DueItem
from tests.ui.conftest import TODAY


def test_models_pass_the_model_tester(qtmodeltester: Any, services: Any, family: Any) -> None:
    services.prepare.add_report(family.conference_id, "Health Visiting", title="Health report")
    view = services.sharing.view(family.conference_id)
    filled = [
        (ConferenceTableModel(), services.conferences.list_conferences()),
        (
            DueItemTableModel(),
            (DueItem(family.conference_id, "Outcome letter to send", TODAY, True, "CP-1", "T"),),
        ),
        (PeopleTableModel(services.prepare), view.people),
        (ParticipantTableModel(services.prepare), view.participants),
        (ReportTableModel(services.prepare), view.reports),
        (PeopleTableModel(None), view.people),
    ]
    for model, rows in filled:
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)


def test_an_edited_cell_shows_the_saved_value(services: Any, family: Any) -> None:
    """A cell's text is kept between paints; saving an edit shows the new text at once."""
    model = PeopleTableModel(services.prepare)
    model.set_rows(services.sharing.view(family.conference_id).people)
    name = model.index(0, 0)
    shown = model.data(name)
    assert shown and model.data(name) == shown  # asked twice, as a view does
    assert model.setData(name, "Robin Example")
    assert model.data(name) == "Robin Example"
    assert model.data(name, Qt.ItemDataRole.AccessibleTextRole) == "Robin Example"
    assert services.sharing.view(family.conference_id).people[0].name == "Robin Example"
