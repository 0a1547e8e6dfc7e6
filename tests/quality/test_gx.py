"""Great Expectations on real frames: outcomes, the Data Docs site, and a store that does not grow for ever."""

import re
from pathlib import Path

import pandas as pd

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
