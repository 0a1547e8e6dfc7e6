"""dagster-dbt loaded without dbt-core (pipelines/dagster_dbt_lite.py): the same graph, less to import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).parents[2]

# Loads the definitions in a fresh process and describes the refresh job's graph: every
# asset with its dependencies, group and kinds, every check with its blocking flag.
DESCRIBE = """
import json, sys
if sys.argv[1] == "dbt-core first":
    import dbt.version  # as a process that runs dbt in process would have
from pipelines.definitions import REFRESH_JOB, defs
import dagster_dbt.compat

graph = defs.resolve_asset_graph()
job = defs.resolve_job_def(REFRESH_JOB)
assets = {
    key.to_user_string(): {
        "deps": sorted(d.to_user_string() for d in graph.get(key).parent_keys),
        "group": graph.get(key).group_name,
        "kinds": sorted(graph.get(key).kinds),
    }
    for key in graph.get_all_asset_keys()
}
checks = sorted(
    (c.asset_key.to_user_string(), c.name, bool(graph.get(c).blocking)) for c in graph.asset_check_keys
)
print(json.dumps({
    "dbt_core_version": str(dagster_dbt.compat.DBT_PYTHON_VERSION),
    "dbt_modules": sorted(m for m in sys.modules if m == "dbt" or m.startswith("dbt.")),
    "assets": assets,
    "checks": checks,
    "job_nodes": sorted(n.name for n in job.nodes),
}))
"""


def _describe(mode: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-c", DESCRIBE, mode],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_definitions_load_without_dbt_core_and_build_the_same_graph() -> None:
    lite = _describe("as oversight loads it")
    ordinary = _describe("dbt-core first")

    assert lite["dbt_core_version"] == "None"
    assert lite["dbt_modules"] == []  # nothing of dbt-core in the orchestrating process
    assert ordinary["dbt_core_version"].startswith("1.")
    assert "dbt.version" in ordinary["dbt_modules"]

    assert lite["assets"] == ordinary["assets"]
    assert lite["checks"] == ordinary["checks"]
    assert lite["job_nodes"] == ordinary["job_nodes"]
    # the graph is the whole project: dbt models and tests are in it, not just the Python stages
    assert any(key.startswith("marts/") for key in lite["assets"])
    assert sum(1 for key, _, _ in lite["checks"] if key.startswith("marts/")) >= 10
