"""Performance figures in running text: the sentences of paragraphs and list items.

Each passage's sentences are read in turn (`kpi_passages`). In a sentence, every
quantity not claimed by another family is read as a figure (`kpi_figures`), judged
(`kpi_accept`), and the figures kept are grouped into facts (`kpi_groups`) whose unit,
period and fields are resolved (`kpi_context`, `kpi_fields`). What a sentence leaves
unsaid comes from before it in the passage: the period, the unit, what "these" are
("567 commercial robberies ... 199 of these were detected"), a target waiting for its
result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from pipelines.extraction.document import ReportContext
from pipelines.extraction.kpi_accept import Setting, is_performance
from pipelines.extraction.kpi_context import (
    period_of,
    reference_periods,
    scope_of,
    topic_of,
    unnamed,
)
from pipelines.extraction.kpi_fields import indicator_of, signed, trend_of, unit_of
from pipelines.extraction.kpi_figures import Figure, clauses, noun_after, read_figures
from pipelines.extraction.kpi_groups import group_figures, merge_targets, shared_name
from pipelines.extraction.kpi_passages import Passage, masked, passages
from pipelines.extraction.kpi_words import has_word
from pipelines.extraction.memo import per_report
from pipelines.extraction.models import KpiFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import PeriodMention, find_periods

Clauses = list[tuple[int, int, bool]]

_PER_BEFORE = re.compile(r"\bper\s*$", re.I)
# A number opening a short line of title words: "2 Reducing Crime (Domain 1)**".
_HEADING_NUMBER = re.compile(r"^[#*\s]*\d{1,2}[.)]?\s+[A-Z][\w-]*(?:\s+[A-Z(&\d][\w)-]*)*[\s*:]*$")
# A name ending in a number: a capitalised word, not the sentence's first, just before it.
_NAME_LABEL = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+ $")
_NOT_PLURAL = frozenset(["was", "has", "its", "this", "thus", "does", "yes", "less", "across"])
_BREAKDOWN = re.compile(r"^[^.;()]*?(?:,\s*(?:consisting\s+of|comprising|including|of\s+which)|\band)\s*$", re.I)


@dataclass
class _State:
    """What the passage has said so far.

    The period and the unit a passage carries are read from its sentences only when a
    fact needs them: most sentences hold no figure, and most passages end without one
    after them. `unread_periods` and `unread_topics` are the sentences not yet read for
    them, in order.
    """

    period: PeriodMention | None = None
    topic: str | None = None
    antecedent: str = ""
    reported: bool = False
    sentence: str = ""
    indicator: str = ""
    open_target: KpiFact | None = None
    unread_periods: list[str] = field(default_factory=list)
    unread_topics: list[str] = field(default_factory=list)

    def carried_period(self, ctx: ReportContext) -> PeriodMention | None:
        """The period of the last sentence that gave one, else the introduction's."""
        for sentence in reversed(self.unread_periods):
            carried = _carried(reference_periods(sentence, ctx))
            if carried:
                self.period = carried[-1]
                break
        self.unread_periods.clear()
        return self.period

    def carried_topic(self) -> str | None:
        """The unit of the first sentence that names one."""
        if self.topic is None:
            for sentence in self.unread_topics:
                self.topic = topic_of(sentence)
                if self.topic is not None:
                    break
        self.unread_topics.clear()
        return self.topic


def _carried(periods: list[PeriodMention]) -> list[PeriodMention]:
    """The periods a sentence dates the next by: "in January" or "each month" does not."""
    return [p for p in periods if p.kind not in {"frequency", "month_name"}]


# ------------------------------------------------------------------ figures of a sentence


def _split_range(sentence: str, quantity: Quantity) -> list[Quantity]:
    """'(777,458 to 827,225 offences)' after a change: the figures before and after.

    Any other range ("100 to 130 reports each day") is not one figure and is left out.
    """
    before = sentence[: quantity.start].rstrip()
    if quantity.high is None or not (before.endswith("(") or before.endswith("from")):
        return []
    numbers = list(re.finditer(r"\d[\d,.]*\d|\d", quantity.surface))
    if len(numbers) < 2:
        return []
    low_end = quantity.start + numbers[0].end()
    high_start = quantity.start + numbers[-1].start()
    unit = quantity.unit
    low = Quantity(quantity.value, unit, quantity.start, low_end, sentence[quantity.start : low_end])
    high = Quantity(quantity.high, unit, high_start, quantity.end, sentence[high_start : quantity.end])
    return [low, high]


