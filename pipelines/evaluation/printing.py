"""Print a scorecard as plain text tables."""

from __future__ import annotations

from collections.abc import Callable

from pipelines.evaluation.scoring import Scorecard, value_of


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 100:5.1f}%"


def render(card: Scorecard, write: Callable[[str], None] = print, samples: bool = True) -> None:
    write("family      tier   gold  found  recall | precision (distinct)  precision (all mentions)")
    for name, score in card.families.items():
        for tier in sorted(score.gold_by_tier):
            write(
                f"{name:<11} {tier:<5} {score.gold_by_tier[tier]:>5} {score.found_by_tier.get(tier, 0):>6}  "
                f"{_pct(score.recall(tier))} |"
            )
        write(
            f"{name:<11} {'all':<5} {sum(score.gold_by_tier.values()):>5} {sum(score.found_by_tier.values()):>6}  "
            f"{_pct(score.recall())} | {_pct(score.precision())} of {score.rows_in_scope:<5}      "
            f"{_pct(score.precision(all_mentions=True))} of {score.mentions_in_scope}"
        )
    write("")
    write(f"report metadata: {_pct(card.report_accuracy())} of labelled fields")
    for field, (agree, total) in card.report_fields.items():
        write(f"  {field:<15} {agree}/{total}")
    for miss in card.report_misses:
        write(f"  miss {miss['doc']} {miss['field']}: expected {miss['expected']!r}, got {miss['got']!r}")
    write("")
    write("field accuracy of matched rows:")
    for name, score in card.families.items():
        accuracy = score.field_accuracy()
        if accuracy:
            write(f"  {name:<10} " + "  ".join(f"{k} {_pct(v).strip()}" for k, v in accuracy.items()))
    if not samples:
        return
    for name, score in card.families.items():
        if score.misses:
            write("")
            write(f"{name}: missed gold facts (sample)")
            for miss in score.misses:
                write(f"  - [{miss['tier']}] {miss['doc'][:3]} value={miss['value']}  {miss['quote'][:110]!r}")
        if score.unmatched:
            write(f"{name}: rows matching no gold fact (sample)")
            for row in score.unmatched:
                write(f"  + {row['source_file'][:3]} {value_of(row, name)}  {str(row.get('source_text'))[:110]!r}")
