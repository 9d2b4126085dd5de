"""Bundle benchmark: the PyInstaller bundle's size on disk, and its start-up against the source.

Size: the one-folder bundle built from build_installer.spec, each file counted once (the links
PyInstaller makes to Qt's libraries are not followed), as allocated on disk and as file bytes,
against the target of 200 MB; then the largest parts.

Start-up: the time from launching the program until its first usable window (the passphrase
dialog over an existing demo database) is mapped on a private Xvfb display with the xcb
platform, seen from outside by polling `xwininfo`; the process is then ended. The bundle
(`dist/chairdesk/chairdesk --db ...`) against the source install (`python -m chairdesk --db
...`, with compiled bytecode as an installed copy has), one warm-up run each, then ROUNDS runs
of each alternately; the ratio of the medians. No passphrase is typed, so no key derivation.

    python bench/bench_bundle.py                      # build into a temporary folder
    python bench/bench_bundle.py --dist /tmp/cd/dist  # build there, and keep it
    python bench/bench_bundle.py --dist /tmp/cd/dist --reuse   # measure an existing build
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 200.0
ROUNDS = 7
PASSPHRASE = "benchmark passphrase only"
POLL_SECONDS = 0.02
# A top-level Qt window titled ChairDesk whose class names the app, e.g.
#   0x200007 "ChairDesk": ("chairdesk" "ChairDesk")  460x140+400+290  +400+290
WINDOW = re.compile(r'^\s*(0x[0-9a-f]+) "ChairDesk": \("[^"]*" "ChairDesk"\)', re.MULTILINE)


def build(dist: Path, work: Path) -> Path:
    """Build the bundle into `dist` (never into the repository); the bundle's folder."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build_installer.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return dist / "chairdesk"


def size_on_disk(folder: Path) -> tuple[int, int]:
    """(bytes allocated on disk, bytes in files) for everything under `folder`, each file once."""
    seen: set[tuple[int, int]] = set()
    allocated = content = 0
    for parent, _folders, files in os.walk(folder):
        for name in files:
            status = os.lstat(os.path.join(parent, name))
            if (status.st_dev, status.st_ino) in seen:
                continue
            seen.add((status.st_dev, status.st_ino))
            allocated += status.st_blocks * 512
            content += status.st_size
    return allocated, content


def largest_parts(folder: Path, count: int = 10) -> list[tuple[str, int]]:
    """The biggest entries directly inside the bundle's `_internal` folder, by allocated bytes."""
    inside = folder / "_internal"
    parts = []
    for entry in inside.iterdir():
        if entry.is_symlink():
            continue
        size = size_on_disk(entry)[0] if entry.is_dir() else entry.stat().st_blocks * 512
        parts.append((entry.name, size))
    return sorted(parts, key=lambda part: part[1], reverse=True)[:count]


@contextmanager
def private_display() -> Iterator[str]:
    """An Xvfb display of our own, ended afterwards."""
    read_end, write_end = os.pipe()
    # -noreset: the server would otherwise reset, refusing connections, as each run ends.
    command = ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-noreset"]
    server = subprocess.Popen(
        [*command, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as reader:
            number = reader.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _window_shown(display: str) -> bool:
    environment = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(
        ["xwininfo", "-root", "-children"], capture_output=True, text=True, env=environment
    ).stdout
    for window in WINDOW.findall(tree):
        details = subprocess.run(
            ["xwininfo", "-id", window], capture_output=True, text=True, env=environment
        ).stdout
        if "Map State: IsViewable" in details:
            return True
    return False


def time_to_window(command: list[str], environment: dict[str, str], display: str) -> float:
    """Seconds from launching `command` until its ChairDesk window is viewable."""
    with tempfile.TemporaryFile() as errors:
        launched = time.perf_counter()
        process = subprocess.Popen(
            command,
            env={**environment, "DISPLAY": display},
            stdout=subprocess.DEVNULL,
            stderr=errors,
            cwd=tempfile.gettempdir(),
        )
        try:
            while not _window_shown(display):
                if process.poll() is not None:
                    errors.seek(0)
                    said = errors.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"{command[0]} ended before showing a window:\n{said}")
                if time.perf_counter() - launched > 120:
                    raise RuntimeError(f"{command[0]} showed no window in 120 s")
                time.sleep(POLL_SECONDS)
            return time.perf_counter() - launched
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _environment(folder: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(folder / "home"),  # no settings or logs of the person running this
            "PYTHONPYCACHEPREFIX": str(folder / "bytecode"),  # compiled once, on the warm-up
        }
    )
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.pop("CHAIRDESK_DB", None)
    return environment