def _candidates(ctx: ReportContext, offset: int, sentence: str) -> list[Quantity]:
    """The quantities of `sentence` (at `offset` in the text) no other family claimed that
    can be figures, a range read "from ... to" split in two."""
    out: list[Quantity] = []
    for quantity, parts in _unlabelled(sentence, ctx.report_date):
        if not ctx.is_claimed(offset + quantity.start, offset + quantity.end):
            out.extend(parts)
    return out


@per_report
def _unlabelled(sentence: str, report_date: date | None) -> tuple[tuple[Quantity, tuple[Quantity, ...]], ...]:
    """Each quantity of `sentence` that is not a name, a period or a rate's base, with the
    figures it stands for (itself, or the two ends of a range). It reads the sentence
    alone, so it is worked out once per distinct sentence; claims are another matter."""
    quantities = find_quantities(sentence)
    if not quantities or _HEADING_NUMBER.match(sentence):
        return ()
    periods = find_periods(sentence, report_date, relative=True)
    out: list[tuple[Quantity, tuple[Quantity, ...]]] = []
    for quantity in quantities:
        if _NAME_LABEL.search(sentence[: quantity.start]) and not noun_after(sentence[quantity.end :]):
            continue  # "the decommissioned Terminal 1 in Heathrow"
        if any(p.start <= quantity.start and quantity.end <= p.end for p in periods):
            continue
        if _PER_BEFORE.search(sentence[: quantity.start]):
            continue
        if quantity.kind == "range":
            out.append((quantity, tuple(_split_range(sentence, quantity))))
            continue
        out.append((quantity, (quantity,)))
    return tuple(out)


def _plural_before(text: str) -> str:
    """The nearest plural noun before a bare figure, when it names something counted:
    "tasking groups, with 26 already in place", "The number of ... searches ... is 14.9"."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)[-20:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if len(word) > 3 and word.lower().endswith("s") and word.lower() not in _NOT_PLURAL:
            known = any(
                has_word(name, word)
                for name in (
                    "kpi_outcome_nouns.txt",
                    "kpi_structural_nouns.txt",
                    "kpi_person_nouns.txt",
                )
            )
            return " ".join(words[max(0, i - 2) : i + 1]) if known else ""
    return ""


def _noun_of(figure: Figure, earlier: tuple[Figure, ...], sentence: str, antecedent: str) -> str:
    """What `figure` counts, with "these", "Ten were detected" and "with 26 already in
    place" resolved to what was counted or named before (`antecedent`: in the passage)."""
    if not figure.anaphoric:
        return figure.noun
    named = [f for f in earlier if f.noun and not f.anaphoric and f.quantity.unit == "count"]
    if named:
        return named[-1].noun
    if figure.partitive:
        return antecedent
    a, _, _ = clauses(sentence)[figure.clause]
    return _plural_before(sentence[a : figure.quantity.start]) or antecedent


def _windows(figures: Sequence[Figure], index: int, spans: Sequence[tuple[int, int, bool]]) -> tuple[int, int]:
    figure = figures[index]
    a, b, _ = spans[figure.clause]
    start, end = a, b
    if index > 0 and figures[index - 1].clause == figure.clause:
        start = figures[index - 1].quantity.end
    later = [f for f in figures[index + 1 :] if f.clause == figure.clause and f.role != "denominator"]
    if later:
        # "290 of the 630 teams have moved into ...": the whole belongs to the part's words.
        end = later[0].quantity.start
    return start, end


def _answers_target(figure: Figure, sentence: str, open_target: tuple[str, str] | None) -> bool:
    """The result of a target stated alone in the sentence before ("The MPS target for
    OBTJ is 13,350 per month. ... averaging 14,155 OBTJ each month"); `open_target` is
    that target's (unit, indicator)."""
    return (
        open_target is not None
        and open_target[0] == figure.quantity.unit
        and figure.role == "actual"
        and shared_name(open_target[1], sentence)
    )


