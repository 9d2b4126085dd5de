"""Passphrase stretching: Argon2id once per session, a raw SQLCipher key, a non-secret sidecar.

The database has one random-looking key. Before any account exists it is derived from the
database passphrase and the sidecar's salt. Once accounts exist, each account holds the key
wrapped with a key derived from that person's own passphrase (their own salt), the database
passphrase's salt is dropped, and only an account's passphrase opens the file. The sidecar also
counts failed unlocks, so that repeated guesses are slowed before the database is ever read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from chairdesk.errors import KeyFileMissingError

SIDECAR_SUFFIX = ".kdf.json"
_CHECK_LABEL = b"chairdesk key check v1"


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id cost. The default is RFC 9106's second recommended option (64 MiB, t=3, p=4)."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4

    @classmethod
    def for_new_database(cls) -> KdfParameters:
        # Test suites create hundreds of databases; only they may ask for cheap parameters.
        if os.environ.get("CHAIRDESK_KDF_PROFILE") == "test":
            return cls(time_cost=1, memory_cost_kib=1024, parallelism=1)
        return cls()


@dataclass(frozen=True)
class AccountKey:
    """The database key wrapped for one account: key XOR Argon2id(passphrase, salt)."""

    name: str
    salt: bytes
    parameters: KdfParameters
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "salt": self.salt.hex(),
            "parameters": asdict(self.parameters),
            "wrapped": self.wrapped.hex(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AccountKey:
        return cls(
            name=str(data["name"]),
            salt=bytes.fromhex(data["salt"]),
            parameters=KdfParameters(**data["parameters"]),
            wrapped=bytes.fromhex(data["wrapped"]),
        )


@dataclass(frozen=True)
class Failures:
    """Failed unlocks for one account name since its last success (times as Unix seconds)."""

    count: int = 0
    last: float = 0.0
    #: When each happened (ISO), kept until an unlock writes them into the audit trail.
    pending: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyFile:
    #: The database passphrase's salt; None once accounts exist (only accounts open it then).
    salt: bytes | None
    parameters: KdfParameters
    check: str
    accounts: tuple[AccountKey, ...] = ()
    failures: dict[str, Failures] = field(default_factory=dict)

    def account(self, name: str) -> AccountKey | None:
        wanted = account_key_name(name)
        return next((a for a in self.accounts if account_key_name(a.name) == wanted), None)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": "chairdesk.kdf",
            "version": 2 if self.accounts or self.salt is None else 1,
            "kdf": "argon2id",
            "parameters": asdict(self.parameters),
            "check": self.check,
        }
        if self.salt is not None:
            data["salt"] = self.salt.hex()
        if self.accounts:
            data["accounts"] = [account.to_json() for account in self.accounts]
        if self.failures:
            data["failures"] = {
                name: {"count": f.count, "last": f.last, "pending": list(f.pending)}
                for name, f in self.failures.items()
            }
        return json.dumps(data, indent=2)


def account_key_name(name: str) -> str:
    """Account names match whatever their case and surrounding spaces."""
    return " ".join(name.split()).casefold()


def sidecar_path(database: Path) -> Path:
    return database.with_name(database.name + SIDECAR_SUFFIX)


def derive_key(passphrase: str, salt: bytes, parameters: KdfParameters) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_cost_kib,
        parallelism=parameters.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def key_check(key: bytes) -> str:
    """A value that tells a wrong passphrase from a damaged file without opening the file."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def subkey(key: bytes, purpose: str) -> bytes:
    """An independent key for another purpose (the audit chain), never the database key."""
    return hmac.new(key, b"chairdesk subkey " + purpose.encode(), hashlib.sha256).digest()


def new_key_file(passphrase: str, parameters: KdfParameters | None = None) -> tuple[KeyFile, bytes]:
    parameters = parameters or KdfParameters.for_new_database()
    salt = secrets.token_bytes(16)
    key = derive_key(passphrase, salt, parameters)
    return KeyFile(salt=salt, parameters=parameters, check=key_check(key)), key


def wrap_key(key: bytes, name: str, passphrase: str) -> AccountKey:
    """The database key wrapped for an account with a fresh salt."""
    parameters = KdfParameters.for_new_database()
    salt = secrets.token_bytes(16)
    kek = derive_key(passphrase, salt, parameters)
    return AccountKey(" ".join(name.split()), salt, parameters, _xor(key, kek))


def unwrap_key(account: AccountKey, passphrase: str) -> bytes:
    """The database key if the passphrase is this account's; otherwise bytes that fail the check."""
    return _xor(account.wrapped, derive_key(passphrase, account.salt, account.parameters))


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def read_key_file(database: Path) -> KeyFile:
    path = sidecar_path(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        salt = data.get("salt")
        accounts = tuple(AccountKey.from_json(a) for a in data.get("accounts", ()))
        if salt is None and not accounts:
            raise KeyError("salt")
        failures = {
            str(name): Failures(int(f["count"]), float(f["last"]), tuple(f.get("pending", ())))
            for name, f in data.get("failures", {}).items()
        }
        return KeyFile(
            salt=bytes.fromhex(salt) if salt is not None else None,
            parameters=KdfParameters(**data["parameters"]),
            check=str(data["check"]),
            accounts=accounts,
            failures=failures,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise KeyFileMissingError(path) from error


def write_key_file(database: Path, key_file: KeyFile) -> None:
    path = sidecar_path(database)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(key_file.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
