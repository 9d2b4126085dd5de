"""`chairdesk export` of a parent's plan in their recorded language, run as IT would set it up:
a council's translation dropped into the user's data folder, read by a separate process."""

from __future__ import annotations

from pathlib import Path

from chairdesk.services.base import ServiceContext
from chairdesk.services.prepare import PrepareService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.export.pseudo_locale import pseudo, write_pseudo
from tests.export.readers import normal, pdf_pages
from tests.test_cli import chairdesk

SENTENCE = "This copy is in English. An interpreter who speaks Polish will go through it with you."


def _export(home: Path, db: Path, out: Path) -> list[str]:
    result = chairdesk(
        home, "export", "1", "--document", "plan", "--audience", "parent", "--recipient",
        "Jodie Fernlow", "--format", "pdf", "--out", str(out), "--db", str(db),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return [normal(p) for p in pdf_pages(out.read_bytes(), layout=False)]


def test_cli_parents_plan_in_polish_when_the_council_supplies_it(tmp_path: Path) -> None:
    home, db = tmp_path / "home", tmp_path / "demo.db"
    assert chairdesk(home, "demo", "--db", str(db)).returncode == 0
    database = open_database(str(db), PASSPHRASE)
    try:
        context = ServiceContext(database)
        view = SharingService(context).view(1)
        jodie = next(p.id for p in view.people if p.name == "Jodie Fernlow")
        PrepareService(context).update_person(jodie, language="Polish")
    finally:
        database.close()

    english = _export(home, db, tmp_path / "before.pdf")
    assert SENTENCE in english[0]
    assert "Your child protection plan" in english[0]

    folder = home / "data" / "ChairDesk" / "translations"  # XDG_DATA_HOME/ChairDesk
    folder.mkdir(parents=True)
    write_pseudo(folder).rename(folder / "polish.po")
    translated = _export(home, db, tmp_path / "after.pdf")
    assert pseudo("Your child protection plan") in translated[0]
    assert pseudo("What I need to do") in translated[0]
    assert "interpreter" not in " ".join(translated)
    assert "Jodie Fernlow" in translated[0]
