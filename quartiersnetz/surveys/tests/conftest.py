import pytest

from .builders import build_surveys


@pytest.fixture
def surveys(world):
    return build_surveys(world)
