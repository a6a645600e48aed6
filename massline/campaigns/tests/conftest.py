import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The public forms count per network in the cache, which outlives a test."""
    cache.clear()
