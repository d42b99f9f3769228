"""The live panels' list: its cursor, keys, clicks and long rows; and the key bar under them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content

from ipstui.app.screens.agreement import AgreementModal
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.row_list import RowList
from tests.ui.conftest import screen_text, running

ROWS = [(f"r{n}", Content(f"row {n}")) for n in range(30)]


class ListApp(App[None]):
    """One list and nothing else, recording what it selects."""

    CSS = "RowList { height: 10; }"

    def __init__(self, rows=ROWS, default: int | None = 0) -> None:
        super().__init__()
        self.rows, self.default, self.selected = rows, default, []

    def compose(self) -> ComposeResult:
        yield RowList(id="list")

    def on_mount(self) -> None:
        self.query_one(RowList).set_rows(self.rows, self.default)
        self.query_one(RowList).focus()

    def on_row_list_selected(self, message: RowList.Selected) -> None:
        self.selected.append(message.row_id)


async def test_keys_move_the_cursor_and_enter_selects():
    app = ListApp()
    async with running(app, size=(40, 12)) as pilot:
        rows = app.query_one(RowList)
        await pilot.press("down", "down", "enter")
        assert rows.cursor_id == "r2" and app.selected == ["r2"]
        await pilot.press("end")
        assert rows.cursor_id == "r29"
        assert rows.scroll_offset.y == 20  # the last row is in view at the bottom
        await pilot.press("pageup")
        assert rows.cursor_id == "r19"
        await pilot.press("home", "up")
        assert rows.cursor_id == "r0" and rows.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert rows.cursor_id == "r10"


async def test_the_cursor_stays_on_its_row_when_rows_come_and_go():
    app = ListApp()
    async with running(app, size=(40, 12)) as pilot:
        rows = app.query_one(RowList)
        await pilot.press("down", "down", "down")
        rows.set_rows([("new", Content("new first")), *ROWS])
        assert rows.cursor_id == "r3" and rows.cursor == 4
        rows.set_rows([row for row in ROWS if row[0] != "r3"])
        assert rows.cursor_id == "r0"  # its row went: back to the default
        rows.set_rows([])
        assert rows.cursor is None and rows.cursor_id is None
        await pilot.press("down", "enter")
        assert app.selected == []


async def test_a_changed_row_is_drawn_anew_and_a_click_selects_the_row_under_it():
    two_lines = [(f"c{n}", Content(f"comment {n}\n   said by {n}")) for n in range(5)]
    app = ListApp(two_lines, default=None)
    async with running(app, size=(40, 12)) as pilot:
        rows = app.query_one(RowList)
        assert rows.cursor is None and rows.virtual_size.height == 10
        await pilot.click(RowList, offset=(2, 5))  # the third row's second line
        assert app.selected == ["c2"] and rows.cursor_id == "c2"
        rows.set_rows([(row_id, Content(f"{prompt.plain} (edited)")) for row_id, prompt in two_lines])
        await pilot.pause()
        assert "said by 4 (edited)" in screen_text(app)


async def test_a_row_wider_than_the_list_wraps_and_every_word_shows():
    words = " ".join(f"word{n}" for n in range(30))
    app = ListApp([("long", Content(words)), ("short", Content("short"))])
    async with running(app, size=(40, 12)) as pilot:
        await pilot.pause()
        rows = app.query_one(RowList)
        assert rows.virtual_size.height > 2
        shown = screen_text(app)
        for n in range(30):
            assert f"word{n}" in shown
        await pilot.press("down")
        assert rows.cursor_id == "short"


async def test_the_key_bar_shows_the_live_keys_and_a_click_presses_one(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        bottom = screen_text(demo).splitlines()[-1]
        for key in (" n Next hand ", " s Speak ", " c Chat ", " g Agreement ", "^p palette"):
            assert key in bottom, key
        assert bottom.rstrip().endswith("^p palette")
        column = bottom.index(" g Agreement ") + 2
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(demo.screen, AgreementModal)


async def test_at_80_columns_the_palette_key_keeps_the_right_edge(demo):
    async with running(demo, size=(80, 24)) as pilot:
        await pilot.pause()
        bottom = screen_text(demo).splitlines()[-1]
        assert bottom.startswith(" n Next hand ")
        assert bottom.rstrip().endswith("▏^p palette")


async def test_a_row_that_grows_in_place_moves_the_rows_below_it():
    app = ListApp([("a", Content("first")), ("b", Content("second"))])
    async with running(app, size=(40, 12)) as pilot:
        await pilot.pause()
        rows = app.query_one(RowList)
        words = " ".join(f"word{n}" for n in range(20))
        rows.set_rows([("a", Content(words)), ("b", Content("second"))])
        await pilot.pause()
        shown = screen_text(app).splitlines()
        assert rows.virtual_size.height == len(rows.rows[0][1].wrap(rows.scrollable_content_region.width)) + 1
        assert all(f"word{n}" in "\n".join(shown) for n in range(20))
        assert shown[rows.virtual_size.height - 1].strip() == "second"


async def test_rows_that_fit_change_without_a_layout_and_rows_that_overflow_bring_the_scrollbar():
    app = ListApp(ROWS[:3])
    async with running(app, size=(40, 12)) as pilot:
        await pilot.pause()
        rows = app.query_one(RowList)
        layouts = []
        screen = app.screen
        relayout = screen._refresh_layout
        screen._refresh_layout = lambda *args, **kwargs: (layouts.append(1), relayout(*args, **kwargs))[1]
        rows.set_rows(ROWS[:2])
        await pilot.pause()
        assert layouts == [] and rows.virtual_size.height == 2
        assert "row 1" in screen_text(app) and "row 2" not in screen_text(app)
        rows.set_rows(ROWS)  # more than the list's ten lines: the scrollbar needs a layout
        await pilot.pause()
        assert layouts and rows.show_vertical_scrollbar and rows.max_scroll_y == 20
        await pilot.press("end")
        assert rows.scroll_offset.y == 20 and "row 29" in screen_text(app)
        rows.set_rows(ROWS[:4])  # back within the list, from a scrolled one: laid out again
        await pilot.pause()
        assert not rows.show_vertical_scrollbar and rows.scroll_offset.y == 0
        assert "row 0" in screen_text(app) and "row 3" in screen_text(app)


async def test_rows_that_come_and_go_are_drawn_again_from_the_first_that_differs_and_nothing_stale_stays():
    from textual.geometry import Region

    app = ListApp(ROWS[:6])
    async with running(app, size=(40, 12)) as pilot:
        await pilot.pause()
        rows = app.query_one(RowList)
        await pilot.press("down", "down", "down", "down")
        assert rows.cursor_id == "r4"
        drawn = []
        refresh = rows.refresh
        rows.refresh = lambda *regions, **options: (drawn.append(regions), refresh(*regions, **options))[1]
        rows.set_rows(ROWS[:2] + ROWS[3:6])  # r2 goes; the cursor stays on r4, one line up
        await pilot.pause()
        assert rows.cursor_id == "r4" and rows.cursor == 3
        assert [line.strip() for line in screen_text(app).splitlines()[:7]] == [
            "row 0", "row 1", "row 3", "row 4", "row 5", "", ""]
        # From the first row that differs to the old end: the rows above are drawn as they were.
        assert drawn == [(Region(0, 2, rows.size.width, 4),)]
        drawn.clear()
        rows.set_rows([("new", Content("new first")), *ROWS[:2], *ROWS[3:6]])
        await pilot.pause()
        assert [line.strip() for line in screen_text(app).splitlines()[:7]] == [
            "new first", "row 0", "row 1", "row 3", "row 4", "row 5", ""]
        assert drawn == [(Region(0, 0, rows.size.width, 6),)]


async def test_a_panel_s_new_subtitle_draws_its_bottom_line_alone():
    from datetime import datetime, timezone

    from textual.geometry import Region

    from ipstui.app.widgets.panel import LivePanel

    class Counted(LivePanel):
        BORDER_TITLE = "Counted"

        def show(self, state, now) -> None:
            self.set_rows([(str(n), Content(f"item {n}")) for n in range(state)])
            self.set_subtitle(f"{state} waiting")

    class PanelApp(App[None]):
        CSS = "Counted { height: 8; border: round white; }"

        def compose(self) -> ComposeResult:
            yield Counted()

    app = PanelApp()
    async with running(app, size=(40, 10)) as pilot:
        panel = app.query_one(Counted)
        panel.now = datetime(2026, 12, 5, tzinfo=timezone.utc)
        panel.state = 3
        await pilot.pause()
        assert "3 waiting" in screen_text(app).splitlines()[7]
        drawn = []
        refresh = panel.refresh
        panel.refresh = lambda *regions, **options: (drawn.append(regions), refresh(*regions, **options))[1]
        panel.state = 2
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert [line.strip(" │") for line in lines[1:4]] == ["item 0", "item 1", ""]
        assert "2 waiting" in lines[7] and "3 waiting" not in lines[7] and "Counted" in lines[0]
        # The rows from the one that went, and the bottom border line: never the whole panel.
        bottom = Region(-1, panel.size.height, panel.outer_size.width, 1)
        assert sorted(drawn) == sorted([(Region(0, 2, panel.size.width, 1),), (bottom,)])
