"""Any text survives both exports: scripts, emoji, control characters, huge passages."""

from __future__ import annotations

import dataclasses
import string
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairdesk.domain import ActionOwner, ActionStatus
from chairdesk.export import DocumentKind, build_document, render_docx, render_pdf
from chairdesk.views import ActionView, ConferenceView
from tests.export.readers import docx_body_text, docx_parts, normal, pdf_text, squeeze
from tests.export.sample_views import FATHER, MOTHER, review_view

ARABIC_NAME = "ليلى حداد"
HEBREW_NAME = "נועה כהן"


def _with_entry_text(view: ConferenceView, text: str, speaker: str | None = None) -> ConferenceView:
    entries = list(view.entries)
    entries[0] = dataclasses.replace(
        entries[0],
        text=text,
        speaker_name=entries[0].speaker_name if speaker is None else speaker,
    )
    return dataclasses.replace(view, entries=tuple(entries))


def _with_parent_names(view: ConferenceView, mother: str, father: str) -> ConferenceView:
    names = {MOTHER: mother, FATHER: father}
    people = tuple(dataclasses.replace(p, name=names.get(p.id, p.name)) for p in view.people)
    return dataclasses.replace(view, people=people)


def _rtl_word_present(word: str, text: str) -> bool:
    """Whether a right-to-left word came through, in logical or in visual order.

    The PDF holds Arabic shaped into presentation forms and in display (visual) order;
    NFKC folds the presentation forms back to plain letters, and poppler normally restores
    logical order, but older readers give visual order, so either order is accepted. Word
    order inside a line can differ between the two, so words are checked one at a time.
    """
    flat = normal(text)
    return word in flat or word[::-1] in flat


def test_export_right_to_left_and_accented_names_come_through_both_formats() -> None:
    view = _with_parent_names(review_view(), ARABIC_NAME, HEBREW_NAME)
    view = _with_entry_text(
        view,
        f"Zoë Ørsted-Nuñez and {ARABIC_NAME} met {HEBREW_NAME} at the Café Łódź.",
        speaker=HEBREW_NAME,
    )
    document = build_document(DocumentKind.RECORD, view)
    docx = normal(docx_body_text(render_docx(document)))
    pdf = pdf_text(render_pdf(document))
    for text in (docx, normal(pdf)):
        assert "Zoë Ørsted-Nuñez" in text and "Café Łódź" in text
    assert ARABIC_NAME in docx and HEBREW_NAME in docx
    for word in (*ARABIC_NAME.split(), *HEBREW_NAME.split()):
        assert _rtl_word_present(word, pdf), word


def test_export_marks_right_to_left_runs_in_word() -> None:
    view = _with_entry_text(review_view(), f"{ARABIC_NAME} said yes", speaker="")
    body = docx_parts(render_docx(build_document(DocumentKind.PLAN, view)))["word/document.xml"]
    run = body[: body.index(ARABIC_NAME)].rsplit("<w:r>", 1)[1]
    assert "<w:rtl/>" in run
    assert "<w:bidi/>" in body[: body.index(ARABIC_NAME)].rsplit("<w:p>", 1)[1]


def test_export_emoji_survive_in_word_and_are_named_in_pdf() -> None:
    view = _with_entry_text(review_view(), "Maisie drew 😊 and a 🦄 for her mum.")
    document = build_document(DocumentKind.PLAN, view)
    assert "Maisie drew 😊 and a 🦄 for her mum." in docx_body_text(render_docx(document))
    pdf = normal(pdf_text(render_pdf(document)))
    assert "Maisie drew 😊 and a" in pdf  # DejaVu Sans draws this one
    assert "UNICORN FACE" in pdf  # and names what it cannot draw


def test_export_strips_control_characters_the_same_way_in_both() -> None:
    view = _with_entry_text(review_view(), "Bell\x07 null\x00 esc\x1b form\x0cfeed ok\ufffe")
    document = build_document(DocumentKind.PLAN, view)
    docx = docx_body_text(render_docx(document))
    pdf = pdf_text(render_pdf(document), layout=False)
    for text in (docx, pdf):
        assert "Bell null esc form" in text and "feed ok" in text
        assert not any(ch in text for ch in "\x07\x00\x1b\ufffe")


