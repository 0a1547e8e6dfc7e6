"""Performance figures in running text: the sentences of paragraphs and list items.

A passage is a paragraph or a list item, or two blocks when a page break cuts a sentence
("... exceeding the / October 2006 / target of 12%."). Its sentences are read in turn and
what a sentence leaves unsaid comes from before it: the unit from the passage's topic
("Operation Bella Vista involved ... Last year, 17 defendants were convicted"), the
period from an earlier sentence or from the paragraph introducing a list ("Last
financial year 2006/07 the Directorate dealt with:"), what "these" are from the last
figure counted ("567 commercial robberies ... 199 of these were detected").

Figures of one clause that describe one indicator make one fact: an actual with its
target, baseline and change ("improved by 2.7% to 23.41% ... the MPS target of 25%").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.extraction.document import ReportContext
from pipelines.extraction.kpi_accept import Setting, is_performance
from pipelines.extraction.kpi_figures import Figure, clauses, noun_after, read_figures
from pipelines.extraction.kpi_words import change_pattern, has_word, words_pattern
from pipelines.extraction.models import KpiFact
from pipelines.extraction.numbers import Quantity, find_quantities
from pipelines.extraction.periods import PeriodMention, find_periods
from pipelines.extraction.scope import ScopeMention, find_scope_mentions
from pipelines.parsing.blocks import Block
from pipelines.parsing.sentences import split_sentences

_NON_SCOPES = frozenset({"MPA", "MOPAC", "HMIC"})
_INDICATOR_LIST = re.compile(
    r"\b(?:key\s+)?performance\s+(?:measures|indicators)|\btargets\s+and\s+achievements|\bKPIs?\b",
    re.I,
)
_PER_BEFORE = re.compile(r"\bper\s*$", re.I)
_COMPARISON_BEFORE = re.compile(
    r"(?:\bcompared\s+(?:to|with)|\bthan|\bsince|\bon|\bagainst|\bfrom\s+\S+(?:\s+\S+)?\s+(?:in|during)"
    r"|\b(?:released|published|issued))\s+(?:the\s+)?(?:(?:same|corresponding|equivalent)\s+(?:period|quarter|month)\s*(?:in|of|ending|last)?\s*)?$",
    re.I,
)
# A second subject with its own verb: "... (2,931 offences) and theft from motor vehicles is up".
_NEW_STATEMENT = re.compile(
    r"\b(?:and|but|while|whilst|whereas)\s+(?:[\w-]+\s+){1,5}?(?:is|was|are|were|has|have|had|fell|rose|went)\b",
    re.I,
)
_TO_JOIN = re.compile(r"^\s*(?:[\w,]+\s+){0,2}?to\s*$", re.I)
_LIST_LABEL = re.compile(r"^\s*(?P<label>[^–—\-:]{6,160}?)\s*[–—\-:]\s*(?:the\s+)?targets?\b", re.I)
_RATE_NAME = re.compile(
    r"(?P<name>(?:[A-Za-z][\w'’/-]*\s+){0,6}[A-Za-z][\w'’/-]*)\s+(?:of|was|is|at|stands\s+at|were|"
    r"running\s+at|for\s+\w+\s+(?:\w+\s+)?of)\s*$"
)
_LEADING = re.compile(
    r"^(?:(?:a|an|the|our|its|their|this|that|overall|also|however|and|with|which|while|by|"
    r"achieved|achieving|gave|giving|providing|has|have|had|is|was)\s+)+",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Intro:
    """What a paragraph ending in a colon tells the list items after it."""

    period: PeriodMention | None
    scope: str | None
    indicators: bool


@dataclass(frozen=True, slots=True)
class _Passage:
    block: Block
    start: int
    end: int
    masks: tuple[tuple[int, int], ...]
    intro: _Intro | None


@dataclass
class _State:
    """What the passage has said so far."""

    period: PeriodMention | None = None
    topic: str | None = None
    antecedent: str = ""
    reported: bool = False
    sentence: str = ""
    indicator: str = ""
    open_target: KpiFact | None = None
    facts: list[KpiFact] = field(default_factory=list)


# ------------------------------------------------------------------ passages


def _is_context_section(block: Block) -> bool:
    return any(has_word("kpi_context_sections.txt", h) for h in block.section_path[-1:])


def _continues(ctx: ReportContext, first: Block, second: Block) -> bool:
    """True when `second` finishes a sentence `first` left open across a page break."""
    tail = ctx.text[first.start : first.end].rstrip()
    head = ctx.text[second.start : second.end].lstrip()
    gap = ctx.text[first.end : second.start]
    return bool(
        tail
        and head
        and tail[-1] not in ".!?:;"
        and head[0].islower()
        and len(gap) < 120
    )


def _intro(ctx: ReportContext, block: Block) -> _Intro | None:
    text = ctx.text[block.start : block.end].rstrip()
    if not text.endswith(":"):
        return None
    periods = [p for p in find_periods(text, ctx.report_date, relative=True)]
    return _Intro(periods[0] if periods else None, _topic_of(text), bool(_INDICATOR_LIST.search(text)))


def _passages(ctx: ReportContext) -> Iterator[_Passage]:
    readable = [b for b in ctx.readable_blocks() if not _is_context_section(b)]
    intro: _Intro | None = None
    merged: set[int] = set()
    last_index = -1
    for i, block in enumerate(readable):
        if block.index in merged:
            continue
        if any(b.kind == "heading" for b in ctx.blocks[last_index + 1 : block.index]):
            intro = None
        last_index = block.index
        if block.kind == "paragraph":
            intro = _intro(ctx, block)
        end, masks = block.end, ()
        following = readable[i + 1] if i + 1 < len(readable) else None
        if following is not None and _continues(ctx, block, following):
            gap = ctx.text[block.end : following.start]
            masks = tuple((block.end + m.start(), block.end + m.end()) for m in re.finditer(r"\S+", gap))
            end = following.end
            merged.add(following.index)
            last_index = following.index
        yield _Passage(block, block.start, end, masks, intro if block.kind == "list_item" else None)


def _masked(text: str, start: int, end: int, masks: tuple[tuple[int, int], ...]) -> str:
    """text[start:end] with page furniture inside it blanked out (offsets kept)."""
    chars = list(text[start:end])
    for a, b in masks:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)


# ------------------------------------------------------------------ scope and period


def _specific(mention: ScopeMention) -> bool:
    return mention.kind not in {"force", "borough", "comparator", "authority", "inspectorate"}


def _mentions(text: str) -> list[ScopeMention]:
    return [
        m
        for m in find_scope_mentions(text)
        if m.name not in _NON_SCOPES and m.kind not in {"comparator", "authority", "inspectorate"}
    ]


def _topic_of(text: str) -> str | None:
    """The first organisation unit a passage names, other than the force or a borough."""
    for mention in _mentions(text):
        if _specific(mention):
            return mention.name
    return None


_WE = re.compile(r"\b(?:we|our)\b", re.I)


def _inside_noun(sentence: str, mention: ScopeMention, head: Figure) -> bool:
    """A unit named inside what an earlier figure counts ("7,500 BOCU & TP taskings")."""
    for quantity in find_quantities(sentence):
        if quantity.end > mention.start or quantity.start == head.quantity.start:
            continue
        between = sentence[quantity.end : mention.start]
        if re.fullmatch(r"\s+(?:[A-Za-z][\w'’‘-]*\s+){0,3}(?:&\s+)?", between):
            return not re.search(r"\b(?:of|in|the|by|and|to|at|for|on|from)\b", between, re.I)
    return False


def _in_brackets(text: str, position: int) -> bool:
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


def _scope(ctx: ReportContext, passage: _Passage, sentence: str, head: Figure, state: _State) -> str | None:
    """The unit a fact is about: a comparator names itself; else the unit named before the
    figure, the agent after it ("investigated by Homicide Command"), the passage topic,
    the intro, the section, the report."""
    if head.comparator:
        return head.comparator
    mentions = _mentions(sentence)
    outside = [m for m in mentions if not _inside_noun(sentence, m, head)]
    if any(m.end <= head.quantity.start for m in outside):
        # "The Mounted Branch has assisted with 7,500 BOCU & TP taskings, provided 2400
        # officer days": TP names what the taskings were, not who provided the days.
        mentions = outside
    if _WE.search(sentence[: head.quantity.start]) and not any(m.end <= head.quantity.start for m in mentions):
        return ctx.default_scope  # "we have seen a 9.1% reduction": the reporting force
    before = [m for m in mentions if m.end <= head.quantity.start]
    specific = [m for m in before if _specific(m)]
    if specific and not _specific(before[-1]):
        # "TSG conducts ... 13% of the MPS total, resulting in 12,000 arrests"
        before = specific
    after = [m for m in mentions if m.start >= head.quantity.end and not _in_brackets(sentence, m.start)]
    topic = state.topic or (passage.intro.scope if passage.intro else None)
    chosen: ScopeMention | None = before[-1] if before else None
    if chosen is None and after:
        agent = re.search(r"\bby\s+(?:the\s+)?$", sentence[: after[0].start])
        if agent or topic is None:
            chosen = after[0]
    if chosen is not None and (_specific(chosen) or topic is None):
        return chosen.name
    if topic:
        return topic
    if chosen is not None:
        return chosen.name
    return ctx.scope_for("", passage.block)


def _reference_periods(sentence: str, ctx: ReportContext) -> list[PeriodMention]:
    """Periods a figure is reported for, leaving out comparison periods
    ("compared to 2006/07", "from 92 in 2005/06", "since April 1998")."""
    periods = find_periods(sentence, ctx.report_date, relative=True)
    return [
        p
        for p in periods
        if not _COMPARISON_BEFORE.search(sentence[max(0, p.start - 50) : p.start])
        and not re.match(r"(?:the\s+)?previous\b", p.text, re.I)
    ]


def _period(
    periods: list[PeriodMention], head: Figure, spans: list[tuple[int, int, bool]], state: _State
) -> PeriodMention | None:
    if periods:
        a, b, _ = spans[head.clause]
        position = head.quantity.start
        in_clause = [p for p in periods if a <= p.start < b]
        pool = in_clause or periods
        # "In the current year ... averaging 14,155 OBTJ each month": a period before a frequency.
        pool = [p for p in pool if p.kind != "frequency"] or pool
        return min(pool, key=lambda p: min(abs(p.start - position), abs(p.end - position)))
    return state.period


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


# A number opening a short line of title words: "2 Reducing Crime (Domain 1)**".
_HEADING_NUMBER = re.compile(r"^[#*\s]*\d{1,2}[.)]?\s+[A-Z][\w-]*(?:\s+[A-Z(&\d][\w)-]*)*[\s*:]*$")


# A name ending in a number: a capitalised word, not the sentence's first, just before it.
_NAME_LABEL = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+ $")


def _candidates(ctx: ReportContext, offset: int, sentence: str) -> list[Quantity]:
    periods = find_periods(sentence, ctx.report_date, relative=True)
    out: list[Quantity] = []
    if _HEADING_NUMBER.match(sentence):
        return out
    for quantity in find_quantities(sentence):
        if _NAME_LABEL.search(sentence[: quantity.start]) and not noun_after(sentence[quantity.end :]):
            continue  # "the decommissioned Terminal 1 in Heathrow"
        if ctx.is_claimed(offset + quantity.start, offset + quantity.end):
            continue
        if any(p.start <= quantity.start and quantity.end <= p.end for p in periods):
            continue
        if _PER_BEFORE.search(sentence[: quantity.start]):
            continue
        if quantity.kind == "range":
            out.extend(_split_range(sentence, quantity))
            continue
        out.append(quantity)
    return out


_FUNCTIONISH = frozenset("was has is its this thus as us was does yes less across various".split())


def _plural_before(text: str) -> str:
    """The nearest plural noun before a bare figure: "tasking groups, with 26 already in place"."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)[-20:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if len(word) > 3 and word.lower().endswith("s") and word.lower() not in _FUNCTIONISH:
            return " ".join(words[max(0, i - 2) : i + 1])
    return ""


