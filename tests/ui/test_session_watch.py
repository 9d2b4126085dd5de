"""ChairDesk asks to lock on waking from sleep and when the desktop locks, heard on a real D-Bus."""

from __future__ import annotations

import logging
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import ClassInfo, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath

from chairdesk.ui.session_watch import SessionWatcher, login1_session_path
from tests.support.tools import need_tool

IDLE = 300


class FakeWallClock:
    """Seconds since the epoch that move only when a test moves them; counts its readings."""

    def __init__(self, step: float = 0.0) -> None:
        self.now = 1_772_442_000.0
        self.step = step
        self.readings = 0

    def __call__(self) -> float:
        self.readings += 1
        self.now += self.step
        return self.now


Connect = Callable[[], Any]


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[Connect]:
    """A real dbus-daemon of our own; yields a function that opens a new connection to it."""
    daemon = need_tool("dbus-daemon")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    names: list[str] = []

    def connect() -> Any:
        name = f"chairdesk-test-{uuid.uuid4().hex}"
        names.append(name)
        connection = QDBusConnection.connectToBus(address, name)
        assert connection.isConnected(), connection.lastError().message()
        return connection

    try:
        assert address.startswith("unix:"), "dbus-daemon printed no address"
        yield connect
    finally:
        for name in names:
            QDBusConnection.disconnectFromBus(name)
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def no_bus() -> Iterator[Any]:
    """A bus connection that failed, as on a machine without D-Bus."""
    name = f"chairdesk-test-{uuid.uuid4().hex}"
    connection = QDBusConnection.connectToBus("unix:path=/nonexistent/chairdesk-bus", name)
    assert not connection.isConnected()
    yield connection
    QDBusConnection.disconnectFromBus(name)


def _watcher(no_bus: Any, clock: FakeWallClock, idle: int = IDLE) -> SessionWatcher:
    return SessionWatcher(idle, wall_clock=clock, tick_ms=5, session_bus=no_bus, system_bus=no_bus)


def _locks(watcher: SessionWatcher) -> list[str]:
    reasons: list[str] = []
    watcher.lock_requested.connect(reasons.append)
    return reasons


def _screensaver(bus: Any, active: bool, path: str = "/org/freedesktop/ScreenSaver") -> None:
    message = QDBusMessage.createSignal(path, "org.freedesktop.ScreenSaver", "ActiveChanged")
    message.setArguments([active])
    assert bus.send(message)


def _login1_lock(bus: Any, path: str) -> None:
    assert bus.send(QDBusMessage.createSignal(path, "org.freedesktop.login1.Session", "Lock"))


# Resume from sleep


def test_session_watcher_asks_for_lock_when_the_wall_clock_jumps_past_the_idle_time(
    qtbot: Any, no_bus: Any
) -> None:
    clock = FakeWallClock()
    watcher = _watcher(no_bus, clock)
    locks = _locks(watcher)
    qtbot.waitUntil(lambda: clock.readings >= 3)
    assert locks == []

    clock.now += IDLE + 1  # the lid was closed for a little over five minutes

    qtbot.waitUntil(lambda: locks == ["sleep"])


def test_session_watcher_does_not_lock_while_the_clock_runs_normally(
    qtbot: Any, no_bus: Any
) -> None:
    clock = FakeWallClock(step=IDLE / 2)
    watcher = _watcher(no_bus, clock)
    locks = _locks(watcher)

    qtbot.waitUntil(lambda: clock.readings >= 20)

    assert locks == []


def test_session_watcher_set_idle_seconds_changes_what_counts_as_sleep(
    qtbot: Any, no_bus: Any
) -> None:
    clock = FakeWallClock()
    watcher = _watcher(no_bus, clock)
    locks = _locks(watcher)
    clock.now += 100
    qtbot.waitUntil(lambda: clock.readings >= 3)
    assert locks == []

    watcher.set_idle_seconds(60)
    clock.now += 100

    qtbot.waitUntil(lambda: locks == ["sleep"])
    assert watcher.idle_seconds() == 60


