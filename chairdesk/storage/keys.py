"""The key file beside the database: Argon2id cost, sealed account keys, the audit head.

Before any account exists the database key is derived from the database passphrase and the
key file's salt. Once accounts exist, the database key is random and wrapped to each account's
X25519 public key; each account's private keys are sealed under its own passphrase (Argon2id,
then AES-GCM with the account's id, name and role and the database id as associated data; see
storage/keyring.py). Only an entry that authenticates opens the file. The key file also counts
failed unlocks and keeps the audit trail's newest head, signed, outside the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from chairdesk import files
from chairdesk.errors import KeyFileMissingError
from chairdesk.storage import keyring

SIDECAR_SUFFIX = ".kdf.json"
_CHECK_LABEL = b"chairdesk key check v1"
#: The only way the test suite's cheap key derivation is chosen: tests/conftest.py writes this
#: file for its own run and names it here; a normal run (or the installed app) never has one.
TEST_HOOK_VARIABLE = "CHAIRDESK_TEST_KDF_HOOK"
TEST_HOOK_TEXT = "chairdesk test suite: cheap key derivation for throwaway databases\n"


def test_profile_allowed() -> bool:
    """CHAIRDESK_KDF_PROFILE=test is honoured only inside the test suite (its hook file)."""
    if os.environ.get("CHAIRDESK_KDF_PROFILE") != "test" or getattr(sys, "frozen", False):
        return False
    hook = os.environ.get(TEST_HOOK_VARIABLE)
    if not hook:
        return False
    try:
        path = Path(hook)
        owned = not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()
        return owned and path.read_text(encoding="utf-8") == TEST_HOOK_TEXT
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id cost. The default is RFC 9106's second recommended option (64 MiB, t=3, p=4)."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4

    @classmethod
    def for_new_database(cls) -> KdfParameters:
        # Test suites create hundreds of databases; only they may ask for cheap parameters.
        if test_profile_allowed():
            return cls(time_cost=1, memory_cost_kib=1024, parallelism=1)
        return cls()


@dataclass(frozen=True)
class AccountKey:
    """A first-version account entry: the database key XOR Argon2id(passphrase, salt). Such an
    entry is replaced by a sealed one (`Member`) at its owner's first unlock."""

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
class Member:
    """An account's entry: its public keys, its private keys sealed under its passphrase, and
    the database key wrapped to it (and the next key while the key is being changed)."""

    account_id: int
    name: str
    role: str
    salt: bytes
    parameters: KdfParameters
    public_x25519: bytes
    public_ed25519: bytes
    sealed: bytes
    wrapped: bytes
    pending: bytes = b""

    @property
    def key_id(self) -> str:
        return keyring.key_id(self.public_ed25519)

    def associated_data(self, database_id: bytes) -> bytes:
        identity = keyring.Identity(database_id, self.account_id, self.name, self.role)
        kdf = {"salt": self.salt.hex(), "parameters": asdict(self.parameters)}
        return identity.associated_data(self.public_x25519, self.public_ed25519, kdf)

    def to_json(self) -> dict[str, Any]:
        data = {
            "id": self.account_id,
            "name": self.name,
            "role": self.role,
            "salt": self.salt.hex(),
            "parameters": asdict(self.parameters),
            "x25519": self.public_x25519.hex(),
            "ed25519": self.public_ed25519.hex(),
            "sealed": self.sealed.hex(),
            "wrapped": self.wrapped.hex(),
        }
        if self.pending:
            data["pending"] = self.pending.hex()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Member:
        return cls(
            account_id=int(data["id"]),
            name=str(data["name"]),
            role=str(data["role"]),
            salt=bytes.fromhex(data["salt"]),
            parameters=KdfParameters(**data["parameters"]),
            public_x25519=bytes.fromhex(data["x25519"]),
            public_ed25519=bytes.fromhex(data["ed25519"]),
            sealed=bytes.fromhex(data["sealed"]),
            wrapped=bytes.fromhex(data["wrapped"]),
            pending=bytes.fromhex(data.get("pending", "")),
        )


