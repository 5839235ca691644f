"""Build hook: the wheel carries the repository's ``pipeline/`` as ``isecg_extract/_pipeline``.

``pipeline/`` at the top of the repository stays the one source of the registries, patterns,
settings and schemas; it is copied into the package only when a wheel is built, so an
installed package extracts from any folder. Editable installs and checkouts read
``pipeline/`` where it is (see ``isecg_extract.config.default_pipeline_dir``). Everything else
about the build is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "pipeline"
TARGET = ("isecg_extract", "_pipeline")


class build_py_with_pipeline(build_py):  # noqa: N801 - setuptools command naming
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's pipeline/ itself
        if not (SOURCE / "settings.toml").is_file():
            raise SystemExit(f"{SOURCE}: missing; the wheel needs the pipeline/ folder")
        dest = Path(self.build_lib).joinpath(*TARGET)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(SOURCE, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": build_py_with_pipeline})
