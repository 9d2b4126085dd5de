"""A conference package as it leaves the laptop: age-encrypted, read back in bounded time.

The format is age (age-encryption.org/v1), through its maintained Python binding pyrage: a
well-known format that a council's IT can open with the `age` tool as well as with ChairDesk.
A package is encrypted either to a passphrase (scrypt, age's own setting) or to one or more
recipients' age public keys ("age1..."), whose private key ("AGE-SECRET-KEY-1...") opens it.
A plain JSON package is written only when the chair asks for it with a reason (audited).

Reading is bounded: a file larger than `MAX_PACKAGE_BYTES` is refused before it is read, the
decrypted text is held to the same bound, and JSON nested deeper than `MAX_DEPTH` is "not a
conference package" (no recursion over what a stranger wrote).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chairdesk.errors import PackageError

AGE_MAGIC = b"age-encryption.org/v1\n"
AGE_ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
MAX_PACKAGE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 12
MIN_PASSPHRASE = 10
NOTHING = "nothing was imported"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_big(size: int, what: str) -> PackageError:
    return PackageError(
        f"{what} is {_megabytes(size)}; ChairDesk reads packages up to "
        f"{_megabytes(MAX_PACKAGE_BYTES)}: {NOTHING}"
    )


def is_encrypted(data: bytes) -> bool:
    return data.startswith(AGE_MAGIC) or data.lstrip().startswith(AGE_ARMOR)


def needs_passphrase(data: bytes) -> bool:
    """An age file encrypted to a passphrase (its one stanza is scrypt's)."""
    header = data[:200]
    return data.startswith(AGE_MAGIC) and b"\n-> scrypt " in header


def check_passphrase(passphrase: str) -> str:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise PackageError(
            f"a package passphrase needs at least {MIN_PASSPHRASE} characters: nothing was written"
        )
    return passphrase


def encrypt(data: bytes, *, passphrase: str | None = None, recipients: Sequence[str] = ()) -> bytes:
    """`data` encrypted with age to a passphrase or to recipients' public keys (not both)."""
    import pyrage

    if (passphrase is None) == (not recipients):
        raise PackageError("encrypt a package to a passphrase or to recipients' keys, not both")
    if passphrase is not None:
        return bytes(pyrage.passphrase.encrypt(data, check_passphrase(passphrase)))
    keys = []
    for text in recipients:
        try:
            keys.append(pyrage.x25519.Recipient.from_str(text.strip()))
        except pyrage.RecipientError:
            raise PackageError(
                f"{_shorten(text)} is not an age public key (one starts 'age1'): "
                "nothing was written"
            ) from None
    return bytes(pyrage.encrypt(data, keys))


def read_identities(path: Path) -> list[Any]:
    """The age private keys in an identity file (lines starting AGE-SECRET-KEY-)."""
    import pyrage

    try:
        if path.stat().st_size > 64 * 1024:
            raise PackageError(f"{path} is too large to be an age key file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackageError(f"cannot read the key file {path}: {NOTHING}") from error
    found = []
    for line in text.splitlines():
        if line.strip().startswith("AGE-SECRET-KEY-"):
            try:
                found.append(pyrage.x25519.Identity.from_str(line.strip()))
            except pyrage.IdentityError:
                raise PackageError(f"{path} holds a damaged age key: {NOTHING}") from None
    if not found:
        raise PackageError(f"{path} holds no age private key (AGE-SECRET-KEY-...): {NOTHING}")
    return found


def decrypt(data: bytes, *, passphrase: str | None = None, identities: Sequence[Any] = ()) -> bytes:
    import pyrage

    try:
        if needs_passphrase(data):
            if passphrase is None:
                raise PackageError(f"this package is locked with a passphrase: {NOTHING}")
            plain = pyrage.passphrase.decrypt(data, passphrase)
        else:
            if not identities:
                raise PackageError(
                    f"this package is encrypted to a key: give its key file with --identity; "
                    f"{NOTHING}"
                )
            plain = pyrage.decrypt(data, list(identities))
    except pyrage.DecryptError:
        raise PackageError(
            "this package does not open with that "
            + ("passphrase" if needs_passphrase(data) else "key")
            + f" (or it is damaged): {NOTHING}"
        ) from None
    if len(plain) > MAX_PACKAGE_BYTES:
        raise _too_big(len(plain), "the package inside")
    return bytes(plain)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused before reading when larger than `MAX_PACKAGE_BYTES`."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise PackageError(f"{path} is a folder, not a conference package")
        if size > MAX_PACKAGE_BYTES:
            raise _too_big(size, str(path.name))
        with open(path, "rb") as handle:
            data = handle.read(MAX_PACKAGE_BYTES + 1)
    except FileNotFoundError as error:
        raise PackageError(f"there is no conference package at {path}") from error
    except OSError as error:
        raise PackageError(f"cannot read {path}: {error.strerror}") from error
    if len(data) > MAX_PACKAGE_BYTES:  # it grew while being read
        raise _too_big(len(data), str(path.name))
    return data


def parse(data: bytes, where: str) -> dict[str, Any]:
    """JSON text to a package dict, or PackageError saying it is not a conference package."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError(f"{where} is not a conference package: it is not text") from error
    try:
        document = json.loads(text)
    except RecursionError:
        raise PackageError(
            f"{where} is not a conference package: it is nested too deeply"
        ) from None
    except json.JSONDecodeError as error:
        raise PackageError(
            f"{where} is not a conference package: it is not readable JSON "
            f"(line {error.lineno}, column {error.colno})"
        ) from error
    if not isinstance(document, dict):
        raise PackageError(f"{where} is not a conference package: it holds no JSON object")
    refuse_deep(document, where)
    return document


def refuse_deep(document: Any, where: str = "this") -> None:
    """No package is nested deeper than `MAX_DEPTH`; walked without recursion."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PackageError(f"{where} is not a conference package: it is nested too deeply")
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
