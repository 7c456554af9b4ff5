import random

import pytest


@pytest.fixture
def demo(world):
    """The steering demo on the test world: its programme plays the G.I.B. programme."""
    from quartiersnetz.core.models import Programme, Quartier

    from ..demo import load_steering_demo

    programmes = {"aktiv-fuer-arbeit": world.programme}
    quartiere = {"duisburg-marxloh": world.qa, "koeln-chorweiler": world.qb}
    counts = load_steering_demo(programmes=programmes, quartiere=quartiere, rng=random.Random(2013))
    assert Programme.objects.count() >= 2 and Quartier.objects.count() >= 3
    return counts
