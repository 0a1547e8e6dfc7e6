"""Run the Great Expectations suites in `expectations/` on pandas frames, write Data Docs.

Suites are JSON files under version control, one per published mart, named after it
(`expectations/fct_kpi.json`). They are validated with GX 1.x on a pandas frame read
from the build database: GX's SQL path against DuckDB is not relied on. A file-backed GX
context under the warehouse directory keeps validation results, so the Data Docs site
(`<warehouse>/gx/uncommitted/data_docs/local_site/index.html`) shows every run.

A refresh validates in a child process (`validate_marts`): the frames, and the batches
GX keeps of them for the life of its context, go with the child instead of staying in
the pipeline process through publication and the scorecard (0.6 GB at 10,000 reports).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from pipelines.config import gx_runs_kept
from pipelines.pools import process_pool
from pipelines.warehouse import store

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
logging.getLogger("great_expectations").setLevel(logging.ERROR)


@dataclass
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None
    unexpected_sample: list[Any] = field(default_factory=list)


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    successful: int
    outcomes: list[ExpectationOutcome]
    data_docs: Path | None

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


def suite_paths(directory: Path) -> dict[str, Path]:
    """Suite name -> file, for every suite in the expectations directory."""
    return {path.stem: path for path in sorted(directory.glob("*.json"))}


def load_suite_definition(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        definition: dict[str, Any] = json.load(handle)
    if "expectations" not in definition:
        raise ValueError(f"{path}: not an expectation suite (no 'expectations' list)")
    return definition


@cache
def _context(root: str) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=root)
    if context.variables.config_variables_file_path:
        # The suites use no config variables. With a variables file named, GX parses it
        # (a template of comments) each time it reads a setting: 400 times per refresh.
        context.variables.config_variables_file_path = None
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
        context = gx.get_context(mode="file", project_root_dir=root)
    return context


def _suite(context: Any, name: str, definition: dict[str, Any]) -> Any:
    import great_expectations as gx
    from great_expectations.expectations.registry import get_expectation_impl

    suite = gx.ExpectationSuite(name=name, meta=definition.get("meta", {}))
    for item in definition["expectations"]:
        expectation = get_expectation_impl(item["type"])(**item.get("kwargs", {}), meta=item.get("meta") or None)
        suite.add_expectation(expectation)
    return context.suites.add_or_update(suite)


_COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list", "column_set")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def suite_columns(definition: dict[str, Any], available: list[str]) -> list[str]:
    """The columns a suite reads, in table order: all a validation needs to load.

    Reading only these keeps a large mart's frame small (the quotes are read only where a
    suite tests them). Columns named in a `row_condition` count; a suite with only
    table-level expectations still gets one column, so that rows can be counted.

    >>> suite_columns({"expectations": [{"kwargs": {"column": "b", "row_condition": 'c=="x"'}}]}, ["a", "b", "c"])
    ['b', 'c']
    """
    wanted: set[str] = set()
    for item in definition["expectations"]:
        kwargs = item.get("kwargs", {})
        for key in _COLUMN_KWARGS:
            value = kwargs.get(key)
            wanted.update([value] if isinstance(value, str) else value or [])
        wanted.update(_IDENTIFIER.findall(str(kwargs.get("row_condition") or "")))
    columns = [c for c in available if c in wanted]
    return columns or available[:1]


def _with_iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO strings, so suites stored as JSON can test them with a pattern."""
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    if not dates:
        return frame  # no copy of a large frame
    return frame.assign(
        **{c: frame[c].dt.strftime("%Y-%m-%d").astype(object).where(frame[c].notna(), None) for c in dates}
    )


# The child process that validates the next refresh, started (and importing GX) early.
_warmed: ProcessPoolExecutor | None = None


def warm_up() -> None:
    """Start the process that will validate, and its import of Great Expectations.

    The import takes a few seconds. Started while dbt builds (a child process, with the
    pipeline process waiting on its output), it is done by the time the suites run.
    """
    global _warmed
    if _warmed is None:
        _warmed = process_pool(1)
        _warmed.submit(importlib.import_module, "great_expectations")


def read_mart(connection: Any, name: str, suite: dict[str, Any]) -> pd.DataFrame:
    """The columns of `marts.<name>` that the suite reads, as a pandas frame."""
    available = [
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
            "order by ordinal_position",
            [name],
        ).fetchall()
    ]
    columns = ", ".join(f'"{c}"' for c in suite_columns(suite, available))
    return connection.execute(f"select {columns} from marts.{name}").fetch_df()


def validate_marts(
    build_db: Path, definitions: dict[str, dict[str, Any]], gx_root: Path
) -> list[tuple[int, SuiteResult]]:
    """Validate `marts.<name>` of `build_db` against each suite in `definitions`, in a child
    process (the one `warm_up` started, if any): the rows read and the result, per suite.
    """
    global _warmed
    pool, _warmed = _warmed or process_pool(1), None
    with pool:
        return pool.submit(_validate_marts, build_db, definitions, gx_root).result()


