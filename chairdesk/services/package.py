"""The conference package: one conference as versioned JSON, written out and read back in.

Export starts from the professionals' view (SharingService), so nothing is lost, and adds the
few facts the view does not carry (strategy discussion, letter and record dates, core groups,
when each decision was made, what a carried action was carried from). Ids are local to the
package (1, 2, 3 ... per kind) and every reference points at an id in the same package, so a
package says nothing about the database it came from, and exporting an imported conference
gives the same package again. Parents' anonymous feedback and the audit trail stay behind:
they belong to the database, not to the conference record.

Import validates against resources/schema/conference-package.schema.json, then checks every
reference and date, and writes everything in one transaction: when anything fails, nothing is
written. Entries keep the origin recorded in the package; what parents see starts
professionals-only unless the chair keeps the package's sharing (services/package_rules.py,
which also holds the text limits). Only a chair exports or imports a package.

A package leaves the laptop age-encrypted (services/package_crypt.py), to a passphrase or to
recipients' public keys; plain JSON only with a chair's reason, which the audit trail records.
Tests and the benchmarks import plain JSON documents through `import_package(dict)`.

A case reference already in the database: when the family name matches, the conference is
imported into that existing family (people matched by name and role, anyone new added): that
is how a review or a transfer-in arrives from another chair's laptop, and the previous
conference and carried actions are linked again when that family holds them. When the family
name differs the import is refused plainly, and so is a conference the family already holds
(same kind, same date and time), so importing one package twice never makes a silent copy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from chairdesk import paths
from chairdesk.errors import PackageError
from chairdesk.services import audit, package_crypt, package_rules, permissions
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference, write_atomically
from chairdesk.services.package_export import FORMAT, VERSION, package_document, package_extras
from chairdesk.services.package_import import INVALID, Document, PackageImporter
from chairdesk.services.permissions import Permission
from chairdesk.services.sharing import SharingService
from chairdesk.views import ConferenceSummary

PLAIN_REASON_LIMIT = 500


class PackageService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def export_package(self, conference_id: int) -> Document:
        """The whole conference, as professionals see it, as a package (a JSON-ready dict).

        Raises:
            PermissionDeniedError: the person is not a chair.
        """
        return self._export(conference_id, {"format": "document"})

    def _export(self, conference_id: int, how: dict[str, object]) -> Document:
        permissions.require(self.context, Permission.PACKAGE)
        view = SharingService(self.context).view(conference_id)
        with self.context.database.transaction() as session:
            extras = package_extras(session, load_conference(session, conference_id), view)
            audit.record(
                session,
                self.context,
                "package.export",
                "conference",
                conference_id,
                conference_id,
                {"entries": len(view.entries), "actions": len(view.actions), **how},
            )
        return package_document(view, extras)

    def package_bytes(
        self,
        conference_id: int,
        *,
        passphrase: str | None = None,
        recipients: Sequence[str] = (),
        plain_reason: str | None = None,
    ) -> bytes:
        """The package as it is written to a file: age-encrypted to a passphrase or to
        recipients' public keys, or plain JSON when `plain_reason` gives the chair's reason."""
        how: dict[str, object]
        if plain_reason is not None:
            if passphrase is not None or recipients:
                raise PackageError("a plain package is not encrypted: choose one or the other")
            reason = " ".join(plain_reason.split())
            if not reason:
                raise PackageError("say why this package may leave unencrypted: nothing written")
            if len(reason) > PLAIN_REASON_LIMIT:
                raise PackageError(f"the reason can be at most {PLAIN_REASON_LIMIT} characters")
            how = {"format": "plain", "reason": reason}
        elif passphrase is not None and not recipients:
            package_crypt.check_passphrase(passphrase)
            how = {"format": "age", "to": "passphrase"}
        elif recipients and passphrase is None:
            how = {"format": "age", "to": "keys", "recipients": len(recipients)}
        else:
            raise PackageError(
                "encrypt the package to a passphrase or to recipients' keys: nothing was written"
            )
        document = self._export(conference_id, how)
        text = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        if plain_reason is not None:
            return text
        return package_crypt.encrypt(text, passphrase=passphrase, recipients=recipients)

    def write_package(
        self,
        conference_id: int,
        path: str | Path,
        *,
        passphrase: str | None = None,
        recipients: Sequence[str] = (),
        plain_reason: str | None = None,
    ) -> Path:
        """Export to `path` atomically, readable by its owner alone (see `package_bytes`)."""
        target = Path(path).expanduser()
        data = self.package_bytes(
            conference_id, passphrase=passphrase, recipients=recipients, plain_reason=plain_reason
        )
        write_atomically(target, data)
        return target

    def import_package(
        self,
        source: str | Path | Document,
        *,
        passphrase: str | None = None,
        identities: Sequence[Any] = (),
        keep_sharing: bool = False,
    ) -> ConferenceSummary:
        """A new conference from a package file or dict; nothing is written when it fails.

        A file may be age-encrypted (give its `passphrase` or the `identities` that open it) or
        plain JSON. Imported items start professionals-only unless `keep_sharing`.

        Raises:
            PermissionDeniedError: the person is not a chair.
            PackageError: too large, unreadable, not a package, another version, failing the
                schema or the screens' text limits (the message names the first bad field by
                its path), or clashing with the database (see the module docstring).
        """
        permissions.require(self.context, Permission.PACKAGE)
        if isinstance(source, dict):
            document = source
        else:
            document = load_package(Path(source), passphrase=passphrase, identities=identities)
        validate_package(document)
        shared = package_rules.shared_count(document)
        if not keep_sharing:
            document = package_rules.professionals_first(document)
        with self.context.database.transaction() as session:
            return PackageImporter(
                session,
                self.context,
                document,
                {"sharing_kept": keep_sharing, "shared_in_package": shared},
            ).run()


def load_package(
    path: Path, *, passphrase: str | None = None, identities: Sequence[Any] = ()
) -> Document:
    """Read a package file (age-encrypted or plain JSON) in bounded time and memory."""
    data = package_crypt.read_bytes(path)
    if package_crypt.is_encrypted(data):
        data = package_crypt.decrypt(data, passphrase=passphrase, identities=identities)
    return package_crypt.parse(data, str(path))


def read_package(path: Path) -> Document:
    """A plain JSON package file (see `load_package` for an encrypted one)."""
    return load_package(path)


@cache
def _validator() -> Any:
    schema = json.loads(
        paths.resource("schema", "conference-package.schema.json").read_text(encoding="utf-8")
    )
    return jsonschema.Draft202012Validator(schema)


def validate_package(document: Any) -> None:
    """Raise PackageError naming the first bad field (in file order) by its JSON path."""
    if not isinstance(document, dict):
        raise PackageError("this is not a conference package: it holds no JSON object")
    package_crypt.refuse_deep(document)
    # Before the schema, whose messages quote the value: a 50 MB text gets a short message.
    package_rules.check_texts(document)
    found = document.get("format")
    if found != FORMAT:
        raise PackageError(
            "this is not a ChairDesk conference package: "
            + ("it has no 'format'" if found is None else f"its format is {_short(found)}")
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PackageError("this conference package has no version number, so it cannot be read")
    if version > VERSION:
        raise PackageError(
            f"this conference package is version {version}, newer than this ChairDesk reads "
            f"(version {VERSION}): update ChairDesk first"
        )
    if version != VERSION:
        raise PackageError(f"this conference package is version {version}, which cannot be read")
    errors = list(_validator().iter_errors(document))
    if errors:
        first = min(errors, key=lambda e: _file_order(document, _error_path(e)))
        raise PackageError(f"{INVALID} {_path_text(_error_path(first))}: {_error_text(first)}")


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_path(error: Any) -> list[str | int]:
    path: list[str | int] = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        path.append(next(n for n in error.validator_value if n not in error.instance))
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        path.append(next(n for n in error.instance if n not in known))
    return path


def _error_text(error: Any) -> str:
    if error.validator == "required":
        return "this field is missing"
    if error.validator == "additionalProperties":
        return f"this field is not part of version {VERSION} of the package"
    message = str(error.message)
    return message if len(message) <= 200 else message[:199] + "…"


def _file_order(document: Any, path: Sequence[str | int]) -> tuple[int, ...]:
    node, order = document, []
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            keys = list(node)
            order.append(keys.index(part) if part in node else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            order.append(part)
            node = node[part]
        else:
            break
    return tuple(order)


def _path_text(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the top level"


__all__ = [
    "FORMAT",
    "VERSION",
    "PackageService",
    "load_package",
    "read_package",
    "validate_package",
]
