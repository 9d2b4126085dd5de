"""Passphrase stretching: Argon2id once per session, a raw SQLCipher key, a non-secret sidecar."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

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
class KeyFile:
    salt: bytes
    parameters: KdfParameters
    check: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": "chairdesk.kdf",
                "version": 1,
                "kdf": "argon2id",
                "salt": self.salt.hex(),
                "parameters": asdict(self.parameters),
                "check": self.check,
            },
            indent=2,
        )


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


def read_key_file(database: Path) -> KeyFile:
    path = sidecar_path(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return KeyFile(
            salt=bytes.fromhex(data["salt"]),
            parameters=KdfParameters(**data["parameters"]),
            check=str(data["check"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise KeyFileMissingError(path) from error


def write_key_file(database: Path, key_file: KeyFile) -> None:
    path = sidecar_path(database)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(key_file.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
