"""What analysts open beside the published warehouse: dbt's docs site and the scorecard.

Both run after `published_warehouse` and read what was published, so a run whose
blocking checks fail renders neither: the last good site stays in place. Neither is
redone for nothing: dbt's docs are generated again when the dbt project or the raw tables
change, and the scorecard renders only the pages whose report or figures changed.
"""

import dagster as dg

from pipelines.assets.reports import DUCKDB_WRITER
from pipelines.dagster_dbt_lite import DbtCliResource
from pipelines.dbt_docs import publish_dbt_docs
from pipelines.resources import WarehouseResource
from pipelines.scorecard import render_scorecard
from pipelines.versions import dbt_project_version, extractor_version

GX_DOCS = ("gx", "uncommitted", "data_docs", "local_site", "index.html")


def _file_link(path) -> dg.MetadataValue:  # type: ignore[no-untyped-def]
    return dg.MetadataValue.url(path.resolve().as_uri())


@dg.asset(
    deps=["published_warehouse"],
    group_name="publish",
    kinds={"dbt", "html"},
    description=(
        "dbt's documentation of every model, column and test, with the catalog of the built "
        "database: <warehouse>/dbt_docs/index.html, one static page that opens from disk."
    ),
    op_tags=DUCKDB_WRITER,
)
def dbt_docs(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, dbt: DbtCliResource
) -> dg.MaterializeResult:
    settings = warehouse.settings
    # The site documents the models, their columns and types, not the rows (DuckDB's
    # catalog has no table statistics): it changes only with the dbt project or with the
    # raw tables the extraction code writes, not with each publication of new data.
    stamp = f"{dbt_project_version()}|{extractor_version()}|{settings.build_db}"
    index, stamp_file = settings.dbt_docs_dir / "index.html", settings.dbt_docs_dir / ".published-fingerprint"
    generated = not (index.exists() and stamp_file.exists() and stamp_file.read_text() == stamp)
    if generated:
        # The build earlier in the run wrote the manifest, compiled SQL included, to this
        # target folder: the docs read it instead of compiling the project again.
        target = settings.warehouse_dir / "dbt_target"
        no_compile = ["--no-compile"] if (target / "manifest.json").exists() else []
        invocation = dbt.cli(["docs", "generate", "--static", *no_compile], raise_on_error=True, target_path=target)
        invocation.wait()
        index = publish_dbt_docs(invocation.target_path, settings.dbt_docs_dir)
        stamp_file.write_text(stamp)
    context.log.info(f"dbt docs: {index}" + ("" if generated else " (dbt project and raw tables unchanged)"))
    return dg.MaterializeResult(
        metadata={
            "dbt_docs": _file_link(index),
            "path": dg.MetadataValue.path(str(index)),
            "size_bytes": index.stat().st_size,
            "generated": generated,
        }
    )


@dg.asset(
    deps=["published_warehouse", dbt_docs],
    group_name="publish",
    kinds={"python", "html"},
    description=(
        "The scorecard: a static HTML site rendered from the published warehouse "
        "(<warehouse>/scorecard/index.html). KPI targets against actuals, grades as a heat map "
        "with direction arrows and the national distribution, money by fiscal year, workforce "
        "diversity over time; one page per report listing every figure with its source words."
    ),
)
def scorecard(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    links = {}
    if (settings.dbt_docs_dir / "index.html").exists():
        links["dbt_docs"] = "../dbt_docs/index.html"
    if settings.warehouse_dir.joinpath(*GX_DOCS).exists():
        links["data_docs"] = "../" + "/".join(GX_DOCS)
    site = render_scorecard(settings.published_db, settings.scorecard_dir, links, settings.workers)
    context.log.info(
        f"scorecard: {site.index}"
        + (f" ({site.reused} of {site.pages} pages unchanged, carried over)" if site.rendered else " (unchanged)")
    )
    return dg.MaterializeResult(
        metadata={
            "scorecard": _file_link(site.index),
            "path": dg.MetadataValue.path(str(site.index)),
            "pages": site.pages,
            "rendered": site.rendered,
            "pages_carried_over": site.reused,
        }
    )
