"""Render each script sample as it prints in a parent's copy, for the README.

Writes docs/pages/scripts-in-parent-copies.png. The samples are the script tests'
(tests/export/script_samples.py); each is a parent's view in
a parent's copy of the sample plan, cut from the page holding "What parents said", between it
and the next speaker, and stacked into one small image for the README.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw

from chairdesk.export import DocumentKind, build_document, render_pdf
from tests.export.pdf_probe import words
from tests.export.sample_views import MOTHER, parent_view, review_view
from tests.export.script_samples import SAMPLES
from tests.export.test_any_text import _with_entry_text, _with_parent_names

OUT = Path(__file__).resolve().parent.parent / "docs" / "pages" / "scripts-in-parent-copies.png"
SHOWN = ("Urdu", "Hebrew", "Bengali", "Punjabi", "Gujarati", "Hindi", "Tamil", "Tigrinya")
SHOWN += ("Amharic", "Chinese", "Vietnamese", "Russian")
DPI = 110


def main() -> None:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("render_script_samples: pdftoppm (poppler-utils) is not installed")
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-scripts-"))
    images = []
    for sample in SAMPLES:
        if not sample.language.startswith(SHOWN):
            continue
        view = _with_entry_text(review_view(), sample.text, speaker="")
        view = _with_parent_names(view, sample.name, "Tom Harwood")
        data = render_pdf(build_document(DocumentKind.PLAN, parent_view(view, MOTHER)))
        found = words(data)
        said = next(  # the heading "What parents said" (a parent's own page now comes first)
            b
            for a, b, c in zip(found, found[1:], found[2:], strict=False)
            if (a.text, b.text, c.text) == ("What", "parents", "said")
        )
        number = said.page
        page = [w for w in found if w.page == number]
        top = said.y1 + 4
        bottom = next(w.y0 for w in page if w.text == "Craig" and w.y0 > top) - 3
        stem = folder / sample.language.split()[0]
        crop = ["-x", "70", "-y", str(int(top * DPI / 72)), "-W", "845"]
        crop += ["-H", str(int((bottom - top) * DPI / 72))]
        command = ["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number)]
        command += crop
        subprocess.run([*command, "-", str(stem)], input=data, check=True)
        images.append(Image.open(next(folder.glob(f"{stem.name}*.png"))).convert("RGB"))
    width = max(i.width for i in images)
    sheet = Image.new("RGB", (width, sum(i.height + 6 for i in images)), "white")
    draw, y = ImageDraw.Draw(sheet), 0
    for image in images:
        sheet.paste(image, (0, y))
        y += image.height + 6
        draw.line([(10, y - 3), (width - 10, y - 3)], fill=(200, 200, 200))
    sheet.quantize(colors=64).save(OUT, optimize=True)
    shutil.rmtree(folder)
    print(OUT)


if __name__ == "__main__":
    main()
