"""Plain language: the glossary, jargon found in text, unexplained acronyms and reading ease."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from chairdesk import paths
from chairdesk.services import plainlanguage
from chairdesk.services.base import ServiceContext
from chairdesk.services.plainlanguage import (
    PlainLanguageService,
    assess,
    find_terms,
    glossary_for,
    load_glossary,
    read_glossary_file,
    reading_ease,
    unknown_acronyms,
)
from chairdesk.services.settings import COUNCIL_FILE_VARIABLE, SettingsService
from chairdesk.views import GlossaryTermView

REPO = Path(__file__).resolve().parents[2]

# Five sentences, 61 words, 81 syllables (CMU dictionary, then Pyphen).
SAMPLE = (
    "The social worker will visit the family every two weeks. She will talk to the "
    "children on their own. Mum and Dad will go to a parenting course at the family centre. "
    "The health visitor will check that the baby is gaining weight. If the plan is not "
    "followed, the core group will meet sooner to decide what to do next."
)
# textstat 0.7.8, computed once: 206.835 - 1.015 x (61 / 5) - 84.6 x (81 / 61).
SAMPLE_READING_EASE = 82.1143

PARAGRAPH = (
    "After the strategy discussion, a Section 47 enquiry was completed. The ICPC agreed a "
    "child protection plan under the category of neglect. The core group will meet within "
    "10 working days. The HV and the children's GPs will attend. An interim care order is "
    "not being sought, but the PLO letter explains the contingency plan. Mum mashed the "
    "potatoes; the MASH had the referral."
)


@pytest.fixture(autouse=True)
def _no_council_file(monkeypatch):
    monkeypatch.delenv(COUNCIL_FILE_VARIABLE, raising=False)


def _raw_glossary():
    return json.loads(paths.resource("glossary", "glossary.json").read_text(encoding="utf-8"))


def test_glossary_has_at_least_sixty_complete_unique_entries():
    entries = read_glossary_file()
    assert len(entries) >= 60
    assert all(e.term.strip() and e.explanation.strip() for e in entries)
    terms = [e.term.casefold() for e in entries]
    assert len(terms) == len(set(terms))
    forms = [form.casefold() for e in entries for form in e.forms]
    assert len(forms) == len(set(forms))


def test_glossary_covers_the_terms_chairs_use():
    needed = [
        "significant harm", "section 47", "strategy discussion", "core group", "PLO", "ICPC",
        "RCPC", "LADO", "CAMHS", "child in need", "parental responsibility",
        "child protection plan", "category of abuse", "neglect", "emotional abuse",
        "physical abuse", "sexual abuse", "safeguarding", "MASH", "EHCP", "SENCO", "GP",
        "health visitor", "midwife", "IRO", "section 20", "care order", "supervision order",
        "interim care order", "family group conference", "contingency plan", "advocate",
        "chronology", "genogram", "danger statement", "safety goal", "scaling",
        "Signs of Safety", "Strengthening Families", "threshold", "risk assessment",
        "domestic abuse", "DV", "MARAC", "IDVA", "CGL", "substance misuse",
        "pre-birth assessment", "legal gateway", "public law outline", "core assessment",
        "single assessment", "lead professional",
    ]  # fmt: skip
    glossary = plainlanguage.shipped_glossary()
    missing = [term for term in needed if glossary.entry_for(term) is None]
    assert missing == []


def test_glossary_explanations_are_short_plain_british_sentences():
    american = re.compile(r"\b\w*(?:izat|iz(?:e|ed|es|ing)\b|behavior|color|center|program\b)")
    for entry in read_glossary_file():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", entry.explanation) if s]
        longest = max(len(s.split()) for s in sentences)
        assert longest <= 30, entry.term
        assert not american.search(entry.explanation.lower()), entry.term
        assert entry.explanation.endswith("."), entry.term


def test_glossary_file_names_its_format():
    raw = _raw_glossary()
    assert (raw["format"], raw["version"], raw["language"]) == ("chairdesk.glossary", 1, "en-GB")


def test_load_glossary_is_sorted_and_adds_council_terms():
    views = load_glossary(extra=[("Family Hub", "A building where families can get help.")])
    terms = [v.term.casefold() for v in views]
    assert terms == sorted(terms)
    assert GlossaryTermView("Family Hub", "A building where families can get help.") in views
    assert len(views) == len(read_glossary_file()) + 1


def test_council_term_replaces_the_explanation_of_the_same_term():
    views = load_glossary(extra=[("ICPC", "Our council's first meeting about your child.")])
    [initial] = [v for v in views if v.term == "Initial child protection conference"]
    assert initial.explanation == "Our council's first meeting about your child."
    assert len(views) == len(read_glossary_file())


def test_find_terms_in_a_paragraph_longest_match_first():
    found = [(PARAGRAPH[m.start : m.end], m.term.term) for m in find_terms(PARAGRAPH)]
    assert found == [
        ("strategy discussion", "Strategy discussion"),
        ("Section 47 enquiry", "Section 47 enquiry"),
        ("ICPC", "Initial child protection conference"),
        ("child protection plan", "Child protection plan"),
        ("neglect", "Neglect"),
        ("core group", "Core group"),
        ("HV", "Health visitor"),
        ("GPs", "General practitioner"),
        ("interim care order", "Interim care order"),
        ("PLO", "Public Law Outline"),
        ("contingency plan", "Contingency plan"),
        ("MASH", "MASH"),
    ]


def test_find_terms_ignores_case_apostrophes_and_hyphens_but_respects_word_edges():
    text = "CHILDREN’S SOCIAL CARE held a Pre Birth Conference. The cinema is not a CIN plan."
    found = [(text[m.start : m.end], m.term.term) for m in find_terms(text)]
    assert found == [
        ("CHILDREN’S SOCIAL CARE", "Children's social care"),
        ("Pre Birth Conference", "Pre-birth conference"),
        ("CIN", "Child in need"),
    ]


def test_unknown_acronyms_lists_what_the_glossary_does_not_explain():
    text = (
        "WHAT HAPPENS NEXT: the DWP and the XYZ team will write. Part II of the plan. "
        "The GP is OK with it and the NHS will help. OFFICIAL-SENSITIVE. CAMHS and the "
        "LADO were told. The DWP agreed. Three DVDs and two QRTs."
    )
    assert unknown_acronyms(text) == ("DWP", "XYZ", "QRT")


def test_reading_ease_matches_textstat_on_a_known_paragraph():
    assert reading_ease(SAMPLE) == pytest.approx(SAMPLE_READING_EASE, abs=0.01)


def test_reading_ease_of_an_empty_text_is_none():
    assert reading_ease("") is None
    assert reading_ease("   \n ") is None
    assert reading_ease("12 34") is None


def test_glossary_for_a_document_lists_each_term_once_sorted():
    used = glossary_for(["The core group met.", "The ICPC agreed a plan. The core group"])
    assert [v.term for v in used] == ["Core group", "Initial child protection conference"]
    assert glossary_for([]) == ()


def test_assess_reports_reading_ease_target_terms_and_acronyms():
    report = assess(SAMPLE + " The XYZ team will help.", target=60.0)
    assert report.reading_ease is not None and report.reading_ease > 60
    assert report.meets_target
    assert [t.term.term for t in report.terms] == ["Social worker", "Health visitor", "Core group"]
    assert report.unknown_acronyms == ("XYZ",)
    assert [v.term for v in report.glossary] == ["Core group", "Health visitor", "Social worker"]
    hard = assess(
        "Notwithstanding considerable multidisciplinary deliberation, the professionals "
        "unanimously determined that the circumstances necessitated intervention.",
        target=60.0,
    )
    assert hard.reading_ease is not None and not hard.meets_target
    assert assess("", target=60.0).meets_target


def test_plain_language_service_uses_the_councils_terms_and_target(sqlite_database):
    context = ServiceContext(sqlite_database, clock=lambda: datetime(2026, 3, 2, 9, 0))
    SettingsService(context).update(
        reading_ease_target=90,
        custom_glossary=[("Family Hub", "A building where families can get help.")],
    )
    service = PlainLanguageService(context)
    report = service.assess("You can go to the Family Hub. " + SAMPLE)
    assert not report.meets_target  # 82 is below the council's 90
    assert report.terms[0].term.term == "Family Hub"
    assert service.unknown_acronyms("The FH and the XYZ") == ("FH", "XYZ")
    assert any(v.term == "Family Hub" for v in service.load_glossary())
    assert [v.term for v in service.glossary_for(["Family Hub"])] == ["Family Hub"]


def test_plain_language_works_with_the_network_switched_off(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network use is not allowed")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    read_glossary_file.cache_clear()
    plainlanguage.shipped_glossary.cache_clear()
    report = assess(PARAGRAPH, target=60.0)
    assert report.reading_ease is not None
    assert len(report.terms) == 12
    assert reading_ease(SAMPLE) == pytest.approx(SAMPLE_READING_EASE, abs=0.01)


def test_plain_language_imports_and_runs_offline_in_a_fresh_process():
    script = (
        "import socket\n"
        "class NoNetwork(socket.socket):\n"  # a class: ssl subclasses socket.socket on import
        "    def __init__(self, *a, **k):\n"
        "        raise OSError('network use is not allowed')\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network use is not allowed')\n"
        "socket.socket = NoNetwork\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from chairdesk.services.plainlanguage import assess\n"
        f"report = assess({SAMPLE!r}, 60.0)\n"
        "print(round(report.reading_ease, 2), len(report.terms))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [f"{SAMPLE_READING_EASE:.2f}", "3"]
