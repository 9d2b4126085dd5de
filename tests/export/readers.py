"""Readers ChairDesk did not write: unzip for DOCX, poppler and pypdf for PDF, LibreOffice."""

from __future__ import annotations

import html
import io
import re
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import pypdf

from tests.support.tools import need_tool


def docx_parts(data: bytes) -> dict[str, str]:
    """Every XML part of a DOCX, by name, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }


def xml_text(xml: str) -> str:
    """The visible text of a WordprocessingML part: each paragraph on its own line."""
    xml = re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", "", xml, flags=re.S)
    xml = re.sub(r"</w:p>", "\n", xml)
    xml = re.sub(r"<w:tab/>", "\t", xml)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def docx_body_text(data: bytes) -> str:
    return xml_text(docx_parts(data)["word/document.xml"])


def pdf_pages(data: bytes, layout: bool = True) -> list[str]:
    """The text of each page, as poppler's pdftotext extracts it."""
    tool = need_tool("pdftotext")
    args = [tool, *(["-layout"] if layout else []), "-enc", "UTF-8", "-", "-"]
    result = subprocess.run(args, input=data, capture_output=True, check=True)
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_text(data: bytes, layout: bool = True) -> str:
    return "\n".join(pdf_pages(data, layout))


def pdf_info(data: bytes) -> dict[str, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata or {}
    return {str(k): str(v) for k, v in info.items()}


def pdf_page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def normal(text: str) -> str:
    """NFKC with whitespace collapsed, so shaping and line breaks do not get in the way."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def squeeze(text: str) -> str:
    """NFKC with all whitespace removed: robust to wrapping at any point."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def libreoffice_to_pdf(files: list[Path]) -> dict[Path, bytes]:
    """Converts several DOCX files to PDF in one LibreOffice run; each PDF must exist."""
    soffice = need_tool("soffice")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                out,
                *map(str, files),
            ],
            capture_output=True,
            timeout=300,
        )
        converted: dict[Path, bytes] = {}
        for file in files:
            pdf = Path(out) / (file.stem + ".pdf")
            assert pdf.exists(), (
                f"LibreOffice wrote no PDF for {file.name} (exit {result.returncode}): "
                f"{result.stderr.decode(errors='replace')[-500:]}"
            )
            converted[file] = pdf.read_bytes()
        return converted
