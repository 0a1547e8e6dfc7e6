"""The dbt project as Dagster assets: one asset per model and seed, dbt tests as asset checks."""

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from pipelines.assets.reports import DUCKDB_WRITER
from pipelines.config import EXPECTATIONS_DIR, dbt_target
from pipelines.dagster_dbt_lite import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliInvocation,
    DbtCliResource,
    dbt_assets,
)
from pipelines.quality.gx import warm_up
from pipelines.quality.preview import preview, query_preview
from pipelines.resources import WarehouseResource, dbt_project
from pipelines.versions import dbt_project_version
from pipelines.warehouse import store
from pipelines.warehouse.publish import BUILDS_TABLE

# The fact tables are incremental by report (dbt_project/macros/incremental_reports.sql).
# They are rebuilt from scratch when the dbt project itself changed since the last
# successful build of this build database, recorded in `BUILDS_TABLE`.


class OversightDbtTranslator(DagsterDbtTranslator):
    """Group models by their folder (staging, intermediate, marts, seeds); marts checked by GX say so."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "seed":
            return "lookups"
        fqn = dbt_resource_props.get("fqn") or []
        return fqn[1] if len(fqn) > 2 else "warehouse"

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if spec.key.path[0] == "marts" and (EXPECTATIONS_DIR / f"{spec.key.path[-1]}.json").exists():
            return spec.merge_attributes(kinds={"great_expectations"})
        return spec


def _with_previews(invocation: DbtCliInvocation, events: Iterable[Any], build_db: Any) -> Iterator[Any]:
    """Pass dbt's events on, adding row counts and a few rows to the marts, and failing rows to tests.

    DuckDB lets one process open the build file while dbt writes it, so the events that
    get a preview are held until dbt has finished, then read from the file.
    """
    held = []
    for event in events:
        is_mart = isinstance(event, dg.Output) and event.output_name.startswith("marts__")
        is_failure = isinstance(event, dg.AssetCheckResult) and not event.passed
        if is_mart or is_failure:
            held.append(event)
        else:
            yield event
    invocation.wait()
    if not held or not build_db.exists():
        yield from held
        return
    nodes: dict[str, Any] | None = None  # dbt's manifest: read only when a test failed
    with store.connect(build_db, read_only=True) as connection:
        for event in held:
            extra: dict[str, Any] = {}
            try:
                if isinstance(event, dg.Output):
                    count, table = preview(connection, f"marts.{event.output_name.removeprefix('marts__')}")
                    extra = {"dagster/row_count": count, "preview": dg.MetadataValue.md(table)}
                else:
                    unique_id = event.metadata["unique_id"].value
                    if nodes is None:
                        nodes = (invocation.get_artifact("manifest.json") or {}).get("nodes", {})
                    sql = nodes.get(unique_id, {}).get("compiled_code")
                    if sql:
                        extra = {"failing_rows_sample": dg.MetadataValue.md(query_preview(connection, sql))}
            except Exception as error:  # a preview is a courtesy: never fail the build for it
                extra = {"preview_error": str(error)}
            yield event.with_metadata({**event.metadata, **extra})


def last_built_version(warehouse: WarehouseResource, target: str = "build") -> str | None:
    """The dbt project fingerprint of the last successful `dbt build` on `target`, recorded in this build database.

    Builds are recorded per target: a first build on another target (MotherDuck) has
    none, so it builds everything, the seed and views included.
    """
    settings = warehouse.settings
    if not settings.build_db.exists():
        return None
    with store.connect(settings.build_db) as connection:
        connection.execute(
            f"create table if not exists {BUILDS_TABLE} "
            "(built_at timestamptz, dbt_project_version varchar, full_refresh boolean, dbt_target varchar)"
        )
        connection.execute(f"alter table {BUILDS_TABLE} add column if not exists dbt_target varchar")
        rows = connection.execute(
            f"select dbt_project_version from {BUILDS_TABLE} where dbt_target = ? order by built_at desc limit 1",
            [target],
        ).fetchall()
    return rows[0][0] if rows else None


def record_build(warehouse: WarehouseResource, version: str, full_refresh: bool, target: str = "build") -> None:
    with store.connect(warehouse.settings.build_db) as connection:
        connection.execute(
            f"insert into {BUILDS_TABLE} (built_at, dbt_project_version, full_refresh, dbt_target) values (?, ?, ?, ?)",
            [datetime.now(UTC), version, full_refresh, target],
        )


# What a refresh of the data leaves out of `dbt build` when the project is unchanged: the
# seed and the views before the marts. Their definitions are part of the project's
# fingerprint, so they are as the last build left them, and a view is a stored query
# that DuckDB binds again whenever it is read: new rows reach it without dbt. dbt's cost
# is per node (about 60 ms of its Python each, on one core), and these were 21 of 84.
# Their tests still run, on the new rows: `--indirect-selection empty` keeps a test
# whose model is left out. The views in the marts are built as before, like every mart
# the publication reads. A pick of assets in the UI builds what it picks.
DATA_REFRESH_SKIPS = [
    "resource_type:seed",
    "config.materialized:view,path:models/staging",
    "config.materialized:view,path:models/intermediate",
]


def _builds_everything(context: dg.AssetExecutionContext) -> bool:
    """True when the run selects every dbt model and test (a refresh, not a pick in the UI).

    A selection made in the UI is passed to dbt by dagster-dbt, which sets dbt's indirect
    selection itself: it is left as it is.
    """
    assets_def = context.assets_def
    return context.selected_asset_keys == assets_def.keys and context.selected_asset_check_keys == assets_def.check_keys


def build_dbt_assets() -> dg.AssetsDefinition:
    project = dbt_project()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=OversightDbtTranslator(
            # raw.report_files, raw.report_documents and raw.rejected_files are all written
            # by the report_files asset: three sources, one asset key.
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_duplicate_source_asset_keys=True)
        ),
        op_tags=DUCKDB_WRITER,
    )
    def warehouse_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ) -> Iterator[Any]:
        """`dbt build`: seeds, models and their tests, in dependency order.

        Incremental fact tables take only new or changed reports. `--full-refresh` (and
        the unit tests) when the dbt project changed since the last build on the profile's
        target, or there is none; otherwise every data test but not the unchanged seed and
        views (`DATA_REFRESH_SKIPS`). dbt's target folder lives beside the build database,
        one per warehouse, so dbt's partial parsing carries over from run to run (the
        profile names the warehouse path).
        """
        version, profile_target = dbt_project_version(), dbt_target()
        full_refresh = last_built_version(warehouse, profile_target) != version
        if full_refresh:
            context.log.info("the dbt project changed since the last build (or there is none): full refresh")
            arguments = ["build", "--full-refresh"]
        else:
            # dbt unit tests check the models' logic on fixed inputs, not the data: they ran
            # and passed when this version of the project was last built, so a refresh of
            # the data leaves them out (they run in `make test` and on every code change).
            arguments = ["build", "--exclude-resource-type", "unit_test"]
            if _builds_everything(context):
                # one value, space-separated: dagster-dbt reads `--exclude` as one argument
                skipped = " ".join(["resource_type:unit_test", *DATA_REFRESH_SKIPS])
                arguments = ["build", "--exclude", skipped, "--indirect-selection", "empty"]
        target = warehouse.settings.warehouse_dir / "dbt_target"
        warm_up()  # Great Expectations checks the marts next; its import overlaps dbt
        invocation = dbt.cli(arguments, context=context, raise_on_error=False, target_path=target)
        yield from _with_previews(invocation, invocation.stream(), warehouse.settings.build_db)
        error = invocation.get_error()
        if error is not None:
            raise error
        record_build(warehouse, version, full_refresh, profile_target)

    return warehouse_models
