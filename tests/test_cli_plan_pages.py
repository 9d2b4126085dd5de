"""`chairdesk export --document todo`: a parent's "What I need to do" page from the command line.

Run as a person would, in a separate process, on the demo database the command line writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.export.readers import normal, pdf_pages
from tests.test_cli import chairdesk


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("cli-home")
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = chairdesk(home, "demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return home, str(db)


def test_cli_exports_a_parents_todo_page_with_only_their_actions(
    demo: tuple[Path, str], tmp_path: Path
) -> None:
    home, db = demo
    out = tmp_path / "todo-jodie.pdf"
    result = chairdesk(
        home, "export", "1", "--document", "todo", "--audience", "parent", "--recipient",
        "Jodie Fernlow", "--format", "pdf", "--out", str(out), "--db", db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    pages = [normal(p) for p in pdf_pages(out.read_bytes(), layout=False)]
    first = pages[0]
    assert first.startswith("OFFICIAL-SENSITIVE") and "What I need to do" in first
    assert "See the GP about low mood" in first and "8 September 2026" in first
    text = " ".join(pages)
    assert "What must happen for the plan to end" in text
    # Dean's, the social worker's and the school's actions are not hers; the area Jodie moved
    # to is withheld from Dean only, and this page has no background at all.
    for absent in (
        "Go to an assessment at Example Recovery Service",
        "Six sessions of direct work with Maisie",
        "Weekly check-ins for Maisie",
        "Part 1",
    ):
        assert absent not in text


def test_cli_todo_for_professionals_groups_every_action_by_who(
    demo: tuple[Path, str], tmp_path: Path
) -> None:
    home, db = demo
    out = tmp_path / "todo.docx"
    result = chairdesk(
        home, "export", "1", "--document", "todo", "--audience", "professionals",
        "--format", "docx", "--out", str(out), "--db", db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "What each person needs to do" in text
    assert "Pauline Fernlow" in text and "Priya Lal (health visitor)" in text
