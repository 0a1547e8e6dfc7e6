"""The nightly refresh: everything, at 02:00 London time, unless nothing changed."""

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from pipelines.config import get_settings
from pipelines.freshness import published_freshness


def nightly_refresh(job: UnresolvedAssetJobDefinition) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="nightly_refresh",
        job=job,
        cron_schedule="0 2 * * *",
        execution_timezone="Europe/London",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=(
            "Refreshes every asset at 02:00 Europe/London, publishing if the checks pass; skips the "
            "night when the raw files and the code are those of the published warehouse."
        ),
    )
    def nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        freshness = published_freshness(get_settings())
        if freshness.current:
            return dg.SkipReason(freshness.reason)
        return dg.RunRequest()

    return nightly
