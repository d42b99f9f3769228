"""Answers to the line console's questions: the session as it stands, a few short lines each."""

from __future__ import annotations

from datetime import datetime

from ipstui.domain.agreement import Agreement
from ipstui.domain.privacy import Audience, comment_words
from ipstui.domain.state import ChatStatus, SessionState
from ipstui.domain.text import counted
from ipstui.plain.lines import duration, fitted, name, pieces, plain
from ipstui.plain.narrator import hand_words, place
from ipstui.plain.words import ACTION_HELP, QUESTIONS


def queue(state: SessionState, now: datetime) -> list[str]:
    rows = state.queue(now)
    if not rows:
        return ["No hands are up."]
    said = [f"{counted(len(rows), 'hand')} up, in calling order."]
    for index, row in enumerate(rows):
        late = ", waiting long" if row.needs_attention else ""
        said.append(fitted(f"{place(index).capitalize()}: {name(row.name)}, {hand_words(row.kind)}, "
                           f"waiting {duration(row.waited_seconds)}{late}."))
    return said


def who(state: SessionState, now: datetime) -> list[str]:
    turn = state.turn
    if turn is None:
        return ["Nobody is speaking."]
    person = state.participants[turn.key]
    return [fitted(f"{name(turn.name)} is speaking: {duration(state.current_turn_seconds(now))} this turn, "
                   f"turn {person.turns}, {duration(state.talk_seconds(turn.key, now))} in all.")]


def time(state: SessionState, now: datetime, scheduled_end: datetime | None) -> list[str]:
    said = [f"The call has run {duration(state.elapsed_seconds(now))}."]
    item = state.current_segment()
    if item is not None:
        spent = state.segment_seconds(item, now)
        planned = item.planned_minutes * 60
        where = (f"{duration(planned - spent)} left" if spent < planned else f"{duration(spent - planned)} over")
        said.append(fitted(f"Agenda item {state.agenda_index + 1} of {len(state.agenda)}, {plain(item.title)}: "
                           f"{duration(spent)} of {item.planned_minutes} minutes, {where}."))
    if scheduled_end is not None:
        moment = state.clamp(now)
        left = (scheduled_end - moment).total_seconds()
        when = f"{scheduled_end:%H:%M %Z}"
        said.append(f"The call ends at {when}, in {duration(left)}." if left >= 0
                    else f"The call was due to end at {when}; it is {duration(-left)} over.")
        projected = state.projected_end(now)
        if projected is not None:
            gap = (projected - scheduled_end).total_seconds()
            side = f"{duration(gap)} late" if gap > 60 else f"{duration(-gap)} early" if gap < -60 else "on time"
            said.append(f"At the agenda's planned pace it ends at {projected.astimezone(scheduled_end.tzinfo):%H:%M}, {side}.")
    return said


def chat(state: SessionState, rest: str, seen_by: Audience) -> list[str]:
    if rest:
        if not rest.isdigit() or int(rest) not in state.comments:
            return [fitted(f"There is no comment {plain(rest)}.")]
        comment = state.comments[int(rest)]
        status = "" if comment.status is ChatStatus.UNREAD else f", marked {comment.status.value}"
        private = ", private: not to be read aloud" if comment.private else ""
        return pieces(f"Comment {comment.id} from {name(comment.author)}{private}{status}:",
                      comment_words(comment, seen_by), f"Comment {comment.id}, more:")
    waiting = state.to_read()
    unread_private = [c for c in state.comments.values() if c.private and c.status is ChatStatus.UNREAD]
    said = [f"{counted(len(waiting), 'comment')} to read."]
    for comment in waiting:
        said.extend(pieces(f"Comment {comment.id} from {name(comment.author)}:", comment.text,
                           f"Comment {comment.id}, more:"))
    if unread_private:
        numbers = ", ".join(str(c.id) for c in unread_private[:10])
        said.append(fitted(f"{counted(len(unread_private), 'private message')}, not to be read aloud: {numbers}."))
    return said


def talk(state: SessionState, now: datetime) -> list[str]:
    meters = state.meters(now)
    if not meters:
        return ["Nobody has joined yet."]
    said = [f"Fair share: {round(100 / len(meters))} percent each, {counted(len(meters), 'person', 'people')}."]
    for meter in meters:
        cues = [word for flag, word in ((meter.step_back, "step back cue"), (meter.step_up, "step up cue"),
                                        (meter.not_spoken_yet, "not spoken yet"), (meter.new_here, "new here"))
                if flag]
        extra = f", {', '.join(cues)}" if cues else ""
        said.append(fitted(f"{name(meter.name)}: {duration(meter.talk_seconds)}, {counted(meter.turns, 'turn')}, "
                           f"{round(meter.share * 100)} percent{extra}."))
    return said


def agenda(state: SessionState, now: datetime) -> list[str]:
    said = []
    for index, item in enumerate(state.agenda):
        mark = " (now)" if index == state.agenda_index else " (done)" if item.ended_at else ""
        said.append(fitted(f"Item {index + 1}{mark}: {plain(item.title)}, {counted(item.planned_minutes, 'minute')}."))
    return said or ["The session has no agenda."]


def agreement(text: Agreement, rest: str) -> list[str]:
    if rest:
        if not rest.isdigit() or not 1 <= int(rest) <= len(text.items):
            return [f"The agreement has items 1 to {len(text.items)}."]
        return pieces(f"Item {rest}:", text.item(int(rest)), f"Item {rest}, more:")
    said = []
    for number, item in enumerate(text.items, start=1):
        said.extend(pieces(f"{number}.", item, f"{number}, more:"))
    return said


def help_lines() -> list[str]:
    said = ["Commands that act:"]
    said.extend(f"{words}: {what}." for words, what in ACTION_HELP.items())
    said.append("agenda next: move on to the next agenda item.")
    said.append("Questions and the rest:")
    said.extend(f"{word}: {what}." for word, what in QUESTIONS.items())
    said.append("Tab completes commands and names; up and down recall earlier lines.")
    return [fitted(line) for line in said]
