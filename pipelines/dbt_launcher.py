#!/usr/bin/env python3
"""Start dbt as a child that dies with the pipeline process.

dagster-dbt runs `dbt build` as a subprocess. When the pipeline process is killed
(SIGKILL, the out-of-memory killer), an ordinary child lives on as an orphan: still
building, and still holding DuckDB's write lock on build.duckdb, so a refresh started
meanwhile cannot open its own database. `pipelines.resources.dbt_resource` gives
dagster-dbt this file as its dbt executable on Linux: it asks the kernel to SIGKILL it
when its parent dies (`prctl(PR_SET_PDEATHSIG)`, which survives `exec`), then replaces
itself with the real dbt named by OVERSIGHT_DBT_EXECUTABLE.

Standard library only: it runs under whichever `python3` comes first on PATH.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
REAL_DBT_ENV = "OVERSIGHT_DBT_EXECUTABLE"


def die_with_parent() -> bool:
    """Ask for SIGKILL when the parent process ends; False if the parent is already gone."""
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return True  # not Linux, or refused: run as an ordinary child
    return os.getppid() == parent


def main(argv: list[str]) -> None:
    if not die_with_parent():
        sys.exit("dbt launcher: the pipeline process ended before dbt started")
    real = os.environ.get(REAL_DBT_ENV) or "dbt"
    os.execvp(real, [real, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
