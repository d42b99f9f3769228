"""The live console's key bar: the screen's keys in one line, drawn as one widget."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget


class KeySpans(Widget):
    """A one-line widget whose spans of cells press keys: a click on one presses its key."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []
        """(first cell, cell after the last, key) of each span drawn."""

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


class KeyBar(KeySpans):
    """What Textual's Footer shows, in the same colours, as a single widget.

    The Footer is a widget per key, composed empty and then again once the screen is
    active, so the live console's first frame came without its keys and the whole screen
    was laid out and drawn again. A click on a key presses it.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--palette"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--palette {
            color: $foreground 20%;
        }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str] | None]:
        """(key, shown as, description, enabled) per action shown, and the palette's key."""
        active = self.screen.active_bindings
        keys, actions = [], set()
        for _, binding, enabled, _ in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                keys.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            binding = active[self.app.COMMAND_PALETTE_BINDING][1]
            palette = (binding.key, self.app.get_key_display(binding))
        return keys, palette

    def render(self) -> Content:
        keys, palette = self._keys()
        key_style = self.get_visual_style("key-bar--key")
        description_style = self.get_visual_style("key-bar--description")
        tail = None
        if palette is not None:
            tail = Content.assemble(("▏", self.get_visual_style("key-bar--palette")), (palette[1], key_style),
                                    (" palette ", description_style))
        # Whole keys only, in the table's order: those that do not fit give way, never half a word.
        room = max(0, self.size.width - (tail.cell_length if tail is not None else 0))
        parts: list[Content] = []
        spans, x = [], 0
        for key, shown, description, enabled in keys:
            item = Content.assemble((f" {shown} ", key_style), (f"{description} ", description_style))
            if x + item.cell_length > room:
                break
            if not enabled:
                item = item.stylize("dim")
            parts.append(item)
            spans.append((x, x + item.cell_length, key))
            x += item.cell_length
        line = Content("").join(parts)
        if tail is not None and palette is not None:
            # At the right edge whatever the width, as the Footer docks it.
            line = line.pad_right(room - line.cell_length) + tail
            spans.append((room, room + tail.cell_length, palette[0]))
        self._spans = spans
        return line
