"""A terminal that records what the app writes to it, frame by frame.

The app runs as in a real terminal (not headless: every frame is turned into
the text and escape sequences a terminal receives), through Textual's public
``Driver`` interface; ``App.post_display_hook`` marks the end of each frame.
"""

from __future__ import annotations

import asyncio
import re

from textual import events
from textual.app import App
from textual.driver import Driver
from textual.geometry import Size

# Control sequences (cursor moves, colours): what is left is the text shown.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]")


class RecordedTerminal:
    """The frames ``app`` writes while ``run`` drives it: one string each, the
    text the terminal shows (control sequences removed). A test clears
    ``frames`` before the key it looks at."""

    def __init__(self, app: App, size: tuple[int, int] = (120, 40)) -> None:
        self.app = app
        self.size = size
        self.frames: list[str] = []
        pending: list[str] = []
        terminal_size = Size(*size)

        class RecordingDriver(Driver):
            def write(self, data: str) -> None:
                pending.append(data)

            def start_application_mode(self) -> None:
                resize = events.Resize(terminal_size, terminal_size)
                asyncio.get_running_loop().call_soon(app.post_message, resize)

            def disable_input(self) -> None:
                pass

            def stop_application_mode(self) -> None:
                pass

        def frame_done() -> None:
            if pending:
                self.frames.append(_CONTROL.sub("", "".join(pending)))
                pending.clear()

        app.driver_class = RecordingDriver
        app.post_display_hook = frame_done

    async def run(self, steps) -> None:
        """Run the app in this terminal; ``steps(pilot)`` drives it, then the app exits."""

        async def drive(pilot) -> None:
            try:
                await steps(pilot)
            finally:
                self.app.exit()

        await self.app.run_async(headless=False, size=self.size, auto_pilot=drive)
