"""A Dagster logger that hands step events and progress messages to a callback.

The command line registers a callback while it runs the job in process, so it can draw
one progress bar per stage; in the Dagster UI the logger is simply not configured.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg


@dataclass(frozen=True)
class ProgressEvent:
    step_key: str | None
    kind: str  # started, succeeded, failed, skipped, progress, check, message
    message: str
    done: int | None = None
    total: int | None = None
    passed: bool | None = None


_sink: Callable[[ProgressEvent], None] | None = None
_COUNT = re.compile(r"^(?P<label>[\w ]+): (?P<done>\d+)/(?P<total>\d+)$")
_KINDS = {
    "STEP_START": "started",
    "STEP_SUCCESS": "succeeded",
    "STEP_FAILURE": "failed",
    "STEP_SKIPPED": "skipped",
    "ASSET_CHECK_EVALUATION": "check",
}


def set_sink(sink: Callable[[ProgressEvent], None] | None) -> None:
    global _sink
    _sink = sink


class _Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if _sink is None:
            return
        meta = getattr(record, "dagster_meta", {}) or {}
        event = meta.get("dagster_event")
        step_key = meta.get("step_key")
        message = str(meta.get("orig_message") or record.getMessage())
        if event is not None:
            kind = _KINDS.get(event.event_type_value)
            if kind is None:
                return
            passed = None
            if kind == "check":
                passed = bool(getattr(event.event_specific_data, "passed", False))
            _sink(ProgressEvent(event.step_key, kind, message, passed=passed))
            return
        match = _COUNT.match(message)
        if match:
            _sink(
                ProgressEvent(
                    step_key,
                    "progress",
                    match.group("label"),
                    int(match.group("done")),
                    int(match.group("total")),
                )
            )
        elif record.levelno >= logging.INFO:
            _sink(ProgressEvent(step_key, "message", message))


@dg.logger(description="Forwards step events and progress counts to the command line.")
def progress_logger(init_context: "dg.InitLoggerContext") -> logging.Logger:
    log = logging.getLogger("oversight.progress")
    log.setLevel(logging.DEBUG)
    log.propagate = False
    if not any(isinstance(h, _Handler) for h in log.handlers):
        log.addHandler(_Handler())
    return log
