"""The figures of one sentence, read: what each one counts and what part it plays.

A figure's `role` comes from the words just before it or just after it:

- target: "target for year to date is 134", "against a target of 25%", "a 22% target",
  "aim to attend at least 95%";
- baseline: "up from 84%", "a decrease of 21 from 92", "an improvement on the 18.3% rate",
  "compared to the corresponding period (monthly averages of 205, 130 and 39)";
- change: "reduced by 3.5%", "a reduction of 40", "15% fewer", "down 25%";
- comparator: "the national average of 11 percent", "the MSF average of 21.52%";
- rank: an ordinal with rank words about it ("ranked second within the MSF");
- actual: everything else ("a sanction detection rate of 22.1%", "rising to 21.44%").

A figure joined to the one before by "and", "or" or a comma takes its role ("a decrease
of 30 or 5%", "monthly averages of 205, 130 and 39"); a figure in brackets right after
another restates it in another unit ("reduced by 3.5% (2,684 offences)").

>>> from pipelines.extraction.numbers import find_quantities
>>> s = "71 Trafalgar related gun enabled crime offences, a decrease of 21 from 92 in 2005/06."
>>> [(str(f.quantity.value), f.role, f.sign) for f in read_figures(s, find_quantities(s))]
[('71', 'actual', 0), ('21', 'change', -1), ('92', 'baseline', 0)]
>>> read_figures(s, find_quantities(s))[0].noun
'Trafalgar related gun enabled crime offences'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from pipelines.extraction.kpi_words import (
    change_direction,
    change_pattern,
    comparator_scopes,
    guarded_changes,
    has_word,
    without_approx_tail,
    words_pattern,
)
from pipelines.extraction.lexicon import phrase_key
from pipelines.extraction.memo import per_report
from pipelines.extraction.numbers import Quantity
from pipelines.extraction.vocab import load_lines


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantity of a sentence with what it counts and its role in the statement."""

    quantity: Quantity
    clause: int
    noun: str
    role: str  # actual, target, baseline, change, comparator, rank, variance
    sign: int = 0
    bracketed: bool = False  # restates the figure just before it ("3.5% (2,684 offences)")
    anaphoric: bool = False  # counts what an earlier figure counted ("Ten were detected")
    partitive: bool = False  # "21 of the 32 boroughs", "26 out of 32 BOCUs"
    comparator: str | None = None  # the scope of an average ("National average")


# ------------------------------------------------------------------ clauses

# Where a sentence turns to a new statement. A clause opened by a pronoun, article or
# name has a subject of its own; "..., but fell short of the MPS target of 25%" has not.
_CLAUSE_BREAK = re.compile(
    r";\s*|:\s+|,\s*(?=(?:and|but|while|whilst|although|though|however|whereas)\b)"
    r"|\s+(?=but\b)|\s+(?=and\s+(?:we|it|they|this|there|the\s+MPS|our)\b)"
)
_NEW_SUBJECT = re.compile(
    r"(?:and|but|while|whilst|although|though|however|whereas)?\s*"
    r"(?:we|it|they|he|she|this|these|there|the|our|its|a|an|[A-Z])",
)


def clauses(sentence: str) -> list[tuple[int, int, bool]]:
    """(start, end, has_own_subject) of the clauses of `sentence` (a fresh list; cached).

    >>> s = "It fell by 2%; but the rate rose to 9%, but fell short of the target of 10%."
    >>> for a, b, own in clauses(s):
    ...     print(repr(s[a:b]), own)
    'It fell by 2%' True
    'but the rate rose to 9%,' True
    'but fell short of the target of 10%.' False
    """
    return list(_clauses(sentence))


