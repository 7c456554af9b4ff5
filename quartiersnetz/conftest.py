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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PostgreSQL test databases need no durable commits: `synchronous_commit=off` makes migrations, flushes of the
    browser journeys and committed task runs cheaper. Semantics (constraints, isolation) are unchanged."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
