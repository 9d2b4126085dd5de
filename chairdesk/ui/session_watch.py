"""Hears the machine resuming from sleep and the operating system locking the session."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SLOT, QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

# (path, interface) pairs that announce the screen saver or screen lock as ActiveChanged(bool).
# KDE and others answer on the freedesktop names (under both paths); GNOME on its own.
SCREENSAVER_SOURCES = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
LOGIN1_SERVICE = "org.freedesktop.login1"
LOGIN1_SESSION_INTERFACE = "org.freedesktop.login1.Session"
LOGIN1_SESSION_PREFIX = "/org/freedesktop/login1/session/"

# Windows: WM_WTSSESSION_CHANGE carries WTS_SESSION_LOCK once the window is registered.
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0


def login1_session_path(session_id: str) -> str:
    """The logind object path of a session id, escaped as systemd escapes object paths."""
    escaped = "".join(
        char
        if char.isascii() and (char.isalpha() or (char.isdigit() and index > 0))
        else f"_{ord(char):02x}"
        for index, char in enumerate(session_id)
    )
    return LOGIN1_SESSION_PREFIX + (escaped or "_")


class SessionWatcher(QObject):
    """Asks for a lock when the machine wakes from sleep or the operating system locks.

    `lock_requested` carries the reason: "sleep" or "session". It may arrive more than once
    for one event (several desktops announce the same lock), so locking an already locked
    window must do nothing. Listening never fails the application: without a bus there is
    simply no session lock, and one line in the log says so.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        idle_seconds: int,
        parent: QObject | None = None,
        wall_clock: Callable[[], float] = time.time,
        tick_ms: int = 15000,
        session_bus: Any | None = None,
        system_bus: Any | None = None,
    ) -> None:
        """Starts watching at once.

        Args:
            idle_seconds: a wall-clock gap longer than this between two ticks counts as sleep;
                0 or less turns the sleep check off.
            parent: the owning object, usually the main window.
            wall_clock: seconds since the epoch; tests pass a fake.
            tick_ms: how often the wall clock is read.
            session_bus: a `QDBusConnection` for the screen saver; the user's session bus by
                default (on Linux and other D-Bus systems).
            system_bus: a `QDBusConnection` for logind; the system bus by default.
        """
        super().__init__(parent)
        self._idle_seconds = int(idle_seconds)
        self._wall_clock = wall_clock
        self._last_tick = wall_clock()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._windows_filter: Any = None
        self._windows_hwnd: int | None = None
        self._listening: list[str] = []
        self._system_bus: Any = None
        if session_bus is not None or system_bus is not None or _has_dbus_desktop():
            self._listen_on_dbus(session_bus, system_bus)
        elif sys.platform == "darwin":
            log.info("Session lock not heard on macOS: only the idle and sleep locks apply")

    def idle_seconds(self) -> int:
        """The wall-clock gap, in seconds, that counts as the machine having slept."""
        return self._idle_seconds

    def set_idle_seconds(self, seconds: int) -> None:
        """Changes the gap that counts as sleep (the idle lock time); 0 or less turns it off."""
        self._idle_seconds = int(seconds)

    def listening_to(self) -> tuple[str, ...]:
        """What the operating system's session lock is heard through: "screensaver", "login1"."""
        return tuple(self._listening)

    @Slot()
    def _tick(self) -> None:
        now = self._wall_clock()
        gap = now - self._last_tick
        self._last_tick = now
        # A suspended machine (or process) runs no timers, so the wall clock jumps on.
        if self._idle_seconds > 0 and gap > self._idle_seconds:
            log.info("Wall clock moved on %d seconds between checks: asking for a lock", gap)
            self.lock_requested.emit("sleep")

    # D-Bus (Linux and other free desktops)

    def _listen_on_dbus(self, session_bus: Any | None, system_bus: Any | None) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            log.info("Session lock not heard: Qt's D-Bus module is not available")
            return
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        missing = []
        if session.isConnected():
            heard = [
                # SLOT() gives the signature as a str, which connect() takes at run time; the
                # stubs ask for bytes (a PySide6 stub defect), hence the ignore.
                session.connect(  # type: ignore[call-overload]
                    "", path, interface, "ActiveChanged", self, SLOT("_screensaver_changed(bool)")
                )
                for path, interface in SCREENSAVER_SOURCES
            ]
            if any(heard):
                self._listening.append("screensaver")
        else:
            missing.append("no D-Bus session bus")
        if system.isConnected():
            self._find_login1_session(system)
        else:
            missing.append("no D-Bus system bus")
        if missing:
            log.info("Session lock not heard everywhere: %s", ", ".join(missing))

    def _find_login1_session(self, bus: Any) -> None:
        from PySide6.QtDBus import QDBusMessage

        session_id = os.environ.get("XDG_SESSION_ID", "")
        if session_id:
            self._listen_to_login1(bus, login1_session_path(session_id))
            return
        # Asked without waiting, so a slow or missing logind never holds up the start.
        self._system_bus = bus
        call = QDBusMessage.createMethodCall(
            LOGIN1_SERVICE,
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "GetSession",
        )
        call.setArguments(["auto"])
        bus.callWithCallback(
            call,
            self,
            SLOT("_login1_session_found(QDBusMessage)"),
            SLOT("_login1_not_found(QDBusError)"),
            5000,
        )

    @Slot("QDBusMessage")
    def _login1_session_found(self, reply: Any) -> None:
        arguments = reply.arguments()
        path = arguments[0] if arguments else ""
        path = path.path() if hasattr(path, "path") else str(path)
        if path.startswith(LOGIN1_SESSION_PREFIX):
            self._listen_to_login1(self._system_bus, path)
        else:
            log.info("Session lock not heard from logind: no session found")

    @Slot("QDBusError")
    def _login1_not_found(self, error: Any) -> None:
        log.info("Session lock not heard from logind: %s", error.name())

    def _listen_to_login1(self, bus: Any, path: str) -> None:
        if bus.connect(
            LOGIN1_SERVICE, path, LOGIN1_SESSION_INTERFACE, "Lock", self, SLOT("_login1_lock()")
        ):
            self._listening.append("login1")
        else:
            log.info("Session lock not heard from logind: could not listen")

    @Slot(bool)
    def _screensaver_changed(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("session")

    @Slot()
    def _login1_lock(self) -> None:
        self.lock_requested.emit("session")

    # Windows

    def watch_window(self, win_id: int) -> bool:
        """Hears Windows' session lock through this top-level window (Windows only).

        Not tested here (no Windows machine in CI); kept small for that reason.

        Args:
            win_id: the main window's `winId()`.

        Returns:
            True if Windows will tell the window about session locks.
        """
        # The whole of it under one platform test, which the type checker reads too: on other
        # systems it skips what names Windows-only parts (ctypes.windll, the event filter).
        if sys.platform == "win32" and self._windows_hwnd is None:
            import ctypes

            from PySide6.QtCore import QCoreApplication

            app = QCoreApplication.instance()
            if app is None:
                return False
            try:
                registered = ctypes.windll.wtsapi32.WTSRegisterSessionNotification(
                    int(win_id), NOTIFY_FOR_THIS_SESSION
                )
            except OSError:
                registered = 0
            if not registered:
                log.info("Session lock not heard: Windows refused the session notification")
                return False
            self._windows_hwnd = int(win_id)
            self._windows_filter = _WindowsSessionFilter(
                lambda: self.lock_requested.emit("session")
            )
            app.installNativeEventFilter(self._windows_filter)
            self.destroyed.connect(_forget_window(self._windows_hwnd, self._windows_filter))
            self._listening.append("windows")
            return True
        return False


def _has_dbus_desktop() -> bool:
    return sys.platform not in ("win32", "darwin")


def _forget_window(hwnd: int, event_filter: Any) -> Callable[[], None]:
    """Undoes `watch_window` when the watcher goes (Windows only)."""

    def forget() -> None:
        import ctypes

        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(event_filter)
        with contextlib.suppress(OSError):
            ctypes.windll.wtsapi32.WTSUnRegisterSessionNotification(hwnd)  # type: ignore[attr-defined]

    return forget


if sys.platform == "win32":
    from PySide6.QtCore import QAbstractNativeEventFilter

    class _WindowsSessionFilter(QAbstractNativeEventFilter):
        """Passes WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK on; lets every message through."""

        def __init__(self, on_lock: Callable[[], None]) -> None:
            super().__init__()
            self._on_lock = on_lock

        def nativeEventFilter(self, eventType: Any, message: int) -> object:  # noqa: N803
            from ctypes import wintypes

            if bytes(eventType) == b"windows_generic_MSG":
                msg = wintypes.MSG.from_address(int(message))
                if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
                    self._on_lock()
            return False, 0
