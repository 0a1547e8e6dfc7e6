"""The single Definitions object of the Oversight code location."""

from __future__ import annotations

import os

import dagster as dg

from pipelines import instance_sqlite
from pipelines.assets.dbt import build_dbt_assets
from pipelines.assets.docs import dbt_docs, scorecard
from pipelines.assets.facts import extracted_facts
from pipelines.assets.publish import build_publish_asset
from pipelines.assets.reports import DUCKDB_WRITER, parsed_blocks, report_files
from pipelines.checks.expectations import build_expectation_checks
from pipelines.config import Settings, get_settings
from pipelines.progress import progress_logger
from pipelines.resources import WarehouseResource, dbt_resource
from pipelines.schedules import nightly_refresh
from pipelines.sensors import raw_files_sensor

# Dagster's SQLite history commits without an fsync each (see the module): in every process
# that loads these definitions (`oversight run`, `dagster dev` and its run workers).
instance_sqlite.install()

MARTS = ("dim_report", "fct_kpi", "fct_grade", "fct_budget", "fct_workforce", "fct_milestone")
REFRESH_JOB = "refresh_warehouse"
EXECUTOR_ENV = "OVERSIGHT_EXECUTOR"


def executor_named(name: str) -> dg.ExecutorDefinition:
    """The executor of the refresh job: `in_process` (default), `multiprocess`, `k8s` or `celery`.

    One machine runs every step in one process: the steps write one DuckDB file in turn,
    and the parallel work (extraction) has its own process pool. `k8s` and `celery` (the
    `deploy` extra) run each step in its own pod or worker; their run config is in
    `deploy/` and docs/scaling.md says when they pay off.
    """
    if name == "in_process":
        return dg.in_process_executor
    if name == "multiprocess":
        return dg.multiprocess_executor
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    if name == "celery":
        from dagster_celery import celery_executor

        return celery_executor
    raise ValueError(f"{EXECUTOR_ENV}={name!r}: expected in_process, multiprocess, k8s or celery")


def build_definitions(settings: Settings, executor: str | None = None) -> dg.Definitions:
    executor_def = executor_named(executor or os.environ.get(EXECUTOR_ENV, "in_process"))
    warehouse_models = build_dbt_assets()
    mart_keys = {key.path[-1]: key for key in warehouse_models.keys if key.path[0] == "marts"}
    missing = [name for name in MARTS if name not in mart_keys]
    if missing:
        raise ValueError(f"the dbt project lacks the contract marts: {', '.join(missing)}")
    published = build_publish_asset(list(mart_keys.values()))
    refresh = dg.define_asset_job(
        REFRESH_JOB,
        selection=dg.AssetSelection.all(),
        description="Ingest, parse, extract, build the marts, check them, publish.",
        tags=DUCKDB_WRITER,
        executor_def=executor_def,
    )
    return dg.Definitions(
        assets=[report_files, parsed_blocks, extracted_facts, warehouse_models, published, dbt_docs, scorecard],
        asset_checks=build_expectation_checks(mart_keys),
        jobs=[refresh],
        schedules=[nightly_refresh(refresh)],
        sensors=[raw_files_sensor(refresh)],
        resources={"warehouse": WarehouseResource.from_settings(settings), "dbt": dbt_resource()},
        executor=executor_def,
        loggers={"console": dg.colored_console_logger, "progress": progress_logger},
    )


defs = build_definitions(get_settings())
