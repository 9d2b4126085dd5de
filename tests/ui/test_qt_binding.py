"""The Qt binding keeps Python's reference counts straight through thousands of calls."""

from __future__ import annotations

import sys


def test_qt_binding_calls_returning_nothing_keep_none_alive(qtbot):
    # PySide6 6.12.0 released a reference to None on each such call; a chair's long meeting
    # would then abort the app. Reference counts are only approximately stable, so allow noise.
    from PySide6.QtWidgets import QTextEdit

    editor = QTextEdit()
    qtbot.addWidget(editor)
    before = sys.getrefcount(None)
    for width in range(3000):
        editor.viewport().update()
        editor.resize(100 + width % 50, 100)
    assert sys.getrefcount(None) > before - 100
