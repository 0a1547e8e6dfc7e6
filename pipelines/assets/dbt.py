"""The dbt project as Dagster assets: one asset per model and seed, dbt tests as asset checks."""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from pipelines.assets.reports import DUCKDB_WRITER
from pipelines.resources import dbt_project


class OversightDbtTranslator(DagsterDbtTranslator):
    """Group models by their folder (staging, intermediate, marts, seeds)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "seed":
            return "lookups"
        fqn = dbt_resource_props.get("fqn") or []
        return fqn[1] if len(fqn) > 2 else "warehouse"


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
    def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        """`dbt build`: seeds, models and their tests, in dependency order."""
        yield from dbt.cli(["build"], context=context).stream()

    return warehouse_models
