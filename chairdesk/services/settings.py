"""Council settings: timescales, marking, region and limits, from a council file and the database.

Where a value comes from, lowest first:

1. the defaults below (DOMAIN.md §2);
2. the council file: IT deploy a JSON object of the same keys and point the
   ``CHAIRDESK_SETTINGS`` environment variable at it (or pass ``council_file``);
3. the settings stored in the database (changed in the app with ``SettingsService.update``).

So a stored value overrides the council file, which overrides the default. We keep it simple
on purpose: there is no list of keys a council can lock. ``SettingsService.reset`` removes a
stored value so the council file's (or the default) applies again.

Every value is checked against resources/schema/council-settings.schema.json
(services/settings_check.py) when it is written and when a council file is first read; stored
values are read back without the schema when the digest stored beside them still fits.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from chairdesk.errors import ValidationError
from chairdesk.services import settings_check
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings_check import validate
from chairdesk.storage.database import Database

log = logging.getLogger(__name__)

COUNCIL_FILE_VARIABLE = "CHAIRDESK_SETTINGS"

REGIONS: dict[str, str] = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}

DEFAULT_COMPLAINTS_TEXT = (
    "If you are unhappy about the conference or the plan, tell the chair or the social worker "
    "first. They will try to put it right. If you are still unhappy, you can make a complaint "
    "to Example Borough Council's Children's Services complaints team: phone 01632 960400, or "
    "write to Complaints Team, Example Borough Council, Town Hall, Example Street. You can ask "
    "an advocate to help you. Making a complaint will not count against you."
)

DEFAULT_ADVOCACY_SERVICES: tuple[str, ...] = (
    "Example Family Advocacy Service: 01632 960123",
    "Parents' Voice Example (independent advice for parents): 01632 960456",
    "Young People's Advocacy Example (for children and young people): 01632 960789",
)


@dataclass(frozen=True)
class CouncilSettings:
    """The values one council works to. Every timescale of DOMAIN.md §2 is here."""

    marking: str = "OFFICIAL-SENSITIVE"
    council_name: str = "Example Borough Council"
    region: str = "england-and-wales"
    # Timescales (DOMAIN.md §2).
    icpc_within_working_days: int = 15
    first_core_group_working_days: int = 10
    first_review_months: int = 3
    first_review_calendar_days: int | None = None  # some councils: 90 days instead of 3 months
    later_review_months: int = 6
    prebirth_review_working_days_after_birth: int = 20
    outcome_letter_working_days: int = 1
    record_working_days: int = 15
    reports_to_parents_before_icpc: int = 3
    reports_to_parents_before_review: int = 5
    reports_to_chair_before_icpc: int = 1
    reports_to_chair_before_review: int = 3
    inquorate_reconvene_working_days: int = 10
    # Limits and prompts.
    action_limit: int = 8
    reading_ease_target: float = 60.0
    deplanning_scaling_threshold: int = 8
    require_second_approval: bool = False
    idle_lock_minutes: int = 5
    clipboard_clear_seconds: int = 60
    # Years a concluded conference stays on this device before ChairDesk suggests removing
    # it. A placeholder: each council sets it from its own records retention schedule.
    retention_years: int = 25
    # What parents are told.
    complaints_text: str = DEFAULT_COMPLAINTS_TEXT
    advocacy_services: tuple[str, ...] = DEFAULT_ADVOCACY_SERVICES
    custom_glossary: tuple[tuple[str, str], ...] = ()

    @property
    def region_label(self) -> str:
        return REGIONS[self.region]


SETTING_KEYS: tuple[str, ...] = tuple(f.name for f in fields(CouncilSettings))

# Read before the ORM loads (tests/services/test_home_sql.py runs it on both databases).
SETTINGS_SQL = "SELECT key, value FROM setting"
#: A row beside the settings: the digest of the stored values when they were last checked
#: against the schema (settings_check.digest), so reading them need not check them again.
CHECKED_KEY = "_checked"
_CHECKED_HERE: dict[str, dict[str, Any]] = {}  # digest -> values, checked in this process
_COUNCIL_FILES: dict[str, CouncilSettings] = {}  # a council file's digest -> its settings


def _to_json(value: Any) -> Any:
    """Tuples become lists so the JSON column holds plain JSON."""
    if isinstance(value, tuple):
        return [_to_json(item) for item in value]
    return value


def load_council_file(path: str | Path) -> CouncilSettings:
    """The defaults overlaid with a council's JSON settings file.

    Raises:
        ValidationError: the file cannot be read, is not a JSON object, or holds a bad value.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            f"the council settings file {path} cannot be read: ask your IT service desk"
        ) from error
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"the council settings file {path} is not valid JSON (line {error.lineno}): "
            "ask your IT service desk"
        ) from error
    if not isinstance(data, dict):
        raise ValidationError(f"the council settings file {path} must hold a JSON object")
    fingerprint = settings_check.digest(data)
    if fingerprint not in _COUNCIL_FILES:  # checked when this process first reads it
        try:
            checked = validate(data)
        except ValidationError as error:
            raise ValidationError(f"the council settings file {path.name}: {error}") from error
        _COUNCIL_FILES[fingerprint] = replace(CouncilSettings(), **checked)
    return _COUNCIL_FILES[fingerprint]