@per_report
def _clauses(sentence: str) -> tuple[tuple[int, int, bool], ...]:
    out: list[tuple[int, int, bool]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if sentence.count("(", 0, match.start()) > sentence.count(")", 0, match.start()):
            continue  # "Nine boroughs (Southwark, ..., and Islington) have migrated"
        if match.start() > start:
            out.append((start, match.start() + (1 if match.group(0).startswith(",") else 0), True))
        start = match.end()
    out.append((start, len(sentence), True))
    return tuple((a, b, i == 0 or _NEW_SUBJECT.match(sentence, a) is not None) for i, (a, b, _) in enumerate(out))


def _clause_index(spans: list[tuple[int, int, bool]], position: int) -> int:
    for i, (a, b, _) in enumerate(spans):
        if a <= position < b:
            return i
    return len(spans) - 1


# ------------------------------------------------------------------ what a figure counts

_QUOTES = re.compile(r"[‘’“”\"]|(?<![A-Za-z])'|'(?![A-Za-z])")
_TOKEN = re.compile(r"[A-Za-z][\w'/&-]*(?:\s&\s[A-Za-z][\w'/-]*)*|\S")


def noun_after(text: str) -> str:
    """The noun phrase a figure counts, from the text right after it.

    >>> noun_after(" child abuse offences of these 1,644 were detected.")
    'child abuse offences'
    >>> noun_after(" targeted ‘anti-terrorist’ patrols, dealt with")
    'targeted anti-terrorist patrols'
    >>> noun_after(" homicides were investigated")
    'homicides'
    """
    return _noun_after(text[:120])  # only the first 120 characters are read


def _with_next(matches: Iterator[re.Match[str]]) -> Iterator[tuple[re.Match[str], re.Match[str] | None]]:
    """Each match with the one after it, read no further ahead than that.

    >>> [(a.group(0), b and b.group(0)) for a, b in _with_next(re.finditer(r"\\w", "ab"))]
    [('a', 'b'), ('b', None)]
    """
    current = next(matches, None)
    while current is not None:
        following = next(matches, None)
        yield current, following
        current = following


@per_report
def _noun_after(text: str) -> str:
    words: list[str] = []
    # The noun ends within a few words: the text is read token by token, not tokenized whole.
    for match, following in _with_next(_TOKEN.finditer(_QUOTES.sub("", text))):
        word = match.group(0)
        if word.lower() in _LABELS and following is not None and following.group(0)[0].isdigit():
            return ""  # "800 level 1 TSG officers and 3,500 level 2": the label is not counted
        if word == "," and words and _PARTICIPLE_END.search(words[-1]):
            continue  # "624 GLA-funded, ward-based teams"
        if word.lower() in {"and", "or"} and words and not words[-1].lower().endswith("s"):
            words.append(word)  # "212 fatal and serious injury collisions", "stop and searches"
            continue
        if not word[0].isalpha():
            break
        low = word.lower()
        counted = any(w.lower().endswith("s") for w in words)
        if _stops_noun(low) or (words and _is_verb_form(low)) or (counted and low.endswith("ed")):
            # "1,200 complaints received", "11 child homicides investigated by"
            break
        words.append(word)
        if len(words) == 6:
            break
    while words and words[-1].lower() in {"and", "or"}:
        words.pop()
    if words and change_pattern().fullmatch(words[0]):
        return ""  # "31 fewer than last year": a change, not a thing counted
    return " ".join(words)


_LABELS = frozenset(["level", "phase", "stage", "tier", "grade", "category", "class", "band"])
_PARTICIPLE_END = re.compile(r"-\w+ed$")


@cache
def _noun_stops() -> frozenset[str]:
    return frozenset(load_lines("kpi_noun_stops.txt"))


def _stops_noun(word: str) -> bool:
    return word in _noun_stops()


@lru_cache(maxsize=4096)
def _is_verb_form(word: str) -> bool:
    return bool(
        words_pattern("kpi_action_verbs.txt").fullmatch(word) or words_pattern("kpi_progress_words.txt").fullmatch(word)
    )


_PARTITIVE = re.compile(r"^\s*(?:out\s+)?of\s+(?:(?P<ana>these|those|them|which)\b|(?:the|its|our|their)\s+)?", re.I)
_DENOMINATOR = re.compile(r"^(?:[A-Za-z][\w'-]*\s+){0,4}?(?:of\s+)?\d[\d,]*\s+")


def _partitive_noun(after: str) -> tuple[str, bool] | None:
    """('boroughs', False) for " of the 32 boroughs", ('', True) for " of these were"."""
    match = _PARTITIVE.match(after)
    if not match or not re.match(r"\s*(?:out\s+)?of\b", after):
        return None
    if match.group("ana"):
        return "", True
    rest = after[match.end() :]
    denominator = _DENOMINATOR.match(rest)
    if denominator:
        rest = rest[denominator.end() :]
    return noun_after(" " + rest), False


_BRACKET_NOUN = re.compile(
    r"(?:\b(?:number|total|proportion|percentage)\s+of\s+(?P<measure>[^()]{3,80}?)"
    r"|(?P<plural>(?:[A-Za-z][\w'-]*\s+){0,2}[A-Za-z][\w'-]*s(?:\s+of\s+the\s+[a-z]+)?))\s*\($"
)
_SUBJECT_MEASURE = re.compile(
    r"\b(?:number|total|proportion|percentage|volume|level)\s+of\s+(?P<noun>[A-Za-z][^,;()]{2,80})",
    re.I,
)


def subject_measure(text: str) -> str:
    """What a clause measures when it says so: "The number of PACE stop and searches ..."."""
    match = _SUBJECT_MEASURE.search(text)
    return noun_after(" " + match.group("noun")) if match else ""


# ------------------------------------------------------------------ roles

_TARGET_BEFORE = re.compile(
    r"\btargets?\b[^.;,%£\d]{0,60}?\b(?:is|of|was|at|for|to|be|are|were|include|includes|:)\s+"
    r"(?:(?:an?|the|overall|minimum|maximum)\s+)*$"
    # "The target of reducing robbery by 5%", "a target to cut burglary by 8%"
    r"|\btargets?\s+(?:of|is|was|to)\s+(?:reduc|increas|improv|cut|rais)\w*\s+(?:[\w-]+\s+){0,5}?by\s+$"
    r"|\btargets?\s+$"
    r"|\b(?:aims?|aiming|seeks?|seeking)\s+to\s+\w+\s+(?:(?:at\s+least|a\s+minimum(?:\s+of)?)\s+)?$",
    re.I,
)
# "a 22% target" (one target), not "the seven main targets" (people targeted).
_TARGET_AFTER = re.compile(r"^\s*(?:[\w-]+\s+)?target\b", re.I)
_VARIANCE_AFTER = re.compile(
    r"^\s*(?:more|fewer|less|higher|lower|above|below)\s+than\s+(?:the|its|our|their)?\s*(?:\w+\s+)?target",
    re.I,
)
_BASELINE_BEFORE = re.compile(
    r"(?:\bcompared\s+(?:to|with)(?:\s+(?:an?|the))?|\bthan|\bon\s+the|\bpreviously"
    r"|\bagainst(?!\s+(?:an?|the|its|our|their)\s+(?:[\w-]+\s+)?targets?))\s+$",
    re.I,
)
_BASELINE_BRACKET = re.compile(r"\bcompared\s+(?:to|with)\b[^()%]*\([^()]*$", re.I)
_FROM = re.compile(r"\bfrom\s+$", re.I)
_TO_FIGURE = re.compile(r"^\s*(?:[A-Za-z]+\s+){0,2}?(?:(?:down|up)\s+)?to\s+[£+\-\d]", re.I)
_CHANGE_BEFORE = re.compile(r"(?:\s+[\w/-]+){0,4}?\s+(?:by|of)\s+$|\s+$", re.I)
_CHANGE_AFTER = re.compile(
    r"^\s*(?:(?:year[\s-]on[\s-]year|overall|annual|net)\s+)?"
    r"(?P<w>reduction|reductions|decrease|increase|rise|fall|drop|decline|fewer|more|lower|higher|"
    r"improvement|down|up)\b"
    r"(?!\s+than\s+(?:the|its|our|their)?\s*(?:[\w-]+\s+)?target)",
    re.I,
)
_EXPLICIT_ACTUAL = re.compile(r"\b(?:to|at|is|was|were|are|of|with|reaching|achieved|achieving|averaging)\s+$", re.I)
_COORDINATED = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:(?:on|over|for|in|compared\s+(?:to|with))\s+[^,;()%]{0,40}?\s*)?"
    r"(?:,|\band\b|\bor\b|,\s*and\b)\s*$",
    re.I,
)
# "a target for KSIs (40%) and child casualties (50%)": a list of named values in brackets.
_ENUMERATED = re.compile(r"^\s*\)?\s*(?:,|and|or)\s+[^()%\d]{1,60}\(\s*$", re.I)
_AVERAGE_BEFORE = re.compile(r"\baverage\s+(?:\w+\s+){0,3}?(?:of|is|was|at)?\s*$", re.I)
_RANK_AFTER_SEQUENCE = re.compile(r"^\s*(?:[\w-]+\s+)?", re.I)