def test_session_watcher_without_any_bus_still_hears_sleep_and_logs_one_line(
    qtbot: Any, no_bus: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="chairdesk.ui.session_watch")
    clock = FakeWallClock()
    watcher = _watcher(no_bus, clock)
    locks = _locks(watcher)

    assert watcher.listening_to() == ()
    assert len(caplog.records) == 1
    assert "no D-Bus session bus" in caplog.records[0].getMessage()

    clock.now += IDLE + 1
    qtbot.waitUntil(lambda: locks == ["sleep"])


# The desktop's screen lock, on a real private session bus


@pytest.mark.parametrize("path", ["/org/freedesktop/ScreenSaver", "/ScreenSaver"])
def test_session_watcher_locks_when_the_screensaver_becomes_active(
    qtbot: Any, private_bus: Connect, no_bus: Any, path: str
) -> None:
    watcher = SessionWatcher(IDLE, session_bus=private_bus(), system_bus=no_bus)
    locks = _locks(watcher)
    assert "screensaver" in watcher.listening_to()
    desktop = private_bus()

    _screensaver(desktop, True, path)

    qtbot.waitUntil(lambda: locks == ["session"])


def test_session_watcher_does_not_lock_when_the_screensaver_ends(
    qtbot: Any, private_bus: Connect, no_bus: Any
) -> None:
    watcher = SessionWatcher(IDLE, session_bus=private_bus(), system_bus=no_bus)
    locks = _locks(watcher)
    desktop = private_bus()

    _screensaver(desktop, False)
    _screensaver(desktop, False)
    # One sender's signals arrive in order: once this lock is heard, both "ended" were too.
    _screensaver(desktop, True)

    qtbot.waitUntil(lambda: locks != [])
    assert locks == ["session"]


# logind's session Lock, with a private bus standing in for the system bus


def test_session_watcher_locks_when_logind_locks_our_session(
    qtbot: Any, private_bus: Connect, no_bus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_SESSION_ID", "c7")
    watcher = SessionWatcher(IDLE, session_bus=no_bus, system_bus=private_bus())
    locks = _locks(watcher)
    assert watcher.listening_to() == ("login1",)
    logind = private_bus()
    assert logind.registerService("org.freedesktop.login1")

    _login1_lock(logind, "/org/freedesktop/login1/session/c2")  # someone else's session
    _login1_lock(logind, login1_session_path("c7"))

    qtbot.waitUntil(lambda: locks != [])
    assert locks == ["session"]


# PySide6's stubs do not know ClassInfo takes a dict (the key has a space in it).
@cast(Any, ClassInfo)({"D-Bus Interface": "org.freedesktop.login1.Manager"})
class FakeLogind(QObject):
    """Answers GetSession("auto") as logind does, naming session 3."""

    @Slot(str, result=QDBusObjectPath)
    def GetSession(self, which: str) -> QDBusObjectPath:
        return QDBusObjectPath(login1_session_path("3"))


def test_session_watcher_asks_logind_for_our_session_without_xdg_session_id(
    qtbot: Any, private_bus: Connect, no_bus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    logind = private_bus()
    manager = FakeLogind()
    assert logind.registerObject(
        "/org/freedesktop/login1", manager, QDBusConnection.RegisterOption.ExportAllSlots
    )
    assert logind.registerService("org.freedesktop.login1")
    watcher = SessionWatcher(IDLE, session_bus=no_bus, system_bus=private_bus())
    locks = _locks(watcher)
    qtbot.waitUntil(lambda: watcher.listening_to() == ("login1",))

    _login1_lock(logind, "/org/freedesktop/login1/session/_33")

    qtbot.waitUntil(lambda: locks == ["session"])


def test_session_watcher_without_logind_still_hears_the_screensaver(
    qtbot: Any, private_bus: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    bus = private_bus()
    watcher = SessionWatcher(IDLE, session_bus=bus, system_bus=bus)
    locks = _locks(watcher)
    desktop = private_bus()

    _screensaver(desktop, True)

    qtbot.waitUntil(lambda: locks == ["session"])
    assert watcher.listening_to() == ("screensaver",)


def test_login1_session_path_escapes_as_systemd_does() -> None:
    assert login1_session_path("c7") == "/org/freedesktop/login1/session/c7"
    assert login1_session_path("3") == "/org/freedesktop/login1/session/_33"
    assert login1_session_path("12") == "/org/freedesktop/login1/session/_312"
