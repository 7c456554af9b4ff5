"""The query-budget helper itself (quartiersnetz/testing_queries.py): what it counts, when it fails, how it records."""

import json
import subprocess
import sys

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpResponse

from quartiersnetz.core.access import get_scope
from quartiersnetz.core.models import Programme, User
from quartiersnetz.testing_queries import (
    ENV_VAR,
    BudgetFile,
    QueryBudget,
    clear_caches,
    count_queries,
    stale_budget_keys,
)


@pytest.fixture
def budget(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    path = tmp_path / "query_counts.json"
    path.write_text(json.dumps({"two": 2}) + "\n")
    return QueryBudget(BudgetFile(path), default_key="two")


def two_queries():
    User.objects.count()
    Programme.objects.count()
    return HttpResponse("ok")


@pytest.mark.django_db
def test_savepoints_are_not_counted():
    def nested():
        with transaction.atomic():
            User.objects.count()

    measurement = count_queries(nested)
    assert measurement.count == 1
    assert measurement.queries[0].startswith("SELECT COUNT(*)")


@pytest.mark.django_db(transaction=True)
def test_transaction_control_is_not_counted_outside_a_test_transaction():
    """Without a wrapping transaction SQLite sends BEGIN through the cursor and PostgreSQL does not: neither counts."""

    def atomic_write():
        with transaction.atomic():
            Programme.objects.create(slug="tx", name="Tx", start="2020-01-01")
            with transaction.atomic():
                User.objects.count()

    measurement = count_queries(atomic_write)
    assert [q.split()[0] for q in measurement.queries] == ["INSERT", "SELECT"]


@pytest.mark.django_db
def test_caches_are_cleared_before_counting(world):
    get_scope(world.coach_a)
    world.coach_a._qn_case_scope = "cached"
    ContentType.objects.get_for_model(Programme)
    clear_caches([world.coach_a])
    assert not hasattr(world.coach_a, "_qn_scope") and not hasattr(world.coach_a, "_qn_case_scope")
    assert count_queries(lambda: ContentType.objects.get_for_model(Programme)).count == 1  # not served from cache


@pytest.mark.django_db
def test_equal_count_passes_and_returns_the_result(budget):
    measurement = budget(two_queries)
    assert (measurement.count, measurement.result.content) == (2, b"ok")


@pytest.mark.django_db
def test_more_queries_fail_with_the_statements(budget):
    budget.file.path.write_text(json.dumps({"two": 1}))
    with pytest.raises(AssertionError, match=r"2 queries, committed 1 \(1 more\)") as exc:
        budget(two_queries)
    assert "core_programme" in str(exc.value) and "UPDATE_QUERY_COUNTS=1" in str(exc.value)


@pytest.mark.django_db
def test_fewer_queries_fail_too(budget):
    budget.file.path.write_text(json.dumps({"two": 3}))
    with pytest.raises(AssertionError, match=r"2 queries, committed 3 \(1 fewer\).*record the improvement"):
        budget(two_queries)


@pytest.mark.django_db
def test_a_missing_key_tells_how_to_record_it(budget):
    with pytest.raises(AssertionError, match=r"(?s)'new' is not recorded.*UPDATE_QUERY_COUNTS=1 pytest"):
        budget(two_queries, key="new")


@pytest.mark.django_db
def test_a_failing_request_is_not_budgeted(budget):
    with pytest.raises(AssertionError, match="answered 404, expected 200"):
        budget(lambda: HttpResponse(status=404))


@pytest.mark.django_db
def test_update_mode_records_sorted_with_trailing_newline(budget, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "1")
    budget.file.path.write_text(json.dumps({"two": 7, "b": 1}))
    budget(two_queries)
    budget(two_queries, key="a")
    assert budget.file.path.read_text() == '{\n  "a": 2,\n  "b": 1,\n  "two": 2\n}\n'


@pytest.mark.django_db
def test_growing_counts_fail_even_in_update_mode(budget, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "1")
    rows = []

    def page():
        User.objects.count()
        for pk in rows:
            list(Programme.objects.filter(pk=pk))
        return HttpResponse()

    rows.append(1)
    with pytest.raises(AssertionError, match=r"grows with the rows \(2 queries before add_rows, 4 after\)") as exc:
        budget.assert_flat(page, add_rows=lambda: rows.extend([2, 3]))
    assert "1 → 3 times: SELECT" in str(exc.value)
    assert json.loads(budget.file.path.read_text()) == {"two": 2}  # nothing recorded


@pytest.mark.django_db
def test_flat_counts_pass(budget):
    measurement = budget.assert_flat(two_queries, add_rows=lambda: Programme.objects.create(
        slug="neu", name="Neu", start="2020-01-01"))
    assert measurement.count == 2


RECORD = """
import sys
from pathlib import Path
from quartiersnetz.testing_queries import BudgetFile
for n in range(10):
    BudgetFile(Path(sys.argv[1])).record(f"w{sys.argv[2]}-{n}", n)
"""


def test_parallel_recording_keeps_every_key(tmp_path):
    """Several processes (like xdist workers) merge their keys into one file; none is lost."""
    path = tmp_path / "query_counts.json"
    processes = [subprocess.Popen([sys.executable, "-c", RECORD, str(path), str(w)]) for w in range(6)]
    assert [p.wait(timeout=60) for p in processes] == [0] * 6
    data = json.loads(path.read_text())
    assert len(data) == 60 and data["w5-9"] == 9


def test_stale_keys_are_found(tmp_path):
    (tmp_path / "query_counts.json").write_text(json.dumps(
        {"test_page": 1, "test_param[a]": 1, "test_param[z]": 1, "test_gone": 1}))

    @pytest.mark.parametrize("x", ["a", "b"])
    def test_param(x):
        pass

    def test_page():
        pass

    namespace = {"test_page": test_page, "test_param": test_param}
    assert stale_budget_keys(tmp_path / "test_query_counts.py", namespace) == ["test_gone", "test_param[z]"]
