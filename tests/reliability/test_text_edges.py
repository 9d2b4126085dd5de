"""The text the fuzzing leaves out, on SQLite and PostgreSQL: a NUL, a broken character (an
unpaired surrogate) and a 600-character name are stored as the field's rule says or refused
with a ValidationError, never a crash. A known crash would be marked xfail (strict) with the
change it needs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

import pytest

from chairdesk.errors import RuleError, ValidationError
from chairdesk.services.base import ServiceContext
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from chairdesk.storage.engine import Database
from tests.conftest import PASSPHRASE
from tests.reliability.cases import record_case
from tests.reliability.test_fuzz_text import FIELDS, GROUPS

EDGES = {"nul": "Ada\x00Lovelace", "surrogate": "Ada\ud800Lovelace", "long": "Ada " * 150}
NAMES = GROUPS["names"]
_references = itertools.count(1)

# (field, edge, backend or "both"): the reason a case is known to crash. None are left; a new
# one is added here, with the change it needs, until it is fixed.
KNOWN_CRASHES: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared_database(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: object,
) -> Iterator[Database]:
    """One database per backend for all the cases here (each case adds its own family)."""
    if request.param == "sqlite":
        location = str(tmp_path_factory.mktemp("edges") / "chairdesk.db")
    elif postgres_server is None:
        pytest.skip("PostgreSQL is not installed here (CI installs it and requires it)")
    else:
        location = postgres_server.new_database("reliability_edges")  # type: ignore[attr-defined]
    database = open_database(location, PASSPHRASE, create=True)
    try:
        yield database
    finally:
        database.close()


def _expected(name: str, value: str) -> str:
    field = FIELDS[name]
    kept = value if name in NAMES else value.replace("\x00", "")
    return kept.strip() if field.strip else kept


@pytest.mark.parametrize("edge", sorted(EDGES))
@pytest.mark.parametrize("name", list(FIELDS))
def test_text_edges_are_stored_by_the_rule_or_refused_plainly(
    shared_database: Database, name: str, edge: str, request: pytest.FixtureRequest
) -> None:
    database = shared_database
    backend = "sqlite" if database.is_sqlite else "postgres"
    reason = KNOWN_CRASHES.get((name, edge, "both")) or KNOWN_CRASHES.get((name, edge, backend))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=f"known bug: {reason}", strict=True))
    context = ServiceContext(database, user="chair", clock=lambda: datetime(2026, 3, 2, 11, 0))
    value = EDGES[edge]
    names = {n: value if n == name else d for n, d in zip(NAMES, _DEFAULTS, strict=True)}
    try:
        case = record_case(
            context,
            f"EDGE-{next(_references):04d}",
            family_name=names["family name"],
            child_name=names["child's name"],
            parent_name=names["parent's name"],
        )
        if name not in NAMES:
            FIELDS[name].store(context, case, value)
    except (ValidationError, RuleError) as error:
        assert "\n" not in str(error) and len(str(error)) < 300
        return
    view = SharingService(context).view(case.conference_id)
    assert FIELDS[name].read(view, 0) == _expected(name, value)


_DEFAULTS = ("Thornbury", "Ada Thornbury", "Rhys Thornbury")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
@pytest.mark.parametrize("who", ["child_name", "parent_name"])
def test_text_edges_a_blank_name_in_a_new_family_is_refused_plainly(
    shared_database: Database, who: str, blank: str
) -> None:
    context = ServiceContext(
        shared_database, user="chair", clock=lambda: datetime(2026, 3, 2, 11, 0)
    )
    reference = f"EDGE-{next(_references):04d}"
    with pytest.raises(ValidationError, match="cannot be empty") as refused:
        record_case(context, reference, **{who: blank})
    assert "\n" not in str(refused.value)
    # Nothing was written: the reference is still free.
    record_case(context, reference)
