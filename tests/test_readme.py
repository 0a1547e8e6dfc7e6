"""The README's example queries print, on the seed reports, exactly the tables shown under them."""

import json
import re

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.config import PROJECT_ROOT, WAREHOUSE_DIR_ENV
from pipelines.readme_examples import parse_examples
from tests.conftest import PipelineRun

README = PROJECT_ROOT / "README.md"
EXAMPLES = parse_examples(README.read_text(encoding="utf-8"))
FIX = "python -m pipelines.readme_examples README.md (on a warehouse built from the seeds) rewrites them"


def test_the_readme_has_the_four_example_queries_an_analyst_asks_first() -> None:
    sql = [" ".join(e.sql.split()) for e in EXAMPLES]
    assert len(sql) == 4
    assert "target_met = false" in sql[0]
    assert "has_national_distribution" in sql[1] and "nat_excellent" in sql[1]
    assert "marts.fct_budget" in sql[2] and "fiscal_year" in sql[2]
    assert "female_officers" in sql[3] and "as_of_month" in sql[3]
    assert all(e.output.count("\n") >= 3 for e in EXAMPLES), "every example shows at least one row"


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.sql.split("from ")[1].split()[0] for e in EXAMPLES])
def test_each_readme_example_prints_the_table_shown_under_it(
    example, seeded_run: PipelineRun, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(seeded_run.settings.warehouse_dir))
    result = CliRunner().invoke(app, ["query", "--markdown", example.sql])
    assert result.exit_code == 0, result.output
    assert result.stdout == example.output, f"README example out of date; {FIX}"


@pytest.mark.slow
def test_every_fact_id_the_readme_names_is_in_the_published_warehouse_of_the_seeds(
    seeded_run: PipelineRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(WAREHOUSE_DIR_ENV, str(seeded_run.settings.warehouse_dir))
    named = set(re.findall(r"oversight explain ([0-9a-f]{32})", README.read_text(encoding="utf-8")))
    assert named
    for fact_id in named:
        result = CliRunner().invoke(app, ["explain", fact_id, "--json"])
        assert result.exit_code == 0, f"README names fact {fact_id}, which the seeds no longer have"
        fact = json.loads(result.stdout)["fact"]
        assert "£382m" in fact["source_text"] and fact["amount"] == 382000000


def test_the_readme_keeps_its_first_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first = text.index("make run    #")
    assert text.index("make test   #") > first
    assert text.index("```") < first < text.index("## ")
    for picture in ("scorecard.png", "asset-graph.png"):
        assert f"docs/{picture}" in text and (PROJECT_ROOT / "docs" / picture).exists()
