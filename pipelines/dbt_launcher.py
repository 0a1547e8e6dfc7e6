#!/usr/bin/env python3
"""Start dbt as a child that dies with the pipeline process.

dagster-dbt runs `dbt build` as a subprocess. When the pipeline process is killed
(SIGKILL, the out-of-memory killer), an ordinary child lives on as an orphan: still
building, and still holding DuckDB's write lock on build.duckdb, so a refresh started
meanwhile cannot open its own database. `pipelines.resources.dbt_resource` gives
dagster-dbt this file as its dbt executable on Linux: it asks the kernel to SIGKILL it
when its parent dies (`prctl(PR_SET_PDEATHSIG)`, which survives `exec`), then replaces
itself with the real dbt named by OVERSIGHT_DBT_EXECUTABLE.

When `oversight run` has started a server with dbt already imported
(`pipelines/dbt_prewarm.py`) and OVERSIGHT_DBT_PREWARM_SOCKET names its socket, the
launcher hands the call to it instead and exits with dbt's exit code; if no server
answers, it execs dbt as above.

Standard library only: it runs under whichever `python3` comes first on PATH.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import sys
from collections.abc import Sequence

PR_SET_PDEATHSIG = 1
REAL_DBT_ENV = "OVERSIGHT_DBT_EXECUTABLE"
SOCKET_ENV = "OVERSIGHT_DBT_PREWARM_SOCKET"


def die_with_parent() -> bool:
    """Ask for SIGKILL when the parent process ends; False if the parent is already gone."""
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        return True  # not Linux, or refused: run as an ordinary child
    return os.getppid() == parent


def through_server(path: str, argv: Sequence[str]) -> int | None:
    """Run dbt `argv` in a fork of the prewarmed server at `path`; None when none answers.

    Sends the arguments, working directory and environment, with this process's stdin,
    stdout and stderr, and blocks until dbt has finished. A server that goes away
    mid-call cannot be retried (dbt may have run half a build): that is exit code 1.
    """
    client = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        client.connect(path)
    except OSError:
        client.close()
        return None
    with client:
        message = json.dumps({"argv": list(argv), "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
        socket.send_fds(client, [message], [0, 1, 2])
        reply = client.recv(64)
    if not reply:
        print("dbt launcher: the prewarmed dbt server stopped during the call", file=sys.stderr)
        return 1
    return int(reply)


def main(argv: list[str]) -> None:
    if not die_with_parent():
        sys.exit("dbt launcher: the pipeline process ended before dbt started")
    server = os.environ.get(SOCKET_ENV)
    if server:
        code = through_server(server, argv)
        if code is not None:
            sys.exit(code)
    real = os.environ.get(REAL_DBT_ENV) or "dbt"
    os.execvp(real, [real, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
