"""Fixed text of a parent's copy speaks the family's language (issue 16, item 3).

The pseudo-language test loads a catalogue in which every message is accented, renders a
parent's plan, record, letter, leaflet and "What I need to do" page to DOCX and PDF, reads them
back with independent readers, and fails on any run of plain ASCII letters that is not case
data: so an English literal added to a builder without `_()` fails here.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from chairdesk.export import DocumentKind, build_document, render_docx, render_pdf
from chairdesk.export.catalogue import file_names, template_path
from chairdesk.export.catalogue_template import message_ids, template
from chairdesk.export.model import Glossary
from chairdesk.paths import resource
from chairdesk.views import ConferenceView, GlossaryTermView
from tests.export.pseudo_locale import LANGUAGE, pseudo, write_pseudo
from tests.export.readers import docx_parts, normal, pdf_pages, xml_text
from tests.export.sample_views import GLOSSARY, MOTHER, initial_view, parent_view, review_view

PARENT_KINDS = (
    DocumentKind.PLAN,
    DocumentKind.RECORD,
    DocumentKind.LETTER,
    DocumentKind.LEAFLET,
    DocumentKind.WHAT_I_NEED_TO_DO,
)
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def _bare() -> ConferenceView:
    """An initial conference with nothing recorded yet: every "nothing here" sentence prints."""
    view = initial_view()
    return dataclasses.replace(
        view,
        summary=dataclasses.replace(view.summary, venue=""),
        reports=(),
        entries=(),
        danger_statements=(),
        scalings=(),
        decisions=(),
        actions=(),
        exclusions=(),
        social_workers=(),
        chair_name="",
        minute_taker_name="",
        lead_social_worker="",
        started_at=None,
        ended_at=None,
        core_group_on=None,
        review_on=None,
        plan_end_conditions="",
        quoracy=None,
        risk_history=(),
        advocacy_services=(),
        complaints_text="",
    )


SAMPLES = {"review": review_view, "initial": initial_view, "bare": _bare}


def _speaking(language: str, sample: str = "review") -> ConferenceView:
    view = SAMPLES[sample]()
    people = tuple(
        dataclasses.replace(p, language=language) if p.id == MOTHER else p for p in view.people
    )
    return parent_view(dataclasses.replace(view, people=people), MOTHER)


def _strings(value: Any) -> Iterator[str]:
    """Every piece of text a view holds: names, entered text, dates kept as text (case data)."""
    if isinstance(value, enum.Enum):
        return
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


def _case_data(view: ConferenceView) -> list[str]:
    """Case strings as a copy may print them (trimmed, first letter lowered, full stop off),
    longest first so a name inside a sentence is not removed before the sentence."""
    found: set[str] = set()
    for text in [*_strings(view), *_strings(GLOSSARY)]:
        for line in text.splitlines():
            line = normal(line)
            if len(line) < 2:
                continue
            found |= {line, line.rstrip("."), line[:1].lower() + line[1:].rstrip(".")}
    return sorted(found, key=len, reverse=True)


def _english_left(text: str, case: list[str]) -> list[str]:
    text = normal(text)
    for item in case:
        text = text.replace(item, " ")
    return _ENGLISH_WORD.findall(text)


@pytest.fixture
def pseudo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_pseudo(tmp_path)
    monkeypatch.setenv("CHAIRDESK_TRANSLATIONS", str(tmp_path))
    return tmp_path


def test_the_template_holds_every_message_the_copies_print() -> None:
    """resources/translations/chairdesk.pot, what a council translates, is up to date."""
    with template_path().open("rb") as handle:
        shipped = message_ids(read_po(handle))
    current = message_ids(template())
    assert current - shipped == set(), "run scripts/make_catalogue_template.py"
    assert shipped - current == set(), "run scripts/make_catalogue_template.py"


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("kind", PARENT_KINDS, ids=lambda k: k.value)
def test_no_fixed_english_escapes_the_catalogue(
    kind: DocumentKind, sample: str, pseudo_dir: Path
) -> None:
    view = _speaking(LANGUAGE, sample)
    case = _case_data(view)
    document = build_document(kind, view, glossary=GLOSSARY)
    assert not _ENGLISH_WORD.search(document.title)
    docx = docx_parts(render_docx(document))
    parts = [
        name for name in docx if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", name)
    ]
    words = {name: _english_left(xml_text(docx[name]), case) for name in parts}
    assert {name: left for name, left in words.items() if left} == {}
    pages = pdf_pages(render_pdf(document), layout=False)
    left = {n: _english_left(page, case) for n, page in enumerate(pages, start=1)}
    assert {n: words for n, words in left.items() if words} == {}
    # The words really are the pseudo language's, on every page: header and footer included.
    assert all(normal(pseudo("Page {number} of {total}")).split()[0] in p for p in pages)
    assert normal(pseudo("Family reference: {reference}")).split()[0] in normal(pages[0])
    assert "interpreter" not in " ".join(pages)


def test_the_catalogue_is_chosen_by_the_recipient_only(pseudo_dir: Path) -> None:
    """Professionals' copies stay English; a parent recorded as speaking English gets English."""
    professionals = review_view()
    document = build_document(DocumentKind.PLAN, professionals, glossary=GLOSSARY)
    assert document.title == "Child protection plan"
    assert "Family reference: CP-2025-0417" in document.plain_text()
    english = build_document(DocumentKind.PLAN, _speaking("English"))
    assert english.title == "Your child protection plan"
    assert "interpreter who speaks" not in english.plain_text()
    pseudo_copy = build_document(DocumentKind.PLAN, _speaking(LANGUAGE))
    assert pseudo_copy.title == pseudo("Your child protection plan")


