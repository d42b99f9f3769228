"""Hostile text through every door: kept exactly in the data, inert in every byte written out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ipstui.domain.text import escape_char, unsafe_chars
from ipstui.reports.safe import md_text

from tests.e2e.conftest import Cli, Result, cli  # noqa: F401  (the fixture)
from tests.torture.payloads import ARGUMENT_MAX, MEGABYTE, NUL, PAYLOADS, shown
from tests.torture.rawpty import leaks


def inert(result: Result) -> list[str]:
    """What in a command's output a terminal would obey; newlines are the output's own."""
    return leaks(result.raw_out) + leaks(result.raw_err) + [
        f"raw 0x{byte:02x}" for byte in set(result.raw_out + result.raw_err) if byte < 0x20 and byte != 0x0A]


def session_doors(cli: Cli, text: str) -> list[Result]:
    """Every command-line argument that ends up in a session's data, given `text`, in one session."""
    return [
        cli("start", "--topic", text, "--moderator", text),
        cli("chat", "add", "--author", text, text),
        cli("chat", "add", "--author", text + "2", "--private", "private " + text),
        cli("followup", text, actor=text),
        cli("ouch", "--by", text, "--with", text),
        cli("breakout", text, text + "2", "--note", text),
        cli("hand", "lower", "nobody " + text, check=False),
        cli("agreement", "edit", "3", text),
        cli("end", "--next-moderator", text, "--backup", text + "2", "--next-topic", text),
    ]


def read_outputs(cli: Cli, tmp_path: Path) -> list[Result]:
    """Every way the data comes back out of the command line."""
    results = [cli("report", "--format", fmt) for fmt in ("json", "md", "csv")]
    results += [cli("history", "--print"), cli("announce"), cli("status"), cli("agreement", "show")]
    export = tmp_path / "export.csv"
    results.append(cli("export", "--format", "csv", "--output", str(export)))
    data = export.read_bytes()
    results.append(Result(0, data.decode(), "", data, b""))
    return results


ARGUMENTS = {**PAYLOADS, "100 KB": ARGUMENT_MAX}


@pytest.mark.reliability("hostile text", "command-line arguments, every output format")
def test_command_line_arguments_are_kept_exactly_and_every_output_is_inert(cli: Cli, tmp_path: Path, ledger):
    for kind, text in ARGUMENTS.items():
        results = session_doors(cli, text)
        report = json.loads(cli("report", "--format", "json").out)
        results.append(cli("report", "--format", "md"))
        bad = [inert(result) for result in results if inert(result)]
        for result in results:
            ledger.tried(survived=not inert(result))
        assert bad == [], kind
        session = report["session"]
        assert (session["topic"], session["moderator"], session["next_moderator"]) == (text, text, text)
        assert [p["name"] for p in report["participants"]] == [text]
        assert [(c["author"], c["text"]) for c in report["chat"]] == [(text, text), (text + "2", "private " + text)]
        assert results[6].code == 2
        md = results[-1].out
        assert "private " + md_text(text) not in md
        if len(text) < 200:
            # Shown literally: the escaped spelling, in full, wherever a person reads it.
            assert shown(text) in results[7].out and shown(text) in results[6].err
            assert md_text(text) in md
            assert all(md_text(escape_char(char)) in md for char in unsafe_chars(text))
    everything = "".join(PAYLOADS.values())
    refused = [cli("report", everything, check=False), cli("chat", "read", everything, check=False),
               cli("breakout", everything, check=False)]
    assert [result.code for result in refused] == [2, 2, 2]
    outputs = refused + read_outputs(cli, tmp_path)
    bad = [inert(result) for result in outputs if inert(result)]
    for result in outputs:
        ledger.tried(survived=not inert(result))
    assert bad == []
    history = outputs[len(refused) + 3].out
    assert all(shown(text)[:40] in history for text in PAYLOADS.values())


def zoom_chat(names: dict[str, str]) -> str:
    """A saved Zoom chat in the current two-line form, one message and one direct message each."""
    lines = []
    for second, (kind, text) in enumerate(names.items()):
        lines += [f"17:20:{second:02d} From {text} to Everyone:", f"\t{kind}: {text}",
                  f"17:21:{second:02d} From {text} to Sam(Direct Message):", f"\tdm {text}"]
    return "\n".join(lines) + "\n"


def participants_csv(names: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name (original name)", "Email", "Join time", "Leave time", "Duration (minutes)", "Guest"])
    for number, text in enumerate(names.values()):
        writer.writerow([text, f"p{number}@example.org", "2026-11-28 17:15:00", "2026-11-28 18:30:00", "75", "Yes"])
    return out.getvalue()


FILE_PAYLOADS = {**PAYLOADS, "nul": NUL}


@pytest.mark.reliability("hostile text", "Zoom chat file and participants CSV")
def test_zoom_files_are_kept_exactly_and_every_output_is_inert(cli: Cli, tmp_path: Path, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text(zoom_chat({**FILE_PAYLOADS, "megabyte": MEGABYTE}), encoding="utf-8")
    roster = tmp_path / "participants.csv"
    roster.write_text(participants_csv(FILE_PAYLOADS), encoding="utf-8")
    results = [cli("chat", "import", str(chat)), cli("roster", "import", str(roster))]
    report = json.loads(cli("report", "--format", "json").out)
    results += read_outputs(cli, tmp_path)
    bad = {index: inert(result) for index, result in enumerate(results) if inert(result)}
    ledger.tried(survived=not bad, times=2 * len(FILE_PAYLOADS) + 1)
    assert bad == {}
    said = {(c["author"], c["text"], c["private"]) for c in report["chat"]}
    for kind, text in {**FILE_PAYLOADS, "megabyte": MEGABYTE}.items():
        assert (text, f"{kind}: {text}", False) in said, kind
        assert (text, f"dm {text}", True) in said, kind
    assert {p["name"] for p in report["participants"]} >= set(FILE_PAYLOADS.values())
    md = results[3].out
    assert "dm " not in md and MEGABYTE in md
