"""The Issue page's preview: the chosen copy built on a worker thread and drawn a few blocks per
turn of the event loop, so the window keeps answering while a long plan is made and shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chairdesk.errors import ChairDeskError
from chairdesk.ui.issue_writing import feed_and_wait, wait_for
from chairdesk.ui.style import GOOD_COLOUR, WARNING_COLOUR
from chairdesk.ui.widgets.document_view import document_html_pieces, fill_outline, show_in_colour
from chairdesk.views import Audience

if TYPE_CHECKING:
    from chairdesk.export import Document
    from chairdesk.ui.issue_page import IssuePage


def refresh_preview(page: IssuePage) -> None:
    """Builds the chosen copy through the same service call that saving makes. Asked again
    while it runs (another copy chosen), it builds once more with the newest choice."""
    page._again = True
    if page._refreshing:
        return
    page._refreshing = True
    try:
        while page._again:
            page._again = False
            _refresh_once(page)
    finally:
        page._refreshing = False


def _refresh_once(page: IssuePage) -> None:
    audience = page.audience()
    if page.conference_id is None or audience is None:
        return
    page._stale = False
    conference_id, kind = page.conference_id, page.kind()
    large_print = page.large_print.isChecked()

    def build() -> tuple[Document, Any, list[str]]:  # on the worker: no widgets here
        document = page.issuing.preview(conference_id, kind, audience, large_print=large_print)
        built = None if large_print else document  # next_issue need not build it again
        step = page.issued.next_issue(conference_id, kind, audience, built)
        return document, step, document_html_pieces(document)

    try:
        document, step, pieces = wait_for(page, build, page.tr("Making the preview…"))
    except ChairDeskError as error:
        page.document = None
        page.preview.clear()
        page.outline.clear()
        page.say(page.tr("The preview could not be made: {0}").format(error), problem=True)
        return
    page.document = document
    show_audience_note(page, audience)
    feed_and_wait(page, page.feeder, pieces, page.tr("Showing the preview…"))
    fill_outline(page.outline, document)
    page.update_saving(audience)
    page.issued_panel.show_next(step)


def show_audience_note(page: IssuePage, audience: Audience) -> None:
    """Whose copy this is, in words, and the colour that goes with it."""
    if audience.is_professionals:
        text = page.tr(
            "Professionals' copy: it holds everything recorded, including what parents may "
            "not see. Never send it to a parent."
        )
    else:
        text = page.tr(
            "Copy for {0}: only what {1} may see. Before it is issued you will check "
            "every item in it, and can keep any item out."
        ).format(audience.recipient_label, audience.recipient_name)
    colours = WARNING_COLOUR if audience.is_professionals else GOOD_COLOUR
    show_in_colour(page.audience_note, text, colours)


__all__ = ["refresh_preview", "show_audience_note"]
