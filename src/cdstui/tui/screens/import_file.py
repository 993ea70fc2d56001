"""Nhập tệp: a plan document (.docx, .pdf, .xlsx, .txt, .md, .toml) or a report
workbook an agency filled, from inside the app, as ``cdstui import`` does.

A modal in two steps, each in a worker thread with a connection of its own (a
SQLite connection belongs to the thread that opened it):
1. read the document and match it against the database, writing nothing
   (``workspace.plan_import``), and show what the document holds and, for an
   existing plan, what will be kept, changed, added and removed;
2. on "Nhập", read and match again on the writer's connection, and write only
   if the picture is still the one shown (another program may have written
   meanwhile); otherwise show the new picture and ask again.

The dialog is dismissed with the id of the plan the import wrote to (None
when nothing was written); the plan screen then opens that plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from cdstui.tui.actions import bindings
from cdstui.tui.widgets.key_footer import KeyFooter

FORMATS = ".docx, .pdf, .xlsx, .txt, .md, .toml"


def typed_path(text: str) -> Path | None:
    """The path the officer typed or pasted: quotes (Windows' "Copy as path", a
    file dragged onto the terminal) and spaces around it removed, ``~`` expanded."""
    text = text.strip().strip("\"'").strip()
    return Path(text).expanduser() if text else None


@dataclass(frozen=True)
class Preview:
    """What step 1 found: the words shown and whether the import may go on."""

    text: str
    new_plan: bool  # the document makes a new plan (no existing plan is touched)
    refused: str | None = None  # why it cannot be imported as asked


def preview_of(store, file: Path, into: int | None, replace: bool):
    """Read and match ``file`` on ``store``'s connection, nothing written: the
    import planned (``workspace.ImportJob``; None when refused) and what it shows."""
    from cdstui.domain.model import InputError
    from cdstui.workspace import describe_document, describe_preview, plan_import

    try:
        job = plan_import(store, file, into=into, replace=replace)
    except InputError as exc:
        return None, Preview("", False, str(exc))
    except OSError as exc:
        return None, Preview("", False, f"{exc.filename or file}: {exc.strerror or exc}")
    if job.prepared is None:
        return job, Preview(
            f"Tệp: {file}\nBáo cáo do cdstui xuất, đã được cơ quan điền: kết quả ghi vào kế hoạch gốc "
            "(mỗi kết quả thành một mục nhật ký có ngày hôm nay), không thêm kế hoạch hay dòng nào.",
            False,
        )
    merge = describe_preview(job)
    document = describe_document(job.prepared.report)
    if merge:
        return job, Preview(f"{document}\n\n{merge}", False)
    return job, Preview(f"{document}\n\nSẽ thêm thành kế hoạch mới.", True)


class ImportScreen(ModalScreen[int | None]):
    """Ask for a file, show what its import will do, import it when confirmed."""

    CSS_PATH = "import_file.tcss"
    BINDINGS = bindings("import")

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.shown: Preview | None = None  # what the officer is looking at
        self.shown_for: tuple | None = None  # the choices it was made for
        self.written_plan: int | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import-form"):
            yield Static(Text("Nhập tệp", style="bold"), id="import-title")
            yield Label(f"Đường dẫn tệp ({FORMATS}, hoặc báo cáo cơ quan gửi lại)", classes="form-label")
            yield Input(placeholder=r"ví dụ C:\CDS\ke-hoach-2026.pdf", id="import-path")
            current = self.ctx.plan_id
            yield Checkbox(
                f"Cập nhật vào kế hoạch đang mở (mã {current})" if current else "Cập nhật vào kế hoạch đang mở",
                id="import-into",
                compact=True,
                disabled=current is None,
            )
            yield Checkbox("Thay cả kế hoạch, kể cả khi tài liệu khác nhiều", id="import-replace", compact=True, disabled=True)
            with Horizontal(id="import-buttons"):
                yield Button("Xem trước", id="import-preview", compact=True)
                yield Button("Nhập", variant="primary", id="import-run", compact=True, disabled=True)
                yield Button("Đóng", id="import-close", compact=True)
            with VerticalScroll(id="import-status-box"):
                yield Static(Text("Gõ đường dẫn rồi nhấn Enter để xem trước.", style="dim"), id="import-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # -- the officer's choices -------------------------------------------------------
    def choices(self) -> tuple[Path | None, int | None, bool]:
        path = typed_path(self.query_one("#import-path", Input).value)
        into = self.ctx.plan_id if self.query_one("#import-into", Checkbox).value else None
        replace = into is not None and self.query_one("#import-replace", Checkbox).value
        return path, into, replace

    @on(Input.Changed, "#import-path")
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        """A preview holds for the choices it was made for only."""
        self.query_one("#import-replace", Checkbox).disabled = not self.query_one("#import-into", Checkbox).value
        self.query_one("#import-run", Button).disabled = self.running or self.shown_for != self.choices()

    def _status(self, text: Text) -> None:
        self.query_one("#import-status", Static).update(text)

    # -- actions ----------------------------------------------------------------------
    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-preview")
    def action_preview(self) -> None:
        path, into, replace = self.choices()
        if self.running:
            return
        if path is None:
            self._status(Text("Hãy gõ đường dẫn của tệp cần nhập.", style="bold red"))
            return
        if not path.is_file():
            self._status(Text(f"Không tìm thấy tệp: {path}", style="bold red"))
            return
        self._begin("Đang đọc tệp…")
        self._read(path, into, replace)

    @on(Button.Pressed, "#import-run")
    def action_run(self) -> None:
        if self.running or self.shown is None or self.shown.refused or self.shown_for != self.choices():
            return
        self._begin("Đang nhập…")
        path, into, replace = self.choices()
        self._write(path, into, replace, self.shown)

    @on(Button.Pressed, "#import-close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.written_plan)

    def _begin(self, words: str) -> None:
        self.running = True
        for button in ("#import-preview", "#import-run"):
            self.query_one(button, Button).disabled = True
        self._status(Text(words, style="italic"))

    def _end(self) -> None:
        self.running = False
        self.query_one("#import-preview", Button).disabled = False
        self._changed()

    # -- the workers ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="import")
    def _read(self, path: Path, into: int | None, replace: bool) -> None:
        from cdstui.store import Store

        try:
            with Store.open(self.ctx.store.path, migrate=False) as store:
                _job, preview = preview_of(store, path, into, replace)
        except Exception as exc:  # noqa: BLE001 - shown to the officer, never a traceback
            preview = Preview("", False, str(exc) or exc.__class__.__name__)
        self.app.call_from_thread(self._previewed, preview, (path, into, replace))

    def _previewed(self, preview: Preview, made_for: tuple) -> None:
        self.shown, self.shown_for = preview, made_for
        if preview.refused:
            self.shown_for = None
            text = Text("Không nhập được:\n", style="bold red")
            text.append(preview.refused)
        else:
            text = Text(preview.text + "\n\n")
            text.append("Nhấn «Nhập» (ctrl+s) để ghi vào cơ sở dữ liệu; Esc để đóng mà không nhập.", style="bold")
        self._status(text)
        self._end()

    @work(thread=True, exclusive=True, group="import")
    def _write(self, path: Path, into: int | None, replace: bool, shown: Preview) -> None:
        from cdstui.store import Store
        from cdstui.workspace import describe, run_import

        notes: list[str] = []
        try:
            with Store.open(self.ctx.store.path, migrate=False) as store:
                # read and matched again on this connection: written only as shown
                job, again = preview_of(store, path, into, replace)
                if again != shown or job is None:  # another program wrote meanwhile: show the new picture
                    self.app.call_from_thread(self._changed_meanwhile, again, (path, into, replace))
                    return
                result = run_import(store, job, warn=notes.append)
        except Exception as exc:  # noqa: BLE001 - the database is unchanged; the words go to the officer
            self.app.call_from_thread(self._failed, str(exc) or exc.__class__.__name__)
            return
        self.app.call_from_thread(self._written, describe(result), result_plan_id(result), notes)

    def _changed_meanwhile(self, preview: Preview, made_for: tuple) -> None:
        self._previewed(preview, made_for)
        self.notify("Cơ sở dữ liệu vừa thay đổi ở nơi khác: hãy xem lại rồi nhấn «Nhập» lần nữa.", severity="warning")

    def _failed(self, message: str) -> None:
        self.shown = self.shown_for = None
        text = Text("Không nhập được (cơ sở dữ liệu giữ nguyên):\n", style="bold red")
        text.append(message)
        self._status(text)
        self._end()

    def _written(self, words: str, plan_id: int, notes: list[str]) -> None:
        self.written_plan = plan_id
        self.shown = self.shown_for = None
        # our own write: the watcher must not report it as another program's
        self.ctx.data_version = self.ctx.store.data_version()
        text = Text("Đã nhập.\n", style="bold green")
        text.append(words)
        for note in notes:
            text.append(f"\n{note}", style="yellow")
        text.append("\n\nEsc để đóng và mở kế hoạch.", style="dim")
        self._status(text)
        self._end()


def result_plan_id(result) -> int:
    """The plan an import wrote to: a new or updated plan, or the plan of a filled report."""
    from cdstui.workspace import ImportResult

    return result.outcome.plan_id if isinstance(result, ImportResult) else result.plan_id
