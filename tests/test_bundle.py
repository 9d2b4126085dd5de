"""The PyInstaller bundle builds, passes its self-test, writes plans, and carries nothing it omits.

Building takes a minute or two, so it runs when CHAIRDESK_REQUIRE_ALL=1 (CI) or
CHAIRDESK_BUNDLE=1 asks for it. The bundle's size is a figure of bench/bench_bundle.py.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.support.tools import require_all

ROOT = Path(__file__).resolve().parent.parent
HTTP_CLIENTS = ("requests", "urllib3", "httpx", "aiohttp", "certifi")
# Python modules build_installer.spec leaves out: HTTP clients, Tk, the standard library's
# unencrypted SQLite, and the Qt modules ChairDesk does not use (heavy, or networked).
EXCLUDED_MODULES = (
    *HTTP_CLIENTS,
    "tkinter",
    "_tkinter",
    "sqlite3",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebSockets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtPdf",
    "PySide6.QtDesigner",
    "PySide6.QtMultimedia",
    "PySide6.QtVirtualKeyboard",
)
# The same, as the files of their native libraries (Linux, Windows and macOS spellings).
EXCLUDED_LIBRARIES = (
    "Qt6Network",
    "Qt6WebEngine",
    "Qt6WebSockets",
    "Qt6Qml",
    "Qt6Quick",
    "Qt6Pdf",
    "Qt6Designer",
    "Qt6Multimedia",
    "Qt6VirtualKeyboard",
    "QtNetwork.",
    "QtWebEngine",
    "QtQml.",
    "QtQuick",
    "libtk",
    "libtcl",
    "tcl86",
    "tk86",
)
PASSPHRASE = "bundle test passphrase only"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(
        not (require_all() or os.environ.get("CHAIRDESK_BUNDLE") == "1"),
        reason="builds the bundle: set CHAIRDESK_BUNDLE=1 (CI sets CHAIRDESK_REQUIRE_ALL=1)",
    ),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build_installer.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    folder = work / "dist" / "chairdesk"
    assert (folder / "chairdesk").exists()
    return folder


def _environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "CHAIRDESK_KDF_PROFILE": "test",
        "CHAIRDESK_PASSPHRASE": PASSPHRASE,
    }


def _bundled_python_modules(bundle: Path) -> set[str]:
    """The module names in the archive inside the program, where pure-Python packages live."""
    from PyInstaller.archive.readers import CArchiveReader

    program = CArchiveReader(str(bundle / "chairdesk"))
    names: set[str] = set()
    for name, entry in program.toc.items():
        if entry[-1] == "z":  # the PYZ archive of Python modules
            names.update(program.open_embedded_archive(name).toc)
    assert names, "no Python module archive found in the program"
    return names


def test_bundle_self_test_passes_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle / "chairdesk"), "--self-test"],
        capture_output=True,
        text=True,
        env=_environment(tmp_path),
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "self-test passed"
    assert "ok   open the main window" in result.stdout


def test_bundle_reports_the_version_it_was_built_from(bundle: Path) -> None:
    version = subprocess.run(
        [str(bundle / "chairdesk"), "--version"], capture_output=True, text=True, timeout=120
    )
    from chairdesk import __version__

    assert version.stdout.strip() == f"chairdesk {__version__}"
    recorded = (bundle.parent / "chairdesk-version.txt").read_text(encoding="utf-8")
    assert recorded.strip() == __version__


def test_bundle_writes_a_plan_with_dejavu_fonts_and_the_risk_chart(
    bundle: Path, tmp_path: Path
) -> None:
    environment = _environment(tmp_path)
    db = str(tmp_path / "demo.db")

    def chairdesk(*arguments: str) -> str:
        result = subprocess.run(
            [str(bundle / "chairdesk"), *arguments],
            capture_output=True,
            text=True,
            env=environment,
            timeout=300,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    review_id = chairdesk("demo", "--db", db).split()[-1]
    for fmt in ("pdf", "docx"):
        out = str(tmp_path / f"plan.{fmt}")
        plan = ("--document", "plan", "--audience", "professionals", "--format", fmt)
        chairdesk("export", review_id, "--db", db, *plan, "--out", out)

    pdf = PdfReader(tmp_path / "plan.pdf")
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]: font.get_object()
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= set(fonts)
    assert all("/FontFile2" in fonts[name]["/FontDescriptor"] for name in fonts)  # embedded
    assert "Child protection plan" in pdf.pages[0].extract_text()

    word = docx.Document(str(tmp_path / "plan.docx"))
    assert "Child protection plan" in [p.text for p in word.paragraphs]
    # The risk chart, drawn by Pillow inside the bundle.
    charts = [part for part in word.part.package.parts if part.content_type == "image/png"]
    assert charts
    assert Image.open(io.BytesIO(charts[0].blob)).format == "PNG"


def test_bundle_leaves_out_http_clients_tk_and_unused_qt(bundle: Path) -> None:
    modules = _bundled_python_modules(bundle)
    found = sorted(
        m for m in modules for ex in EXCLUDED_MODULES if m == ex or m.startswith(ex + ".")
    )
    files = [p.name for p in bundle.rglob("*")]
    found += sorted(f for f in files for lib in EXCLUDED_LIBRARIES if lib in f)
    found += sorted(f for f in files for client in HTTP_CLIENTS if f.startswith(client))
    assert found == []
    # What ChairDesk does use is still there.
    assert {"chairdesk.app", "sqlcipher3.dbapi2", "docx", "reportlab", "PIL.Image"} <= modules
    assert any(f.startswith("QtWidgets.") for f in files)


def test_bundle_carries_only_english_qt_translations(bundle: Path) -> None:
    translations = sorted(p.name for p in bundle.rglob("*.qm"))
    assert translations
    assert all(name.endswith(("_en.qm", "_en_GB.qm")) for name in translations), translations
