"""Ahead of the chair: what the first conference opened in a session would pay on the GUI
thread, paid in small pieces while Home waits.

Two costs fall on the first open of a conference otherwise (bench/README.md, "Typing"):

- importing the Run, Plan and Prepare pages' modules, about 90 ms at once;
- PySide6 making its classes on first use. To hand Python an object of a class it has not
  made yet, PySide loads every QObject class it has not made, with their enums: 60 to 80 ms the
  first time a list box was built (the Run page's agenda), when application-wide event filters
  met Qt's private objects; input is now heard at each window (ui/window_input.py), and the
  pages' classes are still made here rather than on a first open.

Neither can go to a worker: a PySide class first used on two threads at once can crash PySide,
and importing these modules makes PySide classes. So both are done here, on the GUI thread, a
few milliseconds a turn, once start-up has finished (the warm-up's worker is done by then, so
no import waits for it). The collector is paused from the first turn to the last (about a third
of a second) and what was made is then frozen, so no full pass falls at Home because of it and
later passes do not scan it. Opening a conference, locking or closing the window stops it: what
is left is then paid as before, by the page that needs it.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial

from PySide6.QtCore import QTimer

from chairdesk.ui.off_thread import freeze_long_lived

#: The pages' modules, each imported in a turn of its own; the modules each one needs first,
#: so that no turn imports more than one of them (tests/ui/test_ahead.py checks each exists).
PAGE_MODULES = (
    "chairdesk.ui.widgets.exclude_participant_dialog",
    "chairdesk.meeting_models",
    "chairdesk.ui.widgets.autosave",
    "chairdesk.ui.widgets.long_text_box",
    "chairdesk.ui.widgets.share_choice",
    "chairdesk.ui.widgets.tab_order",
    "chairdesk.ui.widgets.visibility",
    "chairdesk.ui.widgets.danger_panel",
    "chairdesk.ui.widgets.decision_panel",
    "chairdesk.ui.widgets.entry_editor",
    "chairdesk.ui.widgets.heading_section",
    "chairdesk.ui.widgets.dissent_dialog",
    "chairdesk.ui.widgets.item_decisions",
    "chairdesk.ui.widgets.scaling_panel",
    "chairdesk.ui.widgets.statements_panel",
    "chairdesk.ui.widgets.item_content",
    "chairdesk.ui.widgets.form_dialog",
    "chairdesk.ui.widgets.reason_dialog",
    "chairdesk.ui.widgets.parents_not_first_dialog",
    "chairdesk.ui.run_moves",
    "chairdesk.ui.widgets.agenda_stepper",
    "chairdesk.ui.widgets.conclude_question",
    "chairdesk.ui.widgets.day_panel",
    "chairdesk.ui.widgets.exclusion_panel",
    "chairdesk.ui.widgets.item_timer",
    "chairdesk.ui.widgets.minute_bar",
    "chairdesk.ui.widgets.quoracy_dialog",
    "chairdesk.ui.widgets.sitting_panel",
    "chairdesk.ui.widgets.skip_item_dialog",
    "chairdesk.ui.run_page",
    "chairdesk.typed_dates",
    "chairdesk.ui.widgets.date_field",
    "chairdesk.ui.widgets.action_status_dialog",
    "chairdesk.ui.widgets.actions_model",
    "chairdesk.ui.widgets.action_form",
    "chairdesk.ui.widgets.actions_delegate",
    "chairdesk.ui.widgets.background",
    "chairdesk.ui.widgets.document_view",
    "chairdesk.ui.widgets.fit_columns",
    "chairdesk.ui.widgets.plan_preview",
    "chairdesk.ui.widgets.reason_added_dialog",
    "chairdesk.ui.plan_page",
    "chairdesk.ui.prepare_details",
    "chairdesk.ui.prepare_models",
    "chairdesk.ui.prepare_sections",
    "chairdesk.ui.widgets.protection_panel",
    "chairdesk.ui.prepare_page",
)
#: The PySide6 modules whose classes are made ahead (the ones the window uses).
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
#: How long one turn may work before the event loop has the window again.
SLICE_S = 0.004
#: The pause between turns: input and painting come first.
PAUSE_MS = 5


def _steps() -> Iterator[Callable[[], object]]:
    for module_name in QT_MODULES:
        module = sys.modules.get(module_name)
        if module is None:
            continue
        for name in dir(module):
            if not name.startswith("_"):
                yield partial(getattr, module, name, None)
    for module_name in PAGE_MODULES:
        if module_name not in sys.modules:
            yield partial(importlib.import_module, module_name)


class Ahead:
    """Runs the steps a slice at a time on the GUI thread until they are done or stopped."""

    def __init__(self) -> None:
        self._steps = _steps()
        self.started = False
        self.finished = False
        self.turns = 0  # turns of the event loop that did some of the work
        self._collector_was_on = False

    def start(self) -> None:
        if self.started or self.finished:
            return
        self.started = True
        self._collector_was_on = gc.isenabled()
        gc.disable()  # until the last turn: the steps' objects are frozen then
        QTimer.singleShot(PAUSE_MS, self._turn)

    def stop(self) -> None:
        """The chair has opened a conference (or the window locks or closes): what is left is
        paid as before, and the collector is back on."""
        if not self.finished:
            self._finish()

    def _turn(self) -> None:
        if self.finished:
            return
        self.turns += 1
        end = time.perf_counter() + SLICE_S
        for step in self._steps:
            with contextlib.suppress(Exception):  # a name PySide cannot make costs nothing
                step()
            if time.perf_counter() >= end:
                QTimer.singleShot(PAUSE_MS, self._turn)
                return
        self._finish()

    def _finish(self) -> None:
        self.finished = True
        if self.started:
            freeze_long_lived("ahead")  # what was made lives all session: no full pass scans it
            if self._collector_was_on:
                gc.enable()


__all__ = ["PAGE_MODULES", "Ahead"]
