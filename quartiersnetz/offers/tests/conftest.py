"""Fixtures of the offers tests."""

import pytest

from .builders import build_offers


@pytest.fixture
def offers(world):
    return build_offers(world)
