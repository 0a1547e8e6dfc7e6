"""A reader of the published warehouse, run as its own process by the concurrency test.

`python tests/assets/published_reader.py WAREHOUSE OUT STOP` opens WAREHOUSE read-only
again and again until the file STOP exists. Each time, in one connection, it reads the
publication's fingerprint and recorded row counts, the row count of every contract mart
and the report files, and appends them to OUT as one JSON line (or the error, if any).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

MARTS = ("dim_report", "fct_kpi", "fct_grade", "fct_budget", "fct_workforce", "fct_milestone")


def read_once(path: str) -> dict[str, object]:
    connection = duckdb.connect(path, read_only=True)
    try:
        fingerprint, details = connection.execute("select fingerprint, details from marts.publication").fetchall()[0]
        rows = {t: connection.execute(f"select count(*) from marts.{t}").fetchall()[0][0] for t in MARTS}
        files = [r[0] for r in connection.execute("select source_file from marts.dim_report order by 1").fetchall()]
    finally:
        connection.close()
    return {"fingerprint": fingerprint, "rows": rows, "files": files, "recorded": json.loads(details)["row_counts"]}


def main(path: str, out: str, stop: str) -> None:
    with open(out, "w", encoding="utf-8") as log:
        while not Path(stop).exists():
            try:
                log.write(json.dumps(read_once(path)) + "\n")
            except Exception as error:  # every failure is an observation the test counts
                log.write(json.dumps({"error": repr(error)}) + "\n")
            log.flush()
            time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:4])
