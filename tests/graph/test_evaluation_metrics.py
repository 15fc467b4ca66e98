"""``graph.evaluation_metrics``: tie-aware ranks as the evaluation and the learned mix's
cross-validation take them."""

import numpy as np
import pytest

from innograph.graph.evaluation_metrics import rank_measures, reciprocal_ranks


def test_reciprocal_ranks_agree_with_rank_measures() -> None:
    """The cross-validation's vectorised ranks equal the evaluation's per-positive measure on
    tie-heavy draws, and scale the negatives as if each stood for ``scale`` of them."""
    rng = np.random.default_rng(4)
    for _ in range(100):
        negatives = rng.integers(0, 4, size=rng.integers(1, 25)).astype(float)
        positives = rng.integers(0, 4, size=3).astype(float)
        expected = [rank_measures(p, negatives)["reciprocal_rank"] for p in positives]
        assert reciprocal_ranks(positives, negatives) == pytest.approx(expected, rel=1e-12)
    assert reciprocal_ranks([0.0], [1.0, 1.0], scale=10.0)[0] == pytest.approx(1 / 21)
    assert reciprocal_ranks([1.0], [1.0] * 3, scale=2.0)[0] == pytest.approx(
        sum(1 / r for r in range(1, 8)) / 7
    )
