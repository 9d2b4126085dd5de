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


def share(
    wants: list[int], available: int, floor: int = FLOOR, floors: list[int] | None = None
) -> list[int]:
    """Widths adding up to `available` (when the floors allow), in proportion to `wants`.

    A column whose share would fall below its floor (`floors`, else `floor`) gets its floor, and
    the others share the rest.
    """
    lows = floors or [floor] * len(wants)
    widths = list(lows)
    free = list(range(len(wants)))
    room = available
    while free:
        total = max(1, sum(wants[i] for i in free))
        pinned = [i for i in free if wants[i] * room // total < lows[i]]
        if not pinned:
            for i in free:
                widths[i] = wants[i] * room // total
            widths[free[-1]] += room - sum(widths[i] for i in free)
            break
        for i in pinned:
            free.remove(i)
            room -= lows[i]
    return widths


class ColumnFitter(QObject):
    """Keeps `table`'s columns fitted to its width (see the module's docstring)."""

    def __init__(
        self,
        table: QTableView,
        *,
        most: dict[int, int] | None = None,
        squeeze: tuple[int, ...] = (),
        whole_headings: tuple[int, ...] = (),
    ) -> None:
        super().__init__(table)
        self.table = table
        self.most = most or {}  # column -> the most it asks for (a long text column)
        self.squeeze = squeeze  # only these give up room (all, when empty): long texts
        self.whole_headings = whole_headings  # these never get narrower than their heading
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(FLOOR // 2)  # large text raises Qt's own minimum
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
        widths = dict(zip(columns, wants, strict=True))
        squeezed = [c for c in columns if c in self.squeeze] or columns
        room = table.viewport().width() - sum(widths[c] for c in columns if c not in squeezed)
        floors = [
            max(FLOOR, header.sectionSizeHint(c)) if c in self.whole_headings else FLOOR
            for c in squeezed
        ]
        if room < 2 * FLOOR * len(squeezed) or sum(floors) > room:
            # Too little left for the long texts (large text): all give, headings cut alike.
            squeezed = columns
            room = table.viewport().width()
            floors = [FLOOR] * len(squeezed)
        shared = share([widths[c] for c in squeezed], room, floors=floors)
        widths.update(zip(squeezed, shared, strict=True))
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def fit_columns(
    table: QTableView,
    *,
    most: dict[int, int] | None = None,
    squeeze: tuple[int, ...] = (),
    whole_headings: tuple[int, ...] = (),
) -> ColumnFitter:
    """Fit `table`'s columns to its width from now on; returns the fitter (kept by the table)."""
    return ColumnFitter(table, most=most, squeeze=squeeze, whole_headings=whole_headings)
