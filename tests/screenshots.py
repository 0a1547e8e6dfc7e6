"""`make screenshots`: docs/scorecard.png and docs/asset-graph*.png, from the project's last run.

Reads the published warehouse under OVERSIGHT_WAREHOUSE_DIR (`make run` first) and the
Dagster instance under DAGSTER_HOME (`.dagster/`), so the graph shows that run's
materialisations and checks.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipelines.config import PROJECT_ROOT, get_settings

DOCS = PROJECT_ROOT / "docs"


def main() -> None:  # pragma: no cover - developer command
    from tests.browser import screenshot
    from tests.webserver import dagster_webserver, screenshot_asset_group

    settings = get_settings()
    index = settings.scorecard_dir / "index.html"
    if not index.exists():
        raise SystemExit(f"no scorecard at {index}: run `make run` first")
    DOCS.mkdir(exist_ok=True)
    screenshot(index.as_uri(), DOCS / "scorecard.png", width=1280, height=1600)
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster")
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "webserver.log"
        with dagster_webserver(home, settings.raw_dir, settings.warehouse_dir, log) as url:
            screenshot_asset_group(url, "publish", DOCS / "asset-graph.png")
            screenshot_asset_group(url, "marts", DOCS / "asset-graph-marts.png", shows="fct_kpi")
    print(f"wrote docs/scorecard.png, docs/asset-graph.png and docs/asset-graph-marts.png under {PROJECT_ROOT}")


if __name__ == "__main__":  # pragma: no cover
    main()
