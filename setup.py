"""Compiles the parser and the extractors with mypyc (metadata lives in pyproject.toml).

The modules of `pipelines.parsing` and `pipelines.extraction` are plain, fully typed
Python (`mypy --strict`); mypyc turns them into C extensions that give the same facts
faster. Their `__init__` modules and the fact models stay Python, so that facts pickle
as any dataclass does (mypyc's frozen classes do not unpickle; `Block` says how). When
mypyc or a C compiler is missing, or the build fails, the install goes on without the
extensions and the source runs (`pipelines/compiled.py` says which a checkout uses).
`OVERSIGHT_PURE_PYTHON=1` skips compiling.

    python setup.py build_ext --inplace   # what `make build` runs after a source changed
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
PACKAGES = ("pipelines/parsing", "pipelines/extraction")
PYTHON_ONLY = {"__init__.py", "models.py"}
GROUP = "pipelines.compiled"  # the shared library: pipelines/compiled__mypyc.*.so


def compiled_sources() -> list[str]:
    return sorted(
        path.relative_to(HERE).as_posix()
        for package in PACKAGES
        for path in (HERE / package).glob("*.py")
        if path.name not in PYTHON_ONLY
    )


def _skip(reason: str) -> list:
    print(f"oversight: parsing and extraction stay Python source: {reason}", file=sys.stderr)
    return []


# The setup.py commands that build; the others (egg_info, dist_info, sdist) read metadata.
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def extensions() -> list:
    if BUILDING.isdisjoint(sys.argv[1:]):
        return []
    if os.environ.get("OVERSIGHT_PURE_PYTHON", "").strip() not in ("", "0"):
        return _skip("OVERSIGHT_PURE_PYTHON is set")
    try:
        from mypyc.build import mypycify
    except ImportError as error:
        return _skip(f"mypyc is not installed ({error})")
    os.chdir(HERE)  # mypyc names modules after paths relative to the project
    try:
        return mypycify(compiled_sources(), opt_level="3", group_name=GROUP)
    except (Exception, SystemExit) as error:  # a type error mypyc will not compile
        return _skip(f"mypyc failed ({error})")


class OptionalBuildExt(build_ext):
    """build_ext that falls back to the source when compiling fails, and writes the
    manifest of what it compiled beside the extensions."""

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as error:  # no compiler, no headers: the source still runs
            _skip(f"compiling failed ({error})")
            return
        import mypy.version

        manifest = {
            "mypyc": mypy.version.__version__,
            "sources": {path: hashlib.sha256((HERE / path).read_bytes()).hexdigest() for path in compiled_sources()},
        }
        shared = Path(self.get_ext_fullpath(GROUP + "__mypyc"))
        target = shared.parent / "compiled.json"  # beside it, in place or in the wheel
        target.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
