"""Whether the parser and the extractors run compiled, or from their Python source.

`setup.py` compiles `pipelines.parsing` and `pipelines.extraction` (every module but the
packages' `__init__` and the fact models, kept Python so that facts pickle) into C
extensions with mypyc, and writes `MANIFEST` beside them: the sha256 of
each source it compiled. The compiled modules give the same facts as the source, about
a quarter faster for extraction and a third for parsing (`make bench-extract`).

Python imports an extension before a source file of the same name, so a source edited
since the build would be shadowed by its stale extension. The finder installed when
`pipelines` is imported prevents that: when a module of those packages is first
imported, it checks every compiled source against the manifest and, if one differs, an
extension is missing, or `OVERSIGHT_PURE_PYTHON` is set, loads them all from source.
It is all or none, since compiled modules call one another directly.
`make build` (which `make run` and `make test` run first) compiles again when a source
changed. `oversight run` prints which one it uses, and why.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
MANIFEST = PACKAGE / "compiled.json"
PREFIXES = ("pipelines.extraction.", "pipelines.parsing.")
ENV = "OVERSIGHT_PURE_PYTHON"
SHARED = "compiled__mypyc"  # setup.py's group name, "pipelines.compiled", as mypyc names its library


@dataclass(frozen=True)
class Build:
    compiled: bool
    reason: str

    def __str__(self) -> str:
        return f"compiled with mypyc ({self.reason})" if self.compiled else f"Python source ({self.reason})"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inspect(manifest_path: Path = MANIFEST) -> Build:
    """Whether the build beside `manifest_path` may be used, and why (not)."""
    if os.environ.get(ENV, "").strip() not in ("", "0"):
        return Build(False, f"{ENV} is set")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        sources: dict[str, str] = manifest["sources"]
    except FileNotFoundError:
        return Build(False, "not compiled: run `make build`")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Build(False, f"unreadable {manifest_path.name}: {error}")
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    # The compiled code itself, which each module's extension loads.
    if not any(manifest_path.with_name(SHARED + suffix).is_file() for suffix in suffixes):
        return Build(False, f"{SHARED} is missing: run `make build`")
    for relative, digest in sorted(sources.items()):
        source = manifest_path.parent.parent / relative
        if not source.is_file() or _digest(source) != digest:
            return Build(False, f"{relative} changed since it was compiled: run `make build`")
        if not any(source.with_suffix(suffix).is_file() for suffix in suffixes):
            return Build(False, f"the extension of {relative} is missing: run `make build`")
    return Build(True, f"{len(sources)} modules, mypyc {manifest.get('mypyc', '?')}")


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Decides on the first import of a compiled package's module; then, when the build
    is not used, finds those modules' source files and nothing else."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self._finders: dict[str, importlib.machinery.FileFinder] = {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(PREFIXES):
            return None
        if self.build is None:
            self.build = _inspect()
        if self.build.compiled:
            return None
        for entry in path or ():
            finder = self._finders.get(entry)
            if finder is None:
                finder = importlib.machinery.FileFinder(
                    entry,
                    (importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES),
                    (importlib.machinery.SourcelessFileLoader, importlib.machinery.BYTECODE_SUFFIXES),
                )
                self._finders[entry] = finder
            spec = finder.find_spec(fullname)
            if spec is not None:
                return spec
        return None


_FINDER = _SourceFirst()


def install() -> None:
    """Put the finder first among the import system's finders (once)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def build() -> Build:
    """Which this process runs: decided when the first such module is imported."""
    if _FINDER.build is None:
        _FINDER.build = _inspect()
    return _FINDER.build


def use_source(reason: str) -> None:
    """Run this process on the source, before any module of those packages is imported."""
    loaded = sorted(name for name in sys.modules if name.startswith(PREFIXES))
    if loaded and build().compiled:
        raise RuntimeError(f"modules already imported compiled: {', '.join(loaded[:3])}")
    _FINDER.build = Build(False, reason)
