"""Table columns that share the table's width, so a table never scrolls sideways.

Each column asks for the width of its heading and widest cell; when they do not all fit (a
1366-wide laptop, large text), every column gives up room in proportion, down to a floor, and
long cells are elided (their tooltip or the edit shows them whole). Spare room goes to the
columns in proportion too, so the table always fills its width exactly.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

FLOOR = 56  # narrowest a column gets, in pixels


def share(wants: list[int], available: int, floor: int = FLOOR) -> list[int]:
    """Widths adding up to `available` (when the floors allow), in proportion to `wants`."""
    if not wants:
        return []
    total = max(1, sum(wants))
    widths = [max(floor, want * available // total) for want in wants]
    widths[-1] = max(floor, widths[-1] + available - sum(widths))
    return widths


class ColumnFitter(QObject):
    """Keeps `table`'s columns fitted to its width (see the module's docstring)."""

    def __init__(self, table: QTableView, *, most: dict[int, int] | None = None) -> None:
        super().__init__(table)
        self.table = table
        self.most = most or {}  # column -> the most it asks for (a long text column)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.viewport().installEventFilter(self)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        model = table.model()
        if model is not None:
            for signal in (
                model.modelReset,
                model.rowsInserted,
                model.rowsRemoved,
                model.dataChanged,
                model.layoutChanged,
            ):
                signal.connect(self._pending.start)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._pending.start()
        return False

    def fit(self) -> None:
        table = self.table
        model = table.model()
        if model is None:
            return
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # over any earlier Stretch
        columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
        wants = []
        for column in columns:
            want = max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) + 8
            wants.append(min(want, self.most.get(column, want)))
        for column, width in zip(columns, share(wants, table.viewport().width()), strict=True):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def fit_columns(table: QTableView, *, most: dict[int, int] | None = None) -> ColumnFitter:
    """Fit `table`'s columns to its width from now on; returns the fitter (kept by the table)."""
    return ColumnFitter(table, most=most)
