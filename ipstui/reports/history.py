"""Across sessions: the moderation rotation, topics covered, attendance and newcomers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipstui.domain.text import name_key
from ipstui.store.folder import SessionSummary, Volunteer

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class RotationRow:
    """Someone's share of moderation so far."""

    name: str
    moderated: int
    last: str | None
    sessions: int


@dataclass(frozen=True)
class TopicRow:
    """A topic and the sessions that covered it."""

    topic: str
    dates: tuple[str, ...]


def rotation(volunteers: list[Volunteer]) -> list[RotationRow]:
    """Everyone who has come, who moderated how often and when last; the never-yet first.

    Ordered by name within each part, never by count: this is a rota, not a ranking.
    """
    rows = [RotationRow(v.name, v.moderated, v.last_moderated, v.sessions) for v in volunteers]
    never = sorted((r for r in rows if not r.moderated), key=lambda r: r.name.casefold())
    done = sorted((r for r in rows if r.moderated), key=lambda r: r.name.casefold())
    return never + done


def topics(sessions: list[SessionSummary]) -> list[TopicRow]:
    """Topics covered, most recent first, each with the dates it was covered."""
    seen: dict[str, tuple[str, list[str]]] = {}
    for summary in sorted(sessions, key=lambda s: s.started_at, reverse=True):
        key = name_key(summary.topic)
        title, dates = seen.setdefault(key, (summary.topic, []))
        dates.append(summary.started_at[:10])
    return [TopicRow(title, tuple(dates)) for title, dates in seen.values()]


def suggest_topic(sessions: list[SessionSummary], today: date, quiet_weeks: int = 8) -> str | None:
    """A topic the group has not covered lately: the one covered longest ago."""
    cutoff = (today - timedelta(weeks=quiet_weeks)).isoformat()
    candidates = [row for row in topics(sessions) if row.dates[0] < cutoff]
    if not candidates:
        return None
    return min(candidates, key=lambda row: row.dates[0]).topic


def attendance(sessions: list[SessionSummary]) -> list[int]:
    """People present per session, oldest first."""
    return [summary.attendance for summary in sorted(sessions, key=lambda s: s.started_at)]


def sparkline(values: list[int], width: int | None = None) -> str:
    """Values as a row of block characters (the last `width` of them)."""
    if width is not None:
        values = values[-width:]
    if not values:
        return ""
    top = max(values) or 1
    return "".join(SPARK[min(len(SPARK) - 1, round(value / top * (len(SPARK) - 1)))] for value in values)


def length_text(seconds: float) -> str:
    """A session's length as h:mm."""
    minutes = int(seconds // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"
