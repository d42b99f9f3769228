"""One session's report: the team's full record as JSON, shareable Markdown and CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from ipstui.domain.agreement import reminded_text
from ipstui.domain.privacy import Audience, comment_author, comment_words
from ipstui.domain.state import Comment, SessionState
from ipstui.domain.text import format_seconds
from ipstui.reports.safe import csv_text, md_text, safe_json



def _when(moment: datetime, zone: tzinfo | None, seconds: bool = False) -> str:
    """A moment as people read it in a shared report: the group's date and time, its zone's name."""
    local = moment.astimezone(zone) if zone else moment
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z").strip()


def _iso(moment: datetime | None, zone: tzinfo | None) -> str | None:
    if moment is None:
        return None
    return (moment.astimezone(zone) if zone else moment).isoformat()


def _comments(state: SessionState) -> list[Comment]:
    return sorted(state.comments.values(), key=lambda comment: comment.id)


def build_report(state: SessionState, now: datetime, zone: tzinfo | None = None) -> dict[str, Any]:
    """The team's full record of a session (SPEC §4), private comments included."""
    meters = state.meters(now)
    return {
        "session": {
            "id": state.session_id,
            "topic": state.topic,
            "moderator": state.moderator,
            "started_at": _iso(state.started_at, zone),
            "ended_at": _iso(state.ended_at, zone),
            "status": "live" if state.is_live else "ended",
            "next_moderator": state.next_moderator,
            "backup_moderator": state.backup_moderator,
        },
        "participants": [
            {
                "name": meter.name,
                "talk_seconds": round(meter.talk_seconds, 1),
                "turns": meter.turns,
                "hands_raised": meter.hands_raised,
            }
            for meter in meters
        ],
        "chat": [
            {
                "id": comment.id,
                "author": comment.author,
                "text": comment.text,
                "private": comment.private,
                "status": comment.status.value,
            }
            for comment in _comments(state)
        ],
        "agenda": [
            {
                "title": item.title,
                "planned_minutes": item.planned_minutes,
                "actual_seconds": round(state.segment_seconds(item, now), 1),
            }
            for item in state.agenda
        ],
        "agreement_reminders": [
            {"item": int(moment.detail["item"]), "at": _iso(moment.at, zone)} for moment in state.reminders
        ],
    }


def report_json(state: SessionState, now: datetime, zone: tzinfo | None = None) -> str:
    """The full record as JSON, safe to print to a terminal."""
    return safe_json(build_report(state, now, zone))


