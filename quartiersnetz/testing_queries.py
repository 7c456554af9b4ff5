"""Query budgets: the number of SQL queries of a page or API operation is committed data (style.md rule 19).

Each app keeps its budgets in `<app>/tests/query_counts.json` ({"stable test key": count}, sorted keys, indent 2),
measured by `<app>/tests/test_query_counts.py` through the `query_budget` fixture (quartiersnetz/conftest.py)::

    def test_organisation_list(query_budget, client, world):
        client.force_login(world.coach_a)
        query_budget.assert_flat(
            lambda: client.get(reverse("actors:organisation_list")),
            add_rows=lambda: [make_organisation(world.qa) for _ in range(17)],
        )

A count that is higher *or lower* than the committed number fails and prints the counted statements, so an
improvement is recorded as well as a regression. To record new numbers run the tests with
`UPDATE_QUERY_COUNTS=1` and review the diff of the JSON files (docs/testing.md, "Query budgets").

How a count is made, so that it is the same on every run, on SQLite and PostgreSQL and under pytest-xdist:

- **Caches are cleared first**: every Django cache, the ContentType cache and the per-user caches of the access
  scope (`core.access.forget_scope` and the other `_qn_*` attributes, e.g. the case-work scope) plus Django's
  permission caches of the users passed in `users=`. A budget therefore counts a cold request, never a warm-up
  that happened (or not) in an earlier test (NetBox #23032). Requests through the test client load the user
  afresh anyway; `users=` matters when a selector is called directly with a user object.
- **Transaction control is not counted** (`SAVEPOINT`, `RELEASE SAVEPOINT`, `ROLLBACK [TO SAVEPOINT]`, `BEGIN`,
  `COMMIT`). It comes from `transaction.atomic` nesting, which depends on how the test wraps its transaction
  (pytest-django's `db` versus `transactional_db`), not on the code's data access — and it is where the backends
  differ: outside a wrapping transaction Django's SQLite backend opens each atomic block with a `BEGIN` statement
  through the cursor (counted by `CaptureQueriesContext`), while PostgreSQL starts it inside the driver (not
  counted). Everything else (SELECT, INSERT, UPDATE, DELETE, session reads) counts. With this rule every committed
  budget is the same on SQLite and PostgreSQL (checked on PostgreSQL 15); the pages use no backend-specific code
  paths. Pages and API operations are counted as a GET through the test client with the browser session; API
  budgets use the session too, because a token's `last_used_at` touch (at most once a minute) would make the
  count depend on the clock.
- **Writes under xdist**: with `UPDATE_QUERY_COUNTS=1`, each key is merged into the JSON file under an exclusive
  `fcntl.flock` on the file itself (read, modify, rewrite in place), so parallel workers never lose each other's
  keys; in this mode the file is read only under that lock. Without the variable the file is only read.

`assert_flat` also proves that the count does not grow with the number of rows (N+1): it measures, adds rows,
measures again and fails when the two counts differ — with or without `UPDATE_QUERY_COUNTS`, because a growing
count cannot be fixed by recording it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_VAR = "UPDATE_QUERY_COUNTS"
FILENAME = "query_counts.json"
# Transaction control: depends on transaction nesting and backend, not on data access (see the docstring).
IGNORED_SQL = re.compile(r"^\s*(SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK|BEGIN|COMMIT)\b", re.IGNORECASE)
# Per-user caches besides core.access's `_qn_scope`: Django's permission caches.
USER_CACHE_ATTRS = ("_perm_cache", "_user_perm_cache", "_group_perm_cache")
SQL_SHOWN = 400  # characters of each statement in a failure message


def updating() -> bool:
    return os.environ.get(ENV_VAR, "") not in ("", "0")


def clear_caches(users: Iterable[Any] = ()) -> None:
    """Forget everything a previous request or test may have cached, so the next count is a cold one."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from quartiersnetz.core.access import forget_scope

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    for user in users:
        forget_scope(user)
        for attr in [*USER_CACHE_ATTRS, *(a for a in vars(user) if a.startswith("_qn_"))]:
            if hasattr(user, attr):
                delattr(user, attr)


@dataclass
class Measurement:
    count: int
    queries: list[str]
    result: Any = None

    def listing(self) -> str:
        lines = []
        for n, sql in enumerate(self.queries, 1):
            text = sql if len(sql) <= SQL_SHOWN else sql[:SQL_SHOWN] + " …"
            lines.append(f"  {n:>3}. {text}")
        return "\n".join(lines)