def _accepted(
    figures: list[Figure],
    sentence: str,
    following: str,
    spans: list[tuple[int, int, bool]],
    state: _State,
) -> list[tuple[Figure, str]]:
    """The figures kept as performance, each with what it counts.

    What decides is the sentence, its figures and a few things the passage said before
    (read, never changed here), so the judgement of a sentence met again in the same
    setting, as boilerplate is in a run of reports, is looked up by figure position.
    """
    target = state.open_target
    kept = _kept(
        tuple(figures),
        sentence,
        following,
        tuple(spans),
        state.antecedent,
        state.sentence,
        state.reported,
        None if target is None else (target.unit, target.indicator),
    )
    return [(figures[i], noun) for i, noun in kept]


@per_report
def _kept(
    figures: tuple[Figure, ...],
    sentence: str,
    following: str,
    spans: tuple[tuple[int, int, bool], ...],
    antecedent: str,
    previous_sentence: str,
    reported: bool,
    open_target: tuple[str, str] | None,
) -> tuple[tuple[int, str], ...]:
    """(position, noun) of the figures `_accepted` keeps."""
    target_units = {f.quantity.unit for f in figures if f.role == "target"}
    blanked = unnamed(sentence)
    kept: list[tuple[Figure, str]] = []
    positions: list[int] = []
    for i, figure in enumerate(figures):
        noun = _noun_of(figure, figures[:i], sentence, antecedent)
        previous = figures[i - 1] if i and figures[i - 1].clause == figure.clause else None
        if figure.bracketed and previous is not None:
            # "only 5 percent (130) were found substantiated": kept with the figure it restates.
            if positions and positions[-1] == i - 1:
                kept.append((figure, noun))
                positions.append(i)
            continue
        if figure.anaphoric and not noun and not target_units:
            continue
        a, b, _ = spans[figure.clause]
        start, end = _windows(figures, i, spans)
        setting = Setting(
            blanked,
            (a, b),
            start,
            end,
            next_sentence=following,
            previous_sentence=previous_sentence,
            previous_role=previous.role if previous else "",
            target_statement=figure.role != "target"
            and (figure.quantity.unit in target_units or _answers_target(figure, sentence, open_target)),
            topic=reported,
            named=sentence,
        )
        if is_performance(figure, setting, noun) or _continues_list(figure, noun, sentence, kept):
            kept.append((figure, noun))
            positions.append(i)
    return tuple((i, noun) for i, (_, noun) in zip(positions, kept, strict=True))


def _continues_list(figure: Figure, noun: str, sentence: str, kept: list[tuple[Figure, str]]) -> bool:
    """A figure breaking down or continuing the one kept before it: "630 teams, consisting
    of 624 ward-based teams and 6 additional bespoke teams", "recovering £1.2m in cash and
    45 firearms" (both objects of one police action)."""
    if not kept or figure.quantity.unit != "count" or figure.quantity.kind == "word" or not noun:
        return False
    previous, previous_noun = kept[-1]
    if previous.clause != figure.clause:
        return False
    gap = sentence[previous.quantity.end : figure.quantity.start]
    if previous.quantity.unit == "count" and previous_noun:
        same_thing = noun.split()[-1].lower() == previous_noun.split()[-1].lower()
        if same_thing and _BREAKDOWN.match(gap):
            return True
    before = sentence[: previous.quantity.start].rsplit(",", 1)[-1]
    objects = re.fullmatch(r"\s*(?:[\w-]+\s+){0,3}and\s*", gap) is not None
    return objects and has_word("kpi_action_verbs.txt", before[-40:])


# ------------------------------------------------------------------ facts


