"""Run the refresh job in process and summarise what it did.

Used by `oversight run` (and `make run`). The run is recorded in the Dagster instance
under the project (`.dagster/`, from the top-level `dagster.yaml`) so it shows in the UI.
"""

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg
import duckdb

from pipelines.config import PROJECT_ROOT, Settings
from pipelines.progress import ProgressEvent, set_sink
from pipelines.warehouse import store
from pipelines.warehouse.publish import last_publication

if TYPE_CHECKING:
    from dagster._utils.error import SerializableErrorInfo  # what a failure event carries


class RefreshBusy(RuntimeError):
    """Another refresh holds the warehouse directory."""


@dataclass
class RunSummary:
    success: bool
    run_id: str
    published: bool | None
    published_path: Path
    files_current: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    checks_passed: list[str] = field(default_factory=list)
    checks_failed: list[str] = field(default_factory=list)
    checks_warned: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    # Per failed step: what its own code raised (one line), and the whole error with its stack.
    failure_reasons: dict[str, str] = field(default_factory=dict)
    failure_details: dict[str, str] = field(default_factory=dict)
    warnings: int = 0


def project_instance() -> dg.DagsterInstance:
    """The Dagster instance of the project: DAGSTER_HOME, or `.dagster/` beside dagster.yaml."""
    if not os.environ.get("DAGSTER_HOME"):
        home = PROJECT_ROOT / ".dagster"
        home.mkdir(exist_ok=True)
        link = home / "dagster.yaml"
        if not link.exists():
            link.symlink_to(PROJECT_ROOT / "dagster.yaml")
        os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


@contextmanager
def exclusive(settings: Settings) -> Iterator[None]:
    """One refresh at a time per warehouse directory (DuckDB allows one writer)."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = settings.warehouse_dir / ".refresh.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            raise RefreshBusy(f"a refresh is already running on {settings.warehouse_dir} ({owner})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_refresh(
    defs: dg.Definitions,
    settings: Settings,
    instance: dg.DagsterInstance | None = None,
    on_event: Callable[[ProgressEvent], None] | None = None,
    force: bool = False,
) -> RunSummary:
    from pipelines.assets.reports import FORCE_TAG
    from pipelines.definitions import REFRESH_JOB

    job = defs.resolve_job_def(REFRESH_JOB)
    set_sink(on_event)
    try:
        with exclusive(settings):
            result = job.execute_in_process(
                instance=instance or dg.DagsterInstance.ephemeral(),
                raise_on_error=False,
                run_config={"loggers": {"progress": {}}} if on_event else None,
                tags={FORCE_TAG: "true"} if force else None,
            )
    finally:
        set_sink(None)
    return summarise(result, settings)


def failure_reason(error: "SerializableErrorInfo") -> str:
    """The first line of the innermost cause: what the step's own code raised, rather
    than Dagster's "Error occurred while executing op ..." wrapped around it."""
    while error.cause is not None:
        error = error.cause
    lines = [line.strip() for line in (error.message or "").splitlines() if line.strip()]
    return lines[0] if lines else error.cls_name or "unknown error"


def summarise(result: dg.ExecuteInProcessResult, settings: Settings) -> RunSummary:
    passed, failed, warned, steps_failed = [], [], [], []
    reasons: dict[str, str] = {}
    stacks: dict[str, str] = {}
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            name = f"{data.asset_key.to_user_string()}:{data.check_name}"
            if data.passed:
                passed.append(name)
            elif data.severity == dg.AssetCheckSeverity.WARN:
                warned.append(name)
            else:
                failed.append(name)
        elif event.event_type_value == "STEP_FAILURE":
            step = event.step_key or ""
            steps_failed.append(step)
            error = event.step_failure_data.error
            if error is not None:
                reasons[step], stacks[step] = failure_reason(error), error.to_string()
    published = None
    for materialization in result.asset_materializations_for_node("published_warehouse"):
        value = materialization.metadata.get("published")
        published = bool(value.value) if value is not None else None
    if published is None and result.success:
        # report_files found the content and code of the published warehouse: every later step was skipped
        published = False
    summary = RunSummary(
        success=result.success,
        run_id=result.run_id,
        published=published,
        published_path=settings.published_db,
        checks_passed=passed,
        checks_failed=failed,
        checks_warned=warned,
        failed_steps=steps_failed,
        failure_reasons=reasons,
        failure_details=stacks,
    )
    if settings.build_db.exists():
        try:
            with store.connect(settings.build_db, read_only=True) as connection:
                summary.files_current = connection.execute(
                    "select count(*) from raw.report_files where is_current"
                ).fetchall()[0][0]
                frame = connection.execute("select source_file, reason from raw.rejected_files order by 1").fetch_df()
                summary.rejected = frame.to_dict("records")
        except duckdb.Error:
            # A run that failed early may leave the build database without its tables (or
            # unreadable, for the same reason the step failed): its failure says why.
            if summary.success:
                raise
    details = last_publication(settings.published_db)
    if details:
        summary.rows = {k.split(".", 1)[-1]: int(v) for k, v in details.get("row_counts", {}).items()}
        summary.warnings = summary.rows.get("data_quality_issues", 0)
    return summary
