"""What Home's first paint leaves until just after it still arrives before the chair can use it,
and Home's quicker measure of its columns gives the widths Qt's own measure gives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from tests.ui.conftest import TODAY, Family, make_family

CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot: Any, services: Any, text_scaler: Any = None) -> Any:
    from chairdesk.ui.main_window import MainWindow

    main = MainWindow(services, text_scaler=text_scaler)
    qtbot.addWidget(main)
    qtbot.addWidget(main.parent_screen)
    return main


def test_shortcuts_work_once_home_is_painted(qtbot: Any, services: Any, family: Family) -> None:
    """The window's shortcuts and Home's Ctrl+N are made just after Home's first paint, before
    the window answers: F1 lists them, Ctrl+L locks, Ctrl+N asks for a new conference."""
    main = _window(qtbot, services)
    main.show()
    qtbot.waitUntil(lambda: main.answering)
    listed = dict(main.shortcuts)
    for keys in ("F1", "Ctrl+1", "Ctrl+6", "Ctrl+F", "Ctrl+N", "Ctrl+L", "F8", "F6"):
        assert keys in listed, keys
    assert main.home.new_shortcut is not None
    asked: list[bool] = []
    main.home.new_shortcut.activated.disconnect()  # (the dialog itself is tested elsewhere)
    main.home.new_shortcut.activated.connect(lambda: asked.append(True))
    qtbot.keyClick(main.home.search, Qt.Key.Key_N, CTRL)
    assert asked == [True]
    qtbot.keyClick(main, Qt.Key.Key_L, CTRL)
    assert main.locked


def test_shortcuts_are_made_before_a_conference_opens(
    qtbot: Any, services: Any, family: Family
) -> None:
    """Opening a conference before Home was ever painted still brings the shortcuts with it."""
    main = _window(qtbot, services)
    main.open_conference(family.conference_id)
    assert "Ctrl+1" in dict(main.shortcuts)
    main.show()
    qtbot.waitUntil(lambda: main.started)
    qtbot.keyClick(main, Qt.Key.Key_1, CTRL)
    assert main.current_page() == "home"


def _qt_widths(table: QTableView) -> list[int]:
    """The widths Qt's own QTableView gives the same rows in the same font, hidden as Home's
    tables are when first measured."""
    plain = QTableView()
    plain.setFont(table.font())
    plain.verticalHeader().hide()
    plain.setModel(table.model())
    header = plain.horizontalHeader()
    header.setResizeContentsPrecision(table.horizontalHeader().resizeContentsPrecision())
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.resizeSections()
    widths = [header.sectionSize(column) for column in range(header.count() - 1)]
    plain.setModel(None)
    plain.deleteLater()
    return widths


def test_home_columns_fit_as_qt_measures_them(qtbot: Any, services: Any, family: Family) -> None:
    """Family names and case references of many lengths, more rows than are measured, at the
    normal text size and a larger one the chair chose: every column of Home's tables as wide
    as Qt's own measure makes it (the last column stretches)."""
    from PySide6.QtWidgets import QApplication

    from chairdesk.ui.style import DEFAULT_POINT_SIZE, TextScaler

    for number in range(45):
        name = "Ash" + "ington-Lowe" * (number % 7) + f"{number}"
        made = make_family(services, f"CP-{number:03d}{'X' * (number % 5)}", name)
        if number % 3 == 0:
            services.prepare.add_report(made.conference_id, "Police", received_on=TODAY)
    app = QApplication.instance()
    for size in (DEFAULT_POINT_SIZE, 16):
        scaler = TextScaler(app, size)  # the chair's text size, set before the window is made
        main = _window(qtbot, services, scaler)
        main.show()
        qtbot.waitUntil(lambda main=main: main.answering)
        home = main.home
        assert home.conference_model.rowCount() > 40
        assert home.due_model.rowCount() > 10
        for table in (home.conference_table, home.due_table):
            assert table.font().pointSize() == size
            header = table.horizontalHeader()
            shown = [header.sectionSize(column) for column in range(header.count() - 1)]
            assert shown == _qt_widths(table)
        main.close()
    TextScaler(app, DEFAULT_POINT_SIZE)
