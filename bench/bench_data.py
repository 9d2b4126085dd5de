"""Bench databases of 20, 200 and 2,000 families, built once through the package import.

`python bench/bench_data.py [20 200 2000] [--rebuild]` builds (or reuses) encrypted databases
under bench/data/ (ignored by git), one per size, and prints how long each took. The other
benchmarks call `database_for(families)` to get the path of one.

Content: the demo's two conferences (the Fernlow initial and review, `services/demo.py`) are
exported as conference packages once; each family gets a chain of four conferences (initial,
then reviews about six months apart) made from them with the family's own name and case
reference and every date moved to that family's time. The families' chains end between about
600 days before the build day and 150 days after it, so a database holds years of past
conferences and a few months of booked ones, as a chair's and a team's history would. A
conference still to come is the review package made `planned` (people, invitations, reports
and agenda, nothing said yet). Most concluded conferences more than four weeks old have their
outcome letter and record marked sent; every tenth family's have not, so the due board has
real overdue items.

Each conference goes through `PackageImporter.run`, the import `chairdesk package import` and
PackageService.import_package use (validation of the references and dates, people matched
within a family, previous conference and carried actions linked, an audit event each). To be
quick, the schema validation (about 25 ms a package) runs on each template and on the first
family's packages, all of which differ from the rest only in names and dates; and the
conferences of 25 families are written in one transaction rather than one each. Production key
derivation protects the files, as a chair's would.

bench/data/ is one folder shared by everyone benchmarking on the machine, so a build holds a
lock (`.<name>.build` beside the files) from the check of the manifest to the manifest written:
a second `database_for` of the same size waits and then uses the database just built. Two
builders of one file at once each deleted the files the other had open and wrote their own
audit head into the other's key file, so the file left behind failed `audit verify` ("the key
file's record of the audit trail is not signed by an account of this database") and every
close logged "the audit trail does not reach the head in the key file". A build also refuses to
delete a database that a running ChairDesk holds open (its `.lock` is held).
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data"
PASSPHRASE = "benchmark passphrase only"
SIZES = (20, 200, 2000)
BUILDER_VERSION = 2
BATCH = 25
CONFERENCES = 4
GAP = 182  # days (26 weeks) between a family's conferences
SURNAMES = (
    *("Ashcombe", "Birchley", "Calloway", "Dunmore", "Elmsworth", "Fairleigh", "Greystoke"),
    *("Hartwell", "Ivesley", "Jessop", "Kingsmere", "Larkfield", "Marbury", "Nettleford"),
    *("Oakhurst", "Pemberton", "Quarrendon", "Rushwick", "Saltmarsh", "Thornbury", "Upwell"),
    *("Vardley", "Westcombe", "Yarrowby", "Zennor"),
)
_DAY = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """Hold the build lock of the database at `path`, waiting for another builder's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.build"), "a+b") as held:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # released when the file closes
        yield


def _up_to_date(path: Path) -> bool:
    manifest = path.with_suffix(".json")
    if not (path.exists() and manifest.exists()):
        return False
    about = json.loads(manifest.read_text())
    built = date.fromisoformat(about["built_on"])
    return bool(about["version"] == BUILDER_VERSION and (date.today() - built).days <= 30)


def database_for(families: int, *, rebuild: bool = False) -> Path:
    """The bench database of `families` families, built now if missing or out of date."""
    path = DATA / f"families-{families}.db"
    if not rebuild and _up_to_date(path):
        return path
    with _building(path):
        # Another process may have built it while this one waited for the lock.
        if rebuild or not _up_to_date(path):
            build(families, path)
    return path


def _remove(path: Path) -> None:
    """Delete the database at `path` and everything beside it (WAL, key file, mark, backups),
    unless a running ChairDesk has it open."""
    from chairdesk.storage.lock import inspect_lock

    state = inspect_lock(path)
    if state.status == "held":
        raise SystemExit(f"{path} is open in ChairDesk ({state.holder}); close it to rebuild")
    path.with_suffix(".json").unlink(missing_ok=True)  # first: the database is not ready
    for stale in path.parent.glob(path.name + "*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()


def _templates() -> tuple[dict[str, Any], dict[str, Any]]:
    """The demo's initial and review conferences as packages (made in a scratch database)."""
    import tempfile

    from chairdesk.services.base import ServiceContext
    from chairdesk.services.demo import load_demo
    from chairdesk.services.package import PackageService
    from chairdesk.storage import open_database

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "demo.db"), PASSPHRASE, create=True)
        try:
            context = ServiceContext(database)
            initial_id, review_id = load_demo(context)
            packages = PackageService(context)
            return packages.export_package(initial_id), packages.export_package(review_id)
        finally:
            database.close()


def _planned(review: dict[str, Any]) -> dict[str, Any]:
    """The review package as a conference booked and not yet held."""
    planned = copy.deepcopy(review)
    conference = planned["conference"]
    conference["status"] = "planned"
    for key in ("started_at", "ended_at", "core_group_on", "review_on"):
        conference[key] = None
    conference["plan_end_conditions"] = ""
    conference["checklist"] = {"notes": ""}
    conference["core_groups"] = []
    for key in ("entries", "danger_statements", "scalings", "decisions", "actions"):
        planned[key] = []
    for report in planned["reports"]:
        report["shared_with_parents_on"] = None
    for item in planned["agenda"]:
        item["status"] = "pending"
    return planned


