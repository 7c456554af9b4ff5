"""Fixtures of the meetings tests."""

import pytest

from .builders import build_net


@pytest.fixture
def net(world):
    return build_net(world)
