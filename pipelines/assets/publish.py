"""The published warehouse: swapped in only after every blocking check has passed."""

from collections.abc import Sequence

import dagster as dg

from pipelines.assets.reports import DUCKDB_WRITER
from pipelines.resources import WarehouseResource
from pipelines.versions import extractor_version
from pipelines.warehouse import store
from pipelines.warehouse.publish import build_fingerprint, publish


def code_versions() -> dict[str, str]:
    from pipelines.resources import dbt_project

    manifest = dbt_project().manifest_path
    return {"extractor": extractor_version(), "dbt_manifest": str(manifest.stat().st_mtime_ns)}


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


def build_publish_asset(marts: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        name="published_warehouse",
        deps=list(marts),
        group_name="publish",
        kinds={"duckdb"},
        description=(
            "warehouse.duckdb for analysts: the marts schema of the build database, copied to a "
            "new file and renamed into place atomically. Runs only when the Great Expectations "
            "checks on the marts pass; unchanged inputs publish nothing new."
        ),
        op_tags=DUCKDB_WRITER,
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        settings = warehouse.settings
        with store.connect(settings.build_db, read_only=True) as connection:
            fingerprint = build_fingerprint(connection, code_versions())
        publication = publish(
            settings.build_db,
            settings.published_db,
            fingerprint,
            details={"run_id": context.run_id, "checks": _checks_of_run(context)},
        )
        if publication.published:
            context.log.info(f"published {settings.published_db}")
        else:
            context.log.info("nothing changed since the last publication; the warehouse was left as it is")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(settings.published_db)),
                "published": publication.published,
                "fingerprint": publication.fingerprint,
                **{f"rows {name}": count for name, count in sorted(publication.row_counts.items())},
                "data_docs": dg.MetadataValue.path(
                    str(settings.warehouse_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html")
                ),
            }
        )

    return published_warehouse
