"""Talk-time meters: each person's share against the fair share, with the agreement's cues."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from rich.cells import cell_len
from textual.content import Content

from ipstui.app.safe import bar, clock_text, fitted, part
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain.state import Meter, Request, SessionState
from ipstui.domain.text import name_key

NAME_WIDTH = 14
BAR_WIDTH = 12
# Below this many cells a panel gives its cues room with a shorter bar.
ROOMY = 64
# The width a meter is laid out for before its panel has one (the panel of a 120-column screen).
FIRST_WIDTH = 56


def _cues(meter: Meter) -> list[tuple[str, str]]:
    """The cues in the order they matter to the moderator: the first ones are kept when room is short."""
    if meter.left:
        return [("left", "$text-muted")]  # out of the fair share: no cue asks anything of them
    cues = []
    if meter.step_back:
        cues.append(("step back?", "$warning"))
    if meter.current_turn_seconds is not None:
        cues.append((f"now {clock_text(meter.current_turn_seconds)}", "bold $accent"))
    if meter.new_here:
        cues.append(("new here", "$success"))
    if meter.first_turn_now:
        cues.append(("1st turn", "$success"))
    if meter.step_up:
        cues.append(("step up?", "$text-muted"))
    if meter.not_spoken_yet:
        cues.append(("not spoken", "$text-muted"))
    return cues


# Remembered (a meter is a frozen value): a call to next changes one row of thirty.
@lru_cache(maxsize=512)
def meter_line(meter: Meter, width: int = 80) -> Content:
    """One person's meter in `width` cells: name, bar against fair share, time, turns and the
    cues that fit whole, most important first (never a rank, never half a word)."""
    # Names are cut last: a narrow panel narrows the bar first.
    name_width, bar_width = NAME_WIDTH, BAR_WIDTH if width >= ROOMY else BAR_WIDTH - 4
    parts: list[str | tuple[str, str] | Content] = [
        fitted(meter.name, name_width),
        " ",
        (bar(meter.share / (meter.fair_share * 2) if meter.fair_share else 0, bar_width, 0.5), "$primary"),
        f" {clock_text(meter.talk_seconds):>6} ",
        (f"{meter.turns}×", "dim"),
    ]
    line = Content.assemble(*parts)
    for text, style in _cues(meter):
        if line.cell_length + 2 + cell_len(text) > width:
            break
        line = Content.assemble(line, "  ", (text, style))
    return line


class MetersPanel(LivePanel):
    """Who has spoken how much: the bar's tick is the fair share (total talk ÷ people present)."""

    BORDER_TITLE = "3 Talk time"

    def __init__(self, *, reveal_requests: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reveal_requests = reveal_requests
        """Whether members' requests show (the moderating team's console, never a watching one)."""

    def show(self, state: SessionState, now: datetime) -> None:
        meters = state.meters(now)
        gone = sum(1 for m in meters if m.left)
        self.set_subtitle(f"{len(meters) - gone} present" + (f" · {gone} left" if gone else "") + " · tick = fair share")
        width = self.scrollable_content_region.width or FIRST_WIDTH
        requests = state.requests if self.reveal_requests else {}
        self.set_rows([(name_key(m.name), request_line(meter_line(m, width), requests.get(name_key(m.name))))
                       for m in meters], default=None)

    def on_resize(self) -> None:
        # The cues that fit depend on the width: a panel shown or resized lays its meters out again.
        self._refresh_view()

    def highlighted_name(self) -> str | None:
        """The name of the person under the cursor."""
        key = self.cursor_id
        person = self.state.participants.get(key) if key is not None and self.state is not None else None
        return person.name if person else None


def request_line(line: Content, request: Request | None) -> Content:
    """A meter with the member's request under it, a gentle cue in their words (the team's eyes only)."""
    if request is None or not request.text:
        return line
    return Content.assemble(line, "\n", ("   asks: ", "dim"), part(request.text, "italic $text-muted"))
