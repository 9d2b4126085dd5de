"""Prepare's "Keeping people apart", used as a chair would: ticks and menus, then the copies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from chairdesk.domain import AgendaKind, Heading, PersonRole, UserRole, Visibility
from chairdesk.services.conferences import NewPerson


def _prepare(window: Any, family: Any) -> Any:
    window.open_conference(family.conference_id)
    window.show_page("prepare")
    return window.page("prepare")


def _mother_copy(services: Any, family: Any) -> str:
    audience = services.sharing.audience_for(family.conference_id, family.mother_id)
    view = services.sharing.view(family.conference_id, audience)
    return repr(view)


def test_protection_a_chair_withholds_a_new_partner_from_the_mother(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    partner = services.prepare.add_person(
        family.family_id, NewPerson("Dale Pryce", PersonRole.CARER, interpreter_needed=True)
    )
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.entries.add_entry(item.id, Heading.VIEW, "Dale Pryce has moved in")
    page = _prepare(window, family)
    panel = page.protection
    assert "Pryce" in _mother_copy(services, family)
    panel.person.setCurrentIndex(panel.person.findData(partner.id))
    action = next(a for a in panel.menu.actions() if a.text().startswith("Dana Testwood"))
    action.trigger()  # ticked in the "Withhold from…" menu
    assert "Pryce" not in _mother_copy(services, family)
    assert "Dale Pryce is withheld from Dana Testwood" in panel.summary.text()
    # Still withheld after the page is read again, and the tick shows it.
    page.reload()
    panel.person.setCurrentIndex(panel.person.findData(partner.id))
    ticked = next(a for a in panel.menu.actions() if a.text().startswith("Dana Testwood"))
    assert ticked.isChecked()


def test_protection_parents_kept_apart_from_the_tick(
    qtbot: Any, window: Any, services: Any, family: Any
) -> None:
    page = _prepare(window, family)
    box = page.protection.kept_apart
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # the tick, from the keyboard as the chair may
    assert services.sharing.view(family.conference_id).family.parents_kept_apart
    item = next(
        i for i in services.agenda.items(family.conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    said = services.entries.add_entry(
        item.id,
        Heading.VIEW,
        "Dana's low mood this winter",
        speaker_participant_id=family.mother_participant_id,
    )
    assert said.visibility == Visibility.WITHHELD
    assert said.withheld_from == (family.father_id,)


def test_protection_is_a_chairs_choice(qtbot: Any, services: Any, family: Any) -> None:
    from dataclasses import replace

    from chairdesk.ui.prepare_page import PreparePage
    from chairdesk.ui.services import UiServices

    minutes = UiServices.create(replace(services.context, role=UserRole.MINUTE_TAKER))
    page = PreparePage(minutes)
    qtbot.addWidget(page)
    page.load_conference(family.conference_id)
    assert not page.protection.kept_apart.isEnabled()
    assert "only a chair" in page.protection.kept_apart.toolTip().lower()
