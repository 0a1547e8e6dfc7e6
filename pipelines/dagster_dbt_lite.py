"""dagster-dbt, loaded without dbt-core's Python modules: the names the project uses from it.

dagster-dbt drives dbt as a subprocess (`dbt build`, `dbt docs generate`) and reads its
JSON log; it imports dbt-core in the orchestrating process only for what this project
does not use: an in-process adapter (`fetch_row_counts`, `fetch_column_metadata`, which
`pipelines.resources.OversightDbtCliResource` already leaves unopened) and dbt's own
selection engine, for `select=` and `exclude=` strings other than "everything". When
dbt-core cannot be imported (as with the dbt Fusion engine) dagster-dbt defines the few
dbt types it needs itself and reads the selection of every node straight from the
manifest.

Importing dbt-core (its adapters, contracts and the mashumaro schemas behind them) and
building a dbt `Manifest` to select every node took 1.2 to 1.4 seconds in every process
that loads the definitions: `oversight run` (a tenth of a refresh that adds one report),
the Dagster UI's code server, the daemon, each test process. So dbt-core is hidden from
`import dagster_dbt`, and from it only: the finder below refuses the `dbt` package while
dagster-dbt is imported and is removed straight after. dbt itself still runs from the
environment's dbt-core, in its own process (`pipelines/dbt_launcher.py`), and its
version is read from the installed package (`OversightDbtCliResource._cli_version`), so
dagster-dbt parses dbt-core's log format. A process that imported dbt-core before
(a test that runs dbt in process) loads dagster-dbt the ordinary way; both ways build the
same assets and checks (tests/assets/test_dagster_dbt_lite.py).

Every `@dbt_assets` of the project selects all of the manifest: a selection string
would need dbt-core's selector, which dagster-dbt then refuses with an error at load.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType


class _WithoutDbtCore(importlib.abc.MetaPathFinder):
    """Refuses `dbt` and its submodules (not `dbt_common` or `dbt_adapters`'s other packages)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname == "dbt" or fullname.startswith("dbt."):
            raise ModuleNotFoundError(f"dbt-core is not loaded into this process: {fullname}", name=fullname)
        return None


def _import_dagster_dbt() -> None:
    if "dagster_dbt" in sys.modules or "dbt" in sys.modules:
        return  # already imported, or dbt-core is already here: nothing left to save
    finder = _WithoutDbtCore()
    sys.meta_path.insert(0, finder)
    try:
        import dagster_dbt  # noqa: F401
    finally:
        sys.meta_path.remove(finder)


_import_dagster_dbt()

from dagster_dbt import (  # noqa: E402
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation  # noqa: E402

__all__ = [
    "DagsterDbtTranslator",
    "DagsterDbtTranslatorSettings",
    "DbtCliInvocation",
    "DbtCliResource",
    "DbtProject",
    "dbt_assets",
]
