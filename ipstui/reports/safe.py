"""Writing untrusted text into JSON, Markdown and CSV without letting it act."""

from __future__ import annotations

import json
import re
from typing import Any

from ipstui.domain.text import terminal_safe, unsafe_chars


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe_json(value: Any, indent: int | None = 2) -> str:
    """JSON that decodes to exactly `value` and holds no raw control or format character."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    bad = unsafe_chars(text) - {"\n"}
    if not bad:
        return text
    pattern = re.compile("[" + "".join(re.escape(char) for char in sorted(bad)) + "]")
    return pattern.sub(lambda match: _json_escape(match.group()), text)


_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>|~#&])")
_MD_LIST_MARK = re.compile(r"^(\s*)([-+=])")
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_text(text: str) -> str:
    """Text that Markdown shows literally: markup characters escaped, controls made visible."""
    # Only newlines break a line; every other separator is shown as its escape.
    lines = text.replace("\r\n", "\n").removesuffix("\n").split("\n")
    return "  \n  ".join(_md_line(line) for line in lines)


def _md_line(line: str) -> str:
    escaped = _MD_INLINE.sub(r"\\\1", terminal_safe(line))
    # A list marker or numbered item at the start of a line would turn the text into a list.
    escaped = _MD_LIST_MARK.sub(r"\1\\\2", escaped)
    return _MD_NUMBERED.sub(r"\1\\\2", escaped)


def csv_text(text: str) -> str:
    """A CSV cell: controls made visible (a message's own line breaks kept: the cell is quoted), and no
    formula a spreadsheet would run."""
    cell = "\n".join(terminal_safe(line) for line in text.split("\n"))
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell
