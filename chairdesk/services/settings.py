"""Council settings: timescales, marking, region and limits, from a council file and the database.

Where a value comes from, lowest first:

1. the defaults below (DOMAIN.md §2);
2. the council file: IT deploy a JSON object of the same keys and point the
   ``CHAIRDESK_SETTINGS`` environment variable at it (or pass ``council_file``);
3. the settings stored in the database (changed in the app with ``SettingsService.update``).

So a stored value overrides the council file, which overrides the default. We keep it simple
on purpose: there is no list of keys a council can lock. ``SettingsService.reset`` removes a
stored value so the council file's (or the default) applies again.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from chairdesk.errors import ValidationError
from chairdesk.services.base import ServiceContext
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

# Plain names for error messages.
_LABELS: dict[str, str] = {
    "icpc_within_working_days": "working days from strategy discussion to initial conference",
    "first_core_group_working_days": "working days to the first core group",
    "first_review_months": "months to the first review",
    "first_review_calendar_days": "calendar days to the first review",
    "later_review_months": "months between reviews",
    "prebirth_review_working_days_after_birth": "working days after the birth to the review",
    "outcome_letter_working_days": "working days to send the outcome letter",
    "record_working_days": "working days to issue the record",
    "reports_to_parents_before_icpc": "working days reports reach parents before an ICPC",
    "reports_to_parents_before_review": "working days reports reach parents before a review",
    "reports_to_chair_before_icpc": "working days reports reach the chair before an ICPC",
    "reports_to_chair_before_review": "working days reports reach the chair before a review",
    "inquorate_reconvene_working_days": "working days to reconvene an inquorate conference",
    "action_limit": "the most actions in a plan",
    "reading_ease_target": "the reading ease target",
    "deplanning_scaling_threshold": "the scaling score that prompts an earlier review",
    "idle_lock_minutes": "minutes before the screen locks",
    "clipboard_clear_seconds": "seconds before copied text is cleared",
    "retention_years": "years a conference is kept",
}

# (lowest, highest) for each whole-number setting.
_INT_RANGES: dict[str, tuple[int, int]] = {
    "icpc_within_working_days": (1, 60),
    "first_core_group_working_days": (1, 60),
    "first_review_months": (1, 12),
    "first_review_calendar_days": (1, 366),
    "later_review_months": (1, 12),
    "prebirth_review_working_days_after_birth": (1, 120),
    "outcome_letter_working_days": (0, 30),
    "record_working_days": (1, 60),
    "reports_to_parents_before_icpc": (0, 30),
    "reports_to_parents_before_review": (0, 30),
    "reports_to_chair_before_icpc": (0, 30),
    "reports_to_chair_before_review": (0, 30),
    "inquorate_reconvene_working_days": (1, 60),
    "action_limit": (1, 50),
    "deplanning_scaling_threshold": (0, 10),
    "idle_lock_minutes": (1, 240),
    "clipboard_clear_seconds": (5, 3600),
    "retention_years": (1, 100),
}

# Read before the ORM loads (tests/services/test_home_sql.py runs it on both databases).
SETTINGS_SQL = "SELECT key, value FROM setting"
_SHORT_TEXT = 200
_LONG_TEXT = 10_000


def _label(key: str) -> str:
    return _LABELS.get(key, key.replace("_", " "))


def _whole_number(key: str, value: Any) -> int:
    low, high = _INT_RANGES[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{_label(key)} must be a whole number from {low} to {high}")
    if not low <= value <= high:
        raise ValidationError(f"{_label(key)} must be from {low} to {high}, not {value}")
    return value


def _optional_whole_number(key: str, value: Any) -> int | None:
    return None if value is None else _whole_number(key, value)


def _text(limit: int, required: bool) -> Callable[[str, Any], str]:
    def check(key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"{_label(key)} must be text")
        text: str = value.strip()
        if required and not text:
            raise ValidationError(f"{_label(key)} cannot be empty")
        if len(text) > limit:
            raise ValidationError(f"{_label(key)} is too long: at most {limit} characters")
        return text

    return check


def _region(key: str, value: Any) -> str:
    if not isinstance(value, str) or value not in REGIONS:
        choices = ", ".join(REGIONS)
        raise ValidationError(f"region must be one of {choices}, not {value!r}")
    return value


def _score(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{_label(key)} must be a number from 0 to 100")
    if not 0 <= value <= 100:
        raise ValidationError(f"{_label(key)} must be from 0 to 100, not {value}")
    return float(value)


def _yes_no(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"{key.replace('_', ' ')} must be true or false")
    return value


def _services(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError("advocacy services must be a list, one service per line")
    checked = tuple(_text(_SHORT_TEXT, True)("an advocacy service", item) for item in value)
    return checked


def _glossary(key: str, value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError("the council's glossary must be a list of terms and explanations")
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in value:
        if isinstance(item, Mapping):
            item = (item.get("term"), item.get("explanation"))
        if isinstance(item, str) or not isinstance(item, list | tuple) or len(item) != 2:
            raise ValidationError("each glossary entry needs a term and an explanation")
        term = _text(_SHORT_TEXT, True)("a glossary term", item[0])
        explanation = _text(_LONG_TEXT, True)(f"the explanation of {term!r}", item[1])
        if term.casefold() in seen:
            raise ValidationError(f"the glossary term {term!r} appears twice")
        seen.add(term.casefold())
        pairs.append((term, explanation))
    return tuple(pairs)


_VALIDATORS: dict[str, Callable[[str, Any], Any]] = {
    "marking": _text(_SHORT_TEXT, True),
    "council_name": _text(_SHORT_TEXT, True),
    "region": _region,
    "first_review_calendar_days": _optional_whole_number,
    "reading_ease_target": _score,
    "require_second_approval": _yes_no,
    "complaints_text": _text(_LONG_TEXT, True),
    "advocacy_services": _services,
    "custom_glossary": _glossary,
}
_VALIDATORS.update({key: _whole_number for key in _INT_RANGES if key not in _VALIDATORS})
assert set(_VALIDATORS) == set(SETTING_KEYS), "every setting needs a validator"


def validate(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check each value and return them in their settings form (tuples, floats).

    Raises:
        ValidationError: an unknown key or a bad value, in one plain line.
    """
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        validator = _VALIDATORS.get(key)
        if validator is None:
            raise ValidationError(f"there is no setting called {key!r}")
        checked[key] = validator(key, value)
    return checked


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
    try:
        checked = validate(data)
    except ValidationError as error:
        raise ValidationError(f"the council settings file {path.name}: {error}") from error
    return replace(CouncilSettings(), **checked)


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
        overrides: dict[str, Any] = {}
        for key, value in stored.items():
            try:
                overrides.update(validate({key: value}))
            except ValidationError:
                # A key from a newer version, or a value this version no longer accepts:
                # the council's value applies. The key is not case data, so it may be logged.
                log.warning("ignoring stored setting %s: not valid in this version", key)
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

        unknown = [key for key in keys if key not in SETTING_KEYS]
        if unknown:
            raise ValidationError(f"there is no setting called {unknown[0]!r}")
        if not keys:
            return self.get()
        with self._context.database.transaction() as session:
            for key in keys:
                row = session.get(Setting, key)
                if row is not None:
                    session.delete(row)
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
