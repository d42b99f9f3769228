"""The live console's tab strip: at 80 columns, which of the four panels is shown, and how to leave."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive

from ipstui.app.widgets.key_bar import KeySpans

# The panels in key order: (panel id, key, the word on its tab).
TABS = (("agenda", "1", "Agenda"), ("hands", "2", "Hands"), ("meters", "3", "Meters"), ("chat", "4", "Chat"))
QUIT_HINT = "ctrl+q quit"


class TabStrip(KeySpans):
    """One line naming the four panels by their keys, the shown one marked; a click on a tab presses its key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"tab-strip--active", "tab-strip--key", "tab-strip--hint"}

    DEFAULT_CSS = """
    TabStrip {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text-muted;
        background: $panel;
        & > .tab-strip--active {
            color: $text;
            background: $accent 30%;
            text-style: bold;
        }
        & > .tab-strip--key {
            color: $accent;
            text-style: bold;
        }
        & > .tab-strip--hint {
            color: $text-muted;
        }
    }
    """

    panel: reactive[str] = reactive("hands")
    """The panel shown."""

    def render(self) -> Content:
        key_style = self.get_visual_style("tab-strip--key")
        active_style = self.get_visual_style("tab-strip--active")
        parts: list[Content] = []
        spans, x = [], 0
        for panel, key, word in TABS:
            if panel == self.panel:
                # Marked by more than colour: brackets read on any theme and in a screen's text.
                tab = Content.assemble((f"[{key} {word}]", active_style))
            else:
                tab = Content.assemble(" ", (key, key_style), f" {word} ")
            parts.append(tab)
            spans.append((x, x + tab.cell_length, key))
            x += tab.cell_length
        line = Content("").join(parts)
        hint = Content.styled(QUIT_HINT + " ", self.get_visual_style("tab-strip--hint"))
        room = self.size.width - line.cell_length - hint.cell_length
        if room >= 1:
            # At the right edge, where a newcomer looks for the way out.
            line = line.pad_right(room) + hint
        self._spans = spans
        return line
