"""One session's report: the team's full record as JSON, shareable Markdown and CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime, tzinfo
from typing import Any

from ipstui.domain.agreement import reminded_text
from ipstui.domain.state import SessionState
from ipstui.domain.text import format_seconds
from ipstui.reports.safe import csv_text, md_text, safe_json

PRIVATE_PLACEHOLDER = "(private comment, not shared)"


def _iso(moment: datetime | None, zone: tzinfo | None) -> str | None:
    if moment is None:
        return None
    return (moment.astimezone(zone) if zone else moment).isoformat()


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
            for comment in sorted(state.comments.values(), key=lambda c: c.id)
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
    report = build_report(state, now, zone)
    session = report["session"]
    lines = [f"# Session {md_text(state.session_id)}: {md_text(state.topic)}", ""]
    lines.append(f"- Moderator: {md_text(state.moderator)}")
    lines.append(f"- Started: {session['started_at']}")
    if session["ended_at"]:
        lines.append(f"- Ended: {session['ended_at']} (length {format_seconds(state.elapsed_seconds(now))})")
    else:
        lines.append(f"- Live for {format_seconds(state.elapsed_seconds(now))}")
    lines.append(f"- Attendance: {len(state.participants)}")
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
    for comment in report["chat"]:
        if comment["private"]:
            lines.append(f"- {comment['id']}. {PRIVATE_PLACEHOLDER}")
        else:
            lines.append(f"- {comment['id']}. **{md_text(comment['author'])}** ({comment['status']}): {md_text(comment['text'])}")
    lines += ["", "## Agreement", ""]
    if not state.reminders:
        lines.append("No reminders.")
    for moment in state.reminders:
        item = int(moment.detail["item"])
        lines.append(f"- Reminded of item {item} at {_iso(moment.at, zone)}: {md_text(reminded_text(moment.detail))}")
    lines.append(f"- Ouch moments: {len(state.ouches)}; bells: {len(state.bells)}")
    if state.followups or state.breakouts:
        lines += ["", "## Follow-ups", ""]
        for moment in state.followups:
            lines.append(f"- After the meeting: {md_text(str(moment.detail.get('text', '')))}")
        for moment in state.breakouts:
            names = ", ".join(md_text(str(name)) for name in moment.detail.get("names", []))
            lines.append(f"- Breakout requested: {names}")
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
    for comment in report["chat"]:
        text = PRIVATE_PLACEHOLDER if comment["private"] else csv_text(comment["text"])
        author = "" if comment["private"] else csv_text(comment["author"])
        writer.writerow({"record": "chat", "session": sid, "name": author, "comment_id": comment["id"],
                         "status": comment["status"], "text": text})
    for reminder in report["agreement_reminders"]:
        writer.writerow({"record": "reminder", "session": sid, "name": reminder["item"], "at": reminder["at"]})
    return out.getvalue()


def render(state: SessionState, now: datetime, fmt: str, zone: tzinfo | None = None) -> str:
    """The report in one of FORMATS (ipstui.reports)."""
    renderers = {"json": report_json, "md": report_markdown, "csv": report_csv}
    return renderers[fmt](state, now, zone)