def _noun_of(figure: Figure, earlier: list[Figure], sentence: str, state: _State) -> str:
    """What `figure` counts, with "these", "Ten were detected" and "with 26 already in
    place" resolved to what was counted or named before."""
    if not figure.anaphoric:
        return figure.noun
    named = [f for f in earlier if f.noun and not f.anaphoric and f.quantity.unit == "count"]
    if named:
        return named[-1].noun
    if figure.partitive:
        return state.antecedent
    a, _, _ = clauses(sentence)[figure.clause]
    return _plural_before(sentence[a : figure.quantity.start]) or state.antecedent


def _windows(figures: list[Figure], index: int, spans: list[tuple[int, int, bool]]) -> tuple[int, int]:
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


def _unnamed(sentence: str) -> str:
    """The sentence with unit names blanked, so that "Central Operations" or "Specialist
    Crime Directorate" do not read as operations or crime counted."""
    chars = list(sentence)
    for mention in find_scope_mentions(sentence):
        for i in range(mention.start, mention.end):
            chars[i] = " "
    return "".join(chars)


def _answers_target(figure: Figure, sentence: str, state: _State) -> bool:
    """The result of a target stated alone in the sentence before ("The MPS target for
    OBTJ is 13,350 per month. ... averaging 14,155 OBTJ each month")."""
    open_target = state.open_target
    return (
        open_target is not None
        and open_target.unit == figure.quantity.unit
        and figure.role == "actual"
        and _shared_name(open_target.indicator, sentence)
    )


