"""`chairdesk audit verify|show` and `chairdesk --self-test`, run as a person would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from chairdesk.models import AuditEvent
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE


def _run(*arguments: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, CHAIRDESK_KDF_PROFILE="test", CHAIRDESK_PASSPHRASE=PASSPHRASE)
    command = [sys.executable, "-m", "chairdesk", *arguments]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_cli_audit_verify_and_show_over_the_demo(tmp_path):
    db = tmp_path / "cd.db"
    assert _run("demo", db=db).returncode == 0

    verified = _run("audit", "verify", db=db)
    assert verified.returncode == 0 and verified.stdout.startswith("ok: ")

    shown = _run("audit", "show", "1", db=db)
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    assert "conference.create" in lines[0]
    assert all("Fernlow" not in line for line in lines)  # no family name in the trail

    missing = _run("audit", "show", "999", db=db)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "chairdesk: no conference with id 999"


def test_cli_audit_verify_names_the_first_changed_event(tmp_path):
    db = tmp_path / "cd.db"
    assert _run("demo", db=db).returncode == 0
    database = open_database(str(db), PASSPHRASE)
    try:
        with database.transaction() as session:
            session.execute(update(AuditEvent).where(AuditEvent.id == 12).values(user="mallory"))
    finally:
        database.close()

    verified = _run("audit", "verify", db=db)
    assert verified.returncode == 1
    assert "audit event 12" in verified.stdout
    assert "Traceback" not in verified.stderr


def test_cli_self_test_passes_from_source():
    result = _run("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    assert sum(line.startswith("ok ") for line in lines) == 7
    assert result.stderr == ""
