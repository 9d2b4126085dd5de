"""Build hook: a wheel carries the repository's top-level resources/ as chairdesk/resources/.

resources/ stays at the top of the repository (DESIGN.md §2); an editable install and a source
checkout read it from there, an installed wheel from inside the package (chairdesk/paths.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "chairdesk" / "resources"
        shutil.copytree(HERE / "resources", target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
