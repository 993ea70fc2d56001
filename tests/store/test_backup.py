"""Backups through SQLite's backup API, keep-N pruning, restore, automatic backups."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.settings import Settings, save_settings, settings_path_for
from cdstui.store import Store, StoreError
from cdstui.store.submissions import list_submissions, record_submission
from cdstui.store import backup as bk
from cdstui.store.schema import migrations
from cdstui.store.version import MIGRATIONS
from cdstui.workspace import open_database
from tests.conftest import db_content as content

NAME = re.compile(r"^cdstui-\d{8}-\d{6}(-\d+)?(-[a-z0-9-]+)?\.db$")


def plan() -> Plan:
    rows = [
        Row(kind="section", code="I", title="Nhiệm vụ đột phá"),
        Row(kind="task", code="1", path=["I"], title="Xây dựng kế hoạch chuyển đổi số", deadline="Quý I/2026"),
        Row(kind="task", code="2", path=["I"], title="Tập huấn kỹ năng số", deadline="02/2026"),
    ]
    return Plan(number="32-KH/ĐU", title="Kế hoạch chuyển đổi số", year=2026,
                tables=[Table(title="DANH MỤC", kind="tasks", rows=rows)])


@pytest.fixture
def db(db_path):
    """A database with one plan; task 1 is done."""
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        pid = s.import_plan(ImportReport(plan=plan())).plan_id
        s.update_row(s.load_plan(pid).tasks()[0].id, {"status": "done", "result": "Đã ban hành"})
    return db_path


def statuses(path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT status FROM rows WHERE kind = 'task' ORDER BY id")]
    finally:
        conn.close()


def test_backup_holds_everything_committed_even_while_in_the_wal(db):
    with Store.open(db) as s:  # kept open: the edit stays in cdstui.db-wal
        task = s.load_plan(1).tasks()[1]
        s.update_row(task.id, {"status": "in_progress"})
        assert (db.parent / "cdstui.db-wal").stat().st_size > 0
        made = bk.make_backup(db, "manual")
        assert made.parent == db.parent / "backups"
        assert NAME.match(made.name) and made.name.endswith("-manual.db")
        assert statuses(made) == ["done", "in_progress"]
        assert content(made) == content(db)
    bk.check_cdstui_database(made)
    assert not list(made.parent.glob("*.tmp")) and not list(made.parent.glob("*-wal"))


def test_two_backups_in_the_same_second_get_different_names(db):
    names = {bk.make_backup(db, "import").name for _ in range(4)}
    assert len(names) == 4
    assert bk.list_backups(db)[-1].name in names


def test_only_the_newest_backups_are_kept(db):
    made = [bk.make_backup(db, f"b{i}", keep=3) for i in range(5)]
    assert bk.list_backups(db) == made[-3:]
    assert not made[0].exists()


def test_keep_comes_from_the_settings(db):
    save_settings(Settings(backup_keep=2), settings_path_for(db))
    assert bk.backup_keep(db) == 2
    for i in range(4):
        bk.make_backup(db, "x")
    assert len(bk.list_backups(db)) == 2


def test_keep_defaults_to_twenty(db):
    assert bk.backup_keep(db) == 20
    for i in range(22):
        bk.make_backup(db)
    assert len(bk.list_backups(db)) == 20


def test_backup_of_a_missing_database_is_explained(tmp_path):
    with pytest.raises(StoreError, match="Không có cơ sở dữ liệu"):
        bk.make_backup(tmp_path / "none.db")


def test_restore_brings_back_the_earlier_content_and_saves_the_current_first(db):
    earlier = bk.make_backup(db, "manual")
    with Store.open(db) as s:
        tasks = s.load_plan(1).tasks()
        s.update_rows([(t.id, {"status": "not_assigned"}) for t in tasks])
        record_submission(s, 1, "2026-Q1", "q1.xlsx", {})
    changed = content(db)

    previous = bk.restore(db, earlier)
    assert statuses(db) == ["done", "not_started"]
    assert content(db) == content(earlier)
    # the database as it was before the restore is in the previous backup
    assert previous is not None and previous.name.endswith("-restore.db")
    assert content(previous) == changed
    with Store.open(db) as s:
        assert s.integrity_check() == "ok"
        assert list_submissions(s, 1) == []


def test_restore_refuses_a_database_that_another_program_has_open(db):
    """Restoring under an open window would leave it writing into a database
    that is no longer the one it read (issue 11, item 8): refused, nothing
    touched, even while the other program is idle."""
    earlier = bk.make_backup(db)
    backups = bk.list_backups(db)
    with Store.open(db) as s:
        task = s.load_plan(1).tasks()[0]
        s.update_row(task.id, {"status": "in_progress"})
        before = content(db)
        with pytest.raises(StoreError, match="đang được mở ở chương trình khác"):
            bk.restore(db, earlier, timeout_ms=100)
        assert content(db) == before
        assert bk.list_backups(db) == backups  # refused before the backup of the current content
        s.update_row(task.id, {"note": "vẫn ghi được"})
    # once the other program is closed, the restore goes through
    bk.restore(db, earlier)
    with Store.open(db) as s:
        assert s.get_row(task.id).status == "done"
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.integrity_check() == "ok"


@pytest.mark.parametrize("kind", ["text", "empty-sqlite", "other-app", "truncated"])
def test_restore_refuses_a_file_that_is_not_a_cdstui_database(db, tmp_path, kind):
    bad = tmp_path / f"bad-{kind}.db"
    if kind == "text":
        bad.write_text("STT\tNhiệm vụ\n1\tXây dựng kế hoạch\n", encoding="utf-8")
    elif kind == "empty-sqlite":
        sqlite3.connect(str(bad)).close()
        conn = sqlite3.connect(str(bad))
        conn.execute("CREATE TABLE x (a)")
        conn.commit()
        conn.close()
    elif kind == "other-app":
        conn = sqlite3.connect(str(bad))
        conn.execute("CREATE TABLE plans (id INTEGER PRIMARY KEY)")
        conn.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
    else:
        good = bk.make_backup(db)
        bad.write_bytes(good.read_bytes()[:1500])
    before = content(db)
    backups_before = bk.list_backups(db)
    with pytest.raises(StoreError) as info:
        bk.restore(db, bad)
    assert str(bad) in str(info.value)
    assert "cdstui" in str(info.value) or "hỏng" in str(info.value)
    assert content(db) == before
    assert bk.list_backups(db) == backups_before  # refused before touching anything


def test_restore_into_a_missing_database_creates_it(db, tmp_path):
    earlier = bk.make_backup(db)
    fresh = tmp_path / "other" / "cdstui.db"
    assert bk.restore(fresh, earlier) is None
    assert statuses(fresh) == ["done", "not_started"]


# -- automatic backups -------------------------------------------------------

def test_first_start_of_the_day_makes_one_backup(db):
    assert bk.list_backups(db) == []
    open_database(db).close()
    first = bk.list_backups(db)
    assert len(first) == 1 and first[0].name.endswith("-daily.db")
    open_database(db).close()
    assert bk.list_backups(db) == first  # same day: no second one

    # yesterday's backup does not count for today
    yesterday = (date.today() - timedelta(days=1)).strftime("%Y%m%d")
    first[0].rename(first[0].with_name(f"cdstui-{yesterday}-235959-daily.db"))
    open_database(db).close()
    names = [p.name for p in bk.list_backups(db)]
    assert len(names) == 2 and names[0].startswith(f"cdstui-{yesterday}")
    assert bk.newest_backup_date(db) == date.today()


def test_a_new_database_is_not_backed_up(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path):
        pass
    db_path.unlink()
    (db_path.parent / "cdstui.db-wal").unlink(missing_ok=True)
    open_database(db_path, seed_default=False).close()
    assert bk.list_backups(db_path) == []


def test_migration_of_an_existing_database_is_preceded_by_a_backup(db_path):
    db_path.parent.mkdir()
    from sqlite_utils import Database

    old = Database(str(db_path))
    first = MIGRATIONS[0]
    later = list(MIGRATIONS[1:])
    migrations.apply(old, stop_before=later)
    assert [m.name for m in migrations.applied(old)] == [first]
    old.execute(
        "INSERT INTO plans (number, title, imported_at, updated_at) VALUES ('32-KH/ĐU', 'Kế hoạch cũ', 'x', 'x')"
    )
    old.conn.commit()
    old.close()

    with open_database(db_path) as store:
        assert store.pending_migrations() == []
        assert [p.title for p in store.list_plans()] == ["Kế hoạch cũ"]
    made = bk.list_backups(db_path)
    assert len(made) == 1 and made[0].name.endswith("-migrate.db")
    conn = sqlite3.connect(str(made[0]))
    try:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
        assert applied == [first]  # the backup is the database as it was before
        assert conn.execute("SELECT title FROM plans").fetchall() == [("Kế hoạch cũ",)]
    finally:
        conn.close()


def test_restore_over_a_broken_database_sets_the_broken_file_aside(db, tmp_path):
    earlier = bk.make_backup(db)
    for side in ("-wal", "-shm"):
        (db.parent / f"cdstui.db{side}").unlink(missing_ok=True)
    garbage = b"\x00hong" * 5000
    db.write_bytes(garbage)
    with pytest.raises(StoreError, match="không phải là cơ sở dữ liệu"):
        Store.open(db)
    previous = bk.restore(db, earlier)
    assert previous is not None and previous.name.endswith("-broken.db")
    assert previous.read_bytes() == garbage  # kept as it was, for a specialist
    assert statuses(db) == ["done", "not_started"]
    with Store.open(db) as s:
        assert s.integrity_check() == "ok"


# -- newer schemas and live databases (issue 11, item 8) ------------------------

def _from_a_newer_cdstui(path, *, version: int | None = None, migration: str | None = None) -> None:
    conn = sqlite3.connect(str(path))
    if version is not None:
        conn.execute(f"PRAGMA user_version = {version}")
    if migration is not None:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('cdstui', ?, '2027-01-01')",
            [migration],
        )
    conn.commit()
    conn.close()


@pytest.mark.parametrize("newer", [{"version": 99}, {"migration": "0099_something_new"}])
def test_restore_refuses_a_backup_of_a_newer_cdstui(db, newer):
    newer_backup = bk.make_backup(db)
    _from_a_newer_cdstui(newer_backup, **newer)
    before, backups = content(db), bk.list_backups(db)
    with pytest.raises(StoreError, match="bản sao lưu của phiên bản mới hơn"):
        bk.restore(db, newer_backup)
    assert content(db) == before
    assert bk.list_backups(db) == backups


@pytest.mark.parametrize("newer", [{"version": 99}, {"migration": "0099_something_new"}])
def test_a_database_of_a_newer_cdstui_is_not_opened_nor_written_down(db, newer):
    _from_a_newer_cdstui(db, **newer)
    before = content(db)
    with pytest.raises(StoreError, match="phiên bản mới hơn"):
        Store.open(db)
    with pytest.raises(StoreError, match="phiên bản mới hơn"):
        open_database(db)
    assert content(db) == before  # user_version and migrations as they were


def test_restore_never_moves_a_healthy_database_aside_because_it_is_locked(db):
    """Another program holding the lock (a save, an exclusive session) made
    restore call the database broken and move it away, while that program
    went on writing into the moved file."""
    earlier = bk.make_backup(db)
    other = sqlite3.connect(str(db), isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE rows SET note = 'đang ghi' WHERE kind = 'task'")
    try:
        with pytest.raises(StoreError, match="đang được mở ở chương trình khác"):
            bk.restore(db, earlier, timeout_ms=100)
        assert db.exists()
        assert not [p for p in db.parent.glob("backups/*broken*")]
        other.execute("COMMIT")
    finally:
        other.close()
    with Store.open(db) as s:
        assert {t.note for t in s.load_plan(1).tasks()} == {"đang ghi"}


def test_backups_of_any_reason_sort_in_the_order_they_were_made(db):
    """Within one second an import backup and a restore backup both got the
    first name of their kind, and the older one could sort last: a restore of
    "the newest backup" then brought back the wrong one."""
    made = [bk.make_backup(db, reason) for reason in ("import", "restore", "import", "manual", "restore")]
    assert bk.list_backups(db) == made