def _accepted(
    figures: list[Figure], sentence: str, following: str, spans: list[tuple[int, int, bool]], state: _State
) -> list[tuple[Figure, str]]:
    target_units = {f.quantity.unit for f in figures if f.role == "target"}
    kept: list[tuple[Figure, str]] = []
    for i, figure in enumerate(figures):
        noun = _noun_of(figure, figures[:i], sentence, state)
        previous = figures[i - 1] if i and figures[i - 1].clause == figure.clause else None
        if figure.bracketed and previous is not None:
            # "only 5 percent (130) were found substantiated": kept with the figure it restates.
            if kept and kept[-1][0] is previous:
                kept.append((figure, noun))
            continue
        if figure.anaphoric and not noun and not target_units:
            continue
        a, b, _ = spans[figure.clause]
        start, end = _windows(figures, i, spans)
        setting = Setting(
            _unnamed(sentence),
            (a, b),
            start,
            end,
            next_sentence=following,
            previous_sentence=state.sentence,
            previous_role=previous.role if previous else "",
            target_statement=figure.role != "target"
            and (figure.quantity.unit in target_units or _answers_target(figure, sentence, state)),
            topic=state.reported,
            named=sentence,
        )
        if is_performance(figure, setting, noun) or _continues_list(figure, noun, sentence, kept):
            kept.append((figure, noun))
    return kept