def stored_settings(database: Database) -> dict[str, Any]:
    """The settings changed in the app, as stored, by key (read without the ORM: the first
    screen needs them before SQLAlchemy has loaded)."""
    with database.reading() as read:
        rows = read(SETTINGS_SQL, {})
    if database.is_sqlite:
        # The JSON column comes back as its text there, except numbers: SQLite's column
        # affinity stores JSON text that reads as a number as that number.
        return {key: json.loads(v) if isinstance(v, str) else v for key, v in rows}
    return dict(rows)


def council_file_from_environment() -> Path | None:
    """The file named by ``CHAIRDESK_SETTINGS``, or None where it is unset or empty."""
    value = os.environ.get(COUNCIL_FILE_VARIABLE, "").strip()
    return Path(value) if value else None


class SettingsService:
    """Read and change the council settings. Every change is audited."""

    def __init__(self, context: ServiceContext, council_file: str | Path | None = None) -> None:
        """Args:
        context: the database, user and clock.
        council_file: the council's JSON file; None reads ``CHAIRDESK_SETTINGS``.
        """
        self._context = context
        self._council_file = Path(council_file) if council_file else None
        self._council: CouncilSettings | None = None

    def council_defaults(self) -> CouncilSettings:
        """The defaults with the council file applied (read once per service)."""
        if self._council is None:
            path = self._council_file or council_file_from_environment()
            self._council = load_council_file(path) if path else CouncilSettings()
        return self._council

    def get(self) -> CouncilSettings:
        """The settings in force: stored values over the council file over the defaults."""
        stored = stored_settings(self._context.database)
        sealed = stored.pop(CHECKED_KEY, None)
        fingerprint = settings_check.digest(stored)
        if sealed == fingerprint:  # as checked when they were written: no schema needed
            overrides = {k: settings_check.settings_form(k, v) for k, v in stored.items()}
        elif fingerprint in _CHECKED_HERE:
            overrides = _CHECKED_HERE[fingerprint]
        else:
            overrides = _CHECKED_HERE.setdefault(fingerprint, _valid_part(stored))
        return replace(self.council_defaults(), **overrides)

    def update(self, **changes: Any) -> CouncilSettings:
        """Store new values and return the settings now in force.

        Raises:
            ValidationError: an unknown key or a bad value; nothing is stored.
        """
        from chairdesk.models import Setting
        from chairdesk.services import audit

        checked = validate(changes)
        if not checked:
            return self.get()
        with self._context.database.transaction() as session:
            for key, value in checked.items():
                row = session.get(Setting, key)
                if row is None:
                    session.add(Setting(key=key, value=_to_json(value)))
                else:
                    row.value = _to_json(value)
            _seal(session)
            audit.record(
                session,
                self._context,
                "settings.changed",
                record_type="setting",
                detail={"keys": sorted(checked), "values": _auditable(checked)},
            )
        return self._due_board_follows()

    def reset(self, *keys: str) -> CouncilSettings:
        """Remove stored values so the council file's (or the default) apply again."""
        from chairdesk.models import Setting
        from chairdesk.services import audit

        unknown = [key for key in keys if key not in SETTING_KEYS]  # never CHECKED_KEY
        if unknown:
            raise ValidationError(f"there is no setting called {unknown[0]!r}")
        if not keys:
            return self.get()
        with self._context.database.transaction() as session:
            for key in keys:
                row = session.get(Setting, key)
                if row is not None:
                    session.delete(row)
            _seal(session)
            audit.record(
                session,
                self._context,
                "settings.reset",
                record_type="setting",
                detail={"keys": sorted(set(keys))},
            )
        return self._due_board_follows()

    def _due_board_follows(self) -> CouncilSettings:
        """The settings now in force, with Home's stored due board worked out under them."""
        from chairdesk.services.due_board import ensure_current

        rules = self.get()
        ensure_current(self._context, rules)
        return rules


def _valid_part(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values this version accepts, each checked against the schema."""
    overrides: dict[str, Any] = {}
    for key, value in stored.items():
        try:
            overrides.update(validate({key: value}))
        except ValidationError:
            # A key from a newer version, or a value this version no longer accepts: the
            # council's value applies. The key is not case data, so it may be logged.
            log.warning("ignoring stored setting %s: not valid in this version", key)
    return overrides


def _seal(session: Any) -> None:
    """Store the digest of the settings now stored, if every one of them is valid here."""
    from sqlalchemy import select

    from chairdesk.models import Setting

    session.flush()
    rows = {row.key: row for row in session.scalars(select(Setting))}
    seal = rows.pop(CHECKED_KEY, None)
    stored = {key: row.value for key, row in rows.items()}
    fingerprint = (
        settings_check.digest(stored) if _valid_part(stored).keys() == stored.keys() else ""
    )
    if seal is None:
        session.add(Setting(key=CHECKED_KEY, value=fingerprint))
    else:
        seal.value = fingerprint


def _auditable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers, switches and the region go into the audit detail; free text does not."""
    return {
        key: value
        for key, value in values.items()
        if value is None or isinstance(value, bool | int | float) or key == "region"
    }


def as_dict(settings: CouncilSettings) -> dict[str, Any]:
    """The settings as plain JSON values, in the form a council file uses."""
    return {key: _to_json(value) for key, value in asdict(settings).items()}
