"""Quoracy decides something: an inquorate conference cannot conclude from the Run page until
the chair adjourns it (the reconvene date then waits on Home) or says why it goes ahead."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from chairdesk.domain import AgendaKind, ConferenceStatus
from chairdesk.ui.run_page import RunPage
from tests.ui.run_support import answer_next_dialog, show_active

LEFT = Qt.MouseButton.LeftButton


def _at_close(qtbot, tmp_path):
    from chairdesk.services.base import ServiceContext
    from chairdesk.storage import open_database
    from chairdesk.ui.services import UiServices
    from tests.conftest import PASSPHRASE
    from tests.services.builders import make_conference

    database = open_database(str(tmp_path / "quoracy.db"), PASSPHRASE, create=True)
    summary = make_conference(database)  # nobody is marked present: not quorate
    services = UiServices.create(ServiceContext(database))
    page = RunPage(services)
    page.load_conference(summary.id)
    show_active(qtbot, page)
    close = next(i for i in page.view.agenda if i.kind == AgendaKind.CLOSE)
    page.show_item(close.id)
    return database, services, page, summary.id


def _confirm_then(handle):  # type: ignore[no-untyped-def]
    """Conclude asks first (Yes), then the quoracy question is answered with `handle`."""

    def yes(box):  # type: ignore[no-untyped-def]
        answer_next_dialog(handle)
        next(b for b in box.buttons() if b.text() == "Conclude the conference").click()

    return yes


def test_quoracy_choice_go_ahead_needs_a_reason_for_the_professionals(qtbot, tmp_path):
    database, services, page, conference_id = _at_close(qtbot, tmp_path)
    seen = {}

    def go_ahead(dialog):
        seen["explanation"] = dialog.explanation.text()
        seen["ok_before"] = dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Health and school sent full written reports")
        seen["ok_after"] = dialog.ok_button.isEnabled()
        dialog.grab().save(str(tmp_path / "quoracy_choice.png"))
        qtbot.mouseClick(dialog.ok_button, LEFT)

    answer_next_dialog(_confirm_then(go_ahead))
    qtbot.mouseClick(page.conclude_button, LEFT)
    assert "Not quorate" in seen["explanation"]
    assert (seen["ok_before"], seen["ok_after"]) == (False, True)
    assert services.conferences.summary(conference_id).status == ConferenceStatus.CONCLUDED
    view = services.sharing.view(conference_id)
    assert view.inquorate_reason == "Health and school sent full written reports"
    mother = services.sharing.audiences(conference_id)[1]
    assert services.sharing.view(conference_id, mother).inquorate_reason == ""
    database.close()


def test_quoracy_choice_adjourn_keeps_the_conference_open_and_due_on_home(qtbot, tmp_path):
    database, services, page, conference_id = _at_close(qtbot, tmp_path)
    today = services.context.today()

    def adjourn(dialog):
        dialog.adjourn.click()
        assert dialog.ok_button.text() == "Adjourn"
        qtbot.keyClicks(dialog.reason, "Only children's social care could attend")
        qtbot.mouseClick(dialog.ok_button, LEFT)

    answer_next_dialog(_confirm_then(adjourn))
    qtbot.mouseClick(page.conclude_button, LEFT)
    summary = services.conferences.summary(conference_id)
    assert summary.status == ConferenceStatus.IN_PROGRESS
    conduct = services.sharing.view(conference_id).conduct
    assert conduct.reconvene_on is not None and conduct.reconvene_on > today
    due = services.home.due_items(today)
    assert [d.due_on for d in due if d.what == "Reconvene the adjourned conference"] == [
        conduct.reconvene_on
    ]
    # The chair sees it on Home, as the conference's due item.
    from chairdesk.ui.home_page import HomePage

    home = HomePage(services)
    qtbot.addWidget(home)
    home.refresh(today)
    shown = [
        " ".join(
            str(home.due_model.index(row, column).data())
            for column in range(home.due_model.columnCount())
        )
        for row in range(home.due_model.rowCount())
    ]
    assert any("Reconvene the adjourned conference" in line for line in shown), shown
    # Cancelling the choice leaves it as it was: still not concluded.
    answer_next_dialog(_confirm_then(lambda dialog: dialog.reject()))
    qtbot.mouseClick(page.conclude_button, LEFT)
    assert services.conferences.summary(conference_id).status == ConferenceStatus.IN_PROGRESS
    assert conduct.reconvene_on <= today + timedelta(days=60)
    assert isinstance(conduct.reconvene_on, date)
    database.close()
