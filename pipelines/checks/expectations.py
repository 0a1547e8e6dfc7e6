"""Great Expectations suites (`expectations/*.json`) as blocking asset checks on the marts.

Each suite is named after the mart it checks. A failed expectation fails the check with
ERROR severity, which stops the run before `published_warehouse`: the previous published
warehouse stays in place.
"""

from typing import Any

import dagster as dg
import pandas as pd

from pipelines.config import EXPECTATIONS_DIR
from pipelines.quality.gx import load_suite_definition, suite_columns, suite_paths, validate_frame
from pipelines.quality.preview import markdown_table
from pipelines.resources import WarehouseResource
from pipelines.warehouse import store


def _check_for(name: str, asset_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    path = suite_paths(EXPECTATIONS_DIR)[name]
    definition = load_suite_definition(path)
    description = definition.get("meta", {}).get("description") or f"Great Expectations suite {path.name}"
    # A suite marked "blocking": false reports inconsistencies the reports themselves contain:
    # it warns, and publication goes ahead.
    blocking = bool(definition.get("meta", {}).get("blocking", True))

    @dg.asset_check(
        asset=asset_key,
        name=f"expectations_{name}",
        description=f"{description} (expectations/{path.name}, {len(definition['expectations'])} expectations).",
        blocking=blocking,
    )
    def great_expectations_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        settings = warehouse.settings
        suite = load_suite_definition(path)
        with store.connect(settings.build_db, read_only=True) as connection:
            frame = read_mart(connection, name, suite)
        result = validate_frame(frame, name, suite, settings.warehouse_dir)
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
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata={
                "rows": len(frame),
                "expectations": result.evaluated,
                "successful": result.successful,
                "failed_expectations": dg.MetadataValue.json(failed),
                "failing_rows": sum(o.unexpected_count or 0 for o in result.failed),
                "failing_rows_sample": dg.MetadataValue.md(
                    markdown_table(
                        ["expectation", "column", "failing rows", "sample values"],
                        [
                            (f["expectation"], f["column"], f["unexpected_count"], ", ".join(f["sample"]))
                            for f in failed
                        ],
                    )
                ),
                "data_docs": dg.MetadataValue.path(str(result.data_docs or "")),
            },
        )

    return great_expectations_check


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


def build_expectation_checks(mart_keys: dict[str, dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """One blocking check per suite file; every suite must name a mart of the dbt project."""
    suites = suite_paths(EXPECTATIONS_DIR)
    unknown = sorted(set(suites) - set(mart_keys))
    if unknown:
        raise ValueError(f"expectation suites without a mart of that name: {', '.join(unknown)}")
    return [_check_for(name, mart_keys[name]) for name in suites]