@dataclass(frozen=True)
class Head:
    """The audit trail's newest event as last seen: how many, its digest, and who vouches.

    `signature` is the Ed25519 signature of the account `key_id` names, or (no accounts yet)
    an HMAC with a key derived from the database key (`key_id` is then "")."""

    count: int
    digest: str
    key_id: str
    signature: str


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
    #: First-version account entries not yet replaced by sealed ones.
    accounts: tuple[AccountKey, ...] = ()
    failures: dict[str, Failures] = field(default_factory=dict)
    members: tuple[Member, ...] = ()
    #: This database's id (bound into every sealed entry) and the file's SQLCipher salt.
    database_id: bytes | None = None
    file_salt: bytes | None = None
    #: While the database key is being changed: the new key's salt and check.
    next_salt: bytes | None = None
    next_check: str = ""
    head: Head | None = None

    def account(self, name: str) -> AccountKey | None:
        wanted = account_key_name(name)
        return next((a for a in self.accounts if account_key_name(a.name) == wanted), None)

    def member(self, name: str) -> Member | None:
        wanted = account_key_name(name)
        return next((m for m in self.members if account_key_name(m.name) == wanted), None)

    @property
    def has_accounts(self) -> bool:
        return bool(self.accounts or self.members)

    def names(self) -> list[str]:
        return [m.name for m in self.members] + [a.name for a in self.accounts]

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": "chairdesk.kdf",
            "version": 3,
            "kdf": "argon2id",
            "parameters": asdict(self.parameters),
            "check": self.check,
        }
        for name, value in (
            ("database_id", self.database_id),
            ("file_salt", self.file_salt),
            ("next_salt", self.next_salt),
            ("salt", self.salt),
        ):
            if value is not None:
                data[name] = value.hex()
        if self.next_check:
            data["next_check"] = self.next_check
        if self.has_accounts:
            entries = [m.to_json() for m in self.members]
            data["accounts"] = entries + [a.to_json() for a in self.accounts]
        if self.head is not None:
            data["head"] = asdict(self.head)
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
    return hmac.new(key[:32], _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def subkey(key: bytes, purpose: str) -> bytes:
    """An independent key for another purpose (the audit chain), never the database key."""
    return hmac.new(key[:32], b"chairdesk subkey " + purpose.encode(), hashlib.sha256).digest()


def sqlcipher_key(key: bytes, file_salt: bytes | None) -> bytes:
    """The key SQLCipher is given: the 32-byte key and, when known, the file's salt (so every
    backup carries the same salt, and with it the database's id)."""
    return key[:32] + file_salt if file_salt is not None else key[:32]


def new_key_file(passphrase: str, parameters: KdfParameters | None = None) -> tuple[KeyFile, bytes]:
    """A key file for a new database without accounts; the SQLCipher key (with its salt)."""
    parameters = parameters or KdfParameters.for_new_database()
    salt = secrets.token_bytes(16)
    key = derive_key(passphrase, salt, parameters)
    database_id = keyring.new_database_id()
    file_salt = keyring.new_file_salt(database_id)
    key_file = KeyFile(
        salt=salt,
        parameters=parameters,
        check=key_check(key),
        database_id=database_id,
        file_salt=file_salt,
    )
    return key_file, sqlcipher_key(key, file_salt)


def seal_member(
    keys: keyring.AccountKeys,
    identity: keyring.Identity,
    passphrase: str,
    database_key: bytes,
    file_salt: bytes,
) -> Member:
    """A new entry for an account: its private keys sealed under its passphrase, and the
    database key wrapped to it."""
    parameters = KdfParameters.for_new_database()
    salt = secrets.token_bytes(16)
    unsealed = Member(
        identity.account_id,
        identity.name,
        identity.role,
        salt,
        parameters,
        keys.public_x25519,
        keys.public_ed25519,
        b"",
        b"",
    )
    kek = derive_key(passphrase, salt, parameters)
    sealed = keys.seal(kek, unsealed.associated_data(identity.database_id))
    wrapped = wrap_for(unsealed, identity.database_id, database_key, file_salt)
    return Member(**{**_fields(unsealed), "sealed": sealed, "wrapped": wrapped})


def wrap_for(member: Member, database_id: bytes, database_key: bytes, file_salt: bytes) -> bytes:
    data = keyring.wrap_data(database_id, member.account_id, file_salt)
    return keyring.wrap(database_key[:32], member.public_x25519, data)


def _fields(member: Member) -> dict[str, Any]:
    return {name: getattr(member, name) for name in Member.__dataclass_fields__}


def unwrap_key(account: AccountKey, passphrase: str) -> bytes:
    """A first-version entry's key: right if the passphrase is its own, else fails the check."""
    return _xor(account.wrapped, derive_key(passphrase, account.salt, account.parameters))


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _optional(data: dict[str, Any], name: str) -> bytes | None:
    value = data.get(name)
    return bytes.fromhex(value) if value is not None else None


def read_key_file(database: Path) -> KeyFile:
    path = sidecar_path(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data.get("accounts", ())
        members = tuple(Member.from_json(e) for e in entries if "sealed" in e)
        legacy = tuple(AccountKey.from_json(e) for e in entries if "sealed" not in e)
        salt = _optional(data, "salt")
        if salt is None and not entries:
            raise KeyError("salt")
        failures = {
            str(name): Failures(int(f["count"]), float(f["last"]), tuple(f.get("pending", ())))
            for name, f in data.get("failures", {}).items()
        }
        head = data.get("head")
        return KeyFile(
            salt=salt,
            parameters=KdfParameters(**data["parameters"]),
            check=str(data["check"]),
            accounts=legacy,
            failures=failures,
            members=members,
            database_id=_optional(data, "database_id"),
            file_salt=_optional(data, "file_salt"),
            next_salt=_optional(data, "next_salt"),
            next_check=str(data.get("next_check", "")),
            head=Head(**head) if head is not None else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise KeyFileMissingError(path) from error


def write_key_file(database: Path, key_file: KeyFile) -> None:
    """Written whole or not at all, readable by its owner alone (chairdesk/files.py).

    Raises:
        OSError: the folder is read-only or full; the earlier key file is unchanged.
    """
    files.replace_atomically(sidecar_path(database), key_file.to_json().encode("utf-8"))
