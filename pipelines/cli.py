"""`oversight`: run the pipeline, look at the published warehouse, explain a figure.

Every command reads paths from OVERSIGHT_RAW_DIR / OVERSIGHT_WAREHOUSE_DIR (or the
options that override them). Errors print one line and exit non-zero.
"""

import atexit
import contextlib
import gc
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from functools import wraps
from itertools import islice
from pathlib import Path
from typing import Annotated, Any, TypeVar

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from pipelines.config import RAW_DIR_ENV, WAREHOUSE_DIR_ENV, Settings, get_settings

app = typer.Typer(
    name="oversight",
    help="Police-governance reports in, a tested DuckDB warehouse of their figures out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

RawOption = Annotated[
    Path | None, typer.Option("--raw", help="Raw report directory (default $OVERSIGHT_RAW_DIR or data/raw).")
]
WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", help="Warehouse directory (default $OVERSIGHT_WAREHOUSE_DIR or data/warehouse)."),
]

F = TypeVar("F", bound=Callable[..., Any])


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _say_error(message: str) -> None:
    errors.print(f"[bold red]error:[/] {' '.join(message.split())}", highlight=False, soft_wrap=True, markup=True)


def one_line_errors(func: F) -> F:
    """Print any error as one line on stderr and exit 2 (1 is kept for failed checks)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except (UserError, duckdb.Error, OSError, ValueError) as error:
            _say_error(escape(str(error)))
            raise typer.Exit(2) from None
        except Exception as error:  # anything else is still one line, named by its type
            _say_error(escape(f"{type(error).__name__}: {error}"))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _settings(raw: Path | None, warehouse: Path | None) -> Settings:
    if raw is not None:
        os.environ[RAW_DIR_ENV] = str(raw.resolve())
    if warehouse is not None:
        os.environ[WAREHOUSE_DIR_ENV] = str(warehouse.resolve())
    return get_settings()


def _published(settings: Settings) -> Path:
    path = settings.published_db
    if not path.exists():
        raise UserError(f"no published warehouse at {path}: run `oversight run` first")
    return path


# ------------------------------------------------------------------ run

_STAGES = [
    ("ingest", "Read and hash report files", ("report_files",)),
    ("parse", "Parse documents into blocks", ("parsed_blocks",)),
    ("extract", "Extract facts", ("extracted_facts",)),
    ("dbt", "Build the marts with dbt", ("warehouse_models",)),
    ("checks", "Great Expectations checks", ("great_expectations",)),
    ("publish", "Publish the warehouse", ("published_warehouse",)),
    ("docs", "Document it (dbt docs)", ("dbt_docs",)),
    ("scorecard", "Render the scorecard", ("scorecard",)),
]


def _stage_of(step_key: str | None) -> str | None:
    for name, _, keys in _STAGES:
        if step_key and any(k == step_key or (k.startswith("_") and k in step_key) for k in keys):
            return name
    return None


@app.command()
@one_line_errors
def run(
    raw: RawOption = None,
    warehouse: WarehouseOption = None,
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    force: bool = typer.Option(False, "--force", help="Rebuild and republish even when nothing changed."),
) -> None:
    """Run the whole pipeline: ingest, parse, extract, dbt build, checks, publish."""
    settings = _settings(raw, warehouse)
    if not settings.raw_dir.is_dir():
        raise UserError(f"raw directory {settings.raw_dir} does not exist")
    started = time.perf_counter()
    if not force:
        from pipelines.freshness import published_freshness

        freshness = published_freshness(settings)
        if freshness.current:
            console.print(
                f"[bold]Oversight[/] {freshness.reason}: [cyan]{settings.published_db}[/] is current, "
                f"nothing to do ({time.perf_counter() - started:.1f} s; --force rebuilds anyway)"
            )
            return
    from pipelines import compiled

    console.print(f"[bold]Oversight[/] refreshing from [cyan]{settings.raw_dir}[/]")
    console.print(f"  parsing and extraction: {escape(str(compiled.build()))}", style="dim")
    with _prewarmed_dbt(settings) as prewarm_follows:
        _refresh(settings, quiet, force, started, prewarm_follows)


# Documents parsed and extracted in one run above which the prewarmed dbt server (about
# 100 MB) is stopped while they are: those stages set the run's peak memory.
PREWARM_MAX_DOCUMENTS = 2_000


@contextlib.contextmanager
def _prewarmed_dbt(settings: Settings) -> Iterator[Callable[[str, str, int | None], None]]:
    """dbt imported in a server process while the run does its Python stages.

    It saves the 1.5 s dbt takes to import at the start of `dbt build` and of `dbt docs
    generate`. It starts at once for a refresh of a published warehouse (which usually
    adds a few reports) or of a raw directory of at most `PREWARM_MAX_DOCUMENTS` files.
    Otherwise, and while a refresh parses or extracts more documents than that, it runs
    only once extraction is done. Yields what the progress callback calls with each
    event's stage, kind and total.
    """
    from pipelines.dbt_prewarm import Prewarm

    with Prewarm() as prewarm:
        files = (name for _, _, names in os.walk(settings.raw_dir) for name in names)
        if (
            settings.published_db.exists()
            or sum(1 for _ in islice(files, PREWARM_MAX_DOCUMENTS + 1)) <= PREWARM_MAX_DOCUMENTS
        ):
            prewarm.start()

        def follow(stage: str, kind: str, total: int | None) -> None:
            if stage in {"parse", "extract"} and kind == "progress" and (total or 0) > PREWARM_MAX_DOCUMENTS:
                prewarm.stop()
            elif stage == "extract" and kind == "succeeded":
                prewarm.start()

        yield follow


def _refresh(
    settings: Settings,
    quiet: bool,
    force: bool,
    started: float,
    prewarm_follows: Callable[[str, str, int | None], None],
) -> None:
    with _collector_paused():
        from pipelines.definitions import build_definitions
        from pipelines.progress import ProgressEvent
        from pipelines.runner import RefreshBusy, project_instance, run_refresh

        defs = build_definitions(settings)
    terminal = sys.stdout
    log_path = settings.warehouse_dir / "last_run.log"
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=terminal),
        disable=quiet,
        transient=False,
    )
    tasks = {name: progress.add_task(label, total=None, start=False) for name, label, _ in _STAGES}
    checks_total = sum(1 for key in defs.resolve_asset_graph().asset_check_keys if key.name.startswith("expectations_"))

    def on_event(event: ProgressEvent) -> None:
        stage = _stage_of(event.step_key)
        if stage is None:
            return
        prewarm_follows(stage, event.kind, event.total)
        task = tasks[stage]
        if event.kind == "started":
            progress.start_task(task)
            if stage == "checks":
                progress.update(task, total=checks_total)
        elif event.kind == "progress" and event.total:
            progress.update(task, total=event.total, completed=event.done)
        elif event.kind == "check" and stage == "checks":
            progress.advance(task)
        elif event.kind in {"succeeded"} and stage != "checks":
            current = progress.tasks[task]
            progress.update(task, total=current.total or 1, completed=current.total or 1)
        elif event.kind == "failed":
            progress.update(task, description=f"[red]{dict((n, label) for n, label, _ in _STAGES)[stage]} (failed)")

    try:
        # dbt and Dagster write their own logs to stdout: keep them in a file, show progress.
        with progress, log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            summary = run_refresh(defs, settings, project_instance(), on_event, force=force)
            for step, error in summary.failure_details.items():
                print(f"\nstep {step} failed:\n{error}")  # into the log: the error with its stack
    except RefreshBusy as error:
        raise UserError(str(error)) from None
    console.print(f"[dim]full log: {log_path}[/]")
    _print_summary(summary, time.perf_counter() - started)
    if not summary.success:
        raise typer.Exit(1)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while Dagster, dbt and the definitions load.

    Importing them creates some 600,000 objects, and the collector ran over and over
    among them: a fifth of the 3 s the imports took. What they created is then frozen
    (`gc.freeze`), so that the collections of the refresh do not visit it again.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _print_summary(summary: Any, seconds: float) -> None:
    console.print()
    table = Table(title="Refresh summary", show_header=False, title_justify="left")
    table.add_column("what", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("files ingested", str(summary.files_current))
    table.add_row("files rejected", str(len(summary.rejected)))
    for item in summary.rejected:
        table.add_row("", f"[yellow]{item['source_file']}[/]: {item['reason']}")
    for name, count in sorted(summary.rows.items()):
        if name != "publication":
            table.add_row(f"rows {name}", f"{count:,}")
    table.add_row("checks passed", str(len(summary.checks_passed)))
    table.add_row("checks failed", str(len(summary.checks_failed)))
    for name in summary.checks_failed:
        table.add_row("", f"[red]{name}[/]")
    table.add_row("warnings", str(len(summary.checks_warned)))
    for name in summary.checks_warned:
        table.add_row("", f"[yellow]{name}[/]")
    if summary.failed_steps:
        table.add_row("failed steps", str(len(summary.failed_steps)))
        for step in summary.failed_steps:
            reason = summary.failure_reasons.get(step)
            table.add_row("", f"[red]{step}[/]" + (f": {reason}" if reason else ""))
    state = {
        True: "published",
        False: "unchanged (nothing new to publish)",
        None: "NOT published (previous warehouse kept)",
    }
    table.add_row("warehouse", f"{summary.published_path} — {state[summary.published]}")
    if summary.published is not None:
        for label, link in _site_links(get_settings()):
            table.add_row(label, str(link))
    table.add_row("time", f"{seconds:.1f} s")
    console.print(table)
    if summary.published is not None:
        console.print('[dim]next: oversight status · oversight query "select * from marts.fct_kpi limit 5"[/]')


# ------------------------------------------------------------------ status


def _site_links(settings: Settings) -> list[tuple[str, Path]]:
    from pipelines.assets.docs import GX_DOCS

    candidates = [
        ("scorecard", settings.scorecard_dir / "index.html"),
        ("warehouse docs (dbt)", settings.dbt_docs_dir / "index.html"),
        ("data quality (GX)", settings.warehouse_dir.joinpath(*GX_DOCS)),
    ]
    return [(label, path) for label, path in candidates if path.exists()]


@app.command()
@one_line_errors
def status(warehouse: WarehouseOption = None) -> None:
    """When the warehouse was last published, from which files, rows per mart, checks, warnings."""
    from pipelines.query import connect_read_only
    from pipelines.warehouse.publish import last_publication

    settings = _settings(None, warehouse)
    path = _published(settings)
    details = last_publication(path) or {}
    connection = connect_read_only(path)
    try:
        files = connection.execute("select source_file, title from marts.dim_report order by 1").fetchall()
        issues = _rows(
            connection, "select check_name, source_file, description from marts.data_quality_issues order by 1, 2"
        )
        rejected = _rows(connection, "select source_file, reason from marts.rejected_files order by 1")
    finally:
        connection.close()
    table = Table(title=f"Published warehouse {path}", show_header=False, title_justify="left")
    table.add_column("what", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("published at", str(details.get("published_at", "unknown")))
    table.add_row("run", str(details.get("run_id", "")))
    table.add_row("files", str(len(files)))
    for source_file, title in files:
        table.add_row("", escape(f"{source_file} — {title or ''}"))
    for name, count in sorted(details.get("row_counts", {}).items()):
        table.add_row(f"rows {name.split('.', 1)[-1]}", f"{int(count):,}")
    checks = details.get("checks") or {}
    table.add_row("checks passed", str(checks.get("passed", "unknown")))
    table.add_row("checks failed", str(checks.get("failed", "unknown")))
    for name in checks.get("failed_checks", []):
        table.add_row("", f"[red]{escape(name)}[/]")
    table.add_row("check warnings", str(checks.get("warned", "unknown")))
    for name in checks.get("warned_checks", []):
        table.add_row("", f"[yellow]{escape(name)}[/]")
    table.add_row("data quality issues", "unknown" if issues is None else str(len(issues)))
    for check_name, source_file, description in issues or []:
        table.add_row("", escape(f"{source_file} ({check_name}): {description}"))
    table.add_row("rejected files", "unknown" if rejected is None else str(len(rejected)))
    for source_file, reason in rejected or []:
        table.add_row("", f"[yellow]{escape(source_file)}[/]: {escape(reason)}")
    for label, link in _site_links(settings):
        table.add_row(label, str(link))
    console.print(table)


def _rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]] | None:
    try:
        return connection.execute(sql).fetchall()
    except duckdb.CatalogException:
        return None


# ------------------------------------------------------------------ query


@app.command()
@one_line_errors
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run read-only against the published warehouse.")],
    warehouse: WarehouseOption = None,
    csv: bool = typer.Option(False, "--csv", help="Print CSV (every row)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list of records (every row)."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table (every row)."),
    limit: int = typer.Option(200, "--limit", help="Rows to show in the table view."),
) -> None:
    """Run SQL read-only against the published warehouse (schema marts).

    Writes are refused, and so is any file other than the warehouse.
    """
    from pipelines.query import plain, run_query, to_csv, to_json, to_markdown

    if sum((csv, as_json, markdown)) > 1:
        raise UserError("choose one of --csv, --json and --markdown")
    settings = _settings(None, warehouse)
    try:
        result = run_query(_published(settings), sql)
    except duckdb.InvalidInputException as error:
        if "read-only mode" in str(error):
            raise UserError(f"the published warehouse is read-only: {error}") from None
        raise
    except duckdb.PermissionException as error:
        raise UserError(f"only the published warehouse can be read: {error}") from None
    if csv:
        sys.stdout.write(to_csv(result))
    elif as_json:
        sys.stdout.write(to_json(result))
    elif markdown:
        sys.stdout.write(to_markdown(result))
    else:
        table = Table(show_lines=False)
        for column in result.columns:
            table.add_column(column, overflow="fold")
        for row in result.rows[:limit]:
            table.add_row(*[escape(plain(v)) for v in row])
        console.print(table)
        shown = min(limit, len(result.rows))
        more = f" ({len(result.rows) - limit} more: use --csv or --json for all)" if len(result.rows) > limit else ""
        console.print(f"[dim]{shown} of {len(result.rows)} rows{more}[/]")


# ------------------------------------------------------------------ explain

_FACT_TABLES = ("fct_kpi", "fct_grade", "fct_budget", "fct_workforce", "fct_milestone")


def _find_fact(connection: duckdb.DuckDBPyConnection, fact_id: str) -> tuple[str, dict[str, Any]] | None:
    for table in _FACT_TABLES:
        cursor = connection.execute(f"select * from marts.{table} where fact_id = ?", [fact_id])
        row = cursor.fetchone()
        if row is not None:
            return table, dict(zip([d[0] for d in cursor.description], row, strict=True))
    return None


def explanation(path: Path, fact_id: str) -> dict[str, Any]:
    """The fact, its report, and where its figures sit in its source words."""
    from pipelines.query import connect_read_only
    from pipelines.scorecard.highlight import figure_spans
    from pipelines.scorecard.pages import VALUE_COLUMNS, WORD_COLUMNS

    connection = connect_read_only(path)
    try:
        found = _find_fact(connection, fact_id.strip())
        if found is None:
            raise UserError(f"no fact with fact_id {fact_id!r} in marts.{', marts.'.join(_FACT_TABLES)}")
        table, fact = found
        cursor = connection.execute("select * from marts.dim_report where report_id = ?", [fact["report_id"]])
        row = cursor.fetchone()
        report = dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else {}
    finally:
        connection.close()
    text = str(fact.get("source_text") or "")
    values = [fact.get(c) for c in VALUE_COLUMNS.get(table, ())]
    words = [str(fact[c]) for c in WORD_COLUMNS.get(table, ()) if fact.get(c)]
    spans = figure_spans(text, values, words)
    return {"table": table, "fact": fact, "report": report, "highlights": [list(s) for s in spans]}


@app.command()
@one_line_errors
def explain(
    fact_id: Annotated[str, typer.Argument(help="A fact_id from marts.fct_kpi, fct_grade, fct_budget, ...")],
    warehouse: WarehouseOption = None,
    as_json: bool = typer.Option(False, "--json", help="Print the fact, its report and the highlights as JSON."),
) -> None:
    """Show a fact, its report, and the sentence or table row it came from, figure highlighted."""
    from pipelines.query import _json_value, plain

    settings = _settings(None, warehouse)
    found = explanation(_published(settings), fact_id)
    table, fact, report = found["table"], found["fact"], found["report"]
    if as_json:
        sys.stdout.write(json.dumps(_json_value(found), indent=2, ensure_ascii=False, default=str) + "\n")
        return
    details = Table(title=f"marts.{table}  {fact['fact_id']}", show_header=False, title_justify="left")
    for key, value in fact.items():
        if key not in {"source_text", "fact_id"} and value not in (None, ""):
            details.add_row(key, escape(plain(value)))
    console.print(details)
    console.print(
        "[bold]Report[/] "
        + escape(
            f"{report.get('title') or ''} — {report.get('source_file', fact['source_file'])}"
            f" (report {report.get('report_number') or '-'}, {plain(report.get('meeting_date')) or 'undated'},"
            f" {report.get('publisher') or 'publisher unknown'})"
        )
    )
    where = f"characters {fact['char_start']}–{fact['char_end']} of {fact['source_file']}"
    if fact.get("section"):
        where += f", section “{fact['section']}”"
    if fact.get("page"):
        where += f", page {fact['page']}"
    console.print(f"[bold]Source[/] {escape(where)}:")
    source = Text(str(fact.get("source_text") or ""))
    for start, end in found["highlights"]:
        source.stylize("bold black on yellow", start, end)
    console.print(source)
    if not found["highlights"]:
        console.print("[dim](the figure is not written out in these words as stored)[/]")


# ------------------------------------------------------------------ validate


@app.command()
@one_line_errors
def validate(warehouse: WarehouseOption = None) -> None:
    """Run the Great Expectations suites on the marts of the last build (checks only).

    Exit code 1 when a blocking suite fails; a non-blocking one (meta.blocking false) warns.
    """
    from pipelines.config import EXPECTATIONS_DIR
    from pipelines.quality.gx import load_suite_definition, suite_paths, validate_marts

    settings = _settings(None, warehouse)
    if not settings.build_db.exists():
        raise UserError(f"no build database at {settings.build_db}: run `oversight run` first")
    table = Table(title="Great Expectations", title_justify="left")
    for column in ("suite", "rows", "expectations", "passed", "failed", "outcome"):
        table.add_column(column)
    failures = 0
    docs = None
    definitions = {name: load_suite_definition(path) for name, path in suite_paths(EXPECTATIONS_DIR).items()}
    results = validate_marts(settings.build_db, definitions, settings.warehouse_dir)
    for (name, definition), (rows, result) in zip(definitions.items(), results, strict=True):
        blocking = bool(definition.get("meta", {}).get("blocking", True))
        docs = result.data_docs or docs
        failed = [f"{o.expectation}({o.column or ''})" for o in result.failed]
        if blocking:
            failures += len(failed)
        outcome = "passed" if not failed else ("[red]FAILED[/]" if blocking else "[yellow]warning[/]")
        table.add_row(
            name,
            str(rows),
            str(result.evaluated),
            str(result.successful),
            escape(", ".join(failed)) or "0",
            outcome,
        )
    console.print(table)
    if docs:
        console.print(f"Data Docs: {docs}")
    if failures:
        raise typer.Exit(1)


# ------------------------------------------------------------------ eval


@app.command(name="eval")
@one_line_errors
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Gold directory (format of tests/fixtures/gold).")] = Path(
        "tests/fixtures/gold"
    ),
    raw: RawOption = None,
    warehouse: WarehouseOption = None,
    direct: bool = typer.Option(False, "--direct", help="Extract now instead of reading the published warehouse."),
    as_json: bool = typer.Option(False, "--json"),
    samples: int = typer.Option(8, "--samples"),
) -> None:
    """Score the published warehouse against hand-labelled gold facts."""
    from pipelines.evaluation.printing import render
    from pipelines.evaluation.scoring import load_gold, score
    from pipelines.evaluation.sources import read_texts, rows_from_extraction, rows_from_warehouse

    settings = _settings(raw, warehouse)
    if not gold.is_dir():
        raise UserError(f"gold directory {gold} does not exist")
    labelled = load_gold(gold)
    texts = read_texts(settings.raw_dir, labelled.docs)
    if direct:
        rows, reports = rows_from_extraction(settings.raw_dir, labelled.docs)
    else:
        rows, reports = rows_from_warehouse(_published(settings))
    card = score(labelled, rows, reports, texts, sample=samples)
    if as_json:
        console.print_json(json.dumps(card.as_dict(), default=str))
    else:
        render(card, write=lambda line: console.print(line, highlight=False, markup=False), samples=samples > 0)


def main() -> None:  # pragma: no cover - console entry point
    """The `oversight` command as a process: run it, then leave without tearing the heap down.

    After a refresh the process holds Dagster, dbt's adapter, pandas and the data of every
    stage: Python's own shutdown (freeing each module and object) took 1.5 s of a one-file
    refresh. Every file and connection is closed by then and the exit handlers still run;
    only that teardown is skipped.
    """
    try:
        app(prog_name="oversight")
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if isinstance(stop.code, str):
            errors.print(stop.code)
    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
