"""Table columns that share the table's width, so a table never scrolls sideways.

Each column asks for the width of its heading and widest cell; when they do not all fit (a
1366-wide laptop, large text), every column gives up room in proportion, down to a floor, and
long cells are elided (their tooltip or the edit shows them whole). Spare room goes to the
columns in proportion too, so the table always fills its width exactly.

Headings are read whole: the floor keeps room for each heading on two lines ("What needs / to
happen"), then a word a line, and the header grows to the lines its headings wrap to
(tests/ui/screen_fit.py checks every table of every page at 100% and 150% text). The fit is
made again when the table is resized or the text size changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

FLOOR = 56  # narrowest a column gets, in pixels
_SLACK = 4  # pixels: a glyph may reach past its advance, and a wrapped word must not touch the edge
_REFIT = (QEvent.Type.Resize, QEvent.Type.FontChange)
_WORD_WRAP = Qt.AlignmentFlag(int(Qt.TextFlag.TextWordWrap.value))  # a text flag the header takes


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
        # A heading wider than its column wraps onto a second line rather than being cut.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | _WORD_WRAP)
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
        if event.type() in _REFIT:  # a new size, or larger text chosen with the window open
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
        # Each column keeps room for its heading on two lines at most ("What needs / to
        # happen"); the long texts' headings on one line while there is room.
        two_lines = {c: max(FLOOR, _heading_width(header, c, 2)) for c in columns}
        floors = [
            max(two_lines[c], header.sectionSizeHint(c))
            if c in self.whole_headings
            else two_lines[c]
            for c in squeezed
        ]
        if room < 2 * FLOOR * len(squeezed) or sum(floors) > room:
            # Too little left for the long texts (large text): all give, down to two lines,
            # then to their longest word, a word a line; only then are headings cut.
            squeezed = columns
            room = table.viewport().width()
            floors = [two_lines[c] for c in squeezed]
            if sum(floors) > room:
                floors = [max(FLOOR, _heading_width(header, c, None)) for c in squeezed]
            if sum(floors) > room:
                floors = [FLOOR] * len(squeezed)
        shared = share([widths[c] for c in squeezed], room, floors=floors)
        widths.update(zip(squeezed, shared, strict=True))
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        # A heading wider than its column wraps (the header's alignment allows it), and the
        # header grows to the most lines any heading takes, so every line shows.
        metrics = header.fontMetrics()
        lines = max((_lines_at(header, c, widths[c]) for c in columns), default=1)
        wanted = (
            header.sizeHint().height() + (lines - 1) * metrics.lineSpacing() if lines > 1 else 0
        )
        if header.minimumHeight() != wanted:
            header.setMinimumHeight(wanted)


def _heading(header: QHeaderView, column: int) -> tuple[str, int]:
    """A column's heading and the room its section takes around the text."""
    model = header.model()
    text = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
    padding = max(0, header.sectionSizeHint(column) - header.fontMetrics().horizontalAdvance(text))
    return text, padding


def _heading_width(header: QHeaderView, column: int, lines: int | None) -> int:
    """The narrowest width that shows `column`'s heading whole on two lines (`lines` 2) or
    on as many as it has words (`lines` None)."""
    text, padding = _heading(header, column)
    words = text.split()
    metrics = header.fontMetrics()
    if len(words) < 2:
        return header.sectionSizeHint(column)
    if lines is None:
        return max(metrics.horizontalAdvance(word) for word in words) + padding + _SLACK
    halves = (
        max(
            metrics.horizontalAdvance(" ".join(words[:cut])),
            metrics.horizontalAdvance(" ".join(words[cut:])),
        )
        for cut in range(1, len(words))
    )
    return min(halves) + padding + _SLACK


def _lines_at(header: QHeaderView, column: int, width: int) -> int:
    """How many lines `column`'s heading wraps to in a section `width` wide."""
    text, padding = _heading(header, column)
    if not text:
        return 1
    metrics = header.fontMetrics()
    room = QRect(0, 0, max(1, width - padding + 1), 10**4)
    needed = metrics.boundingRect(room, int(_WORD_WRAP.value), text)
    return max(1, round(needed.height() / metrics.lineSpacing()))


def fit_columns(
    table: QTableView,
    *,
    most: dict[int, int] | None = None,
    squeeze: tuple[int, ...] = (),
    whole_headings: tuple[int, ...] = (),
) -> ColumnFitter:
    """Fit `table`'s columns to its width from now on; returns the fitter (kept by the table)."""
    return ColumnFitter(table, most=most, squeeze=squeeze, whole_headings=whole_headings)