def measure_start_up(bundle: Path, rounds: int) -> tuple[list[float], list[float]] | None:
    """(bundle seconds, source seconds) per run; None where Xvfb or xwininfo is missing."""
    if not all(_on_path(tool) for tool in ("Xvfb", "xwininfo")):
        return None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        environment = _environment(folder)
        db = str(folder / "demo.db")
        subprocess.run(
            [sys.executable, "-m", "chairdesk", "demo", "--db", db],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            env={**environment, "CHAIRDESK_PASSPHRASE": PASSPHRASE},
        )
        frozen = [str(bundle / "chairdesk"), "--db", db]
        source = [sys.executable, "-m", "chairdesk", "--db", db]
        source_environment = {**environment, "PYTHONPATH": str(ROOT)}
        bundle_runs, source_runs = [], []
        with private_display() as display:
            time_to_window(frozen, environment, display)  # warm the disk cache
            time_to_window(source, source_environment, display)  # and write the bytecode
            for _ in range(rounds):
                bundle_runs.append(time_to_window(frozen, environment, display))
                source_runs.append(time_to_window(source, source_environment, display))
    return bundle_runs, source_runs


def _on_path(tool: str) -> bool:
    return any(
        os.access(os.path.join(folder, tool), os.X_OK)
        for folder in os.environ.get("PATH", "").split(os.pathsep)
    )


def _spread(values: list[float]) -> str:
    return f"(runs {min(values) * 1000:.0f} to {max(values) * 1000:.0f} ms)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="build into (or, with --reuse, read) DIST")
    parser.add_argument("--reuse", action="store_true", help="measure DIST without building")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="start-up runs of each")
    options = parser.parse_args(argv)
    if options.reuse and options.dist is None:
        parser.error("--reuse needs --dist")
    with tempfile.TemporaryDirectory(prefix="chairdesk-bundle-") as scratch:
        dist = options.dist or Path(scratch) / "dist"
        if options.reuse:
            bundle = dist / "chairdesk"
        else:
            started = time.perf_counter()
            bundle = build(dist, Path(scratch) / "work")
            print(f"build:                                 {time.perf_counter() - started:7.0f} s")
        if not (bundle / "chairdesk").exists():
            raise SystemExit(f"no bundle at {bundle}")
        allocated, content = size_on_disk(bundle)
        verdict = "met" if allocated / 1e6 < TARGET_MB else "missed"
        print(
            f"bundle size on disk:                   {allocated / 1e6:7.1f} MB"
            f"  (target < {TARGET_MB:.0f} MB: {verdict})"
        )
        print(f"bundle size, file bytes:               {content / 1e6:7.1f} MB")
        for name, size in largest_parts(bundle):
            print(f"    {name:34s} {size / 1e6:7.1f} MB")
        runs = measure_start_up(bundle, options.rounds)
    if runs is None:
        print("start-up: not measured (needs Xvfb and xwininfo)")
        return 0
    frozen, source = (statistics.median(r) for r in runs)
    print(f"bundle, start-up to the first window:  {frozen * 1000:7.0f} ms  {_spread(runs[0])}")
    print(f"source, start-up to the first window:  {source * 1000:7.0f} ms  {_spread(runs[1])}")
    print(f"ratio of medians, bundle / source:     {frozen / source:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