_BREAKDOWN = re.compile(
    r"^[^.;()]*?(?:,\s*(?:consisting\s+of|comprising|including|of\s+which)|\band)\s*$", re.I
)


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


# ------------------------------------------------------------------ grouping


def _chain(spans: list[tuple[int, int, bool]], first: int, last: int) -> bool:
    """True when clauses first..last share one subject ("..., but fell short of the target")."""
    return all(not spans[i][2] for i in range(first + 1, last + 1))


def _home(groups: list[list[Figure]], figure: Figure, sentence: str, spans: list[tuple[int, int, bool]]) -> list[Figure] | None:
    """The fact `figure` completes, if any."""
    open_groups = [g for g in groups if g[0].role not in {"rank", "comparator"} and not g[0].bracketed]
    if not open_groups:
        return None
    last = open_groups[-1]
    roles = {f.role for f in last}
    unit = figure.quantity.unit
    if figure.role == "target":
        for group in reversed(open_groups):
            if _chain(spans, group[0].clause, figure.clause) or group[-1].clause == figure.clause:
                if "target" not in {f.role for f in group} and group[0].quantity.unit == unit:
                    return group
            break
        return None
    same_clause = [g for g in open_groups if g[-1].clause == figure.clause]
    if not same_clause:
        return None
    last = same_clause[-1]
    roles = {f.role for f in last}
    if figure.role == "baseline":
        return last if "baseline" not in roles and last[0].quantity.unit == unit else None
    if figure.role == "change":
        if "change" not in roles and last[0].quantity.unit == unit:
            return last
        if unit == "percent":
            # "recovered over £32 million ..., an increase of nearly 50% on last year", but
            # not "(2,931 offences) and theft from motor vehicles is up 4.1%".
            for group in same_clause:
                gap = sentence[group[-1].quantity.end : figure.quantity.start]
                if "change" not in {f.role for f in group} and not _NEW_STATEMENT.search(gap):
                    return group
        return None
    if figure.role == "actual" and "actual" not in roles and roles <= {"target", "baseline", "change"}:
        gap = sentence[last[-1].quantity.end : figure.quantity.start]
        if "target" in roles or _TO_JOIN.match(gap) or (last[0].quantity.unit == unit and "change" not in roles):
            return last
    return None


