"""The published warehouse: swapped in only after every blocking check has passed."""

from collections.abc import Sequence

import dagster as dg

from pipelines.assets.reports import DUCKDB_WRITER, FORCE_TAG
from pipelines.resources import WarehouseResource
from pipelines.versions import code_versions
from pipelines.warehouse import store
from pipelines.warehouse.publish import build_fingerprint, file_listing, last_scan, publish


def _checks_of_run(context: dg.AssetExecutionContext) -> dict[str, int]:
    """How many asset checks of this run passed and failed before publication."""
    records = context.instance.get_records_for_run(
        context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    passed = sum(1 for r in records if r.event_log_entry.dagster_event.event_specific_data.passed)
    return {"passed": passed, "failed": len(records) - passed}


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
        versions = code_versions()
        with store.connect(settings.build_db, read_only=True) as connection:
            fingerprint = build_fingerprint(connection, versions)
            scan = last_scan(connection) | file_listing(connection)
        publication = publish(
            settings.build_db,
            settings.published_db,
            fingerprint,
            # raw_dir, raw_state, files and code_versions let the next `oversight run` stop early (freshness.py)
            details={"run_id": context.run_id, "checks": _checks_of_run(context), **scan, "code_versions": versions},
            force=context.run.tags.get(FORCE_TAG) == "true",
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
