"""Home: when the next call is for everyone, who moderates it, the topic, how to join."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pendulum
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, Static

from ipstui.app.actions import HOME_ACTIONS, bindings
from ipstui.app.safe import literal, padded, part
from ipstui.app.screens.clocked import ClockedScreen
from ipstui.app.screens.shown import GroupShown
from ipstui.app.widgets.key_bar import KeyBar
from ipstui.app.widgets.session_bar import with_peers
from ipstui.domain.schedule import WeeklySlot, slot_changed_for, slot_text
from ipstui.store.folder import Upcoming


def countdown(start: pendulum.DateTime, end: pendulum.DateTime, now: datetime) -> str:
    """How long until the call, or that it is on now."""
    moment = pendulum.instance(now)
    if start <= moment < end:
        return "the call is on now"
    seconds = int((start - moment).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    prefix = f"{days} day{'s' if days != 1 else ''} " if days else ""
    return f"starts in {prefix}{hours:02d}:{minutes:02d}:{secs:02d}"


def world_clock_lines(slot: WeeklySlot, start: pendulum.DateTime) -> list[Content]:
    """The call's time in each caller zone, with a notice where it moved since last week."""
    lines = []
    for local in slot.local_times(start):
        city = local.zone.split("/")[-1].replace("_", " ")
        parts: list = [padded(city, 13, "bold"), f" {local.start.format('ddd HH:mm')}–{local.end.format('HH:mm')}"]
        if local.changed:
            shift = local.shift_minutes
            direction = "later" if shift > 0 else "earlier"
            hours, minutes = divmod(abs(shift), 60)
            amount = f"{hours}h" + (f"{minutes:02d}" if minutes else "") if hours else f"{minutes} min"
            parts.append((f"  time change: {amount} {direction}", "bold $warning"))
        lines.append(Content.assemble(*parts))
    return lines


class HomeScreen(GroupShown, ClockedScreen):
    """The next session at a glance; s starts it."""

    BINDINGS = bindings(HOME_ACTIONS)
    PALETTE_ACTIONS = HOME_ACTIONS

    def __init__(self, slot: WeeklySlot, upcoming: Upcoming, settings: dict[str, Any], viewer_zone: str) -> None:
        super().__init__()
        self.slot = slot
        self.upcoming = upcoming
        self.settings = settings
        self.viewer_zone = viewer_zone

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="home-title")
        with Horizontal(id="home-columns"):
            with Vertical(id="home-next"):
                yield Label("Next call", classes="section-title")
                yield Static(id="next-call")
                yield Static(id="countdown")
                yield Label("World clock", classes="section-title")
                yield Static(id="world-clock")
            with Vertical(id="home-side"):
                yield Label("Moderation", classes="section-title")
                yield Static(self._rotation(), id="rotation")
                yield Label("Join", classes="section-title")
                yield Static(self._join(), id="join")
                yield Static(id="home-peers")
        yield KeyBar()

    def _title(self) -> Content:
        return literal(self.settings.get("group_name", "ipstui"))

    def show_group(self, slot: WeeklySlot, upcoming: Upcoming, settings: dict[str, Any]) -> None:
        """Show the group's settings and choices as they now are (changed here or by another console)."""
        self.slot, self.upcoming, self.settings = slot, upcoming, settings
        if not self.is_mounted or not self.query("#home-title"):
            return  # compose shows them
        self.query_one("#home-title", Label).update(self._title())
        self.query_one("#rotation", Static).update(self._rotation())
        self.query_one("#join", Static).update(self._join())
        self._show_time()

    def _rotation(self) -> Content:
        up = self.upcoming
        return Content("\n").join([
            Content.assemble(("Moderator  ", "bold"), part(up.moderator or "not chosen yet")),
            Content.assemble(("Backup     ", "bold"), part(up.backup or "not chosen yet")),
            Content.assemble(("Topic      ", "bold"), part(up.topic or "not chosen yet")),
        ])

    def show_upcoming(self, upcoming: Upcoming) -> None:
        """What the sessions now say of the next call."""
        self.upcoming = upcoming
        if self.is_mounted:
            self.query_one("#rotation", Static).update(self._rotation())
            self._show_time()

    def _join(self) -> Content:
        join = self.settings.get("join", {})
        lines = [Content.assemble(("Computer  ", "bold"), part(str(join.get("url", ""))))]
        for phone in join.get("phones", []):
            lines.append(Content.assemble(("Phone     ", "bold"), part(str(phone))))
        if join.get("meeting_id"):
            lines.append(Content.assemble(("Meeting   ", "bold"), part(str(join["meeting_id"]))))
        if join.get("international"):
            lines.append(Content.assemble(("Abroad    ", "bold"), part(str(join["international"]))))
        return Content("\n").join(lines)

    def watch_peers(self) -> None:
        if self.is_mounted and self.query("#home-peers"):
            line = Content.assemble(("Also here: ", "bold"), *with_peers(self.peers)) if self.peers else Content("")
            self.query_one("#home-peers", Static).update(line)

    def watch_now(self) -> None:
        if self.is_mounted:
            self._show_time()

    def on_mount(self) -> None:
        self._show_time()

    def _show_time(self) -> None:
        now = self.now
        if now is None or not self.query("#next-call"):
            return  # not composed yet: on_mount will come
        start = self.slot.next_start(now, self.upcoming.held_on)
        end = start.add(minutes=self.slot.minutes)
        mine = start.in_timezone(self.viewer_zone)
        # The first call at a changed slot is starred, with the seed's note: not a daylight-saving shift.
        before = slot_changed_for(self.settings, start)
        star = "*" if before else ""
        lines = [
            Content.assemble((start.format("dddd D MMMM YYYY"), "bold"),
                             f"  {start.format('HH:mm')}{star}–{end.format('HH:mm')} ", part(self.slot.zone)),
            Content.assemble("Your time (", part(self.viewer_zone), f"): {mine.format('dddd HH:mm')}"),
        ]
        if before:
            lines.append(Content.styled("(*please note time change)", "bold $warning"))
            lines.append(Content.styled(f"  new time: it was {slot_text(before, self.slot.zone)}", "$warning"))
        self.query_one("#next-call", Static).update(Content("\n").join(lines))
        self.query_one("#countdown", Static).update(Content.styled(countdown(start, end, now), "bold $accent"))
        self.query_one("#world-clock", Static).update(Content("\n").join(world_clock_lines(self.slot, start)))
