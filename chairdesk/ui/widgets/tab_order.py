"""Tab order for rows made on the fly: each row's widgets in turn, after what came before."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def widget_before(owner: QWidget, start: QWidget) -> QWidget | None:
    """The nearest widget Tab reaches before `start` that is not `owner` or inside it."""
    before = start.previousInFocusChain()
    while before is not None and before is not start:
        outside = before is not owner and not owner.isAncestorOf(before)
        if outside and before.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return before
        before = before.previousInFocusChain()
    return None


def keep_tab_order(chain: Sequence[QWidget]) -> None:
    """Tab through `chain` in this order, after its first widget (which stays where it is)."""
    for first, second in pairwise(chain):
        if first.window() is second.window():
            QWidget.setTabOrder(first, second)
