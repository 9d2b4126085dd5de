"""The Plan page's Part 1 and Part 2: the issued plan's own document model, drawn as HTML."""

from __future__ import annotations

import dataclasses

from chairdesk.export import DocumentKind, build_document, model
from chairdesk.ui.widgets.document_view import document_html
from chairdesk.views import ConferenceView


def plan_parts(view: ConferenceView) -> tuple[str, str]:
    """The plan's Part 1 and Part 2, from the document the export builds for this audience.

    The document model is split at its Part 2 heading and each part drawn with the Issue page's
    `document_html`, so the Plan page shows exactly the words the issued plan will hold.
    """
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
    return document_html(first), document_html(second)
