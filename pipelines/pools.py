"""The process pools of the pipeline, and how their workers start.

Workers are not forked from the pipeline process but from a small server process
(multiprocessing's "forkserver" start method), started once per pipeline process:

- A worker forked from the pipeline process would start with its whole heap: Dagster,
  dbt, pandas, DuckDB's cache and the data of earlier stages. Those pages are shared
  until written, so they cost little, but each process's resident set counts them: at
  1,000 reports the extraction stage summed 1.94 GB of RSS over its processes for 1.00 GB
  of memory actually used (PSS). Forked from the server, a worker holds the extraction
  and scorecard modules and its own work: the same stage sums 1.27 GB.
- The pipeline process runs threads (Dagster's, DuckDB's); forking a process that runs
  threads can leave a lock held in the child. The server runs none.

The server imports `WORKER_MODULES` once (about half a second, at the first pool of a
process), so a worker starts ready. As with "spawn", each worker imports the caller's
main script: a script that starts a pool must keep its top level under
`if __name__ == "__main__":` (the `oversight` command, Dagster's and pytest's do).

A worker ends when the pipeline process does, however that ends. An idle worker waits on
a queue it also holds the writing end of, so a pipeline process killed outright (SIGKILL,
the out-of-memory killer) would leave it waiting for ever, and the fork server with it:
each worker holds the pipe whose closing tells the server its client is gone. Each
worker watches the pipeline process instead (`_exit_with`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import select
import threading
from concurrent.futures import ProcessPoolExecutor

# What a worker runs: imported by the fork server, so that every worker starts with them.
WORKER_MODULES = ["pipelines.warehouse.loading", "pipelines.scorecard"]


def worker_started(pipeline: int) -> None:
    """Keep the cyclic garbage collector off the modules a worker starts with, and end
    the worker with the `pipeline` process.

    A worker starts with the modules the server imported (hundreds of thousands of
    objects that live as long as it does). Frozen, they are never visited by a full
    collection; the worker's own short-lived objects are collected less often.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    _exit_with(pipeline)


def _exit_with(pid: int) -> None:
    """End this process as soon as process `pid` has ended (a thread waits on a pidfd)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # it ended before this worker started
    except (AttributeError, OSError):
        return  # no pidfd (not Linux, or before 5.3): the worker is ended by its pool only

    def wait() -> None:
        select.select([handle], [], [])
        os._exit(1)

    threading.Thread(target=wait, name="exit-with-pipeline", daemon=True).start()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from the fork server (see the module's notes)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)  # only read when the server starts
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=worker_started, initargs=(os.getpid(),)
    )
