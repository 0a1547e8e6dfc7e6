"""dbt through the prewarmed server (pipelines/dbt_prewarm.py): the same dbt, exit codes and all."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.config import DBT_PROJECT_DIR, WAREHOUSE_DIR_ENV
from pipelines.dbt_launcher import REAL_DBT_ENV, SOCKET_ENV
from pipelines.dbt_prewarm import Prewarm

LAUNCHER = Path(__file__).parents[2] / "pipelines" / "dbt_launcher.py"

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="the server needs Linux")


def _launch(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(LAUNCHER), *arguments],
        cwd=DBT_PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        WAREHOUSE_DIR_ENV: str(tmp_path / "warehouse"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "target"),
    }


@pytest.fixture
def server() -> Iterator[str]:
    with Prewarm() as prewarm:
        prewarm.start()
        assert prewarm.running
        yield os.environ[SOCKET_ENV]
    assert SOCKET_ENV not in os.environ


def test_dbt_through_the_server_lists_the_project_and_exits_as_dbt_does(
    server: str, environment: dict[str, str], tmp_path: Path
) -> None:
    # No real dbt to fall back on: whatever runs, runs in the server.
    environment.update({SOCKET_ENV: server, REAL_DBT_ENV: str(tmp_path / "no-such-dbt")})
    listed = _launch(["ls", "--resource-type", "model", "--output", "name"], environment)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "fct_kpi" in listed.stdout and "dim_report" in listed.stdout
    assert (tmp_path / "target" / "manifest.json").exists()  # the caller's environment, not the server's

    unknown = _launch(["no-such-command"], environment)
    assert unknown.returncode == 2
    assert "No such command" in unknown.stderr


def test_without_a_server_the_launcher_runs_dbt_itself(environment: dict[str, str], tmp_path: Path) -> None:
    environment[SOCKET_ENV] = str(tmp_path / "nobody-listens.sock")
    environment.pop(REAL_DBT_ENV, None)
    unknown = _launch(["no-such-command"], environment)
    assert unknown.returncode == 2
    assert "No such command" in unknown.stderr


def test_a_stopped_server_leaves_no_socket_and_no_process() -> None:
    prewarm = Prewarm()
    prewarm.start()
    socket_path = Path(os.environ[SOCKET_ENV])
    process = prewarm._process
    assert process is not None and socket_path.exists()
    prewarm.stop()
    assert process.poll() is not None
    assert not socket_path.exists() and SOCKET_ENV not in os.environ


def test_the_socket_directory_of_a_killed_server_is_removed_by_the_next_start() -> None:
    prewarm = Prewarm()
    prewarm.start()
    abandoned = Path(os.environ[SOCKET_ENV]).parent
    assert prewarm._process is not None
    prewarm._process.kill()  # as SIGKILL leaves it: no one cleans up
    prewarm._process.wait()
    assert abandoned.exists()
    with Prewarm() as again:
        again.start()
        assert not abandoned.exists()
        assert Path(os.environ[SOCKET_ENV]).exists()  # its own is left alone
    prewarm.stop()
