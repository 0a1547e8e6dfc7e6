"""The vocabulary the KPI reader consults, compiled once per file.

Each `vocab/kpi_*.txt` file is a list of words or phrases; a phrase matches as whole
words, its spaces matching any run of spaces or hyphens, and a trailing `*` matches any
ending ("confiscat*" matches "confiscation" and "confiscated").

>>> has_word("kpi_outcome_nouns.txt", "567 commercial robberies by firearms")
True
>>> has_word("kpi_outcome_nouns.txt", "275 languages are spoken")
False
>>> last_word("kpi_action_verbs.txt", "the MPS closed 703 crack houses")
'closed'
>>> change_direction("a decrease of")
-1
"""

from __future__ import annotations

import re
from functools import cache

from pipelines.extraction.lexicon import alternation, phrase_key, word_table
from pipelines.extraction.needles import Guarded
from pipelines.extraction.vocab import load_lines


def _alternative(phrase: str) -> str:
    stem = phrase.endswith("*")
    body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"[\s-]+")
    return body + (r"[\w']*" if stem else "")


@cache
def words_pattern(name: str) -> re.Pattern[str]:
    """Whole-word alternation of the phrases in a vocabulary file, longest first."""
    phrases = sorted(load_lines(name), key=len, reverse=True)
    alternatives = "|".join(_alternative(p) for p in phrases)
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’])", re.I)


@cache
def guarded_words(name: str) -> Guarded:
    """`words_pattern`, run only on texts holding the words it needs."""
    return Guarded(words_pattern(name))


def has_word(name: str, text: str) -> bool:
    """True when `text` holds a phrase of the vocabulary file `name`."""
    return guarded_words(name).search(text) is not None


def last_word(name: str, text: str) -> str | None:
    """The last phrase of vocabulary file `name` in `text`, as written."""
    found = None
    for match in guarded_words(name).finditer(text):
        found = match.group(0)
    return found


def is_word(name: str, word: str) -> bool:
    """True when `word` (a noun or noun phrase) is exactly a phrase of the file."""
    match = words_pattern(name).fullmatch(word.strip())
    return match is not None


@cache
def _changes() -> tuple[re.Pattern[str], dict[str, int]]:
    pattern, mapping = word_table("change_words.csv")
    return pattern, {k: int(v) for k, v in mapping.items()}


def change_pattern() -> re.Pattern[str]:
    """Any change word of `change_words.csv` ("reduced", "fewer", "rose")."""
    return _changes()[0]


@cache
def guarded_changes() -> Guarded:
    """`change_pattern`, run only on texts holding one of its words."""
    return Guarded(change_pattern())


def change_direction(text: str) -> int:
    """Direction (+1, -1) of the last change word in `text`, 0 when there is none."""
    pattern, mapping = _changes()
    direction = 0
    for match in pattern.finditer(text):
        direction = mapping.get(phrase_key(match.group(0)), 0)
    return direction


def comparator_scopes() -> tuple[re.Pattern[str], dict[str, str]]:
    """Words naming the group of an average ("national", "MSF") and the scope they give."""
    return word_table("kpi_comparators.csv")


_TAIL_WORDS = ("currently", "only", "just", "a", "an")


@cache
def approx_tail() -> re.Pattern[str]:
    """A qualifier ending a stretch of text ("... of more than ", "... currently around ")."""
    alternatives = alternation(load_lines("approx_qualifiers.txt"))
    return re.compile(rf"(?:\b(?:{alternatives}|{'|'.join(_TAIL_WORDS)})\s+)+$", re.I)


@cache
def _approx_last_words() -> tuple[str, ...]:
    """The word each qualifier of `approx_tail` ends with, in lower case ("than" of "more than")."""
    return tuple(sorted({p.split()[-1].lower() for p in (*load_lines("approx_qualifiers.txt"), *_TAIL_WORDS)}))


def without_approx_tail(text: str) -> str:
    """`text` without the qualifiers ending it: "a rise of over " -> "a rise of ".

    A match of `approx_tail` ends in a qualifier's last word and white space, so an ASCII
    text whose last word ends in none of them has none: a suffix test tells, instead of
    the pattern trying every position of the text (not so for other texts, where `re.I`
    folds some characters unlike `str.lower`).

    >>> without_approx_tail("rose by "), without_approx_tail("a total of more than "), without_approx_tail("")
    ('rose by ', 'a total of ', '')
    """
    if text.isascii() and not text.rstrip().lower().endswith(_approx_last_words()):
        return text
    tail = approx_tail().search(text)
    return text[: tail.start()] if tail else text
