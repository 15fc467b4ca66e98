"""``api.analysis_cache``: one ``Analysis`` per live release, shared, rebuilt on a new release."""

from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from innograph.api.analysis_cache import AnalysisCache


def test_builds_once_per_release_and_again_for_a_new_one() -> None:
    cache, db = AnalysisCache(), ox.Store()
    with ThreadPoolExecutor(4) as pool:  # concurrent first requests wait for one build
        got = list(pool.map(lambda _: cache.get("r1", db), range(8)))
    assert cache.builds == 1 and all(a is got[0] for a in got)
    assert got[0].release_id == "r1"
    newer = cache.get("r2", db)
    assert cache.builds == 2 and newer is not got[0] and newer.release_id == "r2"
    assert cache.get("r2", db) is newer and cache.builds == 2
