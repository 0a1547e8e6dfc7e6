"""A fault-injection point for the crash tests; does nothing unless asked.

The crash tests kill a refresh with SIGKILL in the middle of a stage and check that the
published warehouse is untouched and that the next refresh completes. Extraction and
publication of a few reports take well under a second, too short to hit from outside,
so each calls `pause_point` once at its most delicate moment: extraction after the
first table of a batch is written (a half-written batch), publication after the marts
are copied into the temporary file and before it is renamed into place.

With OVERSIGHT_PAUSE_AT naming that stage ("extract" or "publish"), the process writes
`.paused-at-<stage>` (holding its pid) in the warehouse directory and waits there until
that file is removed, or OVERSIGHT_PAUSE_SECONDS (default 120) have passed, then goes
on; it pauses once per process. Unset, as it always is outside the tests, `pause_point` returns at once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipelines.config import PAUSE_AT_ENV, PAUSE_SECONDS_ENV

_paused: set[str] = set()  # each stage pauses once per process


def pause_point(stage: str, directory: Path) -> None:
    """Wait here while OVERSIGHT_PAUSE_AT names `stage` (crash tests only).

    >>> pause_point("extract", Path("/nonexistent"))  # unset: returns at once
    """
    if os.environ.get(PAUSE_AT_ENV) != stage or stage in _paused:
        return
    _paused.add(stage)
    marker = directory / f".paused-at-{stage}"
    marker.write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + float(os.environ.get(PAUSE_SECONDS_ENV, "120"))
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    marker.unlink(missing_ok=True)
