"""Great Expectations on real frames: outcomes, the Data Docs site, and a store that does not grow for ever."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipelines.config import PROJECT_ROOT
from pipelines.quality.gx import validate_frames

SUITE = {
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "unit"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "unit", "value_set": ["gbp", "count"]}},
    ]
}


def _runs(root: Path, *parts: str) -> list[str]:
    folder = root / "gx" / "uncommitted" / Path(*parts)
    return sorted(p.name for p in folder.glob("*/*") if p.is_dir())


def test_suites_report_failing_rows_and_only_the_newest_results_are_kept(tmp_path: Path) -> None:
    good = pd.DataFrame({"unit": ["gbp", "count", "gbp"]})
    bad = pd.DataFrame({"unit": ["gbp", "furlongs", None]})
    kept = []
    for frame in (good, good, bad):
        (passing, failing) = validate_frames([("good", good, SUITE), ("mixed", frame, SUITE)], tmp_path, keep_runs=2)
        kept.append(_runs(tmp_path, "validations", "mixed"))
    assert passing.success and passing.evaluated == 2
    assert not failing.success and failing.successful == 0
    assert {(o.expectation, o.unexpected_count) for o in failing.failed} == {
        ("expect_column_values_to_not_be_null", 1),
        ("expect_column_values_to_be_in_set", 1),
    }
    # three runs, two kept: the first run's result is gone from the store and from the site
    assert [len(runs) for runs in kept] == [1, 2, 2] and kept[0][0] not in kept[2]
    assert len(_runs(tmp_path, "validations", "good")) == 2
    assert _runs(tmp_path, "data_docs", "local_site", "validations", "mixed") == kept[2]
    index = failing.data_docs.read_text(encoding="utf-8") if failing.data_docs else ""
    assert kept[0][0] not in index and all(run in index for run in kept[2])
    assert len(re.findall(r"validations/mixed/", index)) == 2


VALIDATE_IN_CHILD = """
import json, sys
from pathlib import Path
import duckdb
from pipelines.quality.gx import validate_marts

root = Path(sys.argv[1])
with duckdb.connect(str(root / "build.duckdb")) as connection:
    connection.execute("create schema marts")
    connection.execute("create table marts.fct_x as select * from (values ('gbp', 1), ('furlongs', 2)) t(unit, n)")
suite = json.loads(sys.argv[2])
[(rows, result)] = validate_marts(root / "build.duckdb", {"fct_x": suite}, root)
print(json.dumps({
    "rows": rows,
    "failed": [(o.expectation, o.unexpected_count) for o in result.failed],
    "gx_imported_here": "great_expectations" in sys.modules,
}))
"""


def test_marts_are_validated_in_a_child_process(tmp_path: Path) -> None:
    """The pipeline process never imports GX nor holds the frames it validated."""
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE_IN_CHILD, str(tmp_path), json.dumps(SUITE)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome == {
        "rows": 2,
        "failed": [["expect_column_values_to_be_in_set", 1]],
        "gx_imported_here": False,
    }
    assert (tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").exists()
