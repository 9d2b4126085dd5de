"""Any text survives: Hypothesis puts arbitrary Unicode in every text field, through the services,
back out of SharingService.view, and into the plan and the record as Word and PDF.

Each field is stored exactly as given, or as its service's documented rule says (names and
action fields lose surrounding spaces), or refused with a ValidationError or RuleError, and
only when it is blank where something is required or too long for a name. The documents
hold the text after export/text.py's `clean` (XML-forbidden and C1 control characters
removed) and, in the PDF, every word the embedded font can draw. NUL characters and broken
characters (unpaired surrogates) have their own tests, on both databases.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairdesk.domain import Category, Heading, Outcome
from chairdesk.errors import RuleError, ValidationError
from chairdesk.export import DocumentKind, build_document, render_docx, render_pdf
from chairdesk.export.pdf_fonts import _covered
from chairdesk.export.text import clean, has_rtl
from chairdesk.services.actions import ActionService
from chairdesk.services.analysis import AnalysisService
from chairdesk.services.base import ServiceContext
from chairdesk.services.decisions import DecisionService
from chairdesk.services.entries import EntryService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from chairdesk.storage.engine import Database
from chairdesk.views import ConferenceView
from tests.conftest import PASSPHRASE
from tests.reliability.cases import Case, record_case

EXAMPLES = int(os.environ.get("CHAIRDESK_FUZZ_EXAMPLES", "25"))
SHORT_LIMIT = 500

# Pieces real people paste: right-to-left names, emoji sequences, combining marks, controls,
# markup characters, bidirectional overrides, noncharacters, private use, astral scripts.
SPECIALS = (
    "ليلى حداد", "נועה כהן", "‏مرحبا‎", "👩🏽‍👧‍👦", "🦄", "e\u0301", "Z\u0335\u0336",
    "\x07", "\x1b[31m", "\x0b", "\x0c", "\r\n", "\r", "\t", "\x85", "\x9b", "\ufeff",
    "\u202e", "\u200b", "\u2028", "\ufffe", "\uffff", "\ufdd0", "\ue000", "𠜎", "𝔘𝔫𝔦",
    "<w:t>", "&amp;", "]]>", "'\"", "ﬁ", "½", "İ", "ß", "  ", "\n\n",
)  # fmt: skip
_ANY = st.characters(exclude_characters="\x00", exclude_categories=["Cs"])
TEXT = st.lists(st.one_of(st.text(_ANY, max_size=24), st.sampled_from(SPECIALS)), max_size=8).map(
    "".join
)


@dataclass(frozen=True)
class Field:
    """One text field: how to store it, how to read it back, and its documented rule."""

    store: Callable[[ServiceContext, Case, str], object]
    #: The view and how many fields of the group stored a record of the same kind before it.
    read: Callable[[ConferenceView, int], str]
    kind: str = ""
    strip: bool = False  # stored without surrounding spaces
    required: bool = False  # blank text is refused
    short: bool = False  # more than SHORT_LIMIT characters is refused
    shown: bool = True  # appears in the record


def _decision(context: ServiceContext, case: Case, reasons: str) -> int:
    return (
        DecisionService(context)
        .decide(
            case.conference_id,
            case.child_id,
            likely_significant_harm=True,
            outcome=Outcome.PLAN,
            category=Category.NEGLECT,
            reasons=reasons,
        )
        .id
    )


def _decided(context: ServiceContext, case: Case) -> int:
    """The decision already recorded (its reasons under test), or one with plain reasons."""
    for decision in DecisionService(context).decisions(case.conference_id):
        if decision.reasons:
            return decision.id
    return _decision(context, case, "reasons")


FIELDS: dict[str, Field] = {
    "family name": Field(
        lambda c, case, t: None, lambda v, n: v.family.family_name, strip=True, shown=False
    ),
    "child's name": Field(lambda c, case, t: None, lambda v, n: v.people[0].name),
    "parent's name": Field(lambda c, case, t: None, lambda v, n: v.people[1].name),
    "entry text": Field(
        lambda c, case, t: EntryService(c).add_entry(case.parents_item_id, Heading.VIEW, t),
        lambda v, n: v.entries[n].text,
    ),
    "danger statement": Field(
        lambda c, case, t: AnalysisService(c).add_danger_statement(case.conference_id, t, "goal"),
        lambda v, n: v.danger_statements[n].danger,
        kind="danger",
        required=True,
    ),
    "safety goal": Field(
        lambda c, case, t: AnalysisService(c).add_danger_statement(case.conference_id, "d", t),
        lambda v, n: v.danger_statements[n].safety_goal,
        kind="danger",
    ),
    "scaling reason": Field(
        lambda c, case, t: AnalysisService(c).record_scaling(case.conference_id, "Jo", 4, t),
        lambda v, n: v.scalings[n].reason,
    ),
    "decision reasons": Field(
        lambda c, case, t: _decision(c, case, t),
        lambda v, n: v.decisions[0].reasons,
        required=True,
    ),
    "dissent reason": Field(
        lambda c, case, t: DecisionService(c).add_dissent(_decided(c, case), "Bo Ellis", t),
        lambda v, n: v.decisions[0].dissents[0].reason,
        required=True,
    ),
    **{
        f"action {name.replace('_', ' ')}": Field(
            (
                lambda key: (
                    lambda c, case, t: ActionService(c).add_action(case.conference_id, **{key: t})
                )
            )(name),
            (lambda key: lambda v, n: getattr(v.actions[n], key))(name),
            kind="action",
            strip=True,
            short=name == "who",
        )
        for name in ("what", "who", "why", "how_we_will_know", "support", "if_not_done")
    },
    "report title": Field(
        lambda c, case, t: PrepareService(c).add_report(case.conference_id, "GP", title=t),
        lambda v, n: v.reports[n].title,
        strip=True,
        short=True,
    ),
}
GROUPS = {
    "names": ("family name", "child's name", "parent's name"),
    "entry": ("entry text",),
    "danger": ("danger statement", "safety goal"),
    "scaling": ("scaling reason",),
    "decision": ("decision reasons", "dissent reason"),
    "action": tuple(name for name in FIELDS if name.startswith("action")),
    "report": ("report title",),
}
EXAMPLES_RUN: Counter[str] = Counter()
REFUSED: Counter[str] = Counter()
_references = itertools.count(1)
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceContext]:
    path = tmp_path_factory.mktemp("fuzz") / "chairdesk.db"
    database: Database = open_database(str(path), PASSPHRASE, create=True)
    try:
        yield ServiceContext(database, user="chair", clock=lambda: datetime(2026, 3, 2, 11, 0))
    finally:
        database.close()


def _fold(text: str) -> str:
    """NFKD without combining marks: how a mark was drawn or composed no longer matters."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch)[0] != "M")


