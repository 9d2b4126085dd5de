"""Writes resources/translations/chairdesk.pot, the template a council translates.

Run after changing any fixed string of a parent's copy: python3 scripts/make_catalogue_template.py
"""

from __future__ import annotations

from babel.messages.pofile import write_po

from chairdesk.export.catalogue import template_path
from chairdesk.export.catalogue_template import template


def main() -> None:
    path = template_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, template(), sort_output=True, include_lineno=False, width=100)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
