"""Every page and dialog of the real window fits a 1366×768 laptop at 100% and 150% text.

Each size runs in a fresh process on an offscreen 1366×768 screen (tests/ui/screen_fit.py):
the demo family's conferences on every page, every Run agenda item, the help and the new
conference dialog, failing on a horizontal scroll bar or a control outside what can be seen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.screen_fit import laptop_platform

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("point_size", "after"),
    [(11, False), (17, False), (17, True)],
    ids=["100% text", "150% text", "150% text chosen with Ctrl+Plus once open"],
)
def test_every_page_fits_a_1366_by_768_laptop(tmp_path: Path, point_size: int, after: bool) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": laptop_platform(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_fit", str(point_size)]
        + (["--after"] if after else []),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == [1366, 768]
    # Opened fitted to the screen: never taller or wider than what it has.
    assert report["window"][1] <= 768 and report["window"][0] <= 1366 + 8, report["window"]
    assert report["minimum"][0] <= 1366, report["minimum"]
    assert report["problems"] == []
    assert len(report["looked_at"]) >= 30  # every page of both conferences, every Run item
