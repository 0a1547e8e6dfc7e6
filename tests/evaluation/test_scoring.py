"""The scoring rules themselves: overlap, value agreement, coverage, restated mentions."""

from pathlib import Path

from pipelines.evaluation.scoring import load_gold, same_period, same_scope, score

TEXT = "Intro line.\nThe budget of £382m for 2007/08 was set.\nA later line with £5m.\n"


def _gold(tmp_path: Path, coverage: str | None = None) -> Path:
    folder = tmp_path / "gold" / "x"
    folder.mkdir(parents=True)
    (folder / "budget.csv").write_text(
        "doc,scope,fiscal_year,measure,amount,unit,tier,quote\n"
        "r.txt,SCD,2007/08,budget,382000000,gbp,core,The budget of £382m for 2007/08\n",
        encoding="utf-8",
    )
    if coverage:
        (folder / "coverage.csv").write_text(coverage, encoding="utf-8")
    return tmp_path / "gold"


def _row(start: int, end: int, amount: str, **extra: object) -> dict[str, object]:
    return {"source_file": "r.txt", "char_start": start, "char_end": end, "amount": amount, "unit": "gbp", **extra}


def test_a_row_is_a_match_only_when_its_span_overlaps_and_its_value_agrees(tmp_path: Path) -> None:
    gold = load_gold(_gold(tmp_path))
    start = TEXT.index("The budget")
    rows = {
        "budget": [
            _row(start, start + 20, "382000000", scope="SCD", measure="budget", fiscal_year="2007/08"),
            _row(start, start + 20, "5000000"),  # right place, wrong value
            _row(TEXT.index("A later"), len(TEXT) - 1, "382000000"),  # right value, wrong place
        ]
    }
    card = score(gold, rows, {}, {"r.txt": TEXT})
    budget = card.families["budget"]
    assert budget.recall() == 1.0
    assert (budget.rows_matched, budget.rows_in_scope) == (1, 3)
    assert budget.field_accuracy() == {"scope": 1.0, "unit": 1.0, "fiscal_year": 1.0, "measure": 1.0}


def test_rows_outside_the_labelled_lines_do_not_count_against_precision(tmp_path: Path) -> None:
    gold = load_gold(_gold(tmp_path, "doc,first_line,last_line\nr.txt,1,2\n"))
    rows = {"budget": [_row(TEXT.index("A later"), len(TEXT) - 1, "5000000")]}
    assert score(gold, rows, {}, {"r.txt": TEXT}).families["budget"].rows_in_scope == 0


def test_restated_mentions_are_left_out_of_the_distinct_precision(tmp_path: Path) -> None:
    gold = load_gold(_gold(tmp_path))
    start = TEXT.index("The budget")
    rows = {"budget": [_row(start, start + 5, "382000000"), _row(start, start + 5, "1", is_restated=True)]}
    budget = score(gold, rows, {}, {"r.txt": TEXT}).families["budget"]
    assert budget.precision() == 1.0 and budget.precision(all_mentions=True) == 0.5


def test_scopes_and_periods_compare_through_aliases_and_fiscal_years() -> None:
    assert same_scope("Specialist Crime Directorate", "SCD")
    assert same_scope("MPS volunteer cadets", "MPS")
    assert not same_scope("Trident", "Homicide Command")
    assert same_period("financial year-to-date 2007/08", "year to date", "2007/08")
    assert not same_period("2006/07", "2007/08", "2007/08")
