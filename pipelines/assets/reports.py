"""Report files in, decoded documents and their blocks out (schema `raw`)."""

import dagster as dg

from pipelines.quality.preview import markdown_table, table_metadata
from pipelines.resources import WarehouseResource
from pipelines.versions import code_versions
from pipelines.warehouse import store
from pipelines.warehouse.loading import ScanResult, parse_pending, scan_raw_directory
from pipelines.warehouse.publish import build_fingerprint, published_fingerprint

DUCKDB_WRITER = {"oversight/writes-duckdb": "true"}
# A run tagged oversight/force=true rebuilds and republishes even when nothing changed.
FORCE_TAG = "oversight/force"


def _progress(context: dg.AssetExecutionContext, label: str):  # type: ignore[no-untyped-def]
    step = 0

    def report(done: int, total: int) -> None:
        nonlocal step
        if done == total or done - step >= max(1, total // 10):
            step = done
            context.log.info(f"{label}: {done}/{total}")

    return report


@dg.asset(
    group_name="ingest",
    kinds={"python", "duckdb"},
    description=(
        "Every file of the raw directory: hashed, decoded and stored once per distinct content "
        "(raw.report_files, raw.report_documents). Files that cannot be read land in "
        "raw.rejected_files with the reason; the run goes on without them. When the content "
        "and the code are those of the published warehouse, nothing downstream runs."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "all_files_readable",
            asset="report_files",
            description="Warns with the list of rejected files (file and reason); never blocks.",
        )
    ],
    op_tags=DUCKDB_WRITER,
    # Not materialised when nothing changed: parsing, extraction, dbt, the checks and
    # publication are then skipped, and the run succeeds having published nothing new.
    output_required=False,
)
def report_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource):  # type: ignore[no-untyped-def]
    settings = warehouse.settings
    forced = context.run.tags.get(FORCE_TAG) == "true"
    result = scan_raw_directory(settings, _progress(context, "files read"), rehash=forced)
    rejected = [{"file": r["source_file"], "reason": r["reason"]} for r in result.rejected]
    for item in rejected:
        context.log.warning(f"rejected {item['file']}: {item['reason']}")
    with store.connect(settings.build_db, read_only=True) as connection:
        fingerprint = build_fingerprint(connection, code_versions())
    unchanged = fingerprint == published_fingerprint(settings.published_db)
    if unchanged and not forced:
        context.log.info(
            "the files and the code are those of the published warehouse: nothing to parse, extract, "
            "build, check or publish"
        )
    else:
        yield _materialization(result, rejected, warehouse)
    yield dg.AssetCheckResult(
        check_name="all_files_readable",
        passed=not rejected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected": len(rejected),
            "failing_rows_sample": dg.MetadataValue.md(
                markdown_table(["file", "reason"], [(r["file"], r["reason"]) for r in rejected[:10]])
            ),
        },
    )


def _materialization(
    result: ScanResult, rejected: list[dict[str, str]], warehouse: WarehouseResource
) -> dg.MaterializeResult:
    return dg.MaterializeResult(
        metadata={
            "files_seen": result.files_seen,
            "new": result.new,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "removed": result.removed,
            "documents_loaded": result.documents_loaded,
            "rejected": len(rejected),
            "rejected_files": dg.MetadataValue.md(
                markdown_table(["file", "reason"], [(r["file"], r["reason"]) for r in rejected])
            ),
            "raw_dir": dg.MetadataValue.path(warehouse.raw_dir),
            **table_metadata(
                warehouse.settings.build_db,
                "raw.report_files",
                ["source_file", "size_bytes", "is_current", "modified_at", "first_seen_at"],
            ),
        }
    )


@dg.asset(
    deps=[report_files],
    group_name="ingest",
    kinds={"python", "duckdb"},
    description=(
        "Headings, paragraphs, list items and table rows of every current document, with "
        "character offsets and section paths (raw.parsed_blocks). Only new content is parsed."
    ),
    op_tags=DUCKDB_WRITER,
)
def parsed_blocks(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    parsed = parse_pending(warehouse.settings, _progress(context, "documents parsed"))
    return dg.MaterializeResult(
        metadata={
            "documents_parsed": parsed,
            **table_metadata(
                warehouse.settings.build_db,
                "raw.parsed_blocks",
                ["block_index", "kind", "label", "section", "page", "char_start", "char_end"],
            ),
        }
    )
