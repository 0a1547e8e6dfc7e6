"""Extraction measured against the hand-labelled gold facts: floors from issue 3.

The same scoring serves `oversight eval`; here it runs on the seeds twice, once straight
from extraction and once from the published warehouse of a full pipeline run.
"""

import pytest

from pipelines.evaluation.scoring import Scorecard, load_gold, score
from pipelines.evaluation.sources import read_texts, rows_from_extraction, rows_from_warehouse
from tests.conftest import GOLD_DIR, SEED_DIR, PipelineRun

FAMILIES = ("kpi", "grade", "budget", "workforce")
RECALL_FLOOR = {"core": 0.97, "stat": 0.90}
PRECISION_FLOOR = 0.95


@pytest.fixture(scope="module")
def gold():  # type: ignore[no-untyped-def]
    return load_gold(GOLD_DIR)


@pytest.fixture(scope="module")
def direct_card(gold) -> Scorecard:  # type: ignore[no-untyped-def]
    rows, reports = rows_from_extraction(SEED_DIR, gold.docs)
    return score(gold, rows, reports, read_texts(SEED_DIR, gold.docs))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("tier", sorted(RECALL_FLOOR))
def test_recall_on_the_gold_meets_the_floor(direct_card: Scorecard, family: str, tier: str) -> None:
    recall = direct_card.families[family].recall(tier)
    assert recall is not None and recall >= RECALL_FLOOR[tier], direct_card.families[family].misses


@pytest.mark.parametrize("family", FAMILIES)
def test_precision_on_the_gold_meets_the_floor(direct_card: Scorecard, family: str) -> None:
    precision = direct_card.families[family].precision()
    assert precision is not None and precision >= PRECISION_FLOOR, direct_card.families[family].unmatched


def test_every_grade_is_found_and_every_report_field_is_right(direct_card: Scorecard) -> None:
    assert direct_card.families["grade"].recall() == 1.0
    assert direct_card.families["grade"].precision() == 1.0
    assert direct_card.report_accuracy() == 1.0, direct_card.report_misses


@pytest.mark.slow
def test_the_published_warehouse_scores_like_extraction(gold, direct_card: Scorecard, seeded_run: PipelineRun) -> None:  # type: ignore[no-untyped-def]
    rows, reports = rows_from_warehouse(seeded_run.settings.published_db)
    card = score(gold, rows, reports, read_texts(SEED_DIR, gold.docs))
    for family in FAMILIES:
        assert card.families[family].found_by_tier == direct_card.families[family].found_by_tier
        assert card.families[family].precision() == direct_card.families[family].precision()
    assert card.report_accuracy() == 1.0, card.report_misses
