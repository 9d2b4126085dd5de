"""The layer rules of DESIGN.md §2, checked on the real import graph and the source."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import chairdesk

ROOT = Path(chairdesk.__file__).resolve().parent


def _modules(package: str) -> list[str]:
    path = ROOT / package.removeprefix("chairdesk.").replace(".", "/")
    names = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        if ".migrations" not in info.name:
            names.append(info.name)
    return names


def _loaded_after_import(modules: list[str]) -> set[str]:
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # `from chairdesk import storage` reaches the package as surely as its full name.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_layers_core_loads_without_qt():
    modules = [
        *_modules("chairdesk.models"),
        *_modules("chairdesk.storage"),
        *_modules("chairdesk.services"),
        *_modules("chairdesk.export"),
        "chairdesk.views",
        "chairdesk.domain",
        "chairdesk.meeting_models",
        "chairdesk.files",
    ]
    loaded = _loaded_after_import(modules)
    assert not {name for name in loaded if name.startswith("PySide6")}


def test_layers_export_loads_without_sqlalchemy():
    loaded = _loaded_after_import(_modules("chairdesk.export"))
    assert not {name for name in loaded if name.startswith("sqlalchemy")}
    assert not {name for name in loaded if name.startswith("chairdesk.services")}


def test_layers_views_import_nothing_heavy():
    loaded = _loaded_after_import(["chairdesk.views"])
    assert not {name for name in loaded if name.startswith(("sqlalchemy", "PySide6"))}


# What only the services and the composition root may reach: the ORM, storage, a session.
_NOT_FOR_UI = ("sqlalchemy", "chairdesk.storage", "chairdesk.models")
_SESSION_ATTRIBUTES = {"transaction", "sessions", "reading", "engine"}


def _session_uses(path: Path) -> list[str]:
    """Attribute reads that reach a database session or engine (x.transaction(), x.engine)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted(
        {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in _SESSION_ATTRIBUTES
        }
    )


def test_layers_ui_never_imports_storage_or_opens_sessions():
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for name in sorted(_imports(path)):
            if name.startswith(_NOT_FOR_UI):
                offenders.append(f"{path.name}: imports {name}")
        for attribute in _session_uses(path):
            offenders.append(f"{path.name}: reaches .{attribute}")
    assert offenders == []


def test_layers_the_ui_check_finds_what_it_looks_for(tmp_path):
    """The check itself: a page that opens a session or imports storage is named."""
    page = tmp_path / "page.py"
    page.write_text(
        "from chairdesk.storage.keys import thing\n"
        "from chairdesk import models\n"
        "def f(db):\n    with db.transaction() as s:\n        return s\n",
        encoding="utf-8",
    )
    assert "chairdesk.storage.keys" in _imports(page)
    assert "chairdesk.models" in _imports(page)
    assert _session_uses(page) == ["transaction"]


def test_layers_one_place_builds_the_engine_and_resolves_paths():
    engine_builders = []
    frozen_lookups = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "create_engine(" in text:
            engine_builders.append(path.relative_to(ROOT).as_posix())
        if "_MEIPASS" in text:
            frozen_lookups.append(path.relative_to(ROOT).as_posix())
    assert engine_builders == ["storage/engine.py"]
    assert frozen_lookups == ["paths.py"]


def test_layers_no_network_client_anywhere():
    network_modules = {"socket", "urllib.request", "http.client", "requests", "httpx", "urllib3"}
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(_imports(path) & network_modules)
        for path in ROOT.rglob("*.py")
        if _imports(path) & network_modules
    }
    assert offenders == {}