def count_queries(call: Callable[[], Any], *, users: Iterable[Any] = (), using: str = "default") -> Measurement:
    """Clear the caches, run `call` and count its SQL statements (savepoints excluded)."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    clear_caches(users)
    with CaptureQueriesContext(connections[using]) as ctx:
        result = call()
    queries = [q["sql"] for q in ctx.captured_queries if not IGNORED_SQL.match(q["sql"])]
    return Measurement(len(queries), queries, result)


_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"\(\?(?:\s*,\s*\?)*\)")


def _shape(sql: str) -> str:
    """A statement with its literals replaced, so that `WHERE id = 3` and `WHERE id = 4` count as one shape."""
    return _IN_LIST.sub("(?…)", _LITERAL.sub("?", sql))


def _growth(small: Measurement, large: Measurement) -> str:
    before = Counter(_shape(q) for q in small.queries)
    after = Counter(_shape(q) for q in large.queries)
    lines = []
    for shape, n in after.items():
        if n > before[shape]:
            text = shape if len(shape) <= SQL_SHOWN else shape[:SQL_SHOWN] + " …"
            lines.append(f"  {before[shape]} → {n} times: {text}")
    return "\n".join(lines) or "  (the same statements, in other numbers)"


def _check_status(measurement: Measurement, status: int | None, key: str) -> None:
    code = getattr(measurement.result, "status_code", None)
    if status is not None and code is not None and code != status:
        raise AssertionError(f"query budget {key!r}: the request answered {code}, expected {status} — a budget of a "
                             "failing request would be meaningless")


@dataclass
class BudgetFile:
    """One app's `tests/query_counts.json`."""

    path: Path
    _loaded: dict[str, int] | None = field(default=None, repr=False)

    def load(self) -> dict[str, int]:
        if self._loaded is None:
            self._loaded = json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        return self._loaded

    def get(self, key: str) -> int | None:
        return self.load().get(key)

    def record(self, key: str, count: int) -> None:
        """Merge one key into the file under an exclusive lock (safe with several xdist workers)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644), "r+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                fh.seek(0)
                text = fh.read()
                data = json.loads(text) if text.strip() else {}
                if data.get(key) != count:
                    data[key] = count
                    fh.seek(0)
                    fh.truncate()
                    fh.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
                    fh.flush()
                    os.fsync(fh.fileno())
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        self._loaded = None


class QueryBudget:
    """Compares counted queries with the committed budgets of one test module (see the module docstring)."""

    def __init__(self, budget_file: BudgetFile, default_key: str):
        self.file = budget_file
        self.default_key = default_key

    def _compare(self, key: str, measurement: Measurement) -> None:
        if updating():
            # Only under the lock: another worker may be rewriting the file right now.
            self.file.record(key, measurement.count)
            return
        committed = self.file.get(key)
        if committed is None:
            raise AssertionError(
                f"query budget {key!r} is not recorded in {self.file.path}.\n"
                f"Record it with `{ENV_VAR}=1 pytest {self.file.path.parent}/test_query_counts.py` and review the "
                f"diff. Counted {measurement.count} queries:\n{measurement.listing()}"
            )
        if measurement.count != committed:
            direction = "more" if measurement.count > committed else "fewer"
            hint = "fix the regression" if direction == "more" else "record the improvement"
            raise AssertionError(
                f"query budget {key!r}: {measurement.count} queries, committed {committed} "
                f"({abs(measurement.count - committed)} {direction}). Either {hint} or, if the change is intended, "
                f"re-record with `{ENV_VAR}=1` and review the diff of {self.file.path.name}.\n"
                f"Counted queries:\n{measurement.listing()}"
            )

    def __call__(self, call: Callable[[], Any], *, key: str | None = None, users: Iterable[Any] = (),
                 status: int | None = 200) -> Measurement:
        """Count `call` once and compare it with the committed budget. Returns the measurement (`.result` is the
        call's return value, e.g. the response)."""
        key = key or self.default_key
        measurement = count_queries(call, users=users)
        _check_status(measurement, status, key)
        self._compare(key, measurement)
        return measurement

    def assert_flat(self, call: Callable[[], Any], *, add_rows: Callable[[], Any], key: str | None = None,
                    users: Iterable[Any] = (), status: int | None = 200) -> Measurement:
        """Count `call`, run `add_rows()`, count again: both counts must be equal (no N+1), and the second one must
        match the committed budget. Returns the second measurement."""
        key = key or self.default_key
        users = list(users)
        small = count_queries(call, users=users)
        _check_status(small, status, key)
        add_rows()
        large = count_queries(call, users=users)
        _check_status(large, status, key)
        if large.count != small.count:
            raise AssertionError(
                f"query budget {key!r}: the count grows with the rows ({small.count} queries before add_rows, "
                f"{large.count} after) — an N+1 query. Fix the selector (select_related/prefetch_related/annotate); "
                f"recording cannot fix this.\nStatements that ran more often:\n{_growth(small, large)}\n"
                f"All queries after add_rows:\n{large.listing()}"
            )
        self._compare(key, large)
        return large


def stale_budget_keys(test_file: str | Path, namespace: dict) -> list[str]:
    """Keys of `query_counts.json` next to `test_file` that no test function of the module can produce.

    A key is the test's name (`test_x`) or the test's node name with its parameter (`test_x[page]`); the
    parameter is checked when the test is parametrised with a list of strings."""
    path = Path(test_file).parent / FILENAME
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    valid: set[str] = set()
    open_prefixes: set[str] = set()
    for name, obj in namespace.items():
        if not name.startswith("test_") or not callable(obj):
            continue
        marks = [m for m in getattr(obj, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            valid.add(name)
            continue
        if len(marks) > 1:
            open_prefixes.add(f"{name}[")
            continue
        mark = marks[0]
        ids = mark.kwargs.get("ids")
        values = mark.args[1] if len(mark.args) > 1 else []
        if ids is None and all(isinstance(v, str) for v in values):
            ids = values
        if ids is None or callable(ids):
            open_prefixes.add(f"{name}[")
        else:
            valid.update(f"{name}[{i}]" for i in ids)
    return sorted(k for k in data if k not in valid and not any(k.startswith(p) for p in open_prefixes))