def test_export_a_200000_character_entry_keeps_every_word() -> None:
    words = [f"w{i:05d}" for i in range(28_000)]
    passage = (" ".join(words) + "\n") * 1
    passage = passage + "x" * (200_000 - len(passage))  # and one very long "word"
    assert len(passage) == 200_000
    document = build_document(DocumentKind.RECORD, _with_entry_text(review_view(), passage))
    docx = squeeze(docx_body_text(render_docx(document)))
    pdf = squeeze(pdf_text(render_pdf(document), layout=False))
    expected = squeeze(passage)
    assert expected[:150_000] in docx.replace("\n", "")
    for sample in ("w00000", "w13999", "w27999"):
        assert sample in pdf
    assert pdf.count("x") >= passage.count("x")


def test_export_a_plan_of_60_actions_lists_them_all() -> None:
    base = review_view().actions[0]
    actions = tuple(
        ActionView(
            id=900 + n,
            position=n,
            what=f"Action marker {n:02d}",
            who="Priya Nair",
            owner=ActionOwner.PROFESSIONAL if n % 2 else ActionOwner.FAMILY,
            by_when=date(2025, 6, 1),
            why=base.why,
            how_we_will_know=base.how_we_will_know,
            support=base.support,
            if_not_done=base.if_not_done,
            status=ActionStatus.ACHIEVED if n % 5 == 0 else ActionStatus.IN_PROGRESS,
        )
        for n in range(1, 61)
    )
    document = build_document(
        DocumentKind.PLAN, dataclasses.replace(review_view(), actions=actions)
    )
    docx = docx_body_text(render_docx(document))
    pdf = pdf_text(render_pdf(document), layout=False)
    for n in range(1, 61):
        assert f"Action marker {n:02d}" in docx and f"Action marker {n:02d}" in pdf
    assert pdf.count("✓ Action") == 12


_MARKER = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=6, max_size=10)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    markers=st.lists(_MARKER, min_size=6, max_size=6, unique=True),
    kind=st.sampled_from(list(DocumentKind)),
    parent=st.booleans(),
)
def test_export_everything_the_view_holds_reaches_both_renderings(
    markers: list[str], kind: DocumentKind, parent: bool
) -> None:
    """Markers placed where each document shows them appear in both DOCX and PDF text."""
    from tests.export.sample_views import parent_view

    tags = [f"Q{m}Z" for m in markers]
    view = review_view()
    entries = list(view.entries)
    entries[0] = dataclasses.replace(entries[0], text=f"first {tags[0]} view")
    actions = list(view.actions)
    actions[5] = dataclasses.replace(
        actions[5], what=f"Do {tags[1]} now", reason_added=f"because {tags[2]}"
    )
    decisions = list(view.decisions)
    decisions[0] = dataclasses.replace(decisions[0], child_name=f"Maisie {tags[3]}")
    view = dataclasses.replace(
        view,
        entries=tuple(entries),
        actions=tuple(actions),
        decisions=tuple(decisions),
        plan_end_conditions=f"Ends when {tags[4]}",
        lead_social_worker=f"Priya {tags[5]}",
    )
    if parent:
        view = parent_view(view, MOTHER)
    shown = {
        DocumentKind.PLAN: tags,
        DocumentKind.RECORD: tags,
        DocumentKind.LETTER: tags[1:2] + tags[3:],
        DocumentKind.LEAFLET: [],
        DocumentKind.WHAT_I_NEED_TO_DO: tags[4:5],  # a parent's page holds only their actions
    }[kind]
    document = build_document(kind, view)
    plain = document.plain_text()
    docx = squeeze(docx_body_text(render_docx(document)))
    pdf = squeeze(pdf_text(render_pdf(document), layout=False))
    for tag in shown:
        assert tag in plain and tag in docx and tag in pdf, tag
