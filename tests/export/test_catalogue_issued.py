"""The language chosen where a chair really issues a copy: the mother is recorded as speaking
Polish on the Prepare data, the Issue step writes her plan, and the file read back says which
language an interpreter will use, or is in the council's translation once one is supplied."""

from __future__ import annotations

from pathlib import Path

import pytest

from chairdesk.export import DocumentKind
from chairdesk.services.base import ServiceContext
from chairdesk.services.issuing import IssueService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage.engine import Database
from tests.export.pseudo_locale import pseudo, write_pseudo
from tests.export.readers import docx_body_text, normal, pdf_text
from tests.services.builders import MOTHER, make_conference, person_id

SENTENCE = "This copy is in English. An interpreter who speaks Polish will go through it with you."


def _issue(database: Database, tmp_path: Path, language: str) -> dict[str, str]:
    context = ServiceContext(database)
    conference = make_conference(database)
    sharing = SharingService(context)
    mother = person_id(sharing.view(conference.id), MOTHER)
    PrepareService(context).update_person(mother, language=language)
    texts = {}
    for name, who in (("mother", mother), ("professionals", None)):
        for fmt in ("docx", "pdf"):
            path = tmp_path / f"{name}.{fmt}"
            audience = sharing.audience_for(conference.id, who)
            IssueService(context).export(conference.id, DocumentKind.PLAN, audience, fmt, path)
            data = path.read_bytes()
            text = docx_body_text(data) if fmt == "docx" else pdf_text(data, layout=False)
            texts[f"{name}.{fmt}"] = normal(text)
    return texts


def test_issued_copy_names_the_parents_language_when_no_translation_is_supplied(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAIRDESK_TRANSLATIONS", str(tmp_path / "none"))
    texts = _issue(database, tmp_path, "Polish")
    for fmt in ("docx", "pdf"):
        assert texts[f"mother.{fmt}"].index(SENTENCE) < 300
        assert "Your child protection plan" in texts[f"mother.{fmt}"]
        assert "interpreter who speaks" not in texts[f"professionals.{fmt}"]


def test_issued_copy_is_in_the_councils_translation_once_supplied(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "translations"
    folder.mkdir()
    write_pseudo(folder).rename(folder / "pl.po")
    monkeypatch.setenv("CHAIRDESK_TRANSLATIONS", str(folder))
    texts = _issue(database, tmp_path, "Polish")
    for fmt in ("docx", "pdf"):
        mother = texts[f"mother.{fmt}"]
        assert pseudo("Your child protection plan") in mother
        assert pseudo("What I need to do") in mother
        assert "interpreter" not in mother
        assert "Child protection plan" in texts[f"professionals.{fmt}"]
        assert pseudo("What I need to do") not in texts[f"professionals.{fmt}"]
