"""Generate a realistic corpus of distinct reports from the seed reports.

Each generated file starts from one seed and perturbs it the way another report of the
same kind would differ: every figure is scaled by its own random factor (keeping its
format: thousands separators, decimals, £ and %), years and financial years shift
together, borough and operation names are swapped for others, and the sentences of long
paragraphs are reordered. Files are about the size of the seeds (≈110 MB per 1,000).

    python -m benchmarks.corpus --count 1000 --out benchmarks/corpus/1000
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"

BOROUGHS = (
    "Barnet Bexley Brent Bromley Camden Croydon Ealing Enfield Greenwich Hackney Haringey Harrow "
    "Havering Hillingdon Hounslow Islington Lambeth Lewisham Merton Newham Redbridge Southwark Sutton "
    "Wandsworth Westminster"
).split()
OPERATIONS = (
    "Tyrol Rize Crackdown Alliance Vanguard Quadrant Grafton Maxim Payback Bella Vista Trident Trafalgar "
    "Sterling Compass Raiz Servator Venice Mexico Blunt Kestrel Oak Falcon Heron Lynx Marlin Osprey"
).split()

# A figure, unless it is a paragraph number, a code ("SPI 1.1", "CO11"), part of a word
# like "12-month", or the day of a date.
_FIGURE = re.compile(
    r"(?<![\w/.])(?<!^)(?<!SPI )(£?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%|m\b|bn\b|k\b)?(?![\w-]|\.\s)"
    r"(?!\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)",
    re.M,
)
_YEAR = re.compile(r"\b(19[89]\d|20[0-2]\d)\b")
_BOROUGH = re.compile(r"\b(" + "|".join(BOROUGHS) + r")\b")
_OPERATION = re.compile(r"\bOperation (" + "|".join(OPERATIONS) + r")\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _scale_figure(match: re.Match[str], rng: random.Random) -> str:
    pound, whole, decimals, suffix = match.group(1), match.group(2), match.group(3) or "", match.group(4) or ""
    value = float(whole.replace(",", "") + decimals)
    if not pound and not suffix and not decimals and 1900 <= value <= 2030:
        return match.group(0)  # a year: shifted separately
    if value < 2 and not decimals:
        return match.group(0)  # "1st", list numbers and the like stay
    factor = rng.uniform(0.7, 1.3)
    scaled = value * factor
    if suffix == "%":
        scaled = min(scaled, 99.9) if value <= 100 else scaled
    if decimals:
        text = f"{scaled:,.{len(decimals) - 1}f}" if "," in whole else f"{scaled:.{len(decimals) - 1}f}"
    else:
        rounded = max(2, round(scaled))
        text = f"{rounded:,}" if "," in whole else str(rounded)
    return f"{pound}{text}{suffix}"


def _shift_years(text: str, shift: int) -> str:
    text = re.sub(
        r"\b(20[0-2]\d)([/\-–])(\d\d)\b",
        lambda m: f"{int(m.group(1)) + shift}{m.group(2)}{(int(m.group(3)) + shift) % 100:02d}",
        text,
    )
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def _reorder_sentences(paragraph: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(paragraph)
    if len(sentences) < 4 or rng.random() < 0.5:
        return paragraph
    head, body = sentences[0], sentences[1:]
    rng.shuffle(body)
    return " ".join([head, *body])


def perturb(seed_text: str, rng: random.Random, serial: int) -> str:
    shift = rng.choice([-3, -2, -1, 0, 1, 2, 3])
    text = _shift_years(seed_text, shift)
    text = _FIGURE.sub(lambda m: _scale_figure(m, rng), text)
    text = _BOROUGH.sub(lambda m: rng.choice(BOROUGHS), text)
    text = _OPERATION.sub(lambda m: f"Operation {rng.choice(OPERATIONS)}", text)
    paragraphs = [(_reorder_sentences(p, rng) if len(p) > 400 else p) for p in text.split("\n")]
    return f"Reference: OVS-{serial:06d}\n\n" + "\n".join(paragraphs)


def seeds() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEED_DIR.iterdir()) if p.is_file()]


def generate(count: int, out: Path, seed: int = 20261122, start: int = 0) -> Iterator[Path]:
    """Write `count` distinct reports into `out` (numbered from `start`), yielding each path."""
    out.mkdir(parents=True, exist_ok=True)
    sources = seeds()
    for serial in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + serial)
        stem, text = sources[serial % len(sources)]
        suffix = ".md" if stem.startswith("004") else ".txt"
        path = out / f"report_{serial:06d}_{stem[:3]}{suffix}"
        path.write_text(perturb(text, rng, serial), encoding="utf-8")
        yield path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    total = sum(p.stat().st_size for p in generate(args.count, args.out))
    print(f"wrote {args.count} files, {total / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
