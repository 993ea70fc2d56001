"""`cdstui import FILE --plan ID` compares before it writes (issue 10, "Safe re-import")."""

from __future__ import annotations

import json

from cdstui.cli import main
from tests.conftest import SEED_000, SEED_004, db_content as content


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def tasks(capsys, db) -> dict[str, dict]:
    code, out, err = run(capsys, "dump", "--db", db)
    assert code == 0, err
    rows = [r for t in json.loads(out)["plans"][0]["tables"] for r in t["rows"] if r["kind"] == "task"]
    return {".".join([p for p in r["path"] if not p[0].isdigit()] + [r["code"]]): r for r in rows}


def test_another_plans_document_is_refused_with_the_overlap(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    before = content(db)
    code, out, err = run(capsys, "import", SEED_004, "--db", db, "--plan", 1)
    assert code == 1
    assert "chỉ 0/59 dòng khớp" in err and "--replace" in err and "004_" in err
    assert "Traceback" not in err and err.strip().count("\n") == 0
    assert content(db) == before


def test_replace_overrides_and_the_removed_rows_keep_their_progress(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    code, out, err = run(capsys, "import", SEED_004, "--db", db, "--plan", 1, "--replace")
    assert code == 0, err
    assert "gỡ 59" in out
    code, out, err = run(capsys, "import", SEED_000, "--db", db, "--plan", 1, "--replace")
    assert code == 0, err
    assert "khôi phục 59" in out


def test_replace_needs_a_plan(capsys, tmp_path):
    code, _out, err = run(capsys, "import", SEED_000, "--db", tmp_path / "a.db", "--replace")
    assert code == 2 and "--plan" in err


def revised_seed_000(tmp_path):
    """Seed 000 as the ward revised it: II.4 dropped, II.2 reworded."""
    text = SEED_000.read_text(encoding="utf-8")
    lines = text.split("\n")
    ii_4 = next(i for i, line in enumerate(lines) if line.startswith("4\tThực hiện các nền tảng số dùng chung"))
    del lines[ii_4]
    text = "\n".join(lines).replace(
        "2\tBan hành kế hoạch và triển khai đúng tiến độ", "2\tBan hành kế hoạch và triển khai kịp thời, đúng tiến độ"
    )
    path = tmp_path / "ke-hoach-sua-doi.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_merge_says_what_it_keeps_changes_adds_and_removes_before_it_is_done(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    ii_4 = tasks(capsys, db)["II.4"]
    assert ii_4["status"] == "not_started"
    code, out, err = run(capsys, "import", revised_seed_000(tmp_path), "--db", db, "--plan", 1)
    assert code == 0, err
    lines = out.splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("Sẽ giữ nguyên"))
    done = next(i for i, line in enumerate(lines) if line.startswith("Đã cập nhật kế hoạch mã 1"))
    assert summary < done
    assert "58/59 dòng khớp" in out
    assert lines[summary].startswith("Sẽ giữ nguyên 57 dòng, sửa 1, thêm 0, gỡ 1")
    preview = lines[summary + 1 : done]
    assert any(line.startswith("  ~ II.2 Ban hành kế hoạch") and "tên nhiệm vụ" in line for line in preview)
    assert any(line.startswith("  - II.4 Thực hiện các nền tảng số") for line in preview)
    assert "II.4" not in tasks(capsys, db)


def test_the_same_numberless_document_twice_is_one_plan(capsys, tmp_path):
    bare = tmp_path / "bang.txt"
    bare.write_text(
        "TT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\n"
        "1\tXây dựng kế hoạch chuyển đổi số\tPhòng Văn hóa – Xã hội\tQuý I/2026\n"
        "2\tTập huấn kỹ năng số cho người dân\tCông an phường\t6/2026\n",
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    assert run(capsys, "import", bare, "--db", db)[0] == 0
    code, out, err = run(capsys, "import", bare, "--db", db)
    assert code == 0, err
    assert "Đã cập nhật kế hoạch mã 1" in out
    code, out, _err = run(capsys, "dump", "--db", db)
    assert len(json.loads(out)["plans"]) == 1
