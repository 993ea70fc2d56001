"""The store's bottom layer: transactions, the undo step, data_version, one
connection per thread, state declared up front."""

from __future__ import annotations

import ast
import sqlite3
import threading
from pathlib import Path

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store, StoreError


def plan() -> Plan:
    rows = [Row(kind="section", code="I", title="Nhiệm vụ")]
    rows += [Row(kind="task", code=str(i), path=["I"], title=f"Nhiệm vụ số {i}") for i in range(1, 4)]
    return Plan(number="32-KH/ĐU", title="Kế hoạch", year=2026, tables=[Table(title="T", kind="tasks", rows=rows)])


@pytest.fixture
def store(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        s.import_plan(ImportReport(plan=plan()))
        yield s


def ids(store: Store) -> list[int]:
    return [t.id for t in store.load_plan(1).tasks()]


def batches(store: Store) -> list[int]:
    return [r[0] for r in store.conn.execute("SELECT batch FROM history ORDER BY id")]


def test_a_transaction_is_one_undo_step_and_commits_as_one(store):
    a, b, c = ids(store)
    with store.transaction():
        store.update_row(a, {"status": "done"})
        store.update_row(b, {"note": "cùng một lần lưu"})
        first = store.current_batch()
    store.update_row(c, {"status": "in_progress"})
    assert batches(store) == [first, first, first + 1]


def test_a_failure_inside_leaves_the_database_as_it_was(store):
    a, b, _c = ids(store)
    with pytest.raises(ZeroDivisionError):
        with store.transaction():
            store.update_row(a, {"status": "done"})
            1 / 0
    assert store.get_row(a).status == "not_started" and store.history(a) == []
    with pytest.raises(KeyboardInterrupt):  # ctrl+c in the middle of a save
        with store.transaction():
            store.update_row(b, {"status": "done"})
            raise KeyboardInterrupt
    assert store.get_row(b).status == "not_started" and batches(store) == []


def test_nested_transactions_are_savepoints(store):
    a, b, _c = ids(store)
    with store.transaction():
        store.update_row(a, {"status": "done"})
        with pytest.raises(ValueError):
            with store.transaction():
                store.update_row(b, {"status": "done"})
                raise ValueError("inner")
        assert store.get_row(b).status == "not_started"  # the inner part only is gone
    assert store.get_row(a).status == "done"
    assert store.get_row(b).status == "not_started"


def test_current_batch_only_inside_a_transaction(store):
    with pytest.raises(RuntimeError):
        store.current_batch()


def test_sqlite_faults_become_a_vietnamese_store_error(store, db_path):
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db_path, timeout_ms=100) as s:
            with pytest.raises(StoreError, match="đang được một chương trình khác sử dụng"):
                with s.transaction():
                    pass
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_data_version_tells_another_connections_commit_from_our_own(store, db_path):
    a, b, _c = ids(store)
    before = store.data_version()
    store.update_row(a, {"status": "done"})
    assert store.data_version() == before  # our own write
    with Store.open(db_path) as other:
        other.update_row(b, {"status": "done"})
    assert store.data_version() != before


def test_a_thread_uses_its_own_connection(store):
    """No connection shared across threads: sqlite3's same-thread check stays on."""
    failures: list[BaseException] = []

    def use_from_a_thread() -> None:
        try:
            store.load_plan(1)
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    worker = threading.Thread(target=use_from_a_thread)
    worker.start()
    worker.join()
    assert len(failures) == 1 and isinstance(failures[0], sqlite3.ProgrammingError)


def _self_targets(fn: ast.FunctionDef) -> set[str]:
    """Attributes of ``self`` that ``fn`` assigns."""
    names = set()
    for node in ast.walk(fn):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    names.add(t.attr)
    return names


def _undeclared_state(cls: type) -> list[str]:
    """``self.x = …`` outside ``__init__`` for an ``x`` no ``__init__`` of the
    class or its bases declares, and ``getattr``/``hasattr`` on ``self``."""
    import inspect

    declared: set[str] = set()
    methods: list[ast.FunctionDef] = []
    for klass in cls.__mro__[:-1]:
        tree = ast.parse(Path(inspect.getsourcefile(klass)).read_text(encoding="utf-8"))
        node = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == klass.__name__)
        for fn in node.body:
            if isinstance(fn, ast.FunctionDef):
                (declared.update(_self_targets(fn)) if fn.name == "__init__" else methods.append(fn))
    found = []
    for fn in methods:
        found += [f"{fn.name}: self.{name}" for name in sorted(_self_targets(fn) - declared)]
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr"):
                if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "self":
                    found.append(f"{fn.name}: {node.func.id}(self, …)")
    return found


def test_state_is_declared_in_init():
    assert _undeclared_state(Store) == []
