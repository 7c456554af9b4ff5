import pytest

from .builders import build_casework


@pytest.fixture
def cw(world):
    return build_casework(world)
