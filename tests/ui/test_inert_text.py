"""The last look at drawn lines: raw text that reached a widget unescaped still cannot act."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.color import Color
from textual.content import Content
from textual.widgets import Static

from ipstui.app.terminal import InertText, failure_line
from ipstui.domain.text import unsafe_chars
from tests.torture.payloads import PAYLOADS
from tests.ui.conftest import running

RAW = "".join(PAYLOADS.values()) + "lo\ud800ne"


def test_a_line_with_controls_keeps_its_cells_and_loses_its_controls():
    segments = [Segment("ok "), Segment(RAW), Segment("", None, [(1,)])]
    filtered = InertText().apply(segments, Color(0, 0, 0))
    assert not unsafe_chars("".join(segment.text for segment in filtered))
    assert Segment.get_line_length(filtered) == Segment.get_line_length(segments)
    assert filtered[2] is segments[2]  # a control segment is Textual's own
    assert "lo\ufffdn" in filtered[1].text


def test_a_clean_line_comes_back_as_it_was():
    segments = [Segment("Speaking "), Segment("Zoë 👩‍👩‍👧", None)]
    assert InertText().apply(segments, Color(0, 0, 0)) is segments


class Careless(App[None]):
    """An app that forgets the safe helpers, with the console's guard on."""

    def __init__(self) -> None:
        super().__init__()
        self._filters.append(InertText())

    def compose(self) -> ComposeResult:
        yield Static(Content(RAW), id="raw")


async def test_text_a_widget_was_given_raw_is_drawn_without_its_controls():
    app = Careless()
    async with running(app, size=(200, 10)) as pilot:
        await pilot.pause()
        widget = app.query_one("#raw")
        lines = widget.render_lines(widget.region.reset_offset)
        drawn = "".join(segment.text for line in lines for segment in line)
    assert "PWNED" in drawn
    assert not unsafe_chars(drawn)


def test_an_unexpected_error_reads_as_one_line_naming_where_in_ipstui():
    import ipstui.app.app as module

    line = failure_line("KeyError", "'x'\nsecond line\x1b[2J", [("/usr/lib/textual/app.py", 3), (module.__file__, 42)])
    assert line == "KeyError: 'x' second line\\x1b[2J (at ipstui/app/app.py:42)"
