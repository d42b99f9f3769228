"""Privacy fails closed: no read-only view, Zoom import, undo, dialog or half-written file lets a
private word be read aloud, shared or shown where it must not be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipstui.integrations.zoom_chat import parse_chat

# -- Zoom: any message not plainly to everyone is private ---------------------------------------

# The part of a header after the author: every way a direct message has been (or could be) marked.
TO_SOMEONE = [
    "to  Sam", "to Sam", "To  Sam", "TO Sam",
    "to Sam(Direct Message)", "to Sam (direct message)", "to Sam(DM)", "to Sam (dm)", "to Sam (Privately)",
    "to Sam(privately)", "to Sam (Private)", "to Sam (Message direct)", "to Sam (Mensaje directo)",
    "To  Sam(Direct Message)", "to Everyone (Privately)", "to Everyone(Direct Message)", "to everyone (DM)",
    "to Hosts and panelists", "to Everyone in Waiting Room", "to Me", "to Sam (Direct Message) ",
]


def zoom_line(form: str, clock: str, author: str, to: str, text: str) -> str:
    """One message in one of Zoom's header forms."""
    if form == "current":
        return f"{clock} From {author} {to}:\n\t{text}\n"
    if form == "older":
        return f"{clock}\t From  {author}  {to.replace(' ', '  ', 1)} : {text}\n"
    if form == "older-single":
        return f"{clock}\t From {author} {to} : {text}\n"
    return f"{clock}\t From  {author} {to} : {text}\n"  # the oldest form's spacing, with a recipient


FORMS = ["current", "older", "older-single", "mixed-spacing"]


@pytest.mark.reliability("privacy", "Zoom direct messages in every marker spelling and header form")
@pytest.mark.parametrize("form", FORMS)
def test_a_zoom_message_not_plainly_to_everyone_is_private(form, ledger):
    lines = [zoom_line(form, f"17:{20 + n // 60:02d}:{n % 60:02d}", "Ana", to, f"secretword{n}")
             for n, to in enumerate(TO_SOMEONE)]
    lines.append(zoom_line(form, "18:00:00", "Ana", "to Everyone", "hello all"))
    messages, problems = parse_chat("".join(lines), "chat.txt")
    assert problems == []
    public = [m.text for m in messages if not m.direct]
    ledger.tried(leaked=sum(1 for text in public if text.startswith("secretword")), times=len(messages))
    assert public == ["hello all"]
    assert all(m.author == "Ana" for m in messages)


@pytest.mark.reliability("privacy", "Zoom direct messages in every marker spelling and header form")
def test_markers_in_the_forms_without_a_recipient_make_a_message_private(ledger):
    text = ("17:20:01\t From  Ana (Privately) : secretword1\n"
            "17:20:02\tBea (direct message):\tsecretword2\n"
            "17:20:03\t From  Cy : public one\n"
            "17:20:04\tDee:\tpublic two\n"
            "17:20:05 From Eve:\n\tsecretword3\n")
    messages, problems = parse_chat(text)
    assert problems == []
    public = [m.text for m in messages if not m.direct]
    ledger.tried(leaked=sum("secretword" in t for t in public), times=len(messages))
    assert public == ["public one", "public two"]
    assert [m.author for m in messages] == ["Ana", "Bea", "Cy", "Dee", "Eve"]


@pytest.mark.reliability("privacy", "Zoom direct messages through import, reports and re-import")
def test_imported_direct_messages_never_reach_the_queue_or_a_shareable_report(cli, tmp_path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    lines = []
    for index, form in enumerate(FORMS):
        lines += [zoom_line(form, f"17:{20 + index}:{n:02d}", "Ana", to, f"secretword{index}x{n}")
                  for n, to in enumerate(TO_SOMEONE)]
    lines.append(zoom_line("current", "17:59:00", "Ana", "to Everyone", "hello all"))
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text("".join(lines))
    cli("chat", "import", str(chat))
    again = cli("chat", "import", str(chat))
    assert "imported 0 comments" in again.out
    record = json.loads(cli("report", "--format", "json").out)["chat"]
    assert len(record) == len(lines)
    shared = cli("report", "--format", "md").out + cli("report", "--format", "csv").out
    queue = cli("status").out
    leaked = shared.count("secretword") + sum(1 for c in record if "secretword" in c["text"] and not c["private"])
    ledger.tried(leaked=leaked, times=len(lines))
    assert leaked == 0 and "hello all" in shared and "Chat to read: 1" in queue
