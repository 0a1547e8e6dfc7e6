"""dbt imported ahead of time: a server process that forks a ready dbt for each call.

Every `dbt` call starts a Python process that spends about 1.5 seconds importing dbt
and its DuckDB adapter before it reads a single argument: a tenth of a refresh that
adds one report. `oversight run` starts this server early, while it loads its own
definitions and the files are scanned, parsed and extracted. The server imports dbt
once, then waits on a Unix socket in a private directory. `pipelines/dbt_launcher.py`,
the dbt executable dagster-dbt runs, connects to it when `SOCKET_ENV` names one and
sends its arguments, working directory, environment and its stdin, stdout and stderr.
The server forks; the child takes those descriptors, that directory and environment,
and runs dbt's own command line entry point, exactly as the `dbt` script would. Its
exit status goes back to the launcher, which exits with it. Each call gets a fresh
fork of a server that has run nothing, so no state passes from one call to the next.

The launcher falls back to exec'ing dbt when no server answers, so the Dagster UI, the
daemon and the tests run dbt the ordinary way. Processes die with their parent: the
server with `oversight run`, a forked dbt with the server, and a forked dbt whose
launcher is gone (killed, or interrupted) is interrupted, then killed.

Linux only: `Prewarm.start` does nothing where `os.pidfd_open` is missing.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from pipelines.dbt_launcher import SOCKET_ENV

_MAX_REQUEST = 4 * 1024 * 1024
_PREFIX = "oversight-dbt-"  # socket directories, in the temporary directory
_INTERRUPT_GRACE = 5.0  # seconds a forked dbt has to stop after SIGINT before SIGKILL


# ------------------------------------------------------------------ the server


def serve(path: str) -> None:
    """Listen on `path`, import dbt, then run one dbt call at a time, each in a fork."""
    _die_with_parent()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(8)  # a launcher that connects while dbt is imported waits in the backlog
    import dbt.adapters.duckdb  # the cost this server exists to pay early
    import dbt.cli.main  # noqa: F401

    while True:
        connection, _ = listener.accept()
        with connection:
            _answer(listener, connection)


def _answer(listener: socket.socket, connection: socket.socket) -> None:
    message, fds, _, _ = socket.recv_fds(connection, _MAX_REQUEST, 3)
    if len(fds) != 3 or not message:
        for fd in fds:
            os.close(fd)
        return
    request = json.loads(message)
    pid = os.fork()
    if pid == 0:
        listener.close()
        connection.close()
        _run_dbt(request, fds)  # never returns
    for fd in fds:
        os.close(fd)
    code = _wait(pid, connection)
    with contextlib.suppress(OSError):
        connection.sendall(str(code).encode())


def _wait(pid: int, connection: socket.socket) -> int:
    """The exit code of the forked dbt; interrupted, then killed, if its launcher goes away."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([connection, pidfd], [], [])
        if pidfd not in ready:  # the launcher closed its end: nobody reads dbt's output now
            os.kill(pid, signal.SIGINT)
            ready, _, _ = select.select([pidfd], [], [], _INTERRUPT_GRACE)
            if not ready:
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    finally:
        os.close(pidfd)


def _run_dbt(request: dict[str, object], fds: Sequence[int]) -> None:
    """In the fork: become the dbt process the launcher would have exec'd, then exit."""
    code = 1
    try:
        _die_with_parent()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", write_through=True)
        os.chdir(str(request["cwd"]))
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})  # type: ignore[call-overload]
        argv = [str(a) for a in request["argv"]]  # type: ignore[attr-defined]
        sys.argv = ["dbt", *argv]
        from dbt.cli.main import cli

        try:
            cli.main(args=argv, prog_name="dbt")
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except BaseException:  # whatever happens, the fork must not return
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _die_with_parent() -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG; a fork does not inherit it, so each sets it
    if os.getppid() == 1:
        sys.exit(0)


# ------------------------------------------------------------------ the owner's half


class Prewarm:
    """The server's lifetime, as `oversight run` drives it: `start` and `stop`, again as needed.

    While it runs, `SOCKET_ENV` names its socket in this process's environment, which
    dagster-dbt passes on to the launcher.
    """

    def __init__(self) -> None:
        self._directory: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running or not hasattr(os, "pidfd_open"):
            return
        _remove_abandoned()
        self._directory = Path(tempfile.mkdtemp(prefix=_PREFIX))  # mode 0700: ours alone
        path = str(self._directory / "dbt.sock")
        self._process = subprocess.Popen(
            [sys.executable, "-c", f"from pipelines.dbt_prewarm import serve; serve({path!r})"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5.0
        while not os.path.exists(path) and self._process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # bound before the imports: ready to queue calls within milliseconds
        if os.path.exists(path):
            os.environ[SOCKET_ENV] = path
        else:
            self.stop()

    def stop(self) -> None:
        os.environ.pop(SOCKET_ENV, None)
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            self._process = None
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None

    def __enter__(self) -> Prewarm:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _remove_abandoned() -> None:
    """Socket directories of servers killed with their run (SIGKILL leaves them behind)."""
    for directory in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            probe.connect(str(directory / "dbt.sock"))
        except OSError:
            shutil.rmtree(directory, ignore_errors=True)  # nobody listens: abandoned
        finally:
            probe.close()
