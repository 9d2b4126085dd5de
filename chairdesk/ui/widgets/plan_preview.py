"""The Plan page's Part 1 and Part 2: the issued plan's own document model, drawn as HTML.

`plan_previews` does all of it without Qt (the views, the document models, the HTML in pieces
and the parent's copy as plain text), so the Plan page runs it on a worker thread.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chairdesk.ui.widgets.document_view import document_html, document_html_pieces, document_text

if TYPE_CHECKING:  # the export package loads on the worker, the first time it builds
    from chairdesk.export import Document
    from chairdesk.views import ConferenceView


_LOADED: set[str] = set()
_LOADING = threading.Lock()


def load_uncollected(name: str, load: Callable[[], object]) -> None:
    """A one-off load on a worker thread (the export libraries, the syllable dictionaries),
    once per `name` in a process, with the collector paused and what it made frozen at once.

    Loaded with the collector running, the load's hundreds of thousands of objects set off full
    passes while it ran (74 to 158 ms each at 300 actions, on the worker, holding Python's lock
    so the window stood still); freezing only afterwards on the GUI thread came too late."""
    with _LOADING:
        if name in _LOADED:
            return
        running = gc.isenabled()
        gc.disable()
        try:
            load()
        finally:
            gc.freeze()
            if running:
                gc.enable()
            _LOADED.add(name)


def _load_libraries() -> None:
    """python-docx and reportlab, and textstat for the plain-language panel built when these
    previews arrive (23 ms on the GUI thread otherwise); none of them uses Qt."""
    importlib.import_module("chairdesk.export")
    importlib.import_module("chairdesk.services.plainlanguage")


@dataclasses.dataclass(frozen=True)
class PlanPreviews:
    """What the Plan page shows: each part's HTML in pieces, and the parent's copy's words."""

    part_one: list[str]
    part_two: list[str]
    parents_sections: tuple[tuple[str, str], ...]


def split_plan(view: ConferenceView) -> tuple[Document, Document]:
    """The plan's document for this view, split at its Part 2 heading."""
    from chairdesk.export import DocumentKind, build_document, model

    document = build_document(DocumentKind.PLAN, view)
    blocks = document.blocks
    split = next(
        (
            i
            for i, block in enumerate(blocks)
            if isinstance(block, model.Heading) and block.text.startswith("Part 2")
        ),
        len(blocks),
    )
    first = dataclasses.replace(document, blocks=tuple(blocks[:split]))
    second = dataclasses.replace(document, blocks=tuple(blocks[split:]))
    return first, second


def plan_parts(view: ConferenceView) -> tuple[str, str]:
    """The plan's Part 1 and Part 2, from the document the export builds for this audience.

    The document model is split at its Part 2 heading and each part drawn with the Issue page's
    `document_html`, so the Plan page shows exactly the words the issued plan will hold.
    """
    first, second = split_plan(view)
    return document_html(first), document_html(second)


def plan_previews(sharing: Any, conference_id: int, titles: tuple[str, str]) -> PlanPreviews:
    """Part 1 and Part 2 as professionals see them, and what the first parent's copy says
    (each part as plain text under its title) for the plain-language check."""
    load_uncollected("export libraries", _load_libraries)
    first, second = split_plan(sharing.view(conference_id))
    audiences = sharing.audiences(conference_id)
    parent = next((a for a in audiences if not a.is_professionals), None)
    parents = (first, second) if parent is None else split_plan(sharing.view(conference_id, parent))
    return PlanPreviews(
        document_html_pieces(first),
        document_html_pieces(second),
        tuple(zip(titles, (document_text(part) for part in parents), strict=True)),
    )
