"""Longest stall of the Qt event loop while a burst of typing autosaves into a notes field."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHAIRDESK_KDF_PROFILE", "test")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_MS = 50.0
TICK_MS = 5
SENTENCE = "Mary says the rent arrears are paid and Lily has been at school every day. "
BURSTS = 6  # each burst is a sentence typed at about 10 keys a second, then a pause


def main() -> None:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from chairdesk.domain import AgendaKind
    from chairdesk.ui.run_page import RunPage
    from tests.ui.run_support import new_family_conference, open_services, section

    folder = Path(tempfile.mkdtemp(prefix="chairdesk-bench-"))
    database, services = open_services(folder / "bench.db")
    conference_id = new_family_conference(services)
    parents = next(
        i for i in services.agenda.items(conference_id) if i.kind == AgendaKind.PARENTS_VIEWS
    )
    services.agenda.start_item(parents.id)
    page = RunPage(services)
    page.resize(1300, 900)
    page.load_conference(conference_id)
    page.show()
    field = section(page, "Mary Ashdown's views").editors[0].field
    field.setFocus()
    saves: list[str] = []
    page.save_state_changed.connect(lambda state: saves.append(state))

    # The heartbeat: a 5 ms timer; any gap far beyond 5 ms is the loop being blocked.
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(TICK_MS)
    heartbeat.timeout.connect(beat)
    heartbeat.start()

    keys = [ch for _ in range(BURSTS) for ch in SENTENCE + "\0"]  # "\0": a pause of 1 s
    position = [0]
    typist = QTimer()
    typist.setInterval(100)

    def type_one() -> None:
        if position[0] >= len(keys):
            typist.stop()
            QTimer.singleShot(1500, loop.quit)
            return
        char = keys[position[0]]
        position[0] += 1
        if char == "\0":
            typist.stop()
            QTimer.singleShot(1000, typist.start)
            return
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            app.sendEvent(field, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

    typist.timeout.connect(type_one)
    loop = QEventLoop()
    started = time.perf_counter()
    typist.start()
    loop.exec()
    took = time.perf_counter() - started
    heartbeat.stop()
    page.flush_pending_saves()

    stored = services.entries.entries_for_item(parents.id)[0].text
    stalls = sorted(gaps)
    print(f"typed {len(SENTENCE) * BURSTS} characters in {BURSTS} bursts over {took:.1f} s")
    print(f"commits: {saves.count('Saved')} (each after typing stopped for 600 ms)")
    print(
        f"heartbeat gaps: {len(gaps)}, median {statistics.median(stalls):.1f} ms, "
        f"99th percentile {stalls[int(len(stalls) * 0.99)]:.1f} ms"
    )
    print("five longest: " + ", ".join(f"{gap:.1f}" for gap in stalls[-5:]) + " ms")
    longest = stalls[-1]
    verdict = "within" if longest < TARGET_MS else "OVER"
    print(f"longest stall: {longest:.1f} ms ({verdict} the {TARGET_MS:.0f} ms target)")
    print(f"all text stored: {stored == (SENTENCE * BURSTS)}")
    database.close()


if __name__ == "__main__":
    main()
