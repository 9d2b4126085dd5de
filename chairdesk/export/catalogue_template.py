"""The catalogue template: every fixed string a parent's copy can print, for translators.

Made from the export modules' marked strings (`_`, `N_`, `ngettext`), the domain's labels that
parents' copies print (`_(d.outcome.label)`) and the shipped glossary's terms and explanations.
scripts/make_catalogue_template.py writes it to resources/translations/chairdesk.pot; a test
checks the file holds every message.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from chairdesk import paths
from chairdesk.domain import (
    PARENT_HEADING_LABELS,
    ActionStatus,
    Category,
    ConferenceKind,
    MeetingModel,
    Outcome,
    ParticipantRole,
    Visibility,
)
from chairdesk.export.catalogue import DOMAIN

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_EXPORT = Path(__file__).resolve().parent


def domain_labels() -> list[str]:
    """The domain's words a parent's copy prints through `_` (enums' labels and role names)."""
    labels: list[str] = []
    for enum in (ConferenceKind, MeetingModel, Visibility, Outcome, Category, ActionStatus):
        labels.extend(member.label for member in enum)
    labels.extend(PARENT_HEADING_LABELS.values())
    labels.extend(r.value.replace("_", " ").capitalize() for r in ParticipantRole)
    return labels


def glossary_messages() -> list[str]:
    """The shipped glossary's terms and explanations (resources/glossary/glossary.json)."""
    path = paths.resource("glossary", "glossary.json")
    terms = json.loads(path.read_text(encoding="utf-8")).get("terms", [])
    return [str(t[key]) for t in terms for key in ("term", "explanation") if t.get(key)]


def template() -> Catalog:
    catalog = Catalog(
        domain=DOMAIN,
        project="ChairDesk",
        creation_date=datetime(2026, 1, 1, tzinfo=UTC),
        charset="utf-8",
        fuzzy=False,
    )
    found = extract_from_dir(
        str(_EXPORT), method_map=[("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, line, message, _comments, _context in found:
        if (isinstance(message, str) and message) or (isinstance(message, tuple) and message[0]):
            catalog.add(message, None, [(f"chairdesk/export/{filename}", line)])
    for label in domain_labels():
        if label not in catalog:
            catalog.add(label, None, [("chairdesk/domain.py", 0)])
    for text in glossary_messages():
        if text not in catalog:
            catalog.add(text, None, [("resources/glossary/glossary.json", 0)])
    return catalog


def message_ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
