"""`python -m chairdesk`: the same as the `chairdesk` command."""

from __future__ import annotations

import sys

from chairdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
