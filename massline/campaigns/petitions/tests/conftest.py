import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached figures must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()
