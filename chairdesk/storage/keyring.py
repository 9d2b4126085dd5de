"""The standard constructions that bind a person to their account (all from `cryptography`).

Each account holds two key pairs: X25519 (the database key is wrapped to it) and Ed25519 (it
signs the audit trail). The private halves are sealed with AES-256-GCM under the key Argon2id
derives from the person's passphrase; the associated data names the database, the account's
id, name and role and its public keys, so an entry copied under another name, given another
role or moved to another database no longer opens. The database key is wrapped to each
account's public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM: ECIES), so a chair can give
the remaining accounts a new database key without knowing their passphrases.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

# `cryptography` loads when a key is first used (after the passphrase is typed), not when the
# storage modules are imported: start-up does not wait for it.

_NONCE = 12
_SALT_TAG = b"chairdesk sqlcipher salt v3"
DATABASE_ID_BYTES = 8


class NotAuthenticError(Exception):
    """A sealed or wrapped value did not authenticate: wrong passphrase, or a changed entry."""


@dataclass(frozen=True)
class Identity:
    """Who an account entry says it is; all of it is bound into the sealed private keys."""

    database_id: bytes
    account_id: int
    name: str
    role: str

    def associated_data(self, public_x25519: bytes, public_ed25519: bytes, extra: Any) -> bytes:
        return _canonical(
            {
                "purpose": "chairdesk sealed account v3",
                "database": self.database_id.hex(),
                "account": self.account_id,
                "name": self.name,
                "role": self.role,
                "x25519": public_x25519.hex(),
                "ed25519": public_ed25519.hex(),
                "kdf": extra,
            }
        )


@dataclass(frozen=True)
class AccountKeys:
    """An account's two private keys, held in memory only while the database is open."""

    x25519: X25519PrivateKey
    ed25519: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> AccountKeys:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    @property
    def public_x25519(self) -> bytes:
        return self.x25519.public_key().public_bytes_raw()

    @property
    def public_ed25519(self) -> bytes:
        return self.ed25519.public_key().public_bytes_raw()

    @property
    def key_id(self) -> str:
        return key_id(self.public_ed25519)

    def _private_bytes(self) -> bytes:
        return self.x25519.private_bytes_raw() + self.ed25519.private_bytes_raw()

    def seal(self, kek: bytes, associated_data: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(_NONCE)
        return nonce + AESGCM(kek).encrypt(nonce, self._private_bytes(), associated_data)

    @classmethod
    def unseal(cls, sealed: bytes, kek: bytes, associated_data: bytes) -> AccountKeys:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            plain = AESGCM(kek).decrypt(sealed[:_NONCE], sealed[_NONCE:], associated_data)
        except (InvalidTag, ValueError) as error:
            raise NotAuthenticError() from error
        return cls(
            X25519PrivateKey.from_private_bytes(plain[:32]),
            Ed25519PrivateKey.from_private_bytes(plain[32:64]),
        )

    def sign(self, message: bytes) -> bytes:
        return self.ed25519.sign(message)


def key_id(public_ed25519: bytes) -> str:
    """A short name for a signing key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_ed25519).hexdigest()[:16]


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _wrapping_key(shared: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def wrap(secret: bytes, public_x25519: bytes, associated_data: bytes) -> bytes:
    """`secret` readable only with the private key of `public_x25519` (ECIES)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_x25519))
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    info = b"chairdesk database key v3" + ephemeral_public + public_x25519
    nonce = secrets.token_bytes(_NONCE)
    sealed = AESGCM(_wrapping_key(shared, info)).encrypt(nonce, secret, associated_data)
    return ephemeral_public + nonce + sealed


def unwrap(wrapped: bytes, private: X25519PrivateKey, associated_data: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral_public, nonce, sealed = wrapped[:32], wrapped[32 : 32 + _NONCE], wrapped[44:]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        own = private.public_key().public_bytes_raw()
        info = b"chairdesk database key v3" + ephemeral_public + own
        return AESGCM(_wrapping_key(shared, info)).decrypt(nonce, sealed, associated_data)
    except (InvalidTag, ValueError) as error:
        raise NotAuthenticError() from error


def wrap_data(database_id: bytes, account_id: int, file_salt: bytes) -> bytes:
    """What a wrapped database key is bound to: this database, this account, this key."""
    return _canonical(
        {
            "purpose": "chairdesk wrapped database key v3",
            "database": database_id.hex(),
            "account": account_id,
            "salt": file_salt.hex(),
        }
    )


def verify_signature(
    public_ed25519: bytes | Ed25519PublicKey, signature: bytes, message: bytes
) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        if isinstance(public_ed25519, bytes):
            public_ed25519 = Ed25519PublicKey.from_public_bytes(public_ed25519)
        public_ed25519.verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_signing_key(public_ed25519: bytes) -> Ed25519PublicKey | None:
    """The key object once, for checking many signatures (None if the bytes are not a key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        return Ed25519PublicKey.from_public_bytes(public_ed25519)
    except ValueError:
        return None


def head_message(database_id: bytes, count: int, digest: str) -> bytes:
    return _canonical(
        {"purpose": "chairdesk audit head v3", "database": database_id.hex(), "count": count}
        | {"digest": digest}
    )


# The SQLCipher salt (the first 16 bytes of the file, the same in every backup) carries the
# database's id, so a key file can tell "not this database" from "damaged" without the key.


def new_file_salt(database_id: bytes) -> bytes:
    """Database id (8 bytes), 4 random bytes (a new one each time the key changes), a tag."""
    body = database_id + secrets.token_bytes(4)
    return body + hashlib.sha256(_SALT_TAG + body).digest()[:4]


def salt_database_id(salt: bytes) -> bytes | None:
    """The database id a file's salt carries; None when it is not one ChairDesk made (damage)."""
    if len(salt) != 16 or hashlib.sha256(_SALT_TAG + salt[:12]).digest()[:4] != salt[12:]:
        return None
    return salt[:DATABASE_ID_BYTES]


def new_database_id() -> bytes:
    return secrets.token_bytes(DATABASE_ID_BYTES)
