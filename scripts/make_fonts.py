"""Copies the script fonts ChairDesk ships into resources/fonts (run by hand, not at build time).

The sources are Debian's fonts-noto-core (SIL Open Font License 1.1) and fonts-droid-fallback
(Apache 2.0). The Noto fonts are small and copied whole. Droid Sans Fallback draws Chinese;
it is 4 MB whole, so it is cut down with fontTools to the characters of GB2312 and Big5
(simplified and traditional Chinese in everyday use), CJK punctuation and full-width forms:
about 2 MB. Run: apt-get install fonts-noto-core fonts-droid-fallback; python3 scripts/make_fonts.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts"
SCRIPTS = (
    "NotoNaskhArabic",
    "NotoSansHebrew",
    "NotoSansBengali",
    "NotoSansGurmukhi",
    "NotoSansGujarati",
    "NotoSansDevanagari",
    "NotoSansTamil",
    "NotoSansEthiopic",
)


def _chinese() -> set[int]:
    chars: set[int] = set()
    for encoding in ("gb2312", "big5"):
        for high in range(0x81, 0xFF):
            for low in range(0x40, 0xFF):
                try:
                    text = bytes([high, low]).decode(encoding)
                except UnicodeDecodeError:
                    continue
                if len(text) == 1:
                    chars.add(ord(text))
    chars |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    return chars | set(range(0x2000, 0x2070)) | set(range(0x20, 0x7F))


def main() -> None:
    for family in SCRIPTS:
        for weight in ("Regular", "Bold"):
            shutil.copyfile(NOTO / f"{family}-{weight}.ttf", OUT / f"{family}-{weight}.ttf")
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(str(DROID))
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=_chinese())
    cutter.subset(font)
    font.save(str(OUT / "DroidSansFallback-Chinese.ttf"))


if __name__ == "__main__":
    main()
