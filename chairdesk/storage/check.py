"""`chairdesk check`: what is wrong with a database and what to do, without changing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from chairdesk.errors import ChairDeskError, DatabaseMissingError, IncorrectPassphraseError
from chairdesk.storage import backup, keys, lock, safety, unlock
from chairdesk.storage.engine import (
    connect_for_reading,
    is_server_url,
    server_engine,
    sqlcipher_module,
)
from chairdesk.storage.faults import SQLITE_CORRUPT, SQLITE_NOTADB, plain_storage_message

BACKUP_AGE_WARNING = timedelta(days=7)
_RESTORE = "restore the newest backup or ask your IT service desk"


@dataclass(frozen=True)
class CheckResult:
    """`ok` when there are no problems; advice lines are worth knowing but need no action."""

    ok: bool
    problems: tuple[str, ...]
    advice: tuple[str, ...]


@dataclass
class _Findings:
    problems: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    def result(self) -> CheckResult:
        return CheckResult(not self.problems, tuple(self.problems), tuple(self.advice))


def check_database(location: str, passphrase: str, user: str | None = None) -> CheckResult:
    """Check integrity, links between records, the key file, the schema revision, the lock and
    the backups. Reads only: a damaged file is reported, not moved (opening it moves it)."""
    findings = _Findings()
    if is_server_url(location):
        _check_server(location, findings)
    else:
        _check_file(location, passphrase, user, findings)
    return findings.result()


def _check_server(url: str, findings: _Findings) -> None:
    from alembic.runtime.migration import MigrationContext

    try:
        engine = server_engine(url)
        try:
            with engine.connect() as connection:
                revision = MigrationContext.configure(connection).get_current_revision()
        finally:
            engine.dispose()
    except (SQLAlchemyError, ImportError):
        findings.problems.append(
            "cannot reach the database server: check the address in the settings"
        )
        return
    _judge_revision(revision, findings, has_version_table=True)
    findings.advice.append("backups of a server database are made by the council's server team")


def _check_file(location: str, passphrase: str, user: str | None, findings: _Findings) -> None:
    try:
        safety.refuse_unsafe_location(location)
    except ChairDeskError as error:
        findings.problems.append(str(error))
    path = Path(location).expanduser().resolve()
    if not path.exists():
        findings.problems.append(str(DatabaseMissingError(path)))
        _offer_backup(path, findings)
        return
    try:
        key_file = keys.read_key_file(path)
        key = unlock.unlock_key(path, passphrase, user).key
    except IncorrectPassphraseError:
        findings.problems.append("incorrect passphrase: nothing was checked")
        return
    except ChairDeskError as error:
        findings.problems.append(str(error))
        return
    _check_lock(path, findings)
    _check_contents(path, key, findings)
    _check_backups(path, key_file, key, findings)


def _check_lock(path: Path, findings: _Findings) -> None:
    state = lock.inspect_lock(path)
    if state.status == "held":
        findings.advice.append(
            f"the database is open in another copy of ChairDesk ({state.holder}); "
            "these results are as of now"
        )
    elif state.status == "stale":
        findings.advice.append(
            f"a lock was left by a copy of ChairDesk that stopped without closing "
            f"({state.holder}); it is cleared the next time the database is opened"
        )


def _rows(connection: Any, sql: str) -> list[tuple[Any, ...]]:
    return list(connection.execute(sql).fetchall())


def _check_contents(path: Path, key: bytes, findings: _Findings) -> None:
    dbapi2 = sqlcipher_module()
    try:
        connection = connect_for_reading(path, key)
        try:
            integrity = [str(row[0]) for row in _rows(connection, "PRAGMA integrity_check")]
            broken_links = _rows(connection, "PRAGMA foreign_key_check")
            tables = {str(row[0]) for row in _rows(connection, "SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                found = _rows(connection, "SELECT version_num FROM alembic_version")
                revision = str(found[0][0]) if found else None
        finally:
            connection.close()
    except dbapi2.DatabaseError as error:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
            findings.problems.append(
                "the database file is damaged: open it in ChairDesk, which moves it aside "
                "(never deletes it) and offers the newest backup; or ask your IT service desk"
            )
        else:
            findings.problems.append(plain_storage_message(error, "the check could not finish"))
        return
    if integrity != ["ok"]:
        findings.problems.append(
            f"the integrity check found {len(integrity)} problem(s), the first: {integrity[0]}; "
            + _RESTORE
        )
    if broken_links:
        names = ", ".join(sorted({str(row[0]) for row in broken_links}))
        findings.problems.append(
            f"{len(broken_links)} record(s) point at records that no longer exist "
            f"(in {names}); " + _RESTORE
        )
    if not tables:
        findings.problems.append("the database holds no tables at all; " + _RESTORE)
        return
    _judge_revision(revision, findings, has_version_table="alembic_version" in tables)


def _judge_revision(revision: str | None, findings: _Findings, *, has_version_table: bool) -> None:
    from chairdesk.storage import schema

    head = schema.head_revision()
    if revision == head:
        return
    if revision is None:
        if has_version_table:
            findings.advice.append(
                "the database has no tables yet; they are made the next time it is opened"
            )
        else:
            findings.advice.append(
                "the database was made before schema revisions; it is brought up to date "
                "(after a backup) the next time it is opened"
            )
        return
    try:
        schema.script_directory().get_revision(revision)
    except Exception:  # alembic raises several kinds for a revision it does not know
        findings.problems.append(str(schema.NewerDatabaseError()))
        return
    findings.advice.append(
        f"the database is at schema revision {revision}, behind {head}; it is upgraded "
        "(after a backup) the next time it is opened"
    )


def _check_backups(path: Path, key_file: keys.KeyFile, key: bytes, findings: _Findings) -> None:
    newest = backup.newest_backup(path)
    if newest is None:
        findings.advice.append(
            f"there is no backup yet; one is written to {backup.backup_folder(path)} "
            "each time ChairDesk closes after a change"
        )
        return
    age = datetime.now() - datetime.fromtimestamp(newest.stat().st_mtime)
    if age > BACKUP_AGE_WARNING:
        findings.advice.append(f"the newest backup is {age.days} days old ({newest})")
    backup_key = key
    try:
        backup_key_file = keys.read_key_file(newest)
        if backup_key_file.check != key_file.check:
            findings.problems.append(
                f"the newest backup {newest} was made with another passphrase or key file; "
                "keep it, and make a new backup by opening and closing ChairDesk"
            )
            return
    except ChairDeskError:
        findings.advice.append(
            f"the newest backup {newest} has no key file beside it; it opens with this "
            "database's key file"
        )
    if not _opens(newest, backup_key):
        findings.problems.append(
            f"the newest backup {newest} is damaged; make a new one by opening and closing "
            "ChairDesk, and keep the damaged one for your IT service desk"
        )


def _opens(path: Path, key: bytes) -> bool:
    try:
        connection = connect_for_reading(path, key)
        try:
            row = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlcipher_module().DatabaseError:
        return False
    return row is not None and row[0] == "ok"


def _offer_backup(path: Path, findings: _Findings) -> None:
    newest = backup.newest_backup(path)
    if newest is not None:
        findings.advice.append(
            f"the newest backup is {newest}: copy it (and its key file) to {path} to restore"
        )