def _group(figures: list[Figure], sentence: str, spans: list[tuple[int, int, bool]]) -> list[list[Figure]]:
    groups: list[list[Figure]] = []
    for figure in figures:
        home = None
        if figure.role not in {"rank", "comparator"} and not figure.bracketed:
            home = _home(groups, figure, sentence, spans)
        if home is None:
            groups.append([figure])
        else:
            home.append(figure)
    return groups


# ------------------------------------------------------------------ facts


def _clean(text: str) -> str:
    text = re.sub(r"\s*\[\d+\]", "", text.replace("\u00a0", " "))
    return " ".join(text.split()).strip(" -–—:;,.(")


_DEMONSTRATIVE = re.compile(r"^\s*(?:This|These|That|Those|It|They)\b")


def _indicator(
    sentence: str, head: Figure, noun: str, spans: list[tuple[int, int, bool]], state: _State
) -> str:
    label = _LIST_LABEL.match(sentence)
    if label:
        return _clean(label.group("label"))
    a, _, _ = spans[head.clause]
    if state.indicator and _DEMONSTRATIVE.match(sentence[a:]) and head.quantity.unit != "count":
        # "This reduction is marginally adrift of the year-end target of a 6% reduction."
        return state.indicator
    before = sentence[a : head.quantity.start]
    quantity = head.quantity
    if quantity.unit in {"count", "other"} and noun and quantity.kind != "ordinal":
        return _clean(noun)
    after = sentence[quantity.end : quantity.end + 80]
    if quantity.unit == "gbp":
        # "£1.3m in criminal assets", "£53m cash seized", "£16k cash"
        what = noun_after(re.sub(r"^\s*(?:in|of|worth\s+of)\s+", " ", after))
        if what:
            return _clean(what)
    if head.role == "change":
        subject = change_pattern().search(before)
        if subject and not _RATE_NAME.search(before):
            # "Criminal damage is down 11.3%", "Priority crime reduced by 5%"
            named = re.sub(r"\s+(?:is|was|are|were|has|have|had)(?:\s+been)?\s*$", "", before[: subject.start()])
            if _clean(_LEADING.sub("", named)):
                return _clean(_LEADING.sub("", named))[-120:]
        # "5% more events", "a 9.1% reduction in knife crime"
        changed = re.match(r"\s*(?:more|fewer|less)\s+((?:[\w-]+\s+){0,3}[\w-]+)", after)
        into = re.match(
            r"\s*(?:\w+\s+)?(?:reduction|increase|rise|fall)\s+in\s+(?:the\s+)?([^,.;]{3,60})", after
        )
        found = changed or into
        if found:
            return _clean(noun_after(" " + found.group(1)))
    named = _RATE_NAME.search(before)
    if named:
        return _clean(_LEADING.sub("", named.group("name")))
    if noun:
        return _clean(noun)
    subject = change_pattern().search(before)
    text = before[: subject.start()] if subject else before
    return _clean(_LEADING.sub("", text))[-120:] or "unnamed measure"


