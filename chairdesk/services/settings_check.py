"""Council settings checked against resources/schema/council-settings.schema.json.

The schema says what each setting may hold (and, in its titles, what a person calls it); this
module turns the first thing wrong into the one plain line a chair or an IT service desk sees
("the most actions in a plan must be from 1 to 50, not 0"), and what is right into the form
CouncilSettings holds (tuples, floats, text without surrounding spaces).

jsonschema is imported only here, when something is checked: a value is written, a council
file is first read, or stored values this process has not seen checked (settings.py remembers a
digest of those it has), so the first screen does not wait for it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from chairdesk import paths
from chairdesk.errors import ValidationError

SCHEMA_FILE = "council-settings.schema.json"
#: Type errors on a list, which the schema's titles alone do not put plainly.
_NOT_A_LIST = {
    "advocacy_services": "advocacy services must be a list, one service per line",
    "custom_glossary": "the council's glossary must be a list of terms and explanations",
}


@cache
def schema_text() -> str:
    return paths.resource("schema", SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def _validator() -> Any:
    import jsonschema  # here, not at the top: the first screen never needs it

    return jsonschema.Draft202012Validator(json.loads(schema_text()))


def digest(stored: Mapping[str, Any]) -> str:
    """A fingerprint of stored values and of the schema they were checked against."""
    text = json.dumps(dict(stored), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256((schema_text() + "\0" + text).encode("utf-8")).hexdigest()


def validate(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check each value (in the order given) and return them in their settings form.

    Raises:
        ValidationError: an unknown key or a bad value, in one plain line.
    """
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        value = _as_json(_as_pairs(value) if key == "custom_glossary" else value)
        errors = list(_validator().iter_errors({key: value}))
        if errors:
            first = min(errors, key=lambda e: (len(e.absolute_path), _indexes(e), _rank(e)))
            raise ValidationError(_message(key, value, first))
        checked[key] = settings_form(key, value)
    seen: set[str] = set()
    for term, _explanation in checked.get("custom_glossary", ()):
        if term.casefold() in seen:  # beyond a schema: the same term in any case
            raise ValidationError(f"the glossary term {term!r} appears twice")
        seen.add(term.casefold())
    return checked


def settings_form(key: str, value: Any) -> Any:
    """A value the schema accepts, as CouncilSettings holds it."""
    if isinstance(value, str):
        return value.strip()
    if key == "advocacy_services":
        return tuple(item.strip() for item in value)
    if key == "custom_glossary":
        return tuple((term.strip(), text.strip()) for term, text in _as_pairs(value))
    if key == "reading_ease_target":
        return float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 3.0 in a JSON file is the whole number 3
    return value


def _as_pairs(value: Any) -> Any:
    """Glossary entries written as {"term": …, "explanation": …} become [term, explanation]."""
    if isinstance(value, list | tuple):
        return [
            [item.get("term"), item.get("explanation")] if isinstance(item, Mapping) else item
            for item in value
        ]
    return value


def _as_json(value: Any) -> Any:
    """Tuples as the lists JSON has (the schema knows only lists)."""
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    return value


def _indexes(error: Any) -> tuple[int, ...]:
    return tuple(p if isinstance(p, int) else -1 for p in error.absolute_path)


def _rank(error: Any) -> int:
    """A wrong kind of value is named before what is wrong with its size."""
    return 0 if error.validator in ("type", "additionalProperties", "enum") else 1


def _message(key: str, value: Any, error: Any) -> str:
    """The schema's complaint as a person would put it."""
    if error.validator == "additionalProperties":
        return f"there is no setting called {key!r}"
    if key == "region":
        choices = ", ".join(error.schema["enum"])
        return f"region must be one of {choices}, not {value!r}"
    schema, path = error.schema, list(error.absolute_path)
    label = schema.get("title", key.replace("_", " "))
    if path[1:2] and key == "custom_glossary":
        if len(path) == 2:
            return "each glossary entry needs a term and an explanation"
        if path[2] == 1:
            label = f"the explanation of {str(value[path[1]][0]).strip()!r}"
    low, high = schema.get("minimum"), schema.get("maximum")
    kind = schema.get("type")
    if error.validator == "type":
        if key in _NOT_A_LIST and len(path) == 1:
            return _NOT_A_LIST[key]
        if "integer" in kind:
            return f"{label} must be a whole number from {low} to {high}"
        if kind == "number":
            return f"{label} must be a number from {low} to {high}"
        if kind == "boolean":
            return f"{label} must be true or false"
        return f"{label} must be text"
    if error.validator in ("minimum", "maximum"):
        return f"{label} must be from {low} to {high}, not {error.instance}"
    if error.validator == "maxLength":
        return f"{label} is too long: at most {schema['maxLength']} characters"
    if error.validator in ("pattern", "minLength"):
        return f"{label} cannot be empty"
    return f"{label} is not a value this setting can hold"
