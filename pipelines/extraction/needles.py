"""Cheap tests before costly patterns: what a pattern cannot match without.

Most sentences of a report hold no budget, no grade and no period, yet every family
asks each sentence its questions. A regular expression with a look-behind or `re.I`
tries every position of the text, while a test that the text holds a plain string, or
that its set of words holds a word, runs in C. `requirements` reads such tests off the
pattern itself, so they cannot drift from it: clauses that must all hold, each a set of
needles one of which the text must hold. `Guarded` runs the pattern only where every
clause holds; its answers are always the pattern's own, since a clause that fails proves
there is no match.

`describe` shows them: a plain string is looked for in the text (`heeds case`) or in
`text.lower()`, `=word` among the words of `text.lower()`, `#` stands for any digit.

>>> describe(re.compile(r"\\b(?:Quarter|Q)\\s?[1-4],?\\s+(?:19|20)\\d\\d", re.I))
[['19', '20'], ['#'], ['q']]
>>> describe(re.compile(r"[Oo]peration|Op\\.?|[Pp]roject"))
[['Op', 'peration', 'roject']]
>>> describe(re.compile(r"(?<![\\w-])(?:police[\\s-]+officers?|PCSOs|special\\s+constables?)(?![\\w])", re.I))
[['=pcsos', '=police', '=special']]
>>> describe(re.compile(r"(?:in|for)?\\s*\\w+"))
[]
>>> Guarded(re.compile(r"(?<!\\w)graded\\s+(?P<g>Fair|Good)", re.I)).search("It was GRADED good.").group("g")
'good'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]  # patterns as `re` parses them
from re import _parser as sre_parse  # type: ignore[attr-defined]

from pipelines.extraction.memo import per_report
from pipelines.extraction.vocab import load_lines
from pipelines.parsing.chars import has_digit


@dataclass(frozen=True, slots=True, order=True)
class Needle:
    """A string the text must hold: anywhere, or as a whole word; empty for any digit."""

    text: str
    word: bool = False


DIGIT = Needle("")
Clause = frozenset[Needle]

# Characters that `re.I` takes for ASCII letters but `str.lower` does not turn into them
# ("İ".lower() is "i" and a combining dot). A text holding one is searched in full.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
_DIGITS = frozenset(range(ord("0"), ord("9") + 1))
_WORDS = re.compile(r"\w+")
# Every ASCII character that is not a word character, as a space: the words of an ASCII
# text are then what `str.split` leaves, which is quicker than `_WORDS.findall`.
_ASCII_NON_WORD = str.maketrans({c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")})
_WORD_CATEGORIES = (sre.CATEGORY_WORD, sre.CATEGORY_UNI_WORD)
_SPACE_CATEGORIES = (sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

Item = tuple[object, object]


# ------------------------------------------------------------------ literals


def _literal(code: int, cased: bool) -> str | None:
    """The character a literal is sure to be in the text (`cased`) or in `text.lower()`."""
    char = chr(code)
    if cased:
        return char
    if char.isascii():
        return char.lower()
    caseless = char.lower() == char and char.upper() == char
    return char if caseless and char not in _FOLDS_TO_ASCII else None


def _in_literal(items: list[Item], cased: bool) -> str | None:
    """'[Oo]' as 'o' in lower-cased text: a class whose members are all one character."""
    chars = set()
    for op, av in items:
        if op is not sre.LITERAL or not isinstance(av, int):
            return None
        char = _literal(av, cased)
        if char is None:
            return None
        chars.add(char)
    return chars.pop() if len(chars) == 1 else None


def _is_digit_class(items: list[Item]) -> bool:
    """'\\d', '[0-9]', '[1-4]': a class every member of which is a digit."""
    for op, av in items:
        if op is sre.CATEGORY and av in (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT):
            continue
        if op is sre.LITERAL and av in _DIGITS:
            continue
        if op is sre.RANGE and isinstance(av, tuple) and av[0] in _DIGITS and av[1] in _DIGITS:
            continue
        return False
    return bool(items)


# ------------------------------------------------------------------ word edges


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def _holds_word_class(item: Item) -> bool:
    """'[\\w-]', '\\w': a class that takes any word character."""
    op, av = item
    if op is sre.IN and isinstance(av, list):
        return any(o is sre.CATEGORY and a in _WORD_CATEGORIES for o, a in av) and not any(
            o is sre.NEGATE for o, _ in av
        )
    return False


def _non_word_char(item: Item) -> bool:
    """A character that cannot be a word character: ' ', '-', '\\s', '[\\s\\u00a0-]'."""
    op, av = item
    if op is sre.LITERAL and isinstance(av, int):
        return not (chr(av).isalnum() or chr(av) == "_")
    if op is sre.IN and isinstance(av, list):
        return all(
            (o is sre.LITERAL and isinstance(a, int) and not (chr(a).isalnum() or chr(a) == "_"))
            or (o is sre.CATEGORY and a in _SPACE_CATEGORIES)
            for o, a in av
        )
    return False


def _edge(item: Item, before: bool) -> bool:
    """Whether `item`, standing just before (or after) a run of word characters, makes
    the character next to the run a non-word character (or the end of the text)."""
    op, av = item
    if op is sre.AT:
        if av in (sre.AT_BOUNDARY, sre.AT_UNI_BOUNDARY):
            return True
        return av in ((sre.AT_BEGINNING, sre.AT_BEGINNING_STRING) if before else (sre.AT_END, sre.AT_END_STRING))
    if op is sre.ASSERT_NOT and isinstance(av, tuple):
        direction, body = av
        if direction != (-1 if before else 1) or not isinstance(body, sre_parse.SubPattern):
            return False
        items = list(body)
        if len(items) == 1 and _holds_word_class(items[0]):
            return True
        if len(items) == 1 and items[0][0] is sre.BRANCH and isinstance(items[0][1], tuple):
            # "(?![\\w]|-[A-Z0-9])": the first alternative alone rules out a word character.
            return any(len(b) == 1 and _holds_word_class(next(iter(b))) for b in items[0][1][1])
        return False
    if op in _REPEATS and isinstance(av, tuple):
        low, _, body = av
        return low >= 1 and len(body) == 1 and _non_word_char(next(iter(body)))
    return _non_word_char(item)


# ------------------------------------------------------------------ clauses


def _weight(needle: Needle) -> float:
    """How rare a needle is, roughly: figures only stand in some sentences ('19', any
    digit), whole words are rarer than strings of their length, common words are not."""
    if needle == DIGIT:
        return 2.5  # most sentences have none, but a month's first letters are rarer still
    if needle.text.isdigit():
        return 5.0 + len(needle.text)
    if needle.text.lower() in load_lines("common_words.txt"):
        return 0.5
    return len(needle.text) + (2.0 if needle.word else 0.0)


def _strength(clause: frozenset[Needle]) -> tuple[float, int]:
    """How much a clause rules out: its commonest needle decides, then how many it has."""
    return min(_weight(n) for n in clause), -len(clause)


def _run(run: str, left: bool, right: bool) -> Clause:
    return frozenset([Needle(run, left and right and all(_is_word_char(c) for c in run))])


def _sequence(items: list[Item], cased: bool, left: bool = False, right: bool = False) -> list[Clause]:
    """Clauses every match of the sequence `items` satisfies; `left` and `right` say
    whether what stands around the sequence bounds a word."""
    clauses: list[Clause] = []
    run = ""
    run_left = False
    last = len(items) - 1
    for i, (op, av) in enumerate(items):
        before = left if i == 0 else _edge(items[i - 1], before=True)
        after = right if i == last else _edge(items[i + 1], before=False)
        char = None
        if op is sre.LITERAL and isinstance(av, int):
            char = _literal(av, cased)
        elif op is sre.IN and isinstance(av, list):
            char = _in_literal(av, cased)
        if char is not None:
            if not run:
                run_left = before
            run += char
            continue
        if run:
            endings = _literal_endings(op, av, cased)
            if endings:
                # "rat(?:ed|ing)": "rated" or "rating", not just "rat".
                clauses.append(frozenset(Needle(run + ending) for ending in endings))
            clauses.append(_run(run, run_left, _edge((op, av), before=False)))
            run = ""
        clauses.extend(_element(op, av, cased, before, after))
    if run:
        clauses.append(_run(run, run_left, right))
    return clauses


def _literal_endings(op: object, av: object, cased: bool) -> list[str]:
    """The strings of an alternation of plain strings ("(?:ed|ing)"), else none."""
    while op is sre.SUBPATTERN and isinstance(av, tuple) and len(av[-1]) == 1:
        op, av = next(iter(av[-1]))
    if op is not sre.BRANCH or not isinstance(av, tuple):
        return []
    endings = []
    for branch in av[1]:
        chars = [_literal(a, cased) if o is sre.LITERAL and isinstance(a, int) else None for o, a in branch]
        if not chars or any(c is None for c in chars):
            return []
        endings.append("".join(c for c in chars if c))
    return endings


def _element(op: object, av: object, cased: bool, left: bool, right: bool) -> list[Clause]:
    if op is sre.SUBPATTERN and isinstance(av, tuple):
        return _sequence(list(av[-1]), cased, left, right)
    if op in _REPEATS and isinstance(av, tuple):
        low, high, body = av
        once = high == 1
        return _sequence(list(body), cased, left and once, right and once) if low >= 1 else []
    if op is sre.ATOMIC_GROUP and isinstance(av, sre_parse.SubPattern):
        return _sequence(list(av), cased, left, right)
    if op is sre.IN and isinstance(av, list) and _is_digit_class(av):
        return [frozenset([DIGIT])]
    if op is sre.CATEGORY and av in (sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT):
        return [frozenset([DIGIT])]
    if op is sre.BRANCH and isinstance(av, tuple):
        # One clause for the alternation: the strongest clause of each branch, joined.
        union: set[Needle] = set()
        for branch in av[1]:
            found = _sequence(list(branch), cased, left, right)
            if not found:
                return []
            strongest: Clause = max(found, key=_strength)
            union |= strongest
        return [frozenset(union)]
    return []  # other classes, assertions, references: nothing certain


def _parts(av: object) -> Iterator[sre_parse.SubPattern]:
    """The nested patterns of a parsed element: group bodies, branches, repeated items."""
    if isinstance(av, sre_parse.SubPattern):
        yield av
    elif isinstance(av, tuple | list):
        for item in av:
            if isinstance(item, sre_parse.SubPattern | tuple | list):
                yield from _parts(item)


def _inline_flags(items: sre_parse.SubPattern) -> int:
    """The flags parts of a parsed pattern turn on for themselves ("(?i:...)", "(?a:...)")."""
    flags = 0
    for op, av in items:
        if op is sre.SUBPATTERN and isinstance(av, tuple):
            flags |= av[1]
        if op is not sre.IN:
            for part in _parts(av):
                flags |= _inline_flags(part)
    return flags


def _flags(pattern: re.Pattern[str]) -> int:
    """The pattern's flags with those its parts turn on; -1 when it cannot be parsed."""
    try:
        return pattern.flags | _inline_flags(sre_parse.parse(pattern.pattern, pattern.flags))
    except (AttributeError, TypeError, ValueError, re.error):
        return -1


