"""Where extraction's time goes, on one core: per family, and inside or outside the
sentences that hold a figure.

    python -m benchmarks.extraction                          # 60 files of the 1,000-file corpus (`make bench-extract`)
    python -m benchmarks.extraction --raw data/raw           # the seed reports
    python -m benchmarks.extraction --files 100 --repeat 3   # more files, more passes

It prints the rate of `extract_report` alone (blocks parsed beforehand) and of parsing,
in MB of text per second of CPU on one core; the seconds and share of each step of
`extract_report` (metadata, context, grades, milestones, budgets, workforce, KPIs); how
many sentences of the readable blocks hold a digit or a quantity, and their share of
the characters; and the time of the same reports with every sentence that holds no
quantity blanked out (the same length, so every offset stays): the difference is what
the sentences without a figure cost. Times are the best of `--repeat` passes of process CPU time, which other
work on the machine disturbs less than wall time does.

With the compiled build in use (`pipelines/compiled.py`), it prints the compiled rates,
then runs itself again on the Python source for the rest: compiled functions call one
another directly, so only the source can be timed step by step.

`make bench` measures the whole refresh; this script is for work on the extractors.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.run import ensure_corpus
from pipelines import compiled
from pipelines.extraction import extract, numbers
from pipelines.extraction.document import ReportContext
from pipelines.extraction.memo import forget
from pipelines.extraction.numbers import find_quantities
from pipelines.extraction.report import read_report_meta
from pipelines.ingest.files import Document, read_document
from pipelines.parsing.blocks import Block, parse_blocks
from pipelines.parsing.chars import has_digit

# The steps of `extract_report`, as it names them, in the order it runs them.
STEPS = ("read_report_meta", "find_grades", "find_milestones", "find_budgets", "find_workforce", "find_kpis")
# Reading the quantities of a sentence: shared by the families (the first to ask pays,
# the others find it cached for the report), timed inside the steps.
QUANTITIES = "find_quantities"


@dataclass
class Sample:
    documents: list[Document]
    blocks: list[list[Block]]

    @property
    def megabytes(self) -> float:
        return sum(len(d.text.encode("utf-8")) for d in self.documents) / 1e6


def load(raw: Path, files: int, skip: int) -> Sample:
    """The readable documents among `files` files of `raw` after the first `skip`, parsed."""
    paths = sorted(p for p in raw.iterdir() if p.is_file() and not p.name.startswith("."))[skip : skip + files]
    documents = [d for d in map(read_document, paths) if isinstance(d, Document)]
    if not documents:
        raise SystemExit(f"no readable report among {len(paths)} files of {raw}")
    return Sample(documents, [parse_blocks(d.text, d.pages) for d in documents])


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The least process CPU time of `repeat` runs of `work`."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def extract_all(sample: Sample, texts: list[str] | None = None) -> None:
    texts = texts or [d.text for d in sample.documents]
    for document, blocks, text in zip(sample.documents, sample.blocks, texts, strict=True):
        extract.extract_report(document.sha256, text, blocks)


@contextmanager
def timed_steps(seconds: dict[str, float]) -> Iterator[None]:
    """Adds the CPU time of each step `extract_report` calls, and of reading quantities,
    to `seconds`, while open."""
    originals: dict[str, Any] = {name: getattr(extract, name) for name in STEPS}
    descriptor = ReportContext.__dict__["build"]  # the classmethod itself, to put back
    quantities = numbers._find_quantities
    build = ReportContext.build

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.process_time() - started

        return run

    for name, function in originals.items():
        setattr(extract, name, timed(name, function))
    ReportContext.build = staticmethod(timed("ReportContext.build", build))  # type: ignore[method-assign]
    numbers._find_quantities = timed(QUANTITIES, quantities)  # type: ignore[assignment]
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(extract, name, function)
        ReportContext.build = descriptor  # type: ignore[method-assign]
        numbers._find_quantities = quantities


@dataclass
class Sentences:
    count: int = 0
    with_digit: int = 0
    with_quantity: int = 0
    characters: int = 0
    characters_with_quantity: int = 0


def without_figureless_sentences(sample: Sample) -> tuple[list[str], Sentences]:
    """Each text with the sentences of its readable blocks that hold no quantity blanked
    out, and counts of the sentences."""
    counts = Sentences()
    texts = []
    for document, blocks in zip(sample.documents, sample.blocks, strict=True):
        forget()
        ctx = ReportContext.build(document.sha256, document.text, blocks, read_report_meta(document.text, blocks))
        characters = list(document.text)
        for block in ctx.readable_blocks():
            for start, end in ctx.sentences(block.start, block.end):
                sentence = document.text[start:end]
                counts.count += 1
                counts.characters += len(sentence)
                counts.with_digit += has_digit(sentence)
                if find_quantities(sentence):
                    counts.with_quantity += 1
                    counts.characters_with_quantity += len(sentence)
                else:
                    characters[start:end] = " " * (end - start)
        texts.append("".join(characters))
    forget()
    return texts, counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--raw", type=Path, help="reports to read (default: the benchmark's 1,000-file corpus, generated when missing)"
    )
    parser.add_argument("--files", type=int, default=60, help="how many files (default 60)")
    parser.add_argument("--skip", type=int, default=200, help="files to pass over first (default 200)")
    parser.add_argument("--repeat", type=int, default=2, help="passes per measure; the best is kept (default 2)")
    args = parser.parse_args(argv)
    raw = args.raw or ensure_corpus(1000)
    if not raw.is_dir():
        raise SystemExit(f"{raw} is not a directory")
    skip = args.skip if len(list(raw.iterdir())) > args.skip else 0
    sample = load(raw, args.files, skip)
    megabytes = sample.megabytes
    build = compiled.build()
    print(f"{len(sample.documents)} reports of {raw} ({megabytes:.1f} MB), one core, best of {args.repeat}")
    print(f"parsing and extraction: {build}")

    extract_all(sample)  # the first call compiles and loads what every later one uses
    parse = best_of(args.repeat, lambda: [parse_blocks(d.text, d.pages) for d in sample.documents])
    if build.compiled:
        total = best_of(args.repeat, lambda: extract_all(sample))
        print(f"  parse:   {parse:6.2f} s  {megabytes / parse:6.2f} MB/s")
        needed = 10 * total / megabytes
        print(f"  extract: {total:6.2f} s  {megabytes / total:6.2f} MB/s  (10 MB/s needs {needed:.1f}x this)")
        # Compiled functions call one another directly: only the source can be timed step by step.
        print(f"\nthe same on the Python source ({compiled.ENV}=1), step by step:", flush=True)
        command = [sys.executable, "-m", "benchmarks.extraction", *(sys.argv[1:] if argv is None else argv)]
        subprocess.run(command, env=os.environ | {compiled.ENV: "1"}, check=True)
        return
    blanked, counts = without_figureless_sentences(sample)
    extract_all(sample, blanked)
    # Alternated, so that a change in the machine's speed falls on both alike.
    total, figures_only = float("inf"), float("inf")
    for _ in range(args.repeat):
        total = min(total, best_of(1, lambda: extract_all(sample)))
        figures_only = min(figures_only, best_of(1, lambda: extract_all(sample, blanked)))
    print(f"  parse:   {parse:6.2f} s  {megabytes / parse:6.2f} MB/s")
    needed = 10 * total / megabytes
    print(f"  extract: {total:6.2f} s  {megabytes / total:6.2f} MB/s  (10 MB/s needs {needed:.1f}x this)")

    seconds: dict[str, float] = {}
    with timed_steps(seconds):
        extract_all(sample)
    shared = seconds.pop(QUANTITIES, 0.0)
    measured = sum(seconds.values())
    print("\nsteps of extract_report (one pass, CPU seconds, share of the steps):")
    for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"  {name:20s} {value:6.2f} s  {value / measured:5.1%}")
    share = shared / measured
    print(f"  within them, reading quantities ({QUANTITIES}, paid by the first to ask): {shared:.2f} s  {share:.1%}")

    print("\nsentences of the readable blocks (paragraphs and list items):")
    print(f"  {counts.count:,} sentences, {counts.characters / 1e6:.2f} M characters")
    print(f"  with a digit:     {counts.with_digit:,} ({counts.with_digit / counts.count:.0%})")
    print(
        f"  with a quantity:  {counts.with_quantity:,} ({counts.with_quantity / counts.count:.0%}), "
        f"{counts.characters_with_quantity / counts.characters:.0%} of the characters"
    )
    print(
        f"  extract with the sentences without a quantity blanked: {figures_only:.2f} s, "
        f"{figures_only / total:.0%} of {total:.2f} s"
    )
    print(
        f"  so the sentences without a quantity cost {(total - figures_only) / total:.0%} of extraction "
        "(a few percent either way is noise);"
    )
    print(
        f"  per sentence with a quantity, everything else included: "
        f"{figures_only / max(counts.with_quantity, 1) * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
