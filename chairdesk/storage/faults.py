"""Storage faults in plain words: a full disk, a read-only folder, a failing disk, damage."""

from __future__ import annotations

import sys

# SQLite's primary result codes (sqlite.org/rescode.html) that we explain in plain words.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


def sqlite_code(error: BaseException) -> int | None:
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_storage_fault(error: BaseException) -> bool:
    """A fault of the disk or file rather than of the data (a rule, a constraint, a bug)."""
    # SQLAlchemy's errors can only have been raised once it is loaded (the driver's own
    # errors are recognised by name below), so this never imports it.
    sqlalchemy_errors = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_errors is not None and isinstance(error, sqlalchemy_errors.OperationalError):
        return True
    original = getattr(error, "orig", error)
    # Plain DatabaseError (not IntegrityError and kin) is how SQLite reports damage.
    plain = sqlalchemy_errors is not None and type(error) is sqlalchemy_errors.DatabaseError
    return plain or type(original).__name__ in ("DatabaseError", "OperationalError")


def plain_storage_message(error: BaseException, action: str = "nothing was saved") -> str:
    """One plain line for a storage fault: what happened, that `action`, and what to do."""
    code = sqlite_code(error)
    message = str(getattr(error, "orig", error)).lower()
    errno_name = getattr(error, "errno", None)
    if code == SQLITE_FULL or "full" in message or errno_name == 28:  # ENOSPC
        return f"the disk is full: {action}; free some space and try again"
    if (
        code in (SQLITE_READONLY, SQLITE_PERM)
        or "readonly" in message
        or "read-only" in message
        or errno_name in (13, 30)  # EACCES, EROFS
    ):
        return f"the folder or file is read-only here: {action}; check the folder's permissions"
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in message or "busy" in message:
        return f"the database is busy: {action}; try again in a moment"
    if code == SQLITE_IOERR or "i/o error" in message:
        return (
            f"the disk reported a read or write error: {action}; "
            "close ChairDesk and run 'chairdesk check'"
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in message:
        return f"the database file is damaged: {action}; close ChairDesk and run 'chairdesk check'"
    return f"the database could not be written: {action}; run 'chairdesk check'"
