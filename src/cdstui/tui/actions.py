"""Every key of the app, once: the bindings, the footer, the help screen and the palette.

Like harlequin's actions table: each ``Action`` names the class that owns it
(``owner``), what it runs there, its keys, a short Vietnamese label (the
footer, the palette) and what it does (the help screen, the palette). The
owner declares its bindings with ``BINDINGS = bindings("plan")``; the help
screen (``screens/help.py``) chooses which actions it lists and in what
order; the ctrl+p palette offers those marked ``palette``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    id: str  # the binding's id
    owner: str  # "app", "plan" (PlanScreen), "list" (PlanTable), "search", "editor", …
    action: str  # the Textual action run on the owner: "search", "app.quit", "choose('cancel')"
    keys: str  # Textual key names: "u,ctrl+z"
    label: str  # short: the footer, the palette
    help: str = ""  # what it does: the help screen, the palette
    keys_shown: str = ""  # the keys as the help screen writes them: "u hoặc ctrl+z"
    show: bool = False  # in the footer
    priority: bool = False  # before the focused widget's own keys (ctrl+s in a text field)
    palette: bool = False  # offered by ctrl+p
    keep: bool = False  # in the footer however narrow the terminal: the others go first, from the right

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, show=self.show, priority=self.priority, id=self.id)


def _back(owner: str, action: str = "app.pop_screen", label: str = "Quay lại") -> Action:
    return Action(f"{owner}.back", owner, action, "escape", label, "quay lại màn hình trước", "Esc", show=True)


ACTIONS: tuple[Action, ...] = (
    # -- the app, on every screen ---------------------------------------------
    Action("app.palette", "app", "command_palette", "ctrl+p", "Lệnh", "bảng lệnh (mọi lệnh đều có ở đây)", "ctrl+p", priority=True),
    Action("app.quit", "app", "quit", "ctrl+q", "Thoát", "thoát", "ctrl+q", priority=True),
    Action("app.help", "app", "help", "f1", "Trợ giúp", "danh sách phím tắt", "F1"),
    # Tab moves the focus as it is read, before the keys typed after it are routed
    # (Textual's own Tab acts once the key has gone up the widgets: text typed
    # right after it landed in the field it left).
    Action(
        "app.focus_next", "app", "focus_next", "tab", "Ô kế tiếp", "chuyển sang ô hoặc bảng kế tiếp / trước",
        "Tab / Shift+Tab", priority=True,
    ),
    Action("app.focus_previous", "app", "focus_previous", "shift+tab", "Ô trước", "chuyển sang ô trước", "Shift+Tab", priority=True),
    # -- the plan list (PlanTable) and the plan screen ---------------------------
    # Handled as they are read (priority), in the order typed: the list's keys
    # and the screen's own act before the next key is routed, so that "↓ Enter"
    # typed fast opens the task below, and the keys typed after Enter reach the
    # editor. While the search field has the keys, the screen turns them off
    # (PlanScreen.check_action) and they go to the field.
    Action("plan.up", "list", "cursor_up", "up,k", "Lên", "di chuyển lên / xuống", "↑ / ↓, j / k", priority=True),
    Action("plan.down", "list", "cursor_down", "down,j", "Xuống", "di chuyển xuống", "↓, j", priority=True),
    Action("plan.page_up", "list", "page_up", "pageup", "Trang trước", "lên / xuống một trang", "PgUp / PgDn", priority=True),
    Action("plan.page_down", "list", "page_down", "pagedown", "Trang sau", "xuống một trang", "PgDn", priority=True),
    Action("plan.home", "list", "first", "home", "Đầu", "về đầu / cuối danh sách", "Home / End", priority=True),
    Action("plan.end", "list", "last", "end", "Cuối", "về cuối danh sách", "End", priority=True),
    Action("plan.open", "plan", "open", "enter", "Mở", "mở nhiệm vụ đang chọn", "Enter", show=True, palette=True, priority=True),
    Action("plan.toggle", "list", "toggle", "space", "Thu/mở mục", "thu gọn / mở mục", "space / Enter trên mục", priority=True),
    Action("plan.search", "plan", "search", "slash", "Tìm", "tìm kiếm (gõ không dấu cũng được)", "/", show=True, palette=True, priority=True),
    Action(
        "plan.filter", "plan", "filter", "f", "Lọc",
        "lọc theo tình trạng, cơ quan chủ trì, quá hạn, đến hạn trong 30 ngày", "f", show=True, palette=True, priority=True,
    ),
    Action(
        "plan.status", "plan", "cycle_status", "s", "Đổi tình trạng",
        "đổi tình trạng (Chưa triển khai → Đang triển khai → Hoàn thành), lưu ngay; việc thường xuyên có thêm Tiếp tục duy trì", "s", show=True, palette=True, priority=True,
    ),
    Action("plan.undo", "plan", "undo", "u,ctrl+z", "Hoàn tác", "hoàn tác thay đổi gần nhất", "u hoặc ctrl+z", palette=True, priority=True),
    Action("plan.redo", "plan", "redo", "ctrl+y", "Làm lại", "làm lại điều vừa hoàn tác", "ctrl+y", palette=True, priority=True),
    Action("plan.history", "plan", "history", "h", "Lịch sử", "lịch sử thay đổi của nhiệm vụ", "h", palette=True, priority=True),
    Action("plan.indicators", "plan", "indicators", "i", "Chỉ tiêu", "chỉ tiêu", "i", show=True, palette=True, priority=True),
    Action("plan.overview", "plan", "overview", "o", "Tổng quan", "tổng quan", "o", palette=True, priority=True),
    Action("plan.export", "plan", "export", "e", "Xuất báo cáo", "xuất báo cáo", "e", show=True, palette=True, priority=True),
    Action("plan.settings", "plan", "settings", "comma", "Cài đặt", "cài đặt", ",", palette=True, priority=True),
    Action("plan.choose", "plan", "choose_plan", "p", "Đổi kế hoạch", "đổi kế hoạch", "p", palette=True, priority=True),
    Action(
        "plan.import", "plan", "import_file", "ctrl+o", "Nhập tệp",
        "nhập kế hoạch (Word, PDF, Excel, văn bản) hoặc báo cáo cơ quan gửi lại", "ctrl+o", palette=True, priority=True,
    ),
    Action("plan.fold_all", "plan", "fold_all", "minus", "Thu gọn tất cả", "thu gọn / mở tất cả", "- / +", palette=True, priority=True),
    Action("plan.unfold_all", "plan", "unfold_all", "plus,equals_sign", "Mở rộng tất cả", "mở tất cả các mục", "+", palette=True, priority=True),
    Action(
        "plan.help", "plan", "help", "question_mark", "Trợ giúp", "trợ giúp (màn hình này)", "? / F1",
        show=True, palette=True, priority=True, keep=True,
    ),
    Action("plan.clear", "plan", "clear_filters", "escape", "Bỏ lọc", "bỏ tìm kiếm và bộ lọc", "Esc", palette=True, priority=True),
    Action("plan.quit", "plan", "quit", "q", "Thoát", "thoát", "q / ctrl+q", show=True, palette=True, priority=True, keep=True),
    # -- the search field -------------------------------------------------------
    Action("search.submit", "search", "submit", "enter", "Giữ kết quả", "giữ kết quả tìm, đến dòng khớp đầu tiên", "Enter"),
    Action("search.clear", "search", "clear_search", "escape", "Xóa tìm kiếm", "xóa tìm kiếm / quay lại", "Esc", show=True),
    # -- the task editor, and the questions (Lưu / Không lưu / Hủy…) -------------
    Action("editor.save", "editor", "save", "ctrl+s", "Lưu", "lưu", "ctrl+s", show=True, priority=True),
    _back("editor", "leave", "Lưu và quay lại"),
    Action(
        "editor.edit_plan", "editor", "toggle_plan_edit", "ctrl+e", "Sửa nội dung kế hoạch",
        "sửa nội dung kế hoạch (trong màn hình sửa nhiệm vụ)", "ctrl+e", show=True, priority=True,
    ),
    # -- progress entries: the log of a task (the plan list, the editor, the entry form) --
    Action(
        "plan.add_entry", "plan", "add_entry", "n", "Ghi nhận tiến độ",
        "ghi nhận tiến độ: ngày, nội dung, văn bản minh chứng", "n", palette=True, priority=True,
    ),
    Action(
        "editor.add_entry", "editor", "add_entry", "ctrl+n", "Ghi nhận tiến độ",
        "ghi nhận tiến độ (màn hình sửa nhiệm vụ)", "ctrl+n", show=True, priority=True,
    ),
    Action("journal.edit", "journal", "edit", "enter,e", "Sửa mục", "trên nhật ký: sửa mục đang chọn", "Enter hoặc e", show=True),
    Action(
        "journal.remove", "journal", "remove", "delete,x", "Xóa mục",
        "trên nhật ký: xóa mục (hỏi trước; hoàn tác được)", "Delete hoặc x", show=True,
    ),
    Action("journal.open", "journal", "open_file", "o", "Mở tệp", "trên nhật ký: mở tệp minh chứng", "o", show=True),
    _back("entry_form", "leave", "Lưu và đóng"),
    Action("entry_form.save", "entry_form", "save", "ctrl+s", "Lưu", "lưu mục tiến độ và đóng", "ctrl+s", show=True, priority=True),
    Action(
        "entry_form.add_doc", "entry_form", "add_doc", "ctrl+n", "Thêm văn bản",
        "khi ghi nhận tiến độ: thêm văn bản minh chứng", "ctrl+n", show=True, priority=True,
    ),
    Action("confirm.cancel", "confirm", "choose('cancel')", "escape", "Hủy", "hủy, không làm gì", "Esc", show=True),
    Action("confirm.previous", "confirm", "app.focus_previous", "left", "Nút trước", "nút trước", "←"),
    Action("confirm.next", "confirm", "app.focus_next", "right", "Nút sau", "nút sau", "→"),
    # -- the other screens --------------------------------------------------------
    _back("indicators"),
    Action(
        "indicators.edit", "indicators", "edit", "enter", "Sửa kết quả",
        "nhập kết quả, đánh giá, ghi chú (màn hình Chỉ tiêu)", "Enter trên chỉ tiêu", show=True, priority=True,
    ),
    _back("indicator_form", "leave", "Lưu và đóng"),
    Action("indicator_form.save", "indicator_form", "save", "ctrl+s", "Lưu", "lưu và đóng", "ctrl+s", show=True, priority=True),
    _back("overview"),
    Action("overview.next", "overview", "app.focus_next", "tab", "Bảng sau", "bảng kế tiếp", "Tab", show=True),
    _back("history"),
    _back("export", "close", "Đóng"),
    Action("export.run", "export", "export", "ctrl+s", "Xuất", "xuất báo cáo", "ctrl+s", show=True, priority=True),
    _back("import", "close", "Đóng"),
    Action("import.run", "import", "run", "ctrl+s", "Nhập", "nhập tệp đã xem trước", "ctrl+s", show=True, priority=True),
    _back("settings", "leave", "Lưu và quay lại"),
    Action("settings.save", "settings", "save", "ctrl+s", "Lưu", "lưu", "ctrl+s", show=True, priority=True),
    _back("help"),
    Action("help.close", "help", "app.pop_screen", "question_mark", "Đóng trợ giúp", "đóng trợ giúp", "?"),
    Action("choice.cancel", "choice", "cancel", "escape", "Đóng", "đóng, không chọn", "Esc", show=True),
    # -- the calendar of reports and the report types (issue 12) --------------------
    Action(
        "plan.calendar", "plan", "calendar", "c", "Lịch báo cáo",
        "lịch báo cáo của năm: hạn nộp, đã lập, đã gửi", "c", palette=True, priority=True,
    ),
    _back("calendar"),
    Action("calendar.mark", "calendar", "mark_sent", "enter,g", "Đánh dấu đã gửi", "đánh dấu báo cáo đã gửi (ngày, nơi nhận)", "Enter hoặc g", show=True),
    Action("calendar.unmark", "calendar", "unmark_sent", "delete,x", "Bỏ đánh dấu", "bỏ đánh dấu đã gửi (hỏi trước)", "Delete hoặc x", show=True),
    Action("calendar.types", "calendar", "report_types", "t", "Loại báo cáo", "sửa các loại báo cáo của kế hoạch", "t", show=True),
    Action("calendar.open", "calendar", "open_file", "o", "Mở tệp", "mở tệp báo cáo đã lập (Excel, Word)", "o", show=True),
    _back("sent_form", "leave", "Lưu và đóng"),
    Action("sent_form.save", "sent_form", "save", "ctrl+s", "Lưu", "lưu ngày gửi và nơi nhận", "ctrl+s", show=True, priority=True),
    Action(
        "settings.report_types", "settings", "report_types", "ctrl+r", "Loại báo cáo",
        "loại báo cáo của kế hoạch (tên, nơi nhận, kỳ, hạn nộp)", "ctrl+r", show=True, priority=True,
    ),
    _back("report_types"),
    Action("report_types.edit", "report_types", "edit", "enter,e", "Sửa", "sửa loại báo cáo đang chọn", "Enter hoặc e", show=True),
    Action("report_types.add", "report_types", "add", "a,insert", "Thêm", "thêm loại báo cáo", "a hoặc Insert", show=True),
    Action("report_types.remove", "report_types", "remove", "delete,x", "Xóa", "xóa loại báo cáo đang chọn (hỏi trước)", "Delete hoặc x", show=True),
    _back("report_type_form", "leave", "Lưu và đóng"),
    Action("report_type_form.save", "report_type_form", "save", "ctrl+s", "Lưu", "lưu loại báo cáo", "ctrl+s", show=True, priority=True),
    # -- the report's narrative (issue 13), reached from the export dialog and the plan ---------
    Action(
        "plan.narrative", "plan", "narrative", "b", "Soạn nội dung báo cáo",
        "soạn nội dung (thuyết minh) báo cáo Word theo từng phần", "b", palette=True, priority=True,
    ),
    Action(
        "export.narrative", "export", "narrative", "ctrl+n", "Soạn nội dung",
        "soạn nội dung báo cáo của loại và kỳ đang chọn", "ctrl+n", show=True, priority=True,
    ),
    Action("narrative.save", "narrative", "save", "ctrl+s", "Lưu", "lưu nội dung báo cáo", "ctrl+s", show=True, priority=True),
    _back("narrative", "leave", "Lưu và quay lại"),
    Action(
        "narrative.regenerate", "narrative", "regenerate", "ctrl+r", "Tạo lại bản nháp",
        "tạo lại bản nháp từ nhật ký (hỏi trước khi thay phần đã sửa)", "ctrl+r", show=True, priority=True,
    ),
)

ACTION_BY_ID = {action.id: action for action in ACTIONS}

# Textual's own keys that a footer may show, in the officer's words (the key of
# an open dropdown list; the palette's own).
TEXTUAL_LABELS = {
    "Dismiss menu": "Đóng danh sách",
    "Exit the command palette": "Đóng bảng lệnh",
}


def footer_label(binding: Binding) -> str:
    """What the footer says of a binding: ours as the table has it, Textual's translated."""
    return TEXTUAL_LABELS.get(binding.description, binding.description)


def kept_in_footer(binding: Binding) -> bool:
    action = ACTION_BY_ID.get(binding.id or "")
    return action is not None and action.keep


def bindings(owner: str) -> list[Binding]:
    """The bindings of ``owner``'s actions, in the table's order (the footer's order)."""
    return [action.binding() for action in ACTIONS if action.owner == owner]


def palette_actions() -> list[Action]:
    return [action for action in ACTIONS if action.palette]
