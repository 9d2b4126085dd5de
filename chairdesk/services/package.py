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
written. Entries keep the visibility and origin recorded in the package (a faithful copy).

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
from chairdesk.services import audit
from chairdesk.services.base import ServiceContext
from chairdesk.services.common import load_conference, write_atomically
from chairdesk.services.package_export import FORMAT, VERSION, package_document, package_extras
from chairdesk.services.package_import import INVALID, Document, PackageImporter
from chairdesk.services.sharing import SharingService
from chairdesk.views import ConferenceSummary


class PackageService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    def export_package(self, conference_id: int) -> Document:
        """The whole conference, as professionals see it, as a package (a JSON-ready dict)."""
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
                {"entries": len(view.entries), "actions": len(view.actions)},
            )
        return package_document(view, extras)

    def write_package(self, conference_id: int, path: str | Path) -> Path:
        """Export to `path` atomically: a temporary file, flushed to disk, moved into place."""
        target = Path(path).expanduser()
        text = json.dumps(self.export_package(conference_id), indent=2, ensure_ascii=False)
        write_atomically(target, (text + "\n").encode("utf-8"))
        return target

    def import_package(self, source: str | Path | Document) -> ConferenceSummary:
        """A new conference from a package file or dict; nothing is written when it fails.

        Raises:
            PackageError: unreadable, not a package, another version, or failing the schema
                (the message names the first bad field by its path), or clashing with the
                database (see the module docstring).
        """
        document = source if isinstance(source, dict) else read_package(Path(source))
        validate_package(document)
        with self.context.database.transaction() as session:
            return PackageImporter(session, self.context, document).run()


def read_package(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PackageError(f"there is no conference package at {path}") from error
    except UnicodeDecodeError as error:
        raise PackageError(f"{path} is not a conference package: it is not text") from error
    except OSError as error:
        raise PackageError(f"cannot read {path}: {error.strerror}") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PackageError(
            f"{path} is not a conference package: it is not readable JSON "
            f"(line {error.lineno}, column {error.colno})"
        ) from error
    if not isinstance(document, dict):
        raise PackageError(f"{path} is not a conference package: it holds no JSON object")
    return document


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
    found = document.get("format")
    if found != FORMAT:
        raise PackageError(
            "this is not a ChairDesk conference package: "
            + ("it has no 'format'" if found is None else f"its format is {found!r}")
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
    _refuse_nul(document, [])


def _refuse_nul(node: Any, path: list[str | int]) -> None:
    """NUL characters: invisible, meaningless, and no PostgreSQL text column can hold them."""
    if isinstance(node, str) and "\x00" in node:
        raise PackageError(f"{INVALID} {_path_text(path)}: the text holds a NUL character")
    if isinstance(node, dict):
        for key, value in node.items():
            _refuse_nul(value, [*path, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _refuse_nul(value, [*path, index])


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
    return str(error.message)


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


__all__ = ["FORMAT", "VERSION", "PackageService", "read_package", "validate_package"]
