import pytest
from django.core.cache import cache

from massline.campaigns.petitions import selectors


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters, cached figures and remembered petitions must not leak from one
    test into the next."""
    cache.clear()
    selectors._RECENT.clear()
    yield
    cache.clear()
    selectors._RECENT.clear()