def _squeeze(text: str) -> str:
    return "".join(ch for ch in _fold(text) if not ch.isspace())


def _pdf_words(text: str) -> list[str]:
    """The words of `text` the PDF must show: letters and digits the font draws, left to right.

    pdf_fonts writes what the font lacks as its Unicode name and drops invisible marks, so
    such characters split words here; right-to-left words are shaped and reordered.
    """
    if _BIDI_CONTROLS.search(text):
        return []  # an explicit override or embedding reorders even left-to-right words
    covered = _covered()
    drawn = "".join(
        ch if ord(ch) in covered or unicodedata.category(ch) in ("Cf", "Mn") else " "
        for ch in clean(text)
    )
    words = re.findall(r"\w+", _fold(drawn))
    if has_rtl(text):
        # Beside right-to-left letters, digits become Arabic numbers and are reordered apart
        # from the letters next to them; runs of letters keep their order.
        words = [piece for w in words for piece in re.findall(r"[^\W\d]+", w)]
    return [w for w in words if not has_rtl(w) and all(ord(ch) in covered for ch in w)]


def _documents(view: ConferenceView) -> tuple[str, str]:
    """The squeezed text of the plan and the record, as Word (every XML part) and as PDF."""
    docx, pdf = [], []
    for kind in (DocumentKind.PLAN, DocumentKind.RECORD):
        document = build_document(kind, view)
        with zipfile.ZipFile(io.BytesIO(render_docx(document))) as archive:
            for name in archive.namelist():
                if name.endswith(".xml"):
                    xml = archive.read(name).decode("utf-8")
                    docx.append(_xml_text(xml))
        reader = pypdf.PdfReader(io.BytesIO(render_pdf(document)))
        pdf.extend(page.extract_text() or "" for page in reader.pages)
    return _squeeze("".join(docx)), _squeeze("".join(pdf))


