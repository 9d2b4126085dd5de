"""The day's exceptions from the Run page: a late arrival with the items missed, an
adjournment, and a child's own drawing attached under the child's views and shared by choice."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from chairdesk.domain import AgendaKind, ConferenceStatus, Visibility
from chairdesk.ui.run_page import RunPage
from tests.services.test_conduct import drawing_png
from tests.ui.run_support import OFFSCREEN_LIMITS, answer_next_dialog, show_active

LEFT = Qt.MouseButton.LeftButton


def answer(handle, problems):
    """Answer the next dialog; a failed check closes it and is raised by the test after."""

    def safely(dialog):
        try:
            handle(dialog)
        except BaseException as error:  # re-raised by the test
            problems.append(error)
            dialog.reject()

    answer_next_dialog(safely)


def _run_page(qtbot, tmp_path):
    from chairdesk.services.base import ServiceContext
    from chairdesk.storage import open_database
    from chairdesk.ui.services import UiServices
    from tests.conftest import PASSPHRASE
    from tests.services.builders import WHEN, make_conference

    database = open_database(str(tmp_path / "day.db"), PASSPHRASE, create=True)
    summary = make_conference(database)
    services = UiServices.create(ServiceContext(database, user="Alex Morgan", clock=lambda: WHEN))
    page = RunPage(services)
    page.load_conference(summary.id)
    show_active(qtbot, page)
    return database, services, page, summary.id


@OFFSCREEN_LIMITS
def test_day_late_arrival_and_adjournment_from_the_run_page(qtbot, tmp_path):
    database, services, page, conference_id = _run_page(qtbot, tmp_path)
    qtbot.mouseClick(page.stepper.next_button, LEFT)  # the opening starts

    def late(dialog):
        dialog.who.setCurrentIndex(dialog.who.findText("Sarah Fenwick"))
        dialog.at.setFocus()
        qtbot.keyClicks(dialog.at, "10:20")
        assert "Welcome" in dialog.missed.text()  # the items heard so far are proposed
        qtbot.mouseClick(dialog.ok_button, LEFT)

    problems: list[BaseException] = []
    answer(late, problems)
    qtbot.mouseClick(page.day.late_button, LEFT)
    if problems:
        raise problems[0]
    assert "Sarah Fenwick arrived at 10:20" in page.day.summary.text()
    sarah = next(
        p for p in services.sharing.view(conference_id).participants if p.name == "Sarah Fenwick"
    )
    assert sarah.arrived_at is not None and f"{sarah.arrived_at:%H:%M}" == "10:20"
    assert "Welcome" in sarah.items_missed

    def adjourn(dialog):
        assert not dialog.ok_button.isEnabled()  # a reason first
        qtbot.keyClicks(dialog.reason, "The police officer was called away")
        dialog.reconvene.setDate(dialog.reconvene.date().fromString("08/12/2026", "dd/MM/yyyy"))
        qtbot.mouseClick(dialog.ok_button, LEFT)

    answer(adjourn, problems)
    qtbot.mouseClick(page.day.adjourn_button, LEFT)
    if problems:
        raise problems[0]
    assert "continues on Tue 08 Dec 2026" in page.day.summary.text()
    view = services.sharing.view(conference_id)
    assert view.conduct.reconvene_on == date(2026, 12, 8)
    assert view.summary.status == ConferenceStatus.IN_PROGRESS
    database.close()


@OFFSCREEN_LIMITS
def test_day_a_childs_drawing_is_attached_and_shared_by_choice(qtbot, tmp_path):
    database, services, page, conference_id = _run_page(qtbot, tmp_path)
    child_views = next(i for i in page.view.agenda if i.kind == AgendaKind.CHILD_VIEWS)
    page.show_item(child_views.id)
    panel = page.content.statements_panel
    assert panel is not None
    drawing = tmp_path / "three houses.png"
    drawing.write_bytes(drawing_png())
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_bytes(b"not a picture at all")
    panel.choose_file = lambda parent, title: not_a_picture
    qtbot.mouseClick(next(iter(panel.attach_buttons.values())), LEFT)
    assert "not really a PNG" in page.problem.text()
    panel.choose_file = lambda parent, title: drawing
    qtbot.mouseClick(next(iter(panel.attach_buttons.values())), LEFT)
    assert panel.list.count() == 1
    assert "Maya Fenwick: three houses.png (picture" in panel.list.item(0).text()
    assert "professionals" in panel.list.item(0).text()
    mother = services.sharing.audiences(conference_id)[1]
    assert services.sharing.view(conference_id, mother).conduct.child_statements == ()
    qtbot.mouseClick(panel.shared, LEFT)
    statements = services.sharing.view(conference_id, mother).conduct.child_statements
    assert [(s.file_name, s.visibility) for s in statements] == [
        ("three houses.png", Visibility.SHARED)
    ]
    assert statements[0].content == drawing.read_bytes()
    page.grab().save(str(tmp_path / "child_views.png"))
    database.close()
