"""Unusable input: an InputError that names the file, never a traceback."""

from __future__ import annotations

import pytest

from cdstui.domain.model import InputError
from cdstui.importers import read_document
from tests.importers.builders import SEED_000, SEED_003, build_docx, build_xlsx


def _error(path) -> InputError:
    with pytest.raises(InputError) as err:
        read_document(path)
    message = str(err.value)
    assert path.name in message
    assert "\n" not in message  # one paragraph for the command line
    return err.value


def test_empty_file(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    assert "tệp rỗng" in str(_error(path))


def test_binary_bytes(tmp_path):
    path = tmp_path / "nhiphan.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert "nhị phân" in str(_error(path))


def test_undecodable_text_names_the_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("TT\tTên nhiệm vụ\n1\tViệc\n".encode("utf-8") + "Hà Nội".encode("latin-1", "replace"))
    error = _error(path)
    assert error.line == 3


@pytest.mark.parametrize("suffix, builder", [(".docx", build_docx), (".xlsx", build_xlsx)])
def test_truncated_office_files(tmp_path, suffix, builder):
    whole = builder(SEED_000, tmp_path / f"whole{suffix}").read_bytes()
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(whole[: len(whole) // 2])
    assert "bị cắt cụt" in str(_error(path))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_text_named_as_office_file(tmp_path, suffix):
    path = tmp_path / f"fake{suffix}"
    path.write_text("TT\tTên nhiệm vụ\n", encoding="utf-8")
    _error(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "kehoach.odt"
    path.write_bytes(b"PK\x03\x04")
    message = str(_error(path))
    assert ".odt" in message and ".docx" in message and ".xlsx" in message and ".pdf" in message


def test_missing_file(tmp_path):
    _error(tmp_path / "khongco.txt")


def test_prose_without_table(tmp_path):
    path = tmp_path / "vanban.md"
    path.write_text("# KẾ HOẠCH\n\nChuyển đổi số năm 2026\n\n- một ý\n", encoding="utf-8")
    assert "không tìm thấy bảng phụ lục" in str(_error(path))


def test_seed_003_copy(tmp_path):
    path = tmp_path / "003.txt"
    path.write_bytes(SEED_003.read_bytes())
    assert "không tìm thấy bảng phụ lục" in str(_error(path))


def test_header_without_tt_column(tmp_path):
    path = tmp_path / "khongTT.txt"
    path.write_text(
        "Danh mục\n\nTên nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\nViệc một\tPhòng A\tQuý I/2026\n",
        encoding="utf-8",
    )
    error = _error(path)
    assert error.line == 3  # the header's line
    assert str(error).startswith("khongTT.txt, dòng 3: ")
    assert "TT/STT" in str(error)


def test_header_without_title_column(tmp_path):
    path = tmp_path / "khongten.txt"
    path.write_text("TT\tCơ quan chủ trì\n1\tPhòng A\n", encoding="utf-8")
    error = _error(path)
    assert error.line == 1 and "tên nhiệm vụ" in str(error)


def test_unusable_table_is_skipped_when_another_is_usable(tmp_path):
    path = tmp_path / "hai.txt"
    path.write_text(
        "Lĩnh vực\tSố nhiệm vụ\nHạ tầng số\t7\n\nDANH MỤC\nTT\tTên nhiệm vụ\tCơ quan chủ trì\n1\tViệc một\tPhòng A\n",
        encoding="utf-8",
    )
    report = read_document(path)
    assert [r.title for r in report.plan.tasks()] == ["Việc một"]
    assert report.plan.tables[0].title == "DANH MỤC"
    assert len(report.skipped_tables) == 1 and report.skipped_tables[0].startswith("Dòng 1: ")


def test_docx_without_plan_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Chỉ có văn bản.")
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "Lĩnh vực", "Số nhiệm vụ"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "Hạ tầng", "7"
    path = tmp_path / "khongbang.docx"
    document.save(str(path))
    message = str(_error(path))
    assert "Bảng 1, hàng 1" in message and "TT/STT" in message