def is_cased(pattern: re.Pattern[str]) -> bool:
    """Whether the pattern matches letters in their own case only, nowhere ignoring it."""
    flags = _flags(pattern)
    return flags != -1 and not flags & re.IGNORECASE


def _minimal(clause: Clause) -> Clause:
    """Drop needles that hold another plain string of the clause ('graded' when 'grad')."""
    plain = [n.text for n in clause if n != DIGIT and not n.word]
    return frozenset(n for n in clause if not any(p != n.text and p in n.text for p in plain) or n == DIGIT)


def _implied(weak: Clause, strong: Clause) -> bool:
    """True when `weak` holds wherever `strong` does: each needle of `strong` holds one of `weak`."""
    plain = [n.text for n in weak if n != DIGIT and not n.word]
    return all(n in weak or (n != DIGIT and any(p in n.text for p in plain)) for n in strong)


def requirements(pattern: re.Pattern[str], most: int = 3) -> tuple[Clause, ...]:
    """The strongest `most` clauses every match of `pattern` satisfies (none when unknown).
    Plain strings are of the text itself for a pattern that heeds case, else lower case."""
    flags = _flags(pattern) if isinstance(pattern.pattern, str) else -1
    # ASCII or locale word characters are not the words `Scan` finds: such patterns run in full.
    if flags == -1 or flags & (re.LOCALE | re.VERBOSE | re.ASCII):
        return ()
    try:
        clauses = _sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)), is_cased(pattern))
    except (AttributeError, TypeError, ValueError, re.error):
        return ()
    unique = {_minimal(c) for c in clauses if c and all(n == DIGIT or n.text for n in c)}
    kept = [c for c in unique if not any(d != c and _implied(c, d) for d in unique)]
    return tuple(sorted(kept, key=lambda c: (_strength(c), sorted(c)), reverse=True)[:most])