def _window(sentence: str, start: int, end: int) -> str:
    """Text between `start` and a figure at `end`, without a qualifier such as "over"."""
    return without_approx_tail(sentence[start:end])


def _comparator(sentence: str, quantity: Quantity, window: str) -> str | None:
    """The scope of an average the figure states: "the national average of 11 percent",
    "an MSF average of 22.3%", "the average of 15.02% achieved in the MSF forces"."""
    average = _AVERAGE_BEFORE.search(window)
    if not average:
        return None
    pattern, mapping = comparator_scopes()
    named = re.search(rf"(?:{pattern.pattern})\s*$", window[: average.start()], re.I)
    if named is None:
        after = sentence[quantity.end : quantity.end + 60]
        over = re.match(
            rf"[^.;]{{0,30}}?\b(?:in|across|for|of)\s+(?:the\s+|all\s+)?({pattern.pattern})",
            after,
            re.I,
        )
        if over is None:
            return None
        word = over.group(1)
    else:
        word = named.group(0)
    return mapping.get(phrase_key(word))


def _change_before(window: str) -> int:
    """Direction of a change stated just before a figure ("reduced by", "a decrease of")."""
    for match in reversed(list(guarded_changes().finditer(window))):
        if _CHANGE_BEFORE.fullmatch(window[match.end() :]):
            direction = change_direction(match.group(0))
            return direction or 1
        break
    return 0


