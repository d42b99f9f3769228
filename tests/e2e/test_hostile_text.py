"""Hostile names, topics and comments: accepted, reported as given, never acting on a terminal."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli

HOSTILE = {
    "markup": "[bold]x[/] [@click=app.quit]y[/] unclosed [",
    "emoji": "Zoë 🙂 👩‍👩‍👧",
    "rtl": "שלום עליכם مرحبا",
    "long": "L" * 10_000,
    "escape": "evil\x1b[2J\x1b]0;title\x07done",
    "c1": "csi\x9b31m nel\x85end",
    "bidi": "abc\u202edcba",
}


def raw_controls(data: bytes) -> list[int]:
    text = data.decode("utf-8", "surrogateescape")
    return [ord(ch) for ch in text if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F]


def test_hostile_text_is_kept_exactly_and_printed_safely(cli: Cli):
    outputs = [cli("start", "--topic", HOSTILE["markup"], "--moderator", HOSTILE["escape"])]
    names = [value for key, value in HOSTILE.items() if key != "escape"]
    for name in names:
        outputs.append(cli("participant", "add", name))
    for name in names:
        outputs.append(cli("chat", "add", "--author", name, f"said: {name}"))
    outputs.append(cli("hand", "raise", HOSTILE["c1"]))
    outputs.append(cli("speak", HOSTILE["bidi"]))
    outputs.append(cli("hand", "raise", "Nobody\x1b[31m", check=False))
    outputs.append(cli("status"))
    report_raw = cli("report", "--format", "json")
    outputs += [report_raw, cli("report", "--format", "md"), cli("report", "--format", "csv")]
    for result in outputs:
        assert raw_controls(result.raw_out) == [] and raw_controls(result.raw_err) == []
        assert "\u202e" not in result.out + result.err
    assert "\\x1b[31m" in outputs[-5].err

    report = json.loads(report_raw.out)
    assert report["session"]["topic"] == HOSTILE["markup"]
    assert report["session"]["moderator"] == HOSTILE["escape"]
    assert [p["name"] for p in report["participants"]] == [HOSTILE["escape"], *names]
    assert [c["text"] for c in report["chat"]] == [f"said: {name}" for name in names]
    assert [c["author"] for c in report["chat"]] == names
