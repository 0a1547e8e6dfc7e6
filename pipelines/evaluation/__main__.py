"""`python -m pipelines.evaluation`: score a warehouse (or direct extraction) against gold."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipelines.config import get_settings
from pipelines.evaluation.printing import render
from pipelines.evaluation.scoring import load_gold, score
from pipelines.evaluation.sources import read_texts, rows_from_extraction, rows_from_warehouse


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m pipelines.evaluation", description=__doc__)
    parser.add_argument("--gold", type=Path, default=Path("tests/fixtures/gold"))
    parser.add_argument("--raw", type=Path, default=settings.raw_dir)
    parser.add_argument("--warehouse", type=Path, default=settings.published_db)
    parser.add_argument("--direct", action="store_true", help="run extraction now instead of reading the warehouse")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--samples", type=int, default=8, help="misses and unmatched rows to show per family")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    texts = read_texts(args.raw, gold.docs)
    if args.direct:
        rows, reports = rows_from_extraction(args.raw, gold.docs)
    else:
        if not args.warehouse.exists():
            print(
                f"error: no published warehouse at {args.warehouse} (run the pipeline first, or pass --direct)",
                file=sys.stderr,
            )
            return 2
        rows, reports = rows_from_warehouse(args.warehouse)
    card = score(gold, rows, reports, texts, sample=args.samples)
    if args.json:
        print(json.dumps(card.as_dict(), indent=2, default=str))
    else:
        render(card, samples=args.samples > 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
