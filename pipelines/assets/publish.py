"""The published warehouse: swapped in only after every blocking check has passed."""

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from pipelines.assets.reports import DUCKDB_WRITER, FORCE_TAG
from pipelines.quality.preview import markdown_table, table_metadata
from pipelines.resources import WarehouseResource
from pipelines.versions import code_versions
from pipelines.warehouse import store
from pipelines.warehouse.publish import build_fingerprint, file_listing, last_scan, publish


def _checks_of_run(context: dg.AssetExecutionContext) -> dict[str, object]:
    """The asset checks of this run before publication: passed, failed (blocking) and warnings."""
    records = context.instance.get_records_for_run(
        context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    passed, failed, warned = 0, [], []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        if evaluation.passed:
            passed += 1
        elif evaluation.severity == dg.AssetCheckSeverity.WARN:
            warned.append(name)
        else:
            failed.append(name)
    return {
        "passed": passed,
        "failed": len(failed),
        "warned": len(warned),
        "failed_checks": sorted(failed),
        "warned_checks": sorted(warned),
    }


def _published_previews(path: Path) -> dict[str, object]:
    """The reports and the rejected files of the published warehouse, as Markdown tables."""
    reports = table_metadata(path, "marts.dim_report", ["source_file", "title", "publisher", "meeting_date"])
    rejected = table_metadata(path, "marts.rejected_files", ["source_file", "reason"])
    return {
        "reports": reports.get("preview", ""),
        "rejected_files": rejected.get("preview", "none"),
        "rejected": rejected.get("dagster/row_count", 0),
    }


def build_publish_asset(marts: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        name="published_warehouse",
        deps=list(marts),
        group_name="publish",
        kinds={"python", "duckdb"},
        description=(
            "warehouse.duckdb for analysts: the marts schema of the build database, written to a "
            "new file (whole, or by report into a copy of the last one) and renamed into place "
            "atomically. Runs only when the Great Expectations "
            "checks on the marts pass; unchanged inputs publish nothing new."
        ),
        op_tags=DUCKDB_WRITER,
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        settings = warehouse.settings
        versions = code_versions()
        with store.connect(settings.build_db, read_only=True) as connection:
            fingerprint = build_fingerprint(connection, versions)
            scan = last_scan(connection) | file_listing(connection)
        checks = _checks_of_run(context)
        publication = publish(
            settings.build_db,
            settings.published_db,
            fingerprint,
            # raw_dir, raw_state, files and code_versions let the next `oversight run` stop early (freshness.py)
            details={"run_id": context.run_id, "checks": checks, **scan, "code_versions": versions},
            force=context.run.tags.get(FORCE_TAG) == "true",
        )
        if publication.published:
            context.log.info(f"published {settings.published_db}")
        else:
            context.log.info("nothing changed since the last publication; the warehouse was left as it is")
        gx_docs = settings.warehouse_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
        counts = sorted(publication.row_counts.items())
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(settings.published_db)),
                "published": publication.published,
                "fingerprint": publication.fingerprint,
                "row_counts": dg.MetadataValue.md(markdown_table(["table", "rows"], counts)),
                **{f"rows {name}": count for name, count in counts},
                "checks_passed": checks["passed"],
                "checks_warned": dg.MetadataValue.json(checks["warned_checks"]),
                **_published_previews(settings.published_db),
                "data_docs": dg.MetadataValue.url(gx_docs.resolve().as_uri()),
                "dbt_docs": dg.MetadataValue.url((settings.dbt_docs_dir / "index.html").resolve().as_uri()),
                "scorecard": dg.MetadataValue.url((settings.scorecard_dir / "index.html").resolve().as_uri()),
            }
        )

    return published_warehouse
