"""Benchmark the refresh at 100, 1,000 and 10,000 generated reports; print figures, keep them.

    python -m benchmarks.run                      # all three sizes (about 45 minutes on 2 cores)
    python -m benchmarks.run --sizes 100,1000     # some sizes only

For each size, in one run on this machine: a floor (read and sha256 every file and insert
its text into DuckDB, nothing else), the full refresh end to end through the real Dagster
job (`oversight run` in a child process, as a user runs it), the stages of that refresh
(from the Dagster run's step timings), extraction in MB/s, a rerun with nothing changed,
a rerun after touching every file without changing it, refreshes after adding one new
file (three, one file each: the median is kept), and the peak resident memory of the
whole process tree (the CLI, the extraction pool, the dbt subprocess), sampled with
psutil. Every time is also given as a ratio to the floor. A fixed Python workload, timed
before and after each size, shows how fast the machine itself was.

Corpora come from `benchmarks.corpus` under `benchmarks/corpus/<n>/` and the warehouses
under `benchmarks/runs/<n>/` (both git-ignored). The figures of the last run are written
to `benchmarks/results.md` with the core count, the load and the date.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psutil

from benchmarks.corpus import generate
from pipelines import compiled

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
ONE_NEW_TRIALS = 3  # one-new-file refreshes per size; the table gives the median
STEPS = {
    "report_files": "ingest (read, hash, decode)",
    "parsed_blocks": "parse",
    "extracted_facts": "extract",
    "warehouse_models": "dbt build",
    "expectations": "Great Expectations (7 suites)",
    "published_warehouse": "publish",
    "dbt_docs": "dbt docs",
    "scorecard": "scorecard",
}


@dataclass
class Measure:
    seconds: float
    peak_memory: int = 0  # PSS summed over the process tree
    peak_rss: int = 0  # RSS summed over the process tree
    cpu_seconds: float = 0.0  # user + system time of the whole process tree (TreeMemory.cpu_seconds)
    steps: dict[str, float] = field(default_factory=dict)
    step_peaks: dict[str, int] = field(default_factory=dict)  # peak PSS of the tree while each step ran
    sampler_cpu: float = 0.0  # CPU seconds the memory sampler took (not counted in cpu_seconds)
    published: bool | None = None
    output: str = ""


class TreeMemory:
    """Peak memory of a process and all its descendants.

    `peak` sums the proportional set size (PSS) of the processes: a page shared by the
    CLI and the extraction workers it forked counts once, split between them. `peak_rss`
    sums their resident set sizes, which counts such pages once per process.

    RSS is cheap to read and is sampled every 0.1 s. PSS means walking each process's
    page tables, about 12 ms per GB: read every 0.1 s it took a third of a core from the
    pipeline it measured on a 2-core machine, so it is read every `PSS_EVERY` s (and the
    sampler's own CPU time is reported with the results).

    `cpu_seconds` sums the user and system time of every process seen in the tree, as last
    read (every 0.1 s). The rusage of the children would miss the pools' workers: they
    are forked by a fork server that the CLI never waits for. A process that lives less
    than 0.1 s, or the last 0.1 s of one, is missed.
    """

    PSS_EVERY = 0.5

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_rss = 0
        self.cpu = 0.0  # CPU seconds the sampling thread used
        self.samples: list[tuple[float, int]] = []  # (time.time(), PSS of the tree)
        self._cpu_by_process: dict[tuple[int, float], float] = {}  # (pid, start time) -> CPU seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        started = time.thread_time()
        next_pss = 0.0
        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            with_pss = time.monotonic() >= next_pss
            if with_pss:
                next_pss = time.monotonic() + self.PSS_EVERY
            total = rss = 0
            for process in processes:
                try:
                    info = process.memory_full_info() if with_pss else process.memory_info()
                    times = process.cpu_times()
                    self._cpu_by_process[(process.pid, process.create_time())] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += getattr(info, "pss", info.rss)
                rss += info.rss
            self.peak_rss = max(self.peak_rss, rss)
            if with_pss:
                self.peak = max(self.peak, total)
                self.samples.append((time.time(), total))
            self._stop.wait(0.1)
        self.cpu = time.thread_time() - started

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu_by_process.values())

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _peak_in(samples: list[tuple[float, int]], start: float, end: float) -> int:
    """The highest sample taken while a step ran; for a step shorter than the interval, the nearest one."""
    inside = [pss for at, pss in samples if start <= at <= end]
    if inside:
        return max(inside)
    middle = (start + end) / 2
    return min(samples, key=lambda sample: abs(sample[0] - middle))[1] if samples else 0


def ensure_corpus(count: int) -> Path:
    folder = ROOT / "corpus" / str(count)
    files = [p for p in folder.glob("report_*")] if folder.is_dir() else []
    if len(files) != count:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"  generating {count:,} reports in {folder} ...", flush=True)
        for _ in generate(count, folder):
            pass
    return folder


def link_copy(source: Path, target: Path) -> None:
    """The corpus as the raw directory, by hard links: a file added later stays out of the corpus."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        os.link(path, target / path.name)


def floor(raw: Path, database: Path) -> Measure:
    """Read and sha256 every file, insert the text into DuckDB: the least a refresh must do."""
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    connection = duckdb.connect(str(database))
    connection.execute("create table documents (sha256 varchar, source_file varchar, text varchar)")
    batch: list[tuple[str, str, str]] = []
    size = 0
    for path in sorted(raw.iterdir()):
        data = path.read_bytes()
        batch.append((hashlib.sha256(data).hexdigest(), path.name, data.decode("utf-8")))
        size += len(data)
        if size > 64_000_000:
            _insert(connection, batch)
            batch, size = [], 0
    _insert(connection, batch)
    connection.close()
    return Measure(time.perf_counter() - started)


def _insert(connection: duckdb.DuckDBPyConnection, batch: list[tuple[str, str, str]]) -> None:
    if batch:
        import pyarrow as pa

        columns = list(zip(*batch, strict=True))
        table = pa.table({"sha256": columns[0], "source_file": columns[1], "text": columns[2]})
        connection.register("incoming", table)
        connection.execute("insert into documents select * from incoming")
        connection.unregister("incoming")


def oversight_run(raw: Path, warehouse: Path, home: Path) -> Measure:
    """`oversight run` in a child process, timed, with the peak memory of its process tree."""
    environment = {**os.environ, "DAGSTER_HOME": str(home), "OVERSIGHT_RAW_DIR": str(raw)}
    environment["OVERSIGHT_WAREHOUSE_DIR"] = str(warehouse)
    command = [sys.executable, "-m", "pipelines", "run", "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=PROJECT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    memory = TreeMemory(process.pid)
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode != 0:
        raise RuntimeError(f"oversight run failed ({process.returncode}):\n{output[-4000:]}")
    measure = Measure(seconds, peak, memory.peak_rss, memory.cpu_seconds, output=output, sampler_cpu=memory.cpu)
    measure.published = "— published" in output or "published\n" in output
    if "is current, nothing to do" in output or "unchanged (nothing new" in output:
        measure.published = False
    measure.steps, windows = step_times(home)
    measure.step_peaks = {step: _peak_in(memory.samples, start, end) for step, (start, end) in windows.items()}
    return measure


def step_times(home: Path) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
    """Seconds per stage of the latest run in the Dagster instance under `home`, and when each ran."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home)
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_run_records(limit=1)
        if not runs:
            return {}, {}
        stats = instance.get_run_step_stats(runs[0].dagster_run.run_id)
    times: dict[str, float] = {}
    windows: dict[str, tuple[float, float]] = {}
    for stat in stats:
        if stat.start_time is None or stat.end_time is None:
            continue
        key = "expectations" if "great_expectations" in stat.step_key else stat.step_key
        times[key] = times.get(key, 0.0) + stat.end_time - stat.start_time
        windows[key] = (stat.start_time, stat.end_time)
    return times, windows


def extraction_per_core(raw: Path, sample: int = 20) -> float:
    """Parsing plus extraction on one core, MB of text per second, on the first `sample` files."""
    from pipelines.extraction.extract import extract_report
    from pipelines.ingest.files import Document, read_document
    from pipelines.parsing.blocks import parse_blocks

    documents = []
    for path in sorted(raw.iterdir())[:sample]:
        document = read_document(path)
        if isinstance(document, Document):
            documents.append(document)
    started = time.perf_counter()
    for document in documents:
        extract_report(document.sha256, document.text, parse_blocks(document.text, document.pages))
    seconds = time.perf_counter() - started
    return sum(len(d.text.encode("utf-8")) for d in documents) / 1e6 / seconds


def reference_seconds(repeats: int = 3) -> float:
    """Best of `repeats` timings of a fixed pure-Python workload: the speed of the machine now.

    A shared machine's speed moves from hour to hour (a loop like this one has taken from
    0.73 to 0.96 s within a minute here). Timed before and after each size's runs, it
    helps tell a slower machine from slower code when two results files are compared.
    It times one core alone, so a slowdown that shows only with both cores busy escapes it.
    """
    words = re.compile(r"\b(?:target|budget|officers?|staff|per cent|\d[\d,.]*)\b", re.I)
    sentence = "The target for 2008/09 is 31,460 officers and 14,332 staff, 3.4 per cent up on the budget. "
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        counts: dict[str, int] = {}
        for i in range(60_000):
            for match in words.finditer(sentence):
                key = match.group(0).lower()
                counts[key] = counts.get(key, 0) + i % 3
        best = min(best, time.perf_counter() - started)
    return best


def published_identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def bench(count: int) -> dict[str, object]:
    print(f"\n== {count:,} reports", flush=True)
    corpus = ensure_corpus(count)
    work = ROOT / "runs" / str(count)
    shutil.rmtree(work, ignore_errors=True)
    raw, warehouse, home = work / "raw", work / "warehouse", work / "dagster_home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").symlink_to(PROJECT / "dagster.yaml")
    link_copy(corpus, raw)
    megabytes = sum(p.stat().st_size for p in raw.iterdir()) / 1e6
    results: dict[str, object] = {"count": count, "megabytes": megabytes}
    results["reference_before"] = reference_seconds()

    results["floor"] = floor(raw, work / "floor.duckdb")
    print(f"  floor {results['floor'].seconds:.1f} s", flush=True)  # type: ignore[attr-defined]
    full = oversight_run(raw, warehouse, home)
    results["full"] = full
    print(f"  full refresh {full.seconds:.1f} s, peak {full.peak_memory / 1e9:.2f} GB, {full.steps}", flush=True)
    before = published_identity(warehouse / "warehouse.duckdb")
    results["rerun"] = oversight_run(raw, warehouse, home)
    results["rerun_published_nothing"] = published_identity(warehouse / "warehouse.duckdb") == before
    print(f"  no-change rerun {results['rerun'].seconds:.1f} s", flush=True)  # type: ignore[attr-defined]
    # every file copied again with the same bytes (a re-sync): new times, same content
    for path in raw.iterdir():
        os.utime(path)
    results["touched"] = oversight_run(raw, warehouse, home)
    results["touched_published_nothing"] = published_identity(warehouse / "warehouse.duckdb") == before
    print(f"  touched-files rerun {results['touched'].seconds:.1f} s", flush=True)  # type: ignore[attr-defined]
    # A new report, numbered after the corpus, so it is new content; one at a time,
    # ONE_NEW_TRIALS times, since a refresh this short moves with the machine's load.
    trials = []
    for trial in range(ONE_NEW_TRIALS):
        for _ in generate(1, raw, start=count + trial):
            pass
        trials.append(oversight_run(raw, warehouse, home))
        print(f"  one new file {trials[-1].seconds:.1f} s, {trials[-1].steps}", flush=True)
    results["one_new_trials"] = [m.seconds for m in trials]
    results["one_new"] = sorted(trials, key=lambda m: m.seconds)[len(trials) // 2]  # the median trial
    results["per_core_mb_s"] = extraction_per_core(raw)
    results["reference_after"] = reference_seconds()
    return results


def _ratio(seconds: float, base: float) -> str:
    return f"{seconds / base:,.1f}×" if base else "-"


def table(results: list[dict[str, object]]) -> str:
    sizes = [f"{r['count']:,} files ({r['megabytes']:.0f} MB)" for r in results]
    lines = ["| measure | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(results)]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def timed(measure: Measure, base: float) -> str:
        return f"{measure.seconds:,.1f} s ({_ratio(measure.seconds, base)})"

    floors = [r["floor"].seconds for r in results]  # type: ignore[attr-defined]
    row(
        "machine reference: a fixed Python workload, best of 3, before and after the size's runs",
        [f"{r['reference_before']:.2f} s, {r['reference_after']:.2f} s" for r in results],
    )
    row("floor: read + sha256 + insert text into DuckDB", [f"{f:,.1f} s (1×)" for f in floors])
    pairs = list(zip(results, floors, strict=True))
    row("full refresh, end to end (`oversight run`)", [timed(r["full"], f) for r, f in pairs])  # type: ignore[arg-type]
    for step, label in STEPS.items():
        cells = []
        for r, f in zip(results, floors, strict=True):
            seconds = r["full"].steps.get(step)  # type: ignore[attr-defined]
            cells.append("-" if seconds is None else f"{seconds:,.1f} s ({_ratio(seconds, f)})")
        row(f"&nbsp;&nbsp;{label}", cells)
    cells = []
    for r in results:
        seconds = r["full"].steps.get("extracted_facts")  # type: ignore[attr-defined]
        workers = os.cpu_count() or 1
        if seconds:
            rate = r["megabytes"] / seconds  # type: ignore[operator]
            cells.append(f"{rate:.2f} MB/s on {workers} cores ({rate / workers:.2f} MB/s per core)")
        else:
            cells.append("-")
    row("extraction in the refresh (extract stage, process pool)", cells)
    row("parse + extract alone, one core, first 20 files", [f"{r['per_core_mb_s']:.2f} MB/s" for r in results])
    row(
        "rerun, nothing changed",
        [
            f"{timed(r['rerun'], f)}, published nothing new: {'yes' if r['rerun_published_nothing'] else 'NO'}"  # type: ignore[arg-type]
            for r, f in zip(results, floors, strict=True)
        ],
    )
    row(
        "rerun after touching every file (same bytes, new times)",
        [
            f"{timed(r['touched'], f)}, published nothing new: {'yes' if r['touched_published_nothing'] else 'NO'}"  # type: ignore[arg-type]
            for r, f in zip(results, floors, strict=True)
        ],
    )
    row(
        f"refresh after adding one new file: median of {ONE_NEW_TRIALS} (each trial)",
        [
            f"{timed(r['one_new'], f)} ({', '.join(f'{s:.1f}' for s in r['one_new_trials'])} s)"  # type: ignore[arg-type, attr-defined]
            for r, f in pairs
        ],
    )
    for step in ("warehouse_models", "expectations", "scorecard"):
        row(
            f"&nbsp;&nbsp;{STEPS[step]} in the median trial",
            [f"{r['one_new'].steps.get(step, 0):,.1f} s" for r in results],  # type: ignore[attr-defined]
        )
    row(
        "CPU time of the full refresh (user + system, whole tree), cores busy on average",
        [f"{r['full'].cpu_seconds:,.0f} s, {r['full'].cpu_seconds / r['full'].seconds:.2f}" for r in results],  # type: ignore[attr-defined]
    )
    row(
        "CPU time of the benchmark's memory sampler during the full refresh (not in the figures above)",
        [f"{r['full'].sampler_cpu:,.1f} s" for r in results],  # type: ignore[attr-defined]
    )
    row(
        "peak memory of the whole process tree, full refresh: PSS (RSS summed)",
        [f"{r['full'].peak_memory / 1e9:.2f} GB ({r['full'].peak_rss / 1e9:.2f} GB)" for r in results],  # type: ignore[attr-defined]
    )
    for step, label in STEPS.items():
        row(
            f"&nbsp;&nbsp;peak PSS while {label} ran",
            [f"{r['full'].step_peaks.get(step, 0) / 1e9:.2f} GB" for r in results],  # type: ignore[attr-defined]
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--results", type=Path, default=ROOT / "results.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_before = os.getloadavg()
    started = datetime.now(UTC)
    results = [bench(n) for n in sizes]
    load_after = os.getloadavg()
    text = table(results)
    print("\n" + text)
    header = (
        f"# Benchmark results\n\n"
        f"`python -m benchmarks.run --sizes {','.join(map(str, sizes))}` (`make bench`), "
        f"{started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}; parsing and extraction: {compiled.build()}. Load average (1/5/15 min) before: "
        f"{' '.join(f'{v:.1f}' for v in load_before)}, after: {' '.join(f'{v:.1f}' for v in load_after)} "
        "(other work on the machine slows every figure alike).\n\n"
        "Ratios are to the floor of the same size. Stage times come from the Dagster run's step "
        "timings. Memory covers the CLI process and all its children (extraction pool, dbt): RSS "
        f"sampled every 0.1 s, PSS every {TreeMemory.PSS_EVERY} s (reading it costs the machine CPU). "
        "PSS counts a page shared by forked workers once; RSS summed counts it per process.\n\n"
    )
    args.results.write_text(header + text + "\n", encoding="utf-8")
    print(f"\nwritten to {args.results}")


if __name__ == "__main__":
    main()