@pytest.mark.parametrize("kind", PARENT_KINDS, ids=lambda k: k.value)
def test_without_a_translation_the_copy_says_an_interpreter_will_go_through_it(
    kind: DocumentKind, pseudo_dir: Path
) -> None:
    """No Polish catalogue is supplied: the copy is English and says so near the top, naming
    the family's language, in the Word file and on the PDF's first page."""
    document = build_document(kind, _speaking("Polish"), glossary=GLOSSARY)
    sentence = (
        "This copy is in English. An interpreter who speaks Polish will go through it with you."
    )
    body = normal(xml_text(docx_parts(render_docx(document))["word/document.xml"]))
    assert body.index(sentence) < 400
    first_page = normal(pdf_pages(render_pdf(document), layout=False)[0])
    assert sentence in first_page
    assert first_page.index(sentence) < first_page.index(document.title) + 400


def test_a_council_catalogue_named_by_code_or_language_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A council's Polish file may be called pl.po or polish.po; either is found."""
    assert file_names("Polish") == ["pl.po", "polish.po"]
    assert file_names(" urdu ") == ["ur.po", "urdu.po"]
    write_pseudo(tmp_path).rename(tmp_path / "pl.po")
    monkeypatch.setenv("CHAIRDESK_TRANSLATIONS", str(tmp_path))
    document = build_document(DocumentKind.LETTER, _speaking("Polish"))
    assert document.title == pseudo("The outcome of the conference")
    assert "interpreter" not in document.plain_text()


def test_an_incomplete_or_broken_catalogue_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half a translation would give a parent a copy in two languages: English is used instead,
    with the interpreter sentence; a file that cannot be read does the same, without a crash."""
    monkeypatch.setenv("CHAIRDESK_TRANSLATIONS", str(tmp_path))
    write_pseudo(tmp_path, leave_out=1)
    document = build_document(DocumentKind.PLAN, _speaking(LANGUAGE))
    assert document.title == "Your child protection plan"
    assert "An interpreter who speaks Pseudo will go through it with you." in (
        document.plain_text()
    )
    (tmp_path / "pseudo.po").write_bytes(b'msgid "unterminated\n\x00\xff')
    broken = build_document(DocumentKind.PLAN, _speaking(LANGUAGE))
    assert broken.title == "Your child protection plan"


def test_the_shipped_glossary_is_translated_keeping_the_english_word(pseudo_dir: Path) -> None:
    """A parent's glossary explains in their language, with the English word the conference's
    own text uses beside the translated term."""
    first = json.loads(resource("glossary", "glossary.json").read_text(encoding="utf-8"))
    term, explanation = first["terms"][0]["term"], first["terms"][0]["explanation"]
    glossary = (GlossaryTermView(term, explanation),)
    document = build_document(DocumentKind.PLAN, _speaking(LANGUAGE), glossary=glossary)
    (block,) = [b for b in document.blocks if isinstance(b, Glossary)]
    assert block.terms == ((f"{pseudo(term)} ({term})", pseudo(explanation)),)
    assert pseudo("What the words mean") in document.outline()
    english = build_document(DocumentKind.PLAN, review_view(), glossary=glossary)
    (block,) = [b for b in english.blocks if isinstance(b, Glossary)]
    assert block.terms == ((term, explanation),)


def test_a_sign_language_interpreter_is_one_who_uses_it(pseudo_dir: Path) -> None:
    document = build_document(DocumentKind.LETTER, _speaking("British Sign Language"))
    assert (
        "This copy is in English. An interpreter who uses British Sign Language will go "
        "through it with you."
    ) in document.plain_text()