def _is_rank(sentence: str, quantity: Quantity, clause: tuple[int, int, bool]) -> bool:
    """An ordinal with rank words about it, not a place in a sequence ("the third and
    fourth quartiles", "first officer on scene", "the first phase")."""
    after = _QUOTES.sub("", sentence[quantity.end : quantity.end + 40])
    next_word = re.match(r"(?:\s+(?:and|or|to)\s+[a-z]+)?\s*([A-Za-z]+)", after)
    if next_word and has_word("kpi_sequence_nouns.txt", next_word.group(1)):
        return False
    a, b, _ = clause
    near = sentence[max(a, quantity.start - 80) : min(b, quantity.end + 100)]
    return has_word("kpi_rank_words.txt", near)


_TARGET_BRACKET = re.compile(r"\btargets?\b[^.;%£\d]*\(\s*$", re.I)


def _role(
    sentence: str, quantity: Quantity, window: str, previous: Figure | None, adjacent: bool
) -> tuple[str, int, str | None]:
    """(role, sign, comparator scope) of one figure."""
    after = sentence[quantity.end : quantity.end + 60]
    comparator = _comparator(sentence, quantity, window)
    if comparator:
        return "comparator", 0, comparator
    change_after = _CHANGE_AFTER.match(after)
    after_direction = change_direction(change_after.group("w")) if change_after else 0
    target = _TARGET_BEFORE.search(window)
    bracketed_target = _TARGET_BRACKET.search(window)
    if target or bracketed_target or (_TARGET_AFTER.match(after) and not change_after):
        # also "the casualty reduction target in relation to KSIs (40%)"
        # "a target reduction of 2%", "the year-end target of a 6% reduction"
        direction = after_direction or (change_direction(target.group(0)) if target else 0)
        return "target", direction, None
    if _VARIANCE_AFTER.match(after):
        return "variance", 0, None
    if _BASELINE_BEFORE.search(window) or _BASELINE_BRACKET.search(window):
        return "baseline", 0, None
    if _FROM.search(window) and (
        _TO_FIGURE.match(after)
        or (adjacent and previous is not None and previous.role == "change")
        or guarded_changes().search(window[-25:])
    ):
        return "baseline", 0, None
    direction = _change_before(window)
    if direction:
        return "change", direction, None
    if change_after:
        return "change", after_direction, None
    if _EXPLICIT_ACTUAL.search(window):
        return "actual", 0, None
    if adjacent and previous is not None and (_COORDINATED.match(window) or _ENUMERATED.match(window)):
        return previous.role, previous.sign, previous.comparator
    return "actual", 0, None


