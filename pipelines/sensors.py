"""Notice new or changed files in the raw directory and ask for a refresh."""

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from pipelines.config import get_settings
from pipelines.freshness import published_freshness, raw_directory_state

__all__ = ["raw_directory_state", "raw_files_sensor"]


def raw_files_sensor(job: UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        name="raw_files_changed",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Requests a refresh when a file in the raw directory is added, changed or removed, "
            "unless the published warehouse was built from the directory as it is now."
        ),
    )
    def raw_files_changed(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        settings = get_settings()
        state = raw_directory_state(str(settings.raw_dir))
        if state == context.cursor:
            return dg.SkipReason("no file added, changed or removed since the last run request")
        freshness = published_freshness(settings)
        if freshness.current:
            return dg.SensorResult(skip_reason=dg.SkipReason(freshness.reason), cursor=state)
        return dg.SensorResult(run_requests=[dg.RunRequest(run_key=state)], cursor=state)

    return raw_files_changed
