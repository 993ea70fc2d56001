"""Trợ giúp: every key of the app, in Vietnamese, grouped."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cdstui.tui.widgets.key_footer import KeyFooter

# (group, [(keys, what they do)]) — kept in step with the app's bindings.
KEY_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Di chuyển",
        (
            ("↑ / ↓, j / k", "di chuyển lên / xuống"),
            ("PgUp / PgDn", "lên / xuống một trang"),
            ("Home / End", "về đầu / cuối danh sách"),
            ("Tab / Shift+Tab", "chuyển sang ô hoặc bảng kế tiếp / trước"),
        ),
    ),
    (
        "Nhiệm vụ",
        (
            ("Enter", "mở nhiệm vụ đang chọn"),
            ("s", "đổi tình trạng (Chưa triển khai → Đang triển khai → Hoàn thành), lưu ngay"),
            ("h", "lịch sử thay đổi của nhiệm vụ"),
            ("u hoặc ctrl+z", "hoàn tác thay đổi gần nhất"),
            ("ctrl+s", "lưu"),
            ("ctrl+e", "sửa nội dung kế hoạch (trong màn hình sửa nhiệm vụ)"),
        ),
    ),
    (
        "Tìm kiếm và lọc",
        (
            ("/", "tìm kiếm (gõ không dấu cũng được)"),
            ("Enter", "giữ kết quả tìm, đến dòng khớp đầu tiên"),
            ("Esc", "xóa tìm kiếm / quay lại"),
            ("f", "lọc theo tình trạng, cơ quan chủ trì, quá hạn, đến hạn trong 30 ngày"),
            ("space / Enter trên mục", "thu gọn / mở mục"),
            ("- / +", "thu gọn / mở tất cả"),
        ),
    ),
    (
        "Màn hình",
        (
            ("i", "chỉ tiêu"),
            ("o", "tổng quan"),
            ("e", "xuất báo cáo"),
            (",", "cài đặt"),
            ("p", "đổi kế hoạch"),
            ("Enter trên chỉ tiêu", "nhập kết quả, đánh giá, ghi chú (màn hình Chỉ tiêu)"),
            ("? / F1", "trợ giúp (màn hình này)"),
        ),
    ),
    (
        "Chung",
        (
            ("ctrl+p", "bảng lệnh (mọi lệnh đều có ở đây)"),
            ("Esc", "quay lại màn hình trước"),
            ("q / ctrl+q", "thoát"),
        ),
    ),
)

NOTE = (
    "Phím tắt không dùng ctrl+enter hay các tổ hợp với alt vì chúng không ổn định "
    "trên cửa sổ dòng lệnh của Windows. Khi đang gõ trong một ô, các phím chữ "
    "được gõ vào ô, không kích hoạt lệnh."
)


def group_table(title: str, keys: tuple[tuple[str, str], ...]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_header=False, expand=True, box=None, padding=(0, 1))
    table.add_column("Phím", style="bold", no_wrap=True, ratio=None)
    table.add_column("Tác dụng", ratio=1)
    for key, what in keys:
        table.add_row(Text(key, style="bold"), Text(what))
    return table


class HelpScreen(Screen):
    """Keys of the app."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Quay lại", id="back"),
        Binding("question_mark", "app.pop_screen", "Đóng trợ giúp", id="help.close", show=False),
    ]

    def __init__(self, ctx=None) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(Text("Trợ giúp — các phím của cdstui", style="bold"), id="help-title")
        with VerticalScroll(id="help-body"):
            with Grid(id="help-grid"):
                for title, keys in KEY_GROUPS:
                    yield Static(group_table(title, keys), classes="help-group")
            yield Static(Text(NOTE, style="italic"), id="help-note")
        yield KeyFooter()