# ------------------------------------------------------------------ reading a sentence


def read_figures(sentence: str, quantities: list[Quantity]) -> list[Figure]:
    """Every quantity of `sentence` as a Figure, in order (roles only; no judgement yet).

    A fresh list; the reading of a sentence and its quantities is cached (figures are
    immutable), as boilerplate sentences recur from report to report.
    """
    return list(_read_figures(sentence, tuple(quantities)))


@per_report
def _read_figures(sentence: str, quantities: tuple[Quantity, ...]) -> tuple[Figure, ...]:
    spans = clauses(sentence)
    figures: list[Figure] = []
    for quantity in quantities:
        index = _clause_index(spans, quantity.start)
        clause = spans[index]
        previous = figures[-1] if figures else None
        adjacent = previous is not None and previous.clause == index
        start = previous.quantity.end if adjacent and previous is not None else clause[0]
        window = _window(sentence, start, quantity.start)
        figures.append(_read_one(sentence, quantity, index, clause, window, previous, adjacent))
    return tuple(figures)


_OUT_OF_GAP = re.compile(r"\s*(?:out\s+)?of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+)?")
_BRACKET_GAP = re.compile(r"\s*(?:[\w-]+\s+){0,2}\(\s*")


_TO_FIGURE_AFTER = re.compile(r"\s*to\s+[\d£]")
_OF_THESE = re.compile(r"\bof\s+(?:these|those|them)\s+$", re.I)


def _read_one(
    sentence: str,
    quantity: Quantity,
    index: int,
    clause: tuple[int, int, bool],
    window: str,
    previous: Figure | None,
    adjacent: bool,
) -> Figure:
    after = sentence[quantity.end :]
    if quantity.kind == "ordinal":
        role = "rank" if _is_rank(sentence, quantity, clause) else "sequence"
        return Figure(quantity, index, noun_after(after), role)
    if (
        adjacent
        and previous is not None
        and previous.partitive
        and not previous.anaphoric
        and _OUT_OF_GAP.fullmatch(window)
    ):
        # "21 of the 32 boroughs", "26 out of 32 BOCUs": the whole the part is taken from.
        return Figure(quantity, index, noun_after(after), "denominator")
    # "reduced by 3.5% (2,684 offences)", "down 11.3% year-on-year (2,931 offences)"
    bracketed = (
        adjacent
        and quantity.kind != "word"  # "(one in every four stops)" is a ratio, not a restatement
        and previous is not None
        and _BRACKET_GAP.fullmatch(window) is not None
    )
    if bracketed and _TO_FIGURE_AFTER.match(after):
        # "increased by 6.4 per cent (777,458 to 827,225 offences)": from and to.
        return Figure(quantity, index, noun_after(after), "baseline")
    if bracketed and previous is not None:
        noun = noun_after(after) or previous.noun
        return replace(previous, quantity=quantity, noun=noun, bracketed=True, partitive=False)
    role, sign, comparator = _role(sentence, quantity, window, previous, adjacent)
    partitive = _partitive_noun(after)
    if partitive is not None:
        noun, anaphoric = partitive
        anaphoric = anaphoric or (not noun and role == "actual")
        return Figure(quantity, index, noun, role, sign, False, anaphoric, True, comparator)
    noun = noun_after(after)
    if _OF_THESE.search(window):
        # "17 defendants were convicted, of these three later appealed"
        return Figure(quantity, index, "", role, sign, False, True, True, comparator)
    if not noun and window.rstrip().endswith("(") and quantity.kind != "word":
        found = _BRACKET_NOUN.search(sentence[clause[0] : quantity.start].rstrip(" "))
        if found:
            noun = noun_after(" " + (found.group("measure") or found.group("plural")))
    anaphoric = not noun and quantity.unit == "count" and role == "actual"
    return Figure(quantity, index, noun, role, sign, False, anaphoric, False, comparator)