def describe(pattern: re.Pattern[str]) -> list[list[str]]:
    """The requirements of a pattern as sorted lists ('=word' for a whole word, '#' a digit)."""
    return [sorted("#" if n == DIGIT else f"={n.text}" if n.word else n.text for n in c) for c in requirements(pattern)]


# ------------------------------------------------------------------ testing a text


# How often a text is tested for whole words by substring before its words are listed.
_PROBES = 2


class Scan:
    """What the tests ask of one text, worked out once however many patterns ask."""

    __slots__ = ("_probes", "_words", "digit", "lowered", "searchable", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self.digit = has_digit(text)
        # A text holding a character `re.I` folds unlike `str.lower` is searched in full.
        self.searchable = text.isascii() or not any(c in text for c in _FOLDS_TO_ASCII)
        self._words: frozenset[str] | None = None
        self._probes = 0  # word tests answered without listing the words

    @property
    def words(self) -> frozenset[str]:
        """The words of `text.lower()` (runs of word characters)."""
        if self._words is None:
            lowered = self.lowered
            if lowered.isascii():
                self._words = frozenset(lowered.translate(_ASCII_NON_WORD).split())
            else:
                self._words = frozenset(_WORDS.findall(lowered))
        return self._words

    def holds_word(self, words: frozenset[str], probe: re.Pattern[str] | None) -> bool:
        """Whether one of `words` is a word of the text. A word of the text is a string of
        its lower case, so until the words are listed, a text holding none of them as a
        string (`probe`: them as one pattern, when there are many) holds none as a word.
        A text asked more than `_PROBES` times has its words listed: a sentence is asked by
        many guards, a stretch of one by few.

        >>> Scan("Three PCSOs").holds_word(frozenset({"pcsos"}), None)
        True
        >>> Scan("PCSOs2").holds_word(frozenset({"pcsos"}), None), Scan("No one").holds_word(frozenset({"two"}), None)
        (False, False)
        """
        if self._words is None and self._probes < _PROBES:
            self._probes += 1
            if probe is not None:
                if probe.search(self.lowered) is None:
                    return False
            else:
                lowered = self.lowered
                for word in words:  # a loop is cheaper than any() of a generator
                    if word in lowered:
                        break
                else:
                    return False
        return not words.isdisjoint(self.words)


@per_report
def scan(text: str) -> Scan:
    return Scan(text)


_Trie = dict[str, "_Trie"]


def prefix_tree(strings: Iterable[str]) -> _Trie:
    """Strings as nested dicts, one level per character; the key "" marks where one ends."""
    tree: _Trie = {}
    for string in strings:
        node = tree
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}
    return tree


