"""Fixtures of the acquisition tests."""

import pytest

from .builders import build_acquisition


@pytest.fixture
def acq(world):
    return build_acquisition(world)