def _fact(
    ctx: ReportContext,
    passage: Passage,
    span: tuple[int, int],
    sentence: str,
    group: list[Figure],
    noun: str,
    periods: list[PeriodMention],
    earlier: list[Figure],
    state: _State,
) -> KpiFact:
    values = {f.role: signed(f) for f in group}
    head = next((f for f in group if f.role in {"actual", "rank", "comparator"}), group[0])
    spans = clauses(sentence)
    a, b, _ = spans[head.clause]
    period = period_of(periods, head, (a, b), None if periods else state.carried_period(ctx))
    topic = state.carried_topic()
    topic = topic if topic is not None else (passage.intro.scope if passage.intro else None)
    topic = topic or None
    listed = passage.intro is not None and passage.intro.indicators
    return KpiFact(
        scope=scope_of(ctx, passage.block, sentence, head, topic),
        indicator=indicator_of(sentence, head, noun, spans, state.indicator)[:200],
        period=period.text if period else None,
        fiscal_year=period.fiscal_year if period else None,
        target=values.get("target"),
        actual=values.get("actual", values.get("rank", values.get("comparator"))),
        baseline=values.get("baseline"),
        change=values.get("change"),
        unit=unit_of(head, noun, sentence, earlier),
        trend=trend_of(sentence, (a, b)),
        tier="core" if "target" in values or listed else "stat",
        quote=ctx.text[span[0] : span[1]],
        span=span,
    )


def _remember(state: _State, sentence: str, periods: list[PeriodMention] | None, facts: list[KpiFact]) -> None:
    """Carry what this sentence said to the sentences after it; `periods` are its
    reference periods when they were read, None when they were not (yet)."""
    if periods is None:
        state.unread_periods.append(sentence)
    else:
        carried = _carried(periods)
        if carried:
            state.period = carried[-1]
            state.unread_periods.clear()  # what came before no longer dates anything
    if state.topic is None:
        state.unread_topics.append(sentence)
    state.sentence = sentence
    state.open_target = None
    if facts:
        last = facts[-1]
        state.indicator = last.indicator
        if last.target is not None and last.actual is None and last.change is None:
            state.open_target = last


def _sentence_facts(
    ctx: ReportContext,
    passage: Passage,
    span: tuple[int, int],
    sentence: str,
    following: tuple[tuple[int, int], str] | None,
    state: _State,
) -> list[KpiFact]:
    quantities = _candidates(ctx, span[0], sentence)
    periods = reference_periods(sentence, ctx) if quantities else None
    facts: list[KpiFact] = []
    if periods is not None:
        figures = read_figures(sentence, quantities)
        spans = clauses(sentence)
        kept = _accepted(figures, sentence, following[1] if following else "", spans, state)
        nouns = {id(f): noun for f, noun in kept}
        for group in group_figures([f for f, _ in kept], sentence, spans):
            fact_span = span
            if following and group[0].quantity.unit == "gbp" and not has_word("kpi_asset_terms.txt", sentence):
                # "... found to have over £16k cash. This was subsequently seized."
                fact_span = (span[0], following[0][1])
            head = next((f for f in group if f.role in {"actual", "rank", "comparator"}), group[0])
            earlier = [f for f in figures if f.quantity.start < group[0].quantity.start]
            noun = nouns.get(id(head), head.noun)
            facts.append(_fact(ctx, passage, fact_span, sentence, group, noun, periods, earlier, state))
            for figure in group:
                ctx.claim(span[0] + figure.quantity.start, span[0] + figure.quantity.end)
        counted = [noun for f, noun in kept if f.quantity.unit == "count" and noun]
        if counted:
            state.antecedent = counted[-1]
        state.reported = state.reported or bool(kept)
    _remember(state, sentence, periods, facts)
    return facts


def find_prose_kpis(ctx: ReportContext) -> list[KpiFact]:
    """Every performance figure in the paragraphs and list items of the report."""
    facts: list[KpiFact] = []
    for passage in passages(ctx):
        state = _State(period=passage.intro.period if passage.intro else None)
        sentences = ctx.sentences(passage.start, passage.end)
        texts = [masked(ctx.text, s, e, passage.masks) for s, e in sentences]
        found: list[KpiFact] = []
        for i, span in enumerate(sentences):
            following = (sentences[i + 1], texts[i + 1]) if i + 1 < len(texts) else None
            found.extend(_sentence_facts(ctx, passage, span, texts[i], following, state))
        facts.extend(merge_targets(found, ctx.text))
    return facts