def _trend(sentence: str, spans: list[tuple[int, int, bool]], head: Figure) -> str | None:
    """The change word of the fact's clause, as written ("rose", "improved", "reduction")."""
    a, b, _ = spans[head.clause]
    word = change_pattern().search(sentence[a:b])
    return word.group(0).lower() if word else None


def _signed(figure: Figure) -> Decimal:
    value = figure.quantity.value
    if figure.sign < 0 and value > 0 and figure.role in {"change", "target", "baseline"}:
        return -value
    return value


def _unit(
    head: Figure, noun: str, sentence: str, spans: list[tuple[int, int, bool]], earlier: list[Figure]
) -> str:
    """The fact's unit: a rank is `other`; "2400 officer days" is days; a count in a clause
    measuring "per 1,000 residents" is a rate; a bare comparator takes the unit of what it
    is compared with ("at 4.2 points is ahead of the national average of 5.1")."""
    quantity = head.quantity
    if quantity.kind == "ordinal":
        return "other"
    if head.role == "comparator" and quantity.unit == "count" and not noun:
        units = [f.quantity.unit for f in earlier if f.quantity.unit != "count"]
        if units:
            return units[-1]
    last = noun.split()[-1].lower() if noun else ""
    if quantity.unit == "count" and last in {"days", "hours"}:
        return last
    if quantity.unit == "count" and re.search(r"\bper\s+[\d,.]+", sentence):
        return "rate"
    return quantity.unit


def _fact(
    ctx: ReportContext,
    passage: _Passage,
    span: tuple[int, int],
    sentence: str,
    group: list[Figure],
    nouns: dict[int, str],
    periods: list[PeriodMention],
    spans: list[tuple[int, int, bool]],
    state: _State,
    earlier: list[Figure],
) -> KpiFact:
    values = {f.role: _signed(f) for f in group}
    head = next((f for f in group if f.role in {"actual", "rank", "comparator"}), group[0])
    noun = nouns.get(id(head), head.noun)
    period = _period(periods, head, spans, state)
    listed = passage.intro is not None and passage.intro.indicators
    return KpiFact(
        scope=_scope(ctx, passage, sentence, head, state),
        indicator=_indicator(sentence, head, noun, spans, state)[:200],
        period=period.text if period else None,
        fiscal_year=period.fiscal_year if period else None,
        target=values.get("target"),
        actual=values.get("actual", values.get("rank", values.get("comparator"))),
        baseline=values.get("baseline"),
        change=values.get("change"),
        unit=_unit(head, noun, sentence, spans, earlier),
        trend=_trend(sentence, spans, head),
        tier="core" if "target" in values or listed else "stat",
        quote=ctx.text[span[0] : span[1]],
        span=span,
    )