def _trie(strings: tuple[str, ...]) -> str:
    """An alternation of plain strings as a tree of their prefixes, which the regular
    expression engine walks a character at a time instead of trying each string in turn.

    >>> _trie(("may", "mar", "jun"))
    '(?:jun|ma(?:r|y))'
    """
    tree = prefix_tree(strings)

    def emit(node: _Trie) -> str:
        if "" in node:
            return ""  # a string ends here: any text going on holds it too
        alternatives = [re.escape(c) + emit(child) for c, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return emit(tree)


@dataclass(frozen=True, slots=True)
class _Test:
    """One clause, ready to test: a digit, a word of the text, or a string in it."""

    digit: bool
    words: frozenset[str]
    strings: tuple[str, ...]
    many: re.Pattern[str] | None  # the strings as one pattern, when there are many
    probe: re.Pattern[str] | None  # the words as one pattern of strings, when there are many

    def holds(self, facts: Scan, text: str) -> bool:
        """Whether the clause holds of a text (`text`: the text itself or its lower case)."""
        if self.digit and facts.digit:
            return True
        if self.words and facts.holds_word(self.words, self.probe):
            return True
        if self.many is not None:
            return self.many.search(text) is not None
        for string in self.strings:  # noqa: SIM110 - a loop is cheaper than any() of a generator
            if string in text:
                return True
        return False


# How many plain strings a clause needs before they are looked for as one pattern: a
# substring test runs in C at memory speed, while a pattern steps through the text a
# character at a time, so a loop of `in` tests wins up to about this many strings.
_MANY_STRINGS = 12


def _test(clause: Clause, lower: bool = False) -> _Test:
    strings = tuple(sorted({n.text.lower() if lower else n.text for n in clause if n != DIGIT and not n.word}))
    many = re.compile(_trie(strings)) if len(strings) > _MANY_STRINGS else None
    words = frozenset(n.text.lower() for n in clause if n.word)
    probe = re.compile(_trie(tuple(sorted(words)))) if len(words) > 4 else None
    return _Test(DIGIT in clause, words, strings, many, probe)


class Guarded:
    """A compiled pattern that is only run on texts meeting its requirements."""

    __slots__ = ("_cased", "_tests", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._cased = is_cased(pattern)
        tests = [_test(c) for c in requirements(pattern)]
        # The cheapest tests first: a digit, a word, a few strings.
        self._tests = tuple(sorted(tests, key=lambda t: (bool(t.strings), len(t.strings), not t.digit)))

    def may_match(self, text: str) -> bool:
        """False only when `text` cannot hold a match."""
        if not self._tests:
            return True
        facts = scan(text)
        if not facts.searchable:
            return True
        target = text if self._cased else facts.lowered
        # The test of `_Test.holds`, written out: this runs for every sentence and pattern.
        for test in self._tests:
            if test.digit and facts.digit:
                continue
            if test.words and facts.holds_word(test.words, test.probe):
                continue
            if test.many is not None:
                if test.many.search(target) is None:
                    return False
                continue
            for string in test.strings:
                if string in target:
                    break
            else:
                return False
        return True

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.may_match(text) else iter(())


class Gate:
    """One test for a group of patterns: False only when none of them can match a text.

    >>> gate = Gate([re.compile(r"\\bper\\s+annum\\b", re.I), re.compile(r"\\d+%")])
    >>> gate.open("5% per year"), gate.open("twice per annum"), gate.open("every week")
    (True, True, False)
    """

    __slots__ = ("_cased", "_test")

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        patterns = list(patterns)
        union: set[Needle] = set()
        for pattern in patterns:
            clauses = requirements(pattern)
            if not clauses:
                union = set()
                break
            strongest: Clause = max(clauses, key=_strength)
            union |= strongest
        self._cased = all(is_cased(p) for p in patterns)
        self._test = _test(frozenset(union), lower=not self._cased) if union else None

    def open(self, text: str) -> bool:
        if self._test is None:
            return True
        facts = scan(text)
        if not facts.searchable:
            return True
        return self._test.holds(facts, text if self._cased else facts.lowered)
