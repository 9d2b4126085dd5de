"""The fixture databases really open, on encrypted SQLite and on PostgreSQL."""

from __future__ import annotations

from chairdesk.models import Family


def test_database_round_trips_a_family(database):
    with database.transaction() as session:
        session.add(Family(case_reference="CD-0001", family_name="Testfamily"))
    with database.transaction() as session:
        assert session.query(Family).one().family_name == "Testfamily"
