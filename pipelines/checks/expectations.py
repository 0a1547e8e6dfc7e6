"""Great Expectations suites (`expectations/*.json`) as blocking asset checks on the marts.

Each suite is named after the mart it checks. A failed expectation fails the check with
ERROR severity, which stops the run before `published_warehouse`: the previous published
warehouse stays in place.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.config import EXPECTATIONS_DIR
from pipelines.quality.gx import SuiteResult, load_suite_definition, suite_paths, validate_marts
from pipelines.quality.preview import markdown_table
from pipelines.resources import WarehouseResource


def _spec_for(name: str, path: Path, asset_key: dg.AssetKey) -> dg.AssetCheckSpec:
    definition = load_suite_definition(path)
    description = definition.get("meta", {}).get("description") or f"Great Expectations suite {path.name}"
    # A suite marked "blocking": false reports inconsistencies the reports themselves contain:
    # it warns, and publication goes ahead.
    return dg.AssetCheckSpec(
        name=f"expectations_{name}",
        asset=asset_key,
        description=f"{description} (expectations/{path.name}, {len(definition['expectations'])} expectations).",
        blocking=_blocking(definition),
    )


def _blocking(definition: dict[str, Any]) -> bool:
    return bool(definition.get("meta", {}).get("blocking", True))


def _check_result(
    name: str, asset_key: dg.AssetKey, blocking: bool, rows: int, result: SuiteResult
) -> dg.AssetCheckResult:
    failed = [
        {
            "expectation": o.expectation,
            "column": o.column,
            "unexpected_count": o.unexpected_count,
            "sample": [str(v) for v in o.unexpected_sample],
        }
        for o in result.failed
    ]
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=f"expectations_{name}",
        passed=result.success,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={
            "rows": rows,
            "expectations": result.evaluated,
            "successful": result.successful,
            "failed_expectations": dg.MetadataValue.json(failed),
            "failing_rows": sum(o.unexpected_count or 0 for o in result.failed),
            "failing_rows_sample": dg.MetadataValue.md(
                markdown_table(
                    ["expectation", "column", "failing rows", "sample values"],
                    [(f["expectation"], f["column"], f["unexpected_count"], ", ".join(f["sample"])) for f in failed],
                )
            ),
            "data_docs": dg.MetadataValue.path(str(result.data_docs or "")),
        },
    )


def build_expectation_checks(mart_keys: dict[str, dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """One blocking check per suite file, all run by one step; every suite must name a mart.

    The suites run together so that the Data Docs site is built once per refresh, not once
    per suite (a build renders the index of every stored result). Each is still its own
    check on its own mart, blocking or not as its file says.
    """
    suites = suite_paths(EXPECTATIONS_DIR)
    unknown = sorted(set(suites) - set(mart_keys))
    if unknown:
        raise ValueError(f"expectation suites without a mart of that name: {', '.join(unknown)}")
    specs = {name: _spec_for(name, path, mart_keys[name]) for name, path in suites.items()}

    @dg.multi_asset_check(specs=list(specs.values()), name="great_expectations", can_subset=True)
    def great_expectations(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> Iterator[dg.AssetCheckResult]:
        """Validate the selected marts against their suites in `expectations/`."""
        settings = warehouse.settings
        selected = [name for name, spec in specs.items() if spec.key in context.selected_asset_check_keys]
        definitions = {name: load_suite_definition(suites[name]) for name in selected}
        results = validate_marts(settings.build_db, definitions, settings.warehouse_dir)
        for name, (rows, result) in zip(selected, results, strict=True):
            yield _check_result(name, mart_keys[name], _blocking(definitions[name]), rows, result)

    return [great_expectations]