def report_markdown(state: SessionState, now: datetime, zone: tzinfo | None = None) -> str:
    """A shareable Markdown summary: never a private comment's text."""
    from ipstui.domain.analysis import recap  # the command line loads this module; the recap only here

    report = build_report(state, now, zone)
    facts = recap(state, now)
    lines = [f"# Session {md_text(state.session_id)}: {md_text(state.topic)}", ""]
    lines.append(f"- Moderator: {md_text(state.moderator)}")
    lines.append(f"- Started: {_when(state.started_at, zone)}" if state.started_at else "- Not started")
    if state.ended_at:
        lines.append(f"- Ended: {_when(state.ended_at, zone)} (length {format_seconds(facts.figures.length_seconds)})")
    else:
        lines.append(f"- Live for {format_seconds(facts.figures.length_seconds)}")
    lines.append(f"- Attendance: {facts.figures.attendance}")
    if state.next_moderator:
        backup = f" (backup: {md_text(state.backup_moderator)})" if state.backup_moderator else ""
        lines.append(f"- Next moderator: {md_text(state.next_moderator)}{backup}")
    lines += ["", "## Talk time", "", "Fair share is total talk divided by the people present.", ""]
    attended = {p.name: p.minutes_attended for p in state.participants.values() if p.minutes_attended is not None}
    head = "| Name | Talk | Share | Turns | Hands raised |" + (" Attended |" if attended else "")
    lines += [head, "|---|---:|---:|---:|---:|" + ("---:|" if attended else "")]
    for meter in state.meters(now):
        minutes = f" {attended[meter.name]:g} min |" if meter.name in attended else (" |" if attended else "")
        lines.append(
            f"| {md_text(meter.name)} | {format_seconds(meter.talk_seconds)} | {meter.share:.0%} "
            f"| {meter.turns} | {meter.hands_raised} |{minutes}"
        )
    lines += ["", "## Agenda", "", "| Segment | Planned | Actual |", "|---|---:|---:|"]
    for item in report["agenda"]:
        lines.append(f"| {md_text(item['title'])} | {item['planned_minutes']} min | {format_seconds(item['actual_seconds'])} |")
    lines += ["", "## Chat", ""]
    if not report["chat"]:
        lines.append("No comments.")
    for comment in _comments(state):
        words = md_text(comment_words(comment, Audience.SHARED))
        if comment.private:
            lines.append(f"- {comment.id}. {words}")
        else:
            lines.append(f"- {comment.id}. **{md_text(comment.author)}** ({comment.status.value}): {words}")
    lines += ["", "## Agreement", ""]
    if not state.reminders:
        lines.append("No reminders.")
    for moment in state.reminders:
        item = int(moment.detail["item"])
        lines.append(f"- Reminded of item {item} at {_when(moment.at, zone, seconds=True)}: {md_text(reminded_text(moment.detail))}")
    lines.append(f"- Ouch moments: {facts.figures.ouches}; bells: {facts.figures.bells}")
    if facts.followups or facts.breakouts:
        lines += ["", "## Follow-ups", ""]
        for text in facts.followups:
            lines.append(f"- After the meeting: {md_text(text)}")
        for breakout in facts.breakouts:
            note = f" ({md_text(breakout.note)})" if breakout.note else ""
            lines.append(f"- Breakout requested: {', '.join(md_text(name) for name in breakout.names)}{note}")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "record", "session", "name", "talk_seconds", "turns", "hands_raised",
    "planned_minutes", "actual_seconds", "comment_id", "status", "text", "at",
)


def report_csv(state: SessionState, now: datetime, zone: tzinfo | None = None) -> str:
    """A shareable CSV, one row per person, agenda segment, comment and reminder."""
    report = build_report(state, now, zone)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    sid = csv_text(state.session_id)
    session = report["session"]
    writer.writerow({"record": "session", "session": sid, "name": csv_text(state.moderator), "text": csv_text(state.topic),
                     "status": session["status"], "at": session["started_at"]})
    for person in report["participants"]:
        writer.writerow({"record": "participant", "session": sid, "name": csv_text(person["name"]),
                         "talk_seconds": person["talk_seconds"], "turns": person["turns"], "hands_raised": person["hands_raised"]})
    for item in report["agenda"]:
        writer.writerow({"record": "agenda", "session": sid, "name": csv_text(item["title"]),
                         "planned_minutes": item["planned_minutes"], "actual_seconds": item["actual_seconds"]})
    for comment in _comments(state):
        writer.writerow({"record": "chat", "session": sid, "name": csv_text(comment_author(comment, Audience.SHARED)),
                         "comment_id": comment.id, "status": comment.status.value,
                         "text": csv_text(comment_words(comment, Audience.SHARED))})
    for reminder in report["agreement_reminders"]:
        writer.writerow({"record": "reminder", "session": sid, "name": reminder["item"], "at": reminder["at"]})
    return out.getvalue()


def render(state: SessionState, now: datetime, fmt: str, zone: tzinfo | None = None) -> str:
    """The report in one of FORMATS (ipstui.reports)."""
    renderers = {"json": report_json, "md": report_markdown, "csv": report_csv}
    return renderers[fmt](state, now, zone)


def export(state: SessionState, now: datetime, fmt: str, zone: tzinfo | None, target: Path) -> str:
    """Write a session's shareable report to `target`, whole or not at all (no .bak beside it); say how it went."""
    from ipstui.store import StoreError
    from ipstui.store.atomic import write_bytes_atomic

    try:
        write_bytes_atomic(target, render(state, now, fmt, zone).encode("utf-8"), keep_backup=False)
    except StoreError as error:
        raise ExportFailed(str(error)) from None
    except OSError as error:
        raise ExportFailed(f"could not write {target}: {error.strerror}") from None
    return f"wrote {target} (shareable: no private comment text)"


class ExportFailed(Exception):
    """A report could not be written where asked; the message says why."""
