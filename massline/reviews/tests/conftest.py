import pytest


@pytest.fixture(autouse=True)
def builtin_tendencies(request: pytest.FixtureRequest) -> None:
    """The built-in tendencies come from a data migration; a browser test run earlier in the
    same process flushes the database, so they are put back before each database test."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from massline.reviews.services import ensure_builtin_tendencies

    ensure_builtin_tendencies()