def _xml_text(xml: str) -> str:
    import html

    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    return html.unescape("".join(texts))


def _try(names: tuple[str, ...], context: ServiceContext, values: dict[str, str]) -> None:
    stored: dict[str, str] = {}
    refused: set[str] = set()
    family, child, parent = (values.get(n, d) for n, d in zip(GROUPS["names"], _NAMES, strict=True))
    try:
        case = record_case(
            context,
            f"FUZZ-{next(_references):05d}",
            family_name=family,
            child_name=child,
            parent_name=parent,
        )
    except (ValidationError, RuleError) as error:
        # The documented reasons: a conference needs a family name, and every person a name.
        blank = not family.strip() or not child.strip() or not parent.strip()
        assert blank, f"refused {family!r}, {child!r}, {parent!r}: {error}"
        for name in names:
            EXAMPLES_RUN[name] += 1
            REFUSED[name] += 1
        return
    for name in names:
        if name in GROUPS["names"]:
            continue
        try:
            FIELDS[name].store(context, case, values[name])
        except (ValidationError, RuleError) as error:
            assert "\n" not in str(error)
            refused.add(name)
    for name in names:
        EXAMPLES_RUN[name] += 1
        field, value = FIELDS[name], values[name]
        expected = value.strip() if field.strip else value
        if name in refused:
            REFUSED[name] += 1
            fair = (field.required and not value.strip()) or (
                field.short and len(expected) > SHORT_LIMIT
            )
            assert fair, f"{name} refused {value!r}"
            continue
        stored[name] = expected
    view = SharingService(context).view(case.conference_id)
    docx, pdf = _documents(view)
    before: Counter[str] = Counter()
    for name, expected in stored.items():
        field = FIELDS[name]
        assert field.read(view, before[field.kind]) == expected, name
        before[field.kind] += 1 if field.kind else 0
        if not field.shown:
            continue
        assert _squeeze(clean(expected)) in docx, f"{name}: {expected!r} not in the Word files"
        for word in _pdf_words(expected):
            assert word in pdf, f"{name}: {word!r} of {expected!r} not in the PDF"


_NAMES = ("Thornbury", "Ada Thornbury", "Rhys Thornbury")


def _fuzz(group: str) -> Callable[..., None]:
    names = GROUPS[group]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        # The same examples on every CI run; CHAIRDESK_FUZZ_RANDOM=1 explores new ones.
        derandomize=os.environ.get("CHAIRDESK_FUZZ_RANDOM") != "1",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(values=st.fixed_dictionaries({name: TEXT for name in names}))
    def check(context: ServiceContext, values: dict[str, str]) -> None:
        _try(names, context, values)

    def test(context: ServiceContext) -> None:
        before = {name: EXAMPLES_RUN[name] for name in names}
        check(context)
        # Every field of the group went through every example (none skipped by an early exit).
        assert {name: EXAMPLES_RUN[name] - before[name] for name in names} == dict.fromkeys(
            names, EXAMPLES
        )

    return test


test_fuzz_names_survive_storage_and_both_exports = pytest.mark.slow(_fuzz("names"))
test_fuzz_entry_text_survives_storage_and_both_exports = pytest.mark.slow(_fuzz("entry"))
test_fuzz_danger_and_goal_survive_storage_and_both_exports = pytest.mark.slow(_fuzz("danger"))
test_fuzz_scaling_reason_survives_storage_and_both_exports = pytest.mark.slow(_fuzz("scaling"))
test_fuzz_decision_and_dissent_survive_storage_and_both_exports = pytest.mark.slow(
    _fuzz("decision")
)
test_fuzz_action_fields_survive_storage_and_both_exports = pytest.mark.slow(_fuzz("action"))
test_fuzz_report_title_survives_storage_and_both_exports = pytest.mark.slow(_fuzz("report"))
