"""A list with a cursor that draws only the rows on screen: the lists of the live panels."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

Row = tuple[str, Content]
"""A row's id and what it shows (one or more lines)."""


class RowList(ScrollView, can_focus=True):
    """Rows of text and a cursor; enter or a click selects the row under the cursor.

    Textual's OptionList renders every option to measure it, and at start-up measures again
    once it knows its width: with the live panels' hundred-odd rows that was a quarter of
    the console's start. Here a row's height comes from its line breaks (a line is wrapped
    only when it is wider than the list), and only the lines on screen are drawn.
    """

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES = {"row-list--cursor"}

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        overflow-x: hidden;
        & > .row-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .row-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        /* NO_COLOR: the row under the cursor stands out without a colour (drawn reversed when
           focused, see _row_strips: Textual 8.2.8's visual style leaves reverse out). */
        &:nocolor > .row-list--cursor {
            text-style: underline;
        }
    }
    """

    @dataclass
    class Selected(Message):
        """A row was chosen."""

        row_list: RowList
        row_id: str

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = []
        self._cursor: int | None = None
        self._starts: list[int] = []
        self._heights: list[int] = []
        self._measured_width: int | None = None
        self._strips: LRUCache[tuple, list[Strip]] = LRUCache(256)

    # -- the rows and the cursor ------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """The rows shown, in order."""
        return list(self._rows)

    @property
    def cursor(self) -> int | None:
        """The index of the row under the cursor (None when the list is empty)."""
        return self._cursor

    @cursor.setter
    def cursor(self, index: int | None) -> None:
        index = None if index is None or not self._rows else max(0, min(index, len(self._rows) - 1))
        if index != self._cursor:
            self._cursor = index
            self.refresh()
            self.scroll_to_cursor()

    @property
    def cursor_id(self) -> str | None:
        """The id of the row under the cursor."""
        return self._rows[self._cursor][0] if self._cursor is not None else None

    def set_rows(self, rows: list[Row], default: int | None = 0) -> None:
        """Show `rows`, keeping the cursor on the same id (else on `default`)."""
        ids = [row_id for row_id, _ in rows]
        kept = self.cursor_id
        before, cursor_before, height_before = self._rows, self._cursor, sum(self._heights)
        same_ids = ids == [row_id for row_id, _ in before]
        self._rows = list(rows)
        if same_ids:
            changed = [index for index, (old, new) in enumerate(zip(before, rows)) if old[1] != new[1]]
            # The same rows: measure and draw again only those whose text changed (a tick
            # changes a few: the speaker's time, the waiting times).
            heights = [self._row_height(index, self._measured_width) for index in changed]
            if all(self._heights[index] == height for index, height in zip(changed, heights)):
                if changed:
                    self._refresh_rows(changed[0], changed[-1])
                return
        unscrolled = self._fits(self.virtual_size)
        self._measure(self._measured_width)
        if not same_ids:
            cursor = ids.index(kept) if kept in ids else (
                min(default, len(ids) - 1) if ids and default is not None else None)
            self._cursor = cursor
            if cursor != cursor_before:
                self.scroll_to_cursor()
        if unscrolled and self._fits(self.virtual_size):
            # Rows added, removed or grown in a list that shows whole: the rows above the first
            # that differs (or the cursor's old or new place) are drawn as they were.
            first = next((index for index, (old, new) in enumerate(zip(before, rows)) if old != new),
                         min(len(before), len(rows)))
            if self._cursor != cursor_before:
                first = min([first] + [index for index in (self._cursor, cursor_before) if index is not None])
            top = self._starts[first] if first < len(self._starts) else sum(self._heights)
            bottom = max(height_before, sum(self._heights))
            if bottom > top:
                self.refresh(Region(0, top, self.size.width, bottom - top))
            return
        self.refresh()

    # -- measuring and drawing --------------------------------------------------------------

    def _row_height(self, index: int, width: int | None) -> int:
        lines = self._rows[index][1].plain.split("\n")
        if width is None or self.styles.text_wrap == "nowrap" or all(cell_len(line) <= width for line in lines):
            return len(lines)
        return len(self._row_strips(index, width))  # wrapped: drawn now, exactly as it will show

    def _measure(self, width: int | None) -> None:
        """Each row's height and start at `width` (None: by line breaks alone, before the first layout)."""
        self._measured_width = width
        self._heights = [self._row_height(index, width) for index in range(len(self._rows))]
        self._starts = list(accumulate(self._heights, initial=0))[:-1]
        size = Size(0, sum(self._heights))
        if self._fits(self.virtual_size) and self._fits(size):
            # Textual lays the whole screen out again at every change of a virtual size, for
            # the scrollbars' sake: with no scrollbar before or after, only the rows change.
            self.set_reactive(RowList.virtual_size, size)
        else:
            self.virtual_size = size

    def _fits(self, size: Size) -> bool:
        """Whether rows of `size` show whole, unscrolled and without a scrollbar, in the list as laid out."""
        return (self.is_mounted and bool(self.size) and not self.show_vertical_scrollbar
                and self.scroll_offset.y == 0 and size.height <= self.scrollable_content_region.height)

    def _refresh_rows(self, first: int, last: int) -> None:
        """Draw rows `first` to `last` again, once."""
        top = self._starts[first]
        bottom = self._starts[last] + self._heights[last]
        self.refresh(Region(0, top - self.scroll_offset.y, self.size.width, bottom - top))

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        prompt = self._rows[index][1]
        style = self.get_visual_style("row-list--cursor") if index == self._cursor else self.get_visual_style()
        if index == self._cursor and self.app.no_color and self.has_focus:
            style = style + VisualStyle(reverse=True, bold=True)
        key = (prompt, width, style)
        strips = self._strips.get(key)
        if strips is None:
            strips = [strip.extend_cell_length(width, style.rich_style)
                      for strip in Visual.to_strips(self, prompt, width, None, style)]
            self._strips[key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._measured_width:
            self._measure(width)
        line = self.scroll_offset.y + y
        index = bisect_right(self._starts, line) - 1
        if index >= 0 and line < self.virtual_size.height:
            strips = self._row_strips(index, width)
            offset = line - self._starts[index]
            if index == self._cursor and offset == 0 and self.has_focus:
                # The terminal's own cursor on the chosen row: a braille display or a screen
                # reader follows it (the frame leaves it here; a focused text field places its own).
                region = self.scrollable_content_region
                self.app.cursor_position = Offset(region.x, region.y + y)
            if offset < len(strips):
                return strips[offset]
        return Strip.blank(width, self.get_visual_style().rich_style)

    def scroll_to_cursor(self) -> None:
        """Bring the row under the cursor into view."""
        if self._cursor is None or not self.is_mounted or self._cursor >= len(self._starts):
            return
        start, height = self._starts[self._cursor], self._heights[self._cursor]
        self.scroll_to_region(Region(0, start, max(1, self.scrollable_content_region.width), height),
                              animate=False, force=True, immediate=True)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- keys and the mouse -----------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        if self._rows:
            self.cursor = 0 if self._cursor is None else self._cursor + step

    def action_page(self, step: int) -> None:
        if not self._rows:
            return
        page = max(1, self.scrollable_content_region.height)
        here = self._starts[self._cursor] if self._cursor is not None else 0
        target = max(0, here + step * page)
        self.cursor = bisect_right(self._starts, target) - 1

    def action_jump(self, index: int) -> None:
        if self._rows:
            self.cursor = index % len(self._rows)

    def action_select(self) -> None:
        row_id = self.cursor_id
        if row_id is not None:
            self.post_message(self.Selected(self, row_id))

    def _on_click(self, event: events.Click) -> None:
        if not self.can_focus:
            return  # a list that takes no focus has no cursor to put on a row
        line = self.scroll_offset.y + event.y
        index = bisect_right(self._starts, line) - 1
        if self._rows and index >= 0 and line < self.virtual_size.height:
            self.cursor = index
            self.action_select()
