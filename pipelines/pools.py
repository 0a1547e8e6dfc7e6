"""What every process pool of the pipeline does in a worker it starts."""

import gc


def worker_started() -> None:
    """Keep the cyclic garbage collector off what a worker inherits from the parent.

    A forked worker starts with the pipeline process's heap (Dagster, dbt, pandas and the
    data of earlier stages: about a million objects). A full collection in the worker
    would visit every one of them, and writing their headers copies their pages into the
    worker: with two workers, that doubled the memory of the scorecard stage. Frozen, they
    are never visited; the worker's own short-lived objects are collected less often.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
