"""Whether a plan can be issued, read from the action table alone (no whole action views).

The Plan page asks after every edit; `ActionService.readiness` builds every action's view
through the ORM (progress notes and date moves included), 50 to 80 ms at 300 actions on the GUI
thread. This reads the four columns the answer needs in one plain query and gives the same
`PlanReadiness`, in the same words.
"""

from __future__ import annotations

from chairdesk.domain import ActionOwner, ActionStatus
from chairdesk.services.base import ServiceContext
from chairdesk.services.settings import SettingsService
from chairdesk.views import PlanReadiness

_READ = (
    "SELECT what, who, by_when, owner, status FROM action "
    "WHERE conference_id = :conference ORDER BY position, id"
)
_MISSING_WORDS = {"what": "what needs to happen", "who": "who will do it", "by when": "by when"}
_OPEN = {s.value for s in ActionStatus if s.is_open}


def _in_words(parts: list[str]) -> str:
    """["what", "who", "by when"] -> "what needs to happen, who will do it or by when"."""
    words = [_MISSING_WORDS[part] for part in parts]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def plan_readiness(context: ServiceContext, conference_id: int) -> PlanReadiness:
    """Each action needs what, who and by when; too many family actions is a warning only."""
    limit = SettingsService(context).get().action_limit
    with context.database.reading() as read:
        rows = read(_READ, {"conference": conference_id})
    problems: list[str] = [] if rows else ["The plan has no actions yet."]
    family = 0
    for number, (what, who, by_when, owner, status) in enumerate(rows, start=1):
        missing = [
            part
            for part, empty in (
                ("what", not (what or "").strip()),
                ("who", not (who or "").strip()),
                ("by when", by_when is None),
            )
            if empty
        ]
        if missing:
            problems.append(f"Action {number} does not yet say {_in_words(missing)}.")
        family += owner == ActionOwner.FAMILY.value and status in _OPEN
    return PlanReadiness(
        ready=not problems,
        problems=tuple(problems),
        family_action_count=family,
        limit=limit,
        over_limit=family > limit,
    )


__all__ = ["plan_readiness"]
