"""A picture as it goes into a document: its pixels, and nothing the camera or scanner wrote.

A child's drawing photographed on a phone carries EXIF (where it was taken, by whose phone,
sometimes the address typed as a description), JPEG comments, and PNG text chunks. Word and
reportlab embed a JPEG's bytes as they are, so all of it would reach a parent's copy. Each
picture is drawn again from its pixels (turned upright first, as the phone meant it to be
seen), so the file holds only the image. Bytes that cannot be read as a picture are left as
they are: the renderers read them with the same library and fail as before.
"""

from __future__ import annotations

import io
from functools import lru_cache


@lru_cache(maxsize=16)
def bare_picture(data: bytes) -> bytes:
    """`data` (PNG or JPEG) drawn again with no metadata; other bytes unchanged."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = opened.format
            if kind not in ("JPEG", "PNG"):
                return data
            upright = ImageOps.exif_transpose(opened) or opened
            pixels = upright.copy()
    except (UnidentifiedImageError, OSError, ValueError):
        return data
    pixels.info = {k: v for k, v in pixels.info.items() if k == "transparency"}
    out = io.BytesIO()
    if kind == "JPEG":
        pixels.save(out, "JPEG", quality=92)
    else:
        pixels.save(out, "PNG")
    return out.getvalue()


__all__ = ["bare_picture"]