def _shifted(text: str, days: int) -> str:
    """Every ISO date (and the date part of every ISO time) in the JSON text moved by `days`."""
    cache: dict[str, str] = {}

    def move(found: re.Match[str]) -> str:
        old = found.group(0)
        if old not in cache:
            cache[old] = (date.fromisoformat(old) + timedelta(days=days)).isoformat()
        return cache[old]

    return _DAY.sub(move, text)


def _family_packages(
    number: int, families: int, today: date, templates: dict[str, Any]
) -> list[dict[str, Any]]:
    name = f"{SURNAMES[number % len(SURNAMES)]}-{number // len(SURNAMES) + 1}"
    reference = f"BENCH-{number + 1:05d}"
    # The chain's last conference: from 600 days before today to 150 days after.
    last = today - timedelta(days=600) + timedelta(days=750 * number // max(families - 1, 1))
    while last.weekday() >= 5:  # on a weekday; GAP is whole weeks, so all of them are
        last -= timedelta(days=1)
    days = [last - timedelta(days=GAP * (CONFERENCES - 1 - n)) for n in range(CONFERENCES)]
    packages: list[dict[str, Any]] = []
    previous: dict[str, str] | None = None
    for n, day in enumerate(days):
        future = day > today
        kind = "initial" if n == 0 else ("planned" if future else "review")
        template = templates[kind]
        held = datetime.fromisoformat(template["conference"]["scheduled_at"]).date()
        text = json.dumps(template)
        text = text.replace("Fernlow", name).replace("DEMO-1001", reference)
        package = json.loads(_shifted(text, (day - held).days))
        conference = package["conference"]
        if previous is not None:
            conference["previous"] = previous
        if not future and (today - day).days > 28 and number % 10 != 9:
            conference["outcome_letter_sent_on"] = (day + timedelta(days=5)).isoformat()
            conference["record_issued_on"] = (day + timedelta(days=20)).isoformat()
        previous = {"kind": conference["kind"], "scheduled_at": conference["scheduled_at"]}
        packages.append(package)
    return packages


def build(families: int, path: Path) -> None:
    """Build the database of `families` families at `path` (the caller holds `_building`)."""
    from chairdesk.services.base import ServiceContext
    from chairdesk.services.package import validate_package
    from chairdesk.services.package_import import PackageImporter
    from chairdesk.storage import open_database

    started = time.perf_counter()
    _remove(path)
    initial, review = _templates()
    templates = {"initial": initial, "review": review, "planned": _planned(review)}
    for template in templates.values():
        validate_package(template)
    today = date.today()
    database = open_database(str(path), PASSPHRASE, create=True)
    conferences = 0
    try:
        context = ServiceContext(database)
        for first in range(0, families, BATCH):
            with database.transaction() as session:
                for number in range(first, min(first + BATCH, families)):
                    for package in _family_packages(number, families, today, templates):
                        if number == 0:
                            validate_package(package)
                        PackageImporter(session, context, package).run()
                        conferences += 1
    finally:
        database.close()
    seconds = time.perf_counter() - started
    path.with_suffix(".json").write_text(
        json.dumps(
            {
                "version": BUILDER_VERSION,
                "built_on": today.isoformat(),
                "families": families,
                "conferences": conferences,
                "seconds": round(seconds, 1),
            }
        )
    )
    size = path.stat().st_size / 1e6
    print(
        f"built {families} families ({conferences} conferences) in {seconds:.0f} s: "
        f"{path} ({size:.1f} MB)",
        flush=True,
    )


def plan_database(actions: int = 300) -> tuple[Path, int]:
    """A database holding the demo review with `actions` actions (the demo's, repeated, each
    numbered), built once through the package import; its path and the conference's id."""
    path = DATA / f"plan-{actions}.db"
    with _building(path):  # not half-built by another process: its builder holds the lock
        if path.exists():
            return path, 1
        return path, _build_plan(actions, path)


def _build_plan(actions: int, path: Path) -> int:
    from chairdesk.services.base import ServiceContext
    from chairdesk.services.package import PackageService
    from chairdesk.storage import open_database

    _initial, review = _templates()
    made = []
    for number in range(actions):
        action = copy.deepcopy(review["actions"][number % len(review["actions"])])
        action.update(id=number + 1, position=number + 1, carried_from=None)
        action["what"] = f"{number + 1}. {action['what']}"
        made.append(action)
    review["actions"] = made
    review["conference"]["previous"] = None
    database = open_database(str(path), PASSPHRASE, create=True)
    try:
        summary = PackageService(ServiceContext(database)).import_package(review)
    finally:
        database.close()
    return summary.id


def main() -> int:
    wanted = [int(x) for x in sys.argv[1:] if x.isdigit()] or list(SIZES)
    rebuild = "--rebuild" in sys.argv
    for families in wanted:
        path = database_for(families, rebuild=rebuild)
        print(f"{families} families: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
