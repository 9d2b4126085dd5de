"""Offline guessing cost at the shipped Argon2id settings: guesses per second on this machine.

Run pinned to one core for the per-core figure: `taskset -c 0 python3 scripts/measure_kdf.py`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chairdesk.storage.keys import KdfParameters, derive_key

GUESSES = 20


def main() -> None:
    parameters = KdfParameters()  # what ChairDesk ships, whatever the environment says
    salt = os.urandom(16)
    derive_key("warm up", salt, parameters)
    started = time.perf_counter()
    for number in range(GUESSES):
        derive_key(f"guess {number}", salt, parameters)
    elapsed = time.perf_counter() - started
    print(
        f"{GUESSES / elapsed:.2f} guesses per second ({elapsed / GUESSES * 1000:.0f} ms each) "
        f"at Argon2id t={parameters.time_cost}, m={parameters.memory_cost_kib} KiB, "
        f"p={parameters.parallelism}"
    )


if __name__ == "__main__":
    main()
