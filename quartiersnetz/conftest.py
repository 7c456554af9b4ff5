from pathlib import Path

import pytest

from quartiersnetz.testing import build_world
from quartiersnetz.testing_queries import FILENAME, BudgetFile, QueryBudget


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def query_budget(db, request):
    """Committed query budgets of the test module's app (`<app>/tests/query_counts.json`), keyed by the test's node
    name; see quartiersnetz/testing_queries.py."""
    return QueryBudget(BudgetFile(Path(request.node.path).parent / FILENAME), default_key=request.node.name)
