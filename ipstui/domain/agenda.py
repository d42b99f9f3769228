"""Editing this session's agenda: add, remove, rename, retime and move its items.

Each edit is an event in the session's log, so undo, the other consoles, the timeline and the
report see it. An item that has run keeps its place; the running one may be renamed and
retimed but not removed or moved; an item not begun may be anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ipstui.domain.events import EventType, NewEvent
from ipstui.domain.outcome import CommandError, Context, Outcome
from ipstui.domain.state import AgendaItem, SessionState
from ipstui.domain.text import clean_name

# The most minutes one agenda item may be planned for: a day.
MOST_ITEM_MINUTES = 24 * 60


def _live(state: SessionState) -> None:
    if not state.is_live:
        raise CommandError("the session has ended")


def item_title(raw: str) -> str:
    """A title as typed, cleaned; CommandError if there is nothing in it."""
    try:
        return clean_name(raw, "agenda item's title")
    except ValueError as error:
        raise CommandError(str(error)) from None


def item_minutes(value: object) -> int:
    """Planned minutes: a whole number from 1 to a day."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MOST_ITEM_MINUTES:
        raise CommandError(f"planned minutes must be a whole number from 1 to {MOST_ITEM_MINUTES}, not {value!r}")
    return value


def find_item(state: SessionState, item: int | str, expect: str | None = None) -> int:
    """The place (from 0) of the item `item` names: its number as listed (from 1), or its title
    (case aside, or the start of one title only). With `expect`, the title the moderator saw
    there: if another console has changed the agenda meanwhile, nothing is changed."""
    agenda = state.agenda
    if not agenda:
        raise CommandError("the agenda is empty")
    if isinstance(item, int) and not isinstance(item, bool):
        if not 1 <= item <= len(agenda):
            raise CommandError(f"there is no agenda item {item}: the agenda has items 1 to {len(agenda)}")
        index = item - 1
    else:
        wanted = str(item).strip().casefold()
        titles = [entry.title.casefold() for entry in agenda]
        found = [n for n, title in enumerate(titles) if title == wanted] or \
                [n for n, title in enumerate(titles) if wanted and title.startswith(wanted)]
        if not found:
            raise CommandError(f"no agenda item is called '{item}' (`ipstui agenda list` shows them)")
        if len(found) > 1:
            choices = ", ".join(f"{n + 1} '{agenda[n].title}'" for n in found)
            raise CommandError(f"'{item}' could be item {choices}: say which by number")
        index = found[0]
    if expect is not None and agenda[index].title != expect:
        raise CommandError(f"the agenda changed meanwhile: item {index + 1} is now '{agenda[index].title}'; "
                           "nothing was changed")
    return index


def _named(state: SessionState, command: "RemoveAgendaItem | RenameAgendaItem | RetimeAgendaItem | MoveAgendaItem") -> int:
    """The place of the item a command on the live session names."""
    _live(state)
    return find_item(state, command.item, command.expect)


def _not_begun(state: SessionState, index: int, doing: str) -> None:
    item = state.agenda[index]
    if index < state.agenda_index:
        raise CommandError(f"cannot {doing} item {index + 1} '{item.title}': it has already run")
    if index == state.agenda_index:
        raise CommandError(f"cannot {doing} item {index + 1} '{item.title}': it is running now "
                           "(move the agenda on first)")


def _did(message: str, *events: NewEvent) -> Outcome:
    return Outcome(tuple(events), message)


@dataclass(frozen=True)
class AddAgendaItem:
    """Add an item after those that have begun: at the end, or at a given place (from 1)."""

    title: ClassVar[str] = "Add agenda item"
    name: str
    minutes: int
    position: int | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        title, minutes = item_title(self.name), item_minutes(self.minutes)
        first = state.agenda_index + 2 if state.agenda else 1
        last = len(state.agenda) + 1
        place = last if self.position is None else self.position
        if isinstance(place, bool) or not isinstance(place, int) or not first <= place <= last:
            where = f"from {first} to {last}" if first < last else f"{last}"
            raise CommandError(f"a new item can go at place {where} (after the running item), not {place!r}")
        event = NewEvent(EventType.AGENDA_ITEM_ADDED, {"index": place - 1, "title": title, "planned_minutes": minutes})
        return _did(f"agenda: added item {place} '{title}' ({minutes} min)", event)


@dataclass(frozen=True)
class RemoveAgendaItem:
    """Remove an item that has not begun."""

    title: ClassVar[str] = "Remove agenda item"
    item: int | str
    expect: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        index = _named(state, self)
        _not_begun(state, index, "remove")
        title = state.agenda[index].title
        event = NewEvent(EventType.AGENDA_ITEM_REMOVED, {"index": index, "title": title})
        return _did(f"agenda: removed item {index + 1} '{title}'", event)


@dataclass(frozen=True)
class RenameAgendaItem:
    """Give an item a new title (one that has run too: a title is only words)."""

    title: ClassVar[str] = "Rename agenda item"
    item: int | str
    name: str
    expect: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        index = _named(state, self)
        title = item_title(self.name)
        was = state.agenda[index].title
        if title == was:
            return _did(f"agenda item {index + 1} is already called '{title}'")
        event = NewEvent(EventType.AGENDA_ITEM_RENAMED, {"index": index, "title": title, "was": was})
        return _did(f"agenda: item {index + 1} '{was}' is now '{title}'", event)


@dataclass(frozen=True)
class RetimeAgendaItem:
    """Plan another number of minutes for the running item or one to come."""

    title: ClassVar[str] = "Retime agenda item"
    item: int | str
    minutes: int
    expect: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        index = _named(state, self)
        minutes = item_minutes(self.minutes)
        entry: AgendaItem = state.agenda[index]
        if index < state.agenda_index:
            raise CommandError(f"cannot retime item {index + 1} '{entry.title}': it has already run")
        if minutes == entry.planned_minutes:
            return _did(f"agenda item {index + 1} '{entry.title}' is already {minutes} min")
        event = NewEvent(EventType.AGENDA_ITEM_RETIMED, {"index": index, "title": entry.title,
                                                          "planned_minutes": minutes, "was": entry.planned_minutes})
        return _did(f"agenda: item {index + 1} '{entry.title}' now {minutes} min (was {entry.planned_minutes})", event)


@dataclass(frozen=True)
class MoveAgendaItem:
    """Move an item not begun to another place among those not begun: `to` (from 1), or `step` places."""

    title: ClassVar[str] = "Move agenda item"
    item: int | str
    to: int | None = None
    step: int = 0
    expect: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        index = _named(state, self)
        _not_begun(state, index, "move")
        place = self.to if self.to is not None else index + 1 + self.step
        first, last = state.agenda_index + 2, len(state.agenda)
        title = state.agenda[index].title
        if isinstance(place, bool) or not isinstance(place, int) or not first <= place <= last:
            if self.to is None and place < first:
                raise CommandError(f"item {index + 1} '{title}' is already the next item")
            if self.to is None:
                raise CommandError(f"item {index + 1} '{title}' is already the last item")
            raise CommandError(f"an item can move to place {first} to {last} (after the running item), not {place!r}")
        if place == index + 1:
            return _did(f"agenda item '{title}' is already item {place}")
        event = NewEvent(EventType.AGENDA_ITEM_MOVED, {"index": index, "to": place - 1, "title": title})
        return _did(f"agenda: '{title}' moved to item {place}", event)
