"""A movable clock, a fictional family's conference, and each real output read back as text.

Every output is read by a reader ChairDesk did not write: every XML part of the DOCX (body,
headers, footers, core properties), pdftotext and pypdf's metadata for the PDF, and the
parents' screen as its HTML turned to text.
"""

from __future__ import annotations

import html
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from chairdesk.domain import AgendaKind, ParticipantRole, PersonRole
from chairdesk.export import DocumentKind
from chairdesk.services.agenda import AgendaService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conferences import NewPerson
from chairdesk.services.issuing import IssueService
from chairdesk.services.prepare import PrepareService
from chairdesk.services.room import RoomService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from chairdesk.storage.engine import Database
from chairdesk.views import ConferenceSummary, ConferenceView
from tests.conftest import PASSPHRASE
from tests.export.readers import docx_parts, normal, pdf_info, pdf_text
from tests.services.builders import WHEN, agenda_item, make_conference, participant_id, person_id

PARENT_DOCUMENTS = (DocumentKind.PLAN, DocumentKind.RECORD, DocumentKind.LETTER)


@dataclass
class Clock:
    at: datetime = WHEN

    def __call__(self) -> datetime:
        return self.at

    def set(self, hour: int, minute: int) -> datetime:
        self.at = WHEN.replace(hour=hour, minute=minute)
        return self.at

    def tick(self, minutes: int = 1) -> datetime:
        self.at += timedelta(minutes=minutes)
        return self.at


@dataclass
class World:
    """One encrypted database on disk, a chair's context on a movable clock, one conference."""

    folder: Path
    database: Database
    clock: Clock
    context: ServiceContext
    conference: ConferenceSummary
    written: list[Path] = field(default_factory=list)

    @property
    def view(self) -> ConferenceView:
        return SharingService(self.context).view(self.conference.id)

    def person(self, name: str) -> int:
        return person_id(self.view, name)

    def participant(self, name: str) -> int:
        return participant_id(self.view, name)

    def item(self, kind: AgendaKind, agency: str = "") -> int:
        return agenda_item(self.view, kind, agency).id

    def add_person(self, name: str, role: PersonRole, **fields: object) -> int:
        new = NewPerson(name, role, **fields)  # type: ignore[arg-type]
        return PrepareService(self.context).add_person(self.view.family.id, new).id

    def add_participant(
        self, name: str, role: ParticipantRole, person: int | None = None, **fields: str
    ) -> int:
        prepare = PrepareService(self.context)
        return prepare.add_participant(
            self.conference.id, name, role, person_id=person, **fields
        ).id

    def copies(
        self,
        person: int | None,
        kinds: tuple[DocumentKind, ...] = PARENT_DOCUMENTS,
        formats: tuple[str, ...] = ("docx", "pdf"),
    ) -> str:
        """Everything written into this person's copies (and their file names), as one text."""
        sharing = SharingService(self.context)
        audience = sharing.audience_for(self.conference.id, person)
        texts = []
        for kind in kinds:
            for fmt in formats:
                out = self.folder / f"{kind.value}-{person}-{len(self.written)}.{fmt}"
                issued = IssueService(self.context).export(
                    self.conference.id, kind, audience, fmt, out
                )
                path = Path(issued.path)
                self.written.append(path)
                texts.append(path.name)
                texts.append(read_back(path))
        return "\n".join(texts)

    def screen(self) -> str:
        """The text on the real parents' screen window (ui/parent_screen.py), shown offscreen."""
        from types import SimpleNamespace

        from PySide6.QtWidgets import QApplication

        from chairdesk.ui.parent_screen import ParentScreen

        app = QApplication.instance() or QApplication([])
        window = ParentScreen(SimpleNamespace(room=RoomService(self.context)))
        try:
            window.show_conference(self.conference.id)
            window.show()
            app.processEvents()
            return window.text()
        finally:
            window.close()
            window.deleteLater()

    def start(self, kind: AgendaKind, agency: str = "") -> int:
        item = self.item(kind, agency)
        AgendaService(self.context).start_item(item)
        return item

    def close(self) -> None:
        self.database.close()


def read_back(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".docx":
        parts = docx_parts(data)
        return "\n".join(re.sub(r"<[^>]+>", " ", html.unescape(x)) for x in parts.values())
    return pdf_text(data, layout=False) + "\n" + "\n".join(pdf_info(data).values())


def new_world() -> World:
    folder = Path(tempfile.mkdtemp(prefix="chairdesk-hostile-"))
    database = open_database(str(folder / "cd.db"), PASSPHRASE, create=True)
    clock = Clock()
    context = ServiceContext(database, user="chair", clock=clock)
    conference = make_conference(database)
    return World(folder, database, clock, context, conference)


def leaked(text: str, *needles: str) -> list[str]:
    """The needles found in text, ignoring case, accents' composition and line breaks."""
    flat = normal(text).casefold()
    squeezed = "".join(flat.split())
    found = []
    for needle in needles:
        n = normal(needle).casefold()
        if n in flat or "".join(n.split()) in squeezed:
            found.append(needle)
    return found
