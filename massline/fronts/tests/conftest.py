import pytest

from massline.fronts.tests.world import FrontWorld, build_front_world


@pytest.fixture
def fw(personas) -> FrontWorld:
    return build_front_world(personas)
