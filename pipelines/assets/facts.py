"""Extracted facts per family and report metadata (schema `raw`), from one extraction pass."""

from collections.abc import Iterator

import dagster as dg

from pipelines.assets.reports import DUCKDB_WRITER, _progress, parsed_blocks
from pipelines.quality.preview import table_metadata
from pipelines.resources import WarehouseResource
from pipelines.warehouse.loading import extract_pending

FACT_ASSETS: dict[str, str] = {
    "extracted_kpis": "KPI figures: indicator, target, actual, baseline, change, period, scope.",
    "extracted_grades": "Inspection grades: area, grade, direction of travel, national distribution.",
    "extracted_budgets": "Money about the organisation: measure, amount, fiscal year, scope.",
    "extracted_workforce": "People: measure, value, unit, kind (actual, target, change, budgeted).",
    "extracted_milestones": "Business-plan milestones with period and status.",
    "report_metadata": "One row per document: title, number, meeting date, committee, author, publisher.",
}
_TABLE_OF = {key: ("extracted_reports" if key == "report_metadata" else key) for key in FACT_ASSETS}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            deps=[parsed_blocks],
            group_name="extract",
            kinds={"python", "duckdb"},
            description=f"{text} Table raw.{_TABLE_OF[key]}; one row per figure with its quote and span.",
        )
        for key, text in FACT_ASSETS.items()
    ],
    op_tags=DUCKDB_WRITER,
    can_subset=False,
)
def extracted_facts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult]:
    result = extract_pending(warehouse.settings, _progress(context, "documents extracted"))
    for key, table in _TABLE_OF.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "documents_extracted": result.documents,
                "rows_written": result.rows.get(table, 0),
                **table_metadata(warehouse.settings.build_db, f"raw.{table}"),
            },
        )
