"""Every Qt item model passes pytest-qt's model tester, with rows from the real services."""

from __future__ import annotations

from typing import Any

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
