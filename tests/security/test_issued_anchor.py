"""Each issued document keeps the audit trail's head as it was issued; `chairdesk audit verify`
fails when the trail no longer reaches it, even after the key file's own head is put back to an
older one (issue 15 item 2: the head is kept with every issued document too)."""

from __future__ import annotations

import json
from pathlib import Path

from chairdesk.storage import keys
from chairdesk.storage.sqlcipher import connect_encrypted
from tests.security.test_key_file_trust import (
    CHAIR,
    CHAIR_PASSPHRASE,
    _assert_verify_fails,
    _key_of,
    _verify,
    accounts_db,
    as_person,
)
from tests.test_cli import home

__all__ = ["accounts_db", "home"]


def test_issued_anchor_a_cut_trail_below_an_issued_document_is_named(
    home: Path, accounts_db: Path, tmp_path: Path
) -> None:
    issued = as_person(
        home, CHAIR, CHAIR_PASSPHRASE, "issue", "1", "--document", "record", "--format", "pdf",
        "--out", str(tmp_path / "record.pdf"), "--how", "printed", "--db", str(accounts_db),
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    assert _verify(home, accounts_db).returncode == 0
    # Someone with the database key cuts the trail back to before the issue, and puts back a
    # key file that records no head (an older copy): the key file can no longer tell.
    connection = connect_encrypted(accounts_db, _key_of(accounts_db))
    connection.execute(
        "DELETE FROM audit_event WHERE id >= (SELECT min(id) FROM audit_event"
        " WHERE action = 'document.issue')"
    )
    connection.commit()
    connection.close()
    sidecar = keys.sidecar_path(accounts_db)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data.pop("head", None)
    sidecar.write_text(json.dumps(data), encoding="utf-8")
    _assert_verify_fails(home, accounts_db, "a document issued on")