def _validate_marts(
    build_db: Path, definitions: dict[str, dict[str, Any]], gx_root: Path
) -> list[tuple[int, SuiteResult]]:
    with store.connect(build_db, read_only=True) as connection:
        frames = {name: read_mart(connection, name, definition) for name, definition in definitions.items()}
    results = validate_frames([(name, frames[name], definition) for name, definition in definitions.items()], gx_root)
    return [(len(frames[name]), result) for name, result in zip(definitions, results, strict=True)]


def validate_frames(
    suites: list[tuple[str, pd.DataFrame, dict[str, Any]]], gx_root: Path, keep_runs: int | None = None
) -> list[SuiteResult]:
    """Validate each (suite name, frame, suite definition); then update the Data Docs site once.

    Each suite runs as its own checkpoint (results are stored under the GX context); the
    site is built once for all of them, since a build renders the index of every stored
    result and costs more than a validation. Only the newest `keep_runs` results of each
    suite are kept (default `OVERSIGHT_GX_KEEP_RUNS`, 60): see `prune_results`.
    """
    gx_root.mkdir(parents=True, exist_ok=True)
    context = _context(str(gx_root))
    validated = [
        _run_checkpoint(context, name, _with_iso_dates(frame), definition) for name, frame, definition in suites
    ]
    prune_results(gx_root, gx_runs_kept() if keep_runs is None else keep_runs)
    identifiers = [i for _, ids in validated for key in ids for i in (key, key.expectation_suite_identifier)]
    context.build_data_docs(resource_identifiers=identifiers, build_index=True)
    docs = gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return [
        SuiteResult(
            suite=name,
            success=all(o.success for o in outcomes),
            evaluated=len(outcomes),
            successful=sum(o.success for o in outcomes),
            outcomes=outcomes,
            data_docs=docs if docs.exists() else None,
        )
        for (name, _, _), (outcomes, _) in zip(suites, validated, strict=True)
    ]


def prune_results(gx_root: Path, keep: int) -> int:
    """Delete all but the newest `keep` stored results of each suite, with their Data Docs pages.

    Results live in `gx/uncommitted/validations/<suite>/<run name>/<run time>/`, pages
    under the same path in the site; run times sort as they happened. Returns how many
    results were deleted.
    """
    uncommitted = gx_root / "gx" / "uncommitted"
    stored, pages = uncommitted / "validations", uncommitted / "data_docs" / "local_site" / "validations"
    if not stored.is_dir():
        return 0
    removed = 0
    for suite in sorted(p for p in stored.iterdir() if p.is_dir()):
        runs = sorted(
            (run for name in suite.iterdir() if name.is_dir() for run in name.iterdir() if run.is_dir()),
            key=lambda run: run.name,
        )
        for run in runs[: max(0, len(runs) - keep)]:
            shutil.rmtree(run)
            shutil.rmtree(pages / run.relative_to(stored), ignore_errors=True)
            removed += 1
    return removed


def _run_checkpoint(
    context: Any, suite_name: str, frame: pd.DataFrame, definition: dict[str, Any]
) -> tuple[list[ExpectationOutcome], list[Any]]:
    """The outcomes of one suite on one frame, and the identifiers of the stored results."""
    import great_expectations as gx

    suite = _suite(context, suite_name, definition)
    source_name = "oversight_marts"
    try:
        source = context.data_sources.get(source_name)
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas(source_name)
    try:
        asset = source.get_asset(suite_name)
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset(suite_name)
    try:
        batch_definition = asset.get_batch_definition("whole_table")
    except (KeyError, ValueError):
        batch_definition = asset.add_batch_definition_whole_dataframe("whole_table")
    validation = gx.ValidationDefinition(name=f"validate_{suite_name}", data=batch_definition, suite=suite)
    validation = context.validation_definitions.add_or_update(validation)
    checkpoint = gx.Checkpoint(
        name=f"checkpoint_{suite_name}",
        validation_definitions=[validation],
        actions=[],
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5},
    )
    checkpoint = context.checkpoints.add_or_update(checkpoint)
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    outcomes: list[ExpectationOutcome] = []
    for run_result in result.run_results.values():
        for item in run_result.results:
            config = item.expectation_config
            details = item.result or {}
            outcomes.append(
                ExpectationOutcome(
                    expectation=config.type,
                    column=config.kwargs.get("column"),
                    success=bool(item.success),
                    unexpected_count=details.get("unexpected_count"),
                    unexpected_sample=list(details.get("partial_unexpected_list") or [])[:5],
                )
            )
    return outcomes, list(result.run_results)