def _sentence_facts(
    ctx: ReportContext,
    passage: _Passage,
    span: tuple[int, int],
    sentence: str,
    following: tuple[tuple[int, int], str] | None,
    state: _State,
) -> list[KpiFact]:
    periods = _reference_periods(sentence, ctx)
    quantities = _candidates(ctx, span[0], sentence)
    facts: list[KpiFact] = []
    if quantities:
        figures = read_figures(sentence, quantities)
        spans = clauses(sentence)
        kept = _accepted(figures, sentence, following[1] if following else "", spans, state)
        nouns = {id(f): noun for f, noun in kept}
        for group in _group([f for f, _ in kept], sentence, spans):
            fact_span = span
            if following and group[0].quantity.unit == "gbp" and not has_word("kpi_asset_terms.txt", sentence):
                # "... found to have over £16k cash. This was subsequently seized."
                fact_span = (span[0], following[0][1])
            earlier = [f for f in figures if f.quantity.start < group[0].quantity.start]
            facts.append(
                _fact(ctx, passage, fact_span, sentence, group, nouns, periods, spans, state, earlier)
            )
            for figure in group:
                ctx.claim(span[0] + figure.quantity.start, span[0] + figure.quantity.end)
        counted = [noun for f, noun in kept if f.quantity.unit == "count" and noun]
        if counted:
            state.antecedent = counted[-1]
        state.reported = state.reported or bool(kept)
    if periods:
        state.period = periods[-1]
    if state.topic is None:
        state.topic = _topic_of(sentence)
    state.sentence = sentence
    state.open_target = None
    if facts:
        state.indicator = facts[-1].indicator
        last = facts[-1]
        if last.target is not None and last.actual is None and last.change is None:
            state.open_target = last
    return facts


def _merge_targets(facts: list[KpiFact], ctx: ReportContext) -> list[KpiFact]:
    """A lone target and the result stated next: "The target this year was £5 million
    ...; the SCD has actually seized £24 million", "The MPS target for OBTJ is 13,350 per
    month. In the current year the MPS is averaging 14,155 OBTJ each month."."""
    out: list[KpiFact] = []
    for fact in facts:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.target is not None
            and previous.actual is None
            and previous.change is None
            and fact.actual is not None
            and fact.target is None
            and previous.unit == fact.unit
            and (previous.span == fact.span or (
                previous.span[1] <= fact.span[0] and _shared_name(previous.indicator, fact.quote)
            ))
        ):
            span = (min(previous.span[0], fact.span[0]), max(previous.span[1], fact.span[1]))
            out[-1] = KpiFact(
                **{**_fields(fact), "target": previous.target, "tier": "core", "span": span, "quote": ctx.text[span[0] : span[1]]}
            )
            continue
        out.append(fact)
    return out


def _fields(fact: KpiFact) -> dict[str, object]:
    return {name: getattr(fact, name) for name in KpiFact.__slots__}


def _shared_name(name: str, sentence: str) -> bool:
    """The sentence names the measure `name` names: its acronym ("OBTJ") or all of its
    distinctive words."""
    generic = {"target", "targets", "current", "achieved", "performance", "month", "year", "time"}
    acronyms = set(re.findall(r"\b[A-Z]{3,}\b", name)) - {"MPS", "MPA"}
    if any(re.search(rf"\b{a}\b", sentence) for a in acronyms):
        return True
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", name)} - generic
    said = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", sentence)}
    return bool(words) and words <= said


def find_prose_kpis(ctx: ReportContext) -> list[KpiFact]:
    """Every performance figure in the paragraphs and list items of the report."""
    facts: list[KpiFact] = []
    for passage in _passages(ctx):
        state = _State(period=passage.intro.period if passage.intro else None)
        sentences = split_sentences(ctx.text, passage.start, passage.end)
        texts = [_masked(ctx.text, s, e, passage.masks) for s, e in sentences]
        found: list[KpiFact] = []
        for i, span in enumerate(sentences):
            following = (sentences[i + 1], texts[i + 1]) if i + 1 < len(texts) else None
            found.extend(_sentence_facts(ctx, passage, span, texts[i], following, state))
        facts.extend(_merge_targets(found, ctx))
    return facts
