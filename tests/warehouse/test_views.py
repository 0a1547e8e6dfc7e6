"""Views are re-created only when their definition changed (macros/view_unless_current.sql).

Real `dbt run`s on a copy of the seeded build database; DuckDB's catalog tells whether a
view was re-created (a new object id) and which definition it carries (its comment).
"""

from pathlib import Path

import pytest

from tests.conftest import PipelineRun
from tests.warehouse.dbt_on_copy import copy_of_build, dbt, execute

pytestmark = pytest.mark.slow

VIEW = "stg_extraction__kpis"


def _view(warehouse: Path) -> tuple[int, str]:
    """The view's DuckDB object id and its comment."""
    ((oid, comment),) = execute(warehouse, ("select view_oid, comment from duckdb_views() where view_name = ?", [VIEW]))
    return int(oid), str(comment)  # type: ignore[call-overload]


def test_a_data_refresh_leaves_an_unchanged_view_alone(
    seeded_run: PipelineRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_of_build(seeded_run, tmp_path)
    oid, fingerprint = _view(warehouse)
    assert len(fingerprint) == 32  # the md5 of the compiled SQL

    (node,) = dbt(warehouse, monkeypatch, "run", "--select", VIEW)
    assert str(node.status) == "success"
    assert _view(warehouse) == (oid, fingerprint)
    rows = execute(warehouse, (f"select count(*) from staging.{VIEW}", []))
    assert rows[0][0] == execute(warehouse, ("select count(*) from raw.extracted_kpis", []))[0][0]


def test_a_changed_definition_or_a_full_refresh_re_creates_the_view(
    seeded_run: PipelineRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_of_build(seeded_run, tmp_path)
    oid, fingerprint = _view(warehouse)

    # A view left by an older definition of the model carries another fingerprint.
    execute(warehouse, (f"create or replace view staging.{VIEW} as select 1 as stale", []))
    execute(warehouse, (f"comment on view staging.{VIEW} is 'an older definition'", []))
    (node,) = dbt(warehouse, monkeypatch, "run", "--select", VIEW)
    assert str(node.status) == "success"
    rebuilt, comment = _view(warehouse)
    assert rebuilt != oid and comment == fingerprint
    assert "sha256" in [row[0] for row in execute(warehouse, (f"describe staging.{VIEW}", []))]

    (node,) = dbt(warehouse, monkeypatch, "run", "--full-refresh", "--select", VIEW)
    assert str(node.status) == "success"
    again, comment = _view(warehouse)
    assert again != rebuilt and comment == fingerprint
