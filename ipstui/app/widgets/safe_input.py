"""A text field that never sends the characters in its value or completion to the terminal raw."""

from __future__ import annotations

import re

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Input

from ipstui.domain.text import one_cell_safe

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SafeInput(Input):
    """An Input whose value is kept as given but drawn with controls as visible stand-ins.

    A prompt may hold untrusted text: a topic filled in from the log, a pasted comment, a
    completion from the roster.
    """

    BINDINGS = [Binding("tab", "complete", "Complete", show=False)]

    def action_complete(self) -> None:
        """Tab takes the completion offered (as right does); with none offered, it moves to the next field."""
        if self._suggestion and len(self._suggestion) > len(self.value) and self.cursor_at_end:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        safe = Strip([Segment(one_cell_safe(segment.text), segment.style) for segment in strip])
        return safe.crop_extend(0, strip.cell_length, self.rich_style)

    def _on_paste(self, event: events.Paste) -> None:
        # The first line of a paste, ended by a line break only: Input's own str.splitlines()
        # also cuts at a next-line control or line separator inside a pasted name or comment.
        if event.text:
            line = _LINE_BREAK.split(event.text, maxsplit=1)[0]
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)
        event.stop()
        event.prevent_default()
