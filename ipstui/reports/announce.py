"""The weekly announcement post, in Markdown, like the group's own."""

from __future__ import annotations

from typing import Any

import pendulum

from ipstui.domain.agreement import DEFAULT_AGREEMENT, Agreement
from ipstui.domain.schedule import WeeklySlot, slot_change_note
from ipstui.reports.safe import md_text


def _clock(moment: pendulum.DateTime) -> str:
    return moment.format("h:mm A").lower().replace(":00 ", " ")


def _shift(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    amount = f"{hours} hour{'s' if hours != 1 else ''}" if hours else f"{rest} minutes"
    if hours and rest:
        amount += f" {rest} minutes"
    return f"{amount} {'later' if minutes > 0 else 'earlier'} than last week"


def announcement(slot: WeeklySlot, start: pendulum.DateTime, settings: dict[str, Any], topic: str | None,
                 moderator: str | None, backup: str | None, agreement: Agreement = DEFAULT_AGREEMENT) -> str:
    """The post for the call starting at `start`."""
    end = start.add(minutes=slot.minutes)
    name = md_text(str(settings.get("group_name", "Weekly Co-Learning Group")))
    # The first call at a changed slot marks its time as the seed's post did: "5:15*" and the note.
    moved = slot_change_note(dict(settings), start)
    begins = _clock(start).replace(" ", "\\* ", 1) if moved else _clock(start)
    lines = [f"# {name}", "", f"**{start.format('dddd, MMMM D, YYYY')}, {begins} to {_clock(end)} "
             f"{start.format('zz')} ({slot.zone})**", ""]
    if moved:
        lines += [md_text(moved), ""]
    local_times = slot.local_times(start)
    changed = [local for local in local_times if local.changed]
    if changed:
        for local in changed:
            city = local.zone.split("/")[-1].replace("_", " ")
            lines.append(f"*Please note time change for {city}: {_shift(local.shift_minutes)}.*  ")
        lines.append("")
    lines += ["| Where you are | Your time |", "|---|---|"]
    for local in local_times:
        city = local.zone.split("/")[-1].replace("_", " ")
        note = " (please note time change)" if local.changed else ""
        lines.append(f"| {city} ({local.zone}) | {local.start.format('ddd')} {local.start.format('HH:mm')}"
                     f"–{local.end.format('HH:mm')}{note} |")
    lines += ["", f"**Topic:** {md_text(topic) if topic else 'to be announced'}  ",
              f"**Moderator:** {md_text(moderator) if moderator else 'to be chosen'}"
              + (f" (backup: {md_text(backup)})" if backup else ""), ""]
    join = settings.get("join", {})
    lines.append("## Join")
    lines.append("")
    if join.get("url"):
        lines.append(f"- Join by computer: {md_text(str(join['url']))}")
    if join.get("phones"):
        phones = " or ".join(md_text(str(phone)) for phone in join["phones"])
        meeting = f"; enter meeting ID {md_text(str(join['meeting_id']))}" if join.get("meeting_id") else ""
        lines.append(f"- Join by phone: {phones}{meeting}")
    if join.get("international"):
        lines.append(f"- International callers: {md_text(str(join['international']))}")
    lines += ["", "Beginners welcome. A new topic every week; the reading is shared at each meeting.", "",
              "## Our Discomfort Agreement", ""]
    lines += [f"{number}. {md_text(text)}" for number, text in enumerate(agreement.items, start=1)]
    lines += ["", "Questions we ask ourselves:", ""]
    lines += [f"{number}. {md_text(text)}" for number, text in enumerate(agreement.personal_questions, start=1)]
    lines += ["", "What we may ask of others: can they help us to", ""]
    lines += [f"{number}. {md_text(text)}" for number, text in enumerate(agreement.requests, start=1)]
    return "\n".join(lines) + "\n"
