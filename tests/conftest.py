"""Shared test setup: headless Qt, cheap key derivation, and the real databases tests run on."""

from __future__ import annotations

import os

# Before anything imports PySide6: without a display Qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CHAIRDESK_KDF_PROFILE"] = "test"
os.environ.pop("CHAIRDESK_DB", None)
os.environ.pop("CHAIRDESK_PASSPHRASE", None)

import atexit
import itertools
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import postgres
from tests.support.tools import require_all


def _test_kdf_hook() -> None:
    """The cheap test key derivation is honoured only with this run's hook file (and the
    subprocesses the tests start inherit its name); a normal run never has one."""
    from chairdesk.storage import keys

    folder = tempfile.mkdtemp(prefix="chairdesk-test-hook-")
    hook = os.path.join(folder, "kdf-hook")
    with open(os.open(hook, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
        handle.write(keys.TEST_HOOK_TEXT)
    os.environ[keys.TEST_HOOK_VARIABLE] = hook
    # In-process tests keep what ChairDesk writes to the data folder (the count of failed
    # unlocks) out of the real one.
    os.environ["XDG_DATA_HOME"] = os.path.join(folder, "data")
    atexit.register(shutil.rmtree, folder, True)


_test_kdf_hook()


PASSPHRASE = "correct horse battery staple"


class NetworkUseError(AssertionError):
    """ChairDesk makes no network calls (RELIABILITY.md, promise 7)."""


def _is_loopback(host: str) -> bool:
    return host.startswith("127.") or host in ("::1", "localhost")


def _loopback_only(original):
    def guarded(self, address, *args, **kwargs):
        host = address[0] if isinstance(address, tuple) else address
        internet = self.family in (socket.AF_INET, socket.AF_INET6)
        if internet and isinstance(host, str) and not _is_loopback(host):
            raise NetworkUseError(f"attempted network connection to {host}")
        return original(self, address, *args, **kwargs)

    return guarded


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    """Every test runs with connections refused except to this machine's own test servers."""
    patched = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex")}
    for name, original in patched.items():
        setattr(socket.socket, name, _loopback_only(original))
    original_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost", "127.0.0.1", "::1") and not str(host).startswith("127."):
            raise NetworkUseError(f"attempted name lookup of {host}")
        return original_getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        for name, original in patched.items():
            setattr(socket.socket, name, original)
        socket.getaddrinfo = original_getaddrinfo


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.Server | None]:
    """A throwaway PostgreSQL server on 127.0.0.1, or None where none can run (fails in CI)."""
    binaries = postgres.find_binaries()
    if binaries is None:
        if require_all():
            pytest.fail("PostgreSQL is not installed but CHAIRDESK_REQUIRE_ALL=1")
        yield None
        return
    server = postgres.Server.start(binaries)
    try:
        yield server
    finally:
        server.stop()


_database_numbers = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgres"])
def database_location(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_server: postgres.Server | None
) -> str:
    """Where a fresh database for one test lives: an encrypted file or a new PostgreSQL one."""
    if request.param == "sqlite":
        return str(tmp_path / "chairdesk.db")
    if postgres_server is None:
        pytest.skip("PostgreSQL is not installed here (CI installs it and requires it)")
    return postgres_server.new_database(f"t{next(_database_numbers)}")


@pytest.fixture
def database(database_location: str) -> Iterator[object]:
    """An open, empty ChairDesk database (SQLite via SQLCipher, or PostgreSQL)."""
    from chairdesk.storage import open_database

    db = open_database(database_location, PASSPHRASE, create=True)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[object]:
    from chairdesk.storage import open_database

    db = open_database(str(tmp_path / "chairdesk.db"), PASSPHRASE, create=True)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def fresh_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def which_or_fail(tool: str) -> str | None:
    found = shutil.which(tool)
    if found is None and require_all():
        pytest.fail(f"{tool} is not installed but CHAIRDESK_REQUIRE_ALL=1")
    return found


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged 'nobody' user can reach (pytest's tmp_path is root's own), for
    tests that write or fail to write as a person without root's rights."""
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-shared-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        for item in folder.rglob("*"):
            item.chmod(0o777)
        shutil.rmtree(folder)


_second_numbers = itertools.count(1)


@pytest.fixture
def second_database(
    database: object, tmp_path: Path, postgres_server: postgres.Server | None
) -> Iterator[object]:
    """Another empty database of the same kind as `database`."""
    from chairdesk.storage import open_database

    if getattr(database, "is_sqlite", True):
        location = str(tmp_path / "second.db")
    else:
        assert postgres_server is not None
        location = postgres_server.new_database(f"package_second_{next(_second_numbers)}")
    other = open_database(location, PASSPHRASE, create=True)
    try:
        yield other
    finally:
        other.close()
