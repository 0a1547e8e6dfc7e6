"""Notice new or changed files in the raw directory and ask for a refresh."""

import hashlib
import os

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from pipelines.config import get_settings


def raw_directory_state(raw_dir: str) -> str:
    """A cheap fingerprint of the raw directory: names, sizes and modification times."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            digest.update(f"{os.path.relpath(path, raw_dir)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def raw_files_sensor(job: UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        name="raw_files_changed",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Requests a refresh when a file in the raw directory is added, changed or removed.",
    )
    def raw_files_changed(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        state = raw_directory_state(str(get_settings().raw_dir))
        if state == context.cursor:
            return dg.SkipReason("no file added, changed or removed since the last run request")
        return dg.SensorResult(run_requests=[dg.RunRequest(run_key=state)], cursor=state)

    return raw_files_changed
