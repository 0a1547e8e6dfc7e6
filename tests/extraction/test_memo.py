"""What is read off a sentence is cached for one report, never served to the next."""

from pipelines.extraction import numbers
from pipelines.extraction.extract import extract_report
from tests.conftest import seed_text

FIRST, SECOND = "000_0124a7dc39195ccd.txt", "003_e40d447f4ba58a54.txt"
SENTENCE = "Specialist Crime has been allocated a budget of £382m for 2007/08."


def test_a_sentence_read_in_one_report_is_read_again_in_the_next() -> None:
    first, second = seed_text(FIRST), seed_text(SECOND)
    assert SENTENCE in first and SENTENCE not in second

    extract_report(FIRST, first)
    before = numbers._find_quantities.cache_info()
    numbers.find_quantities(SENTENCE)
    assert numbers._find_quantities.cache_info().hits == before.hits + 1  # within the report: cached

    extract_report(SECOND, second)
    before = numbers._find_quantities.cache_info()
    numbers.find_quantities(SENTENCE)
    after = numbers._find_quantities.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses + 1)


def test_the_facts_of_a_report_do_not_depend_on_the_report_read_before() -> None:
    first, second = seed_text(FIRST), seed_text(SECOND)
    alone = extract_report(SECOND, second)
    extract_report(FIRST, first)
    assert extract_report(SECOND, second) == alone
