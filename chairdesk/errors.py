"""ChairDesk's own errors. Each message is one plain line a chair can act on."""

from __future__ import annotations

from pathlib import Path


class ChairDeskError(Exception):
    """Base of every error ChairDesk reports to a person rather than as a traceback."""


class IncorrectPassphraseError(ChairDeskError):
    def __init__(self, *, with_accounts: bool = False) -> None:
        if with_accounts:
            super().__init__("the name or passphrase is not right: the database was not changed")
        else:
            super().__init__("incorrect passphrase: the database was not changed")


class UnlockDelayedError(ChairDeskError):
    """Several wrong passphrases in a row: the next attempt has to wait."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(
            f"too many wrong passphrases: try again in {seconds} second"
            f"{'' if seconds == 1 else 's'} (the database was not changed)"
        )


class DamagedDatabaseError(ChairDeskError):
    def __init__(self, moved_to: Path | None, backup: Path | None = None) -> None:
        self.moved_to = moved_to
        self.backup = backup
        where = f"it has been moved aside to {moved_to}" if moved_to else "it was left in place"
        restore = (
            f"; the latest backup is {backup}: copy it to the database's place to restore"
            if backup
            else "; no backup was found: keep the moved file and ask your IT service desk"
        )
        super().__init__(f"the database file is damaged and cannot be opened; {where}{restore}")


class DatabaseMissingError(ChairDeskError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"no database at {path}: run 'chairdesk demo --db {path}' to create one")


class KeyFileMissingError(ChairDeskError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the key file {path.name} beside the database is missing or unreadable; "
            "restore it from the same backup as the database"
        )


class KeyFileMismatchError(ChairDeskError):
    """The key file does not belong to this database file (nothing was moved or changed)."""

    def __init__(self, *, out_of_date: bool = False) -> None:
        if out_of_date:
            super().__init__(
                "this key file is out of date: the database's key was changed since (an account "
                "was removed); nothing was moved. Use the key file that is kept with the database"
            )
        else:
            super().__init__(
                "this key file belongs to another ChairDesk database: nothing was moved. Use the "
                "key file that was made with this database (its name ends .kdf.json)"
            )


class UnknownAccountError(ChairDeskError):
    """A key-file entry that authenticates but names no account the database holds."""

    def __init__(self) -> None:
        super().__init__(
            "this key file names an account the database does not have: nothing was opened"
        )


class DatabaseLockedError(ChairDeskError):
    def __init__(self, holder: str) -> None:
        super().__init__(
            f"the database is open in another copy of ChairDesk ({holder}); close that one first"
        )


class UnsafeLocationError(ChairDeskError):
    """A synced or network folder: another machine could copy a half-written file."""


class EncryptionUnavailableError(ChairDeskError):
    def __init__(self) -> None:
        super().__init__(
            "encryption (SQLCipher) is not available on this computer, so ChairDesk will not "
            "start rather than store case data unencrypted"
        )


class StorageError(ChairDeskError):
    """The disk refused a write: full, read-only or failing."""


class NotFoundError(ChairDeskError):
    pass


class RuleError(ChairDeskError):
    """A conference rule stops this change (parents first, reasons required, ...)."""


class ValidationError(ChairDeskError):
    pass


class PackageError(ChairDeskError):
    """A conference package that cannot be read or fails the schema."""


class PermissionDeniedError(ChairDeskError):
    pass
