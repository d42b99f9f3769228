"""Zoom saved chats: any bytes are read or refused by line, and every well-formed message arrives exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipstui.domain.clock import ManualClock
from ipstui.domain.text import clean_name
from ipstui.integrations.chat_import import ChatFileError, ChatFollower, import_chat
from ipstui.integrations.zoom_chat import (CLOUD, HEADER_SHAPE, NEW_HEADER, OLD_TO, OLD_TO_SINGLE, OLDEST, REACTION,
                                          REPLY, has_marker, parse_chat)
from ipstui.store import DataFolder
from tests.e2e.conftest import Cli
from tests.helpers import T0
from tests.torture.test_fuzz_damaged_files import assert_clean_exit

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
ZONE = "America/New_York"
MODERATOR = "Sam"


def live_folder(root: Path) -> DataFolder:
    folder = DataFolder(root, clock=ManualClock(T0), actor="sam", terminal="test:1")
    folder.start("Mutuality", MODERATOR)
    return folder


# -- any bytes at all ------------------------------------------------------------------------

CHATTY = st.text(alphabet=st.sampled_from(list("0123456789:\t\n\r From to Everyone()Direct Message Privately\"\x1b\u2028\x85é")),
                 max_size=300)
HEADER_LIKE = st.from_regex(
    r"\A(1\d|\d{1,2}):[0-5]\d:\d{2}( From [^\n]{1,12} to [^\n]{0,12}:|\t ?From {1,2}[^\n]{0,12} : [^\n]{0,12}|\t[^\n]{0,8}:\t[^\n]{0,8})\Z")
# Mostly chat-shaped: a header first, then headers and body lines mixed with stray lines.
LINES = st.tuples(HEADER_LIKE, st.lists(st.one_of(
    HEADER_LIKE, st.text(max_size=20).map(lambda text: "\t" + text), st.text(max_size=20).map(lambda text: "\t" + text),
    st.text(max_size=20),
), max_size=12)).map(lambda parts: "\n".join([parts[0], *parts[1]]))


@pytest.mark.reliability("fuzz", "arbitrary bytes as a Zoom saved chat")
@FUZZ
@given(raw=st.one_of(st.binary(max_size=400), CHATTY.map(str.encode), LINES.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_are_imported_or_refused_by_line_and_never_crash(ledger, raw):
    text = raw.decode("utf-8", "surrogateescape")
    messages, problems = parse_chat(text, "fuzz.txt")
    assert all(1 <= p.line <= max(1, text.count("\n") + 1) for p in problems)
    with tempfile.TemporaryDirectory() as scratch:
        folder = live_folder(Path(scratch) / "db")
        chat = Path(scratch) / "meeting_saved_chat.txt"
        chat.write_bytes(raw)
        ChatFollower(chat, folder).poll()  # takes what it can read, as Zoom is still writing
        try:
            outcome, read = import_chat(chat, folder)
        except ChatFileError as error:
            assert problems and "\n" not in str(error) and "nothing was imported" in str(error)
            event("refused")
        else:
            assert not problems
            assert {c.source for c in folder.live().state().comments.values()} == {i.source for i in read.items}
            event("imported" if read.items else "nothing to import")
    ledger.tried()


# -- well-formed files in every form ---------------------------------------------------------

HOSTILE = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\n\r\t")
NAMES = st.lists(st.one_of(HOSTILE, st.sampled_from(list("[]:()\"' \x1b\u202e\u200d") + [" to "])),
                 min_size=1, max_size=12).map("".join).map(str.strip)
TEXT_LINE = st.text(alphabet=st.one_of(HOSTILE, st.sampled_from(list("[]:/\\\"\x1b\u202e\x0c\x85\u2028\t "))),
                    min_size=0, max_size=30)
HEADERS = (NEW_HEADER, OLD_TO, OLD_TO_SINGLE, OLDEST, CLOUD, HEADER_SHAPE)


def looks_like_a_header(line: str) -> bool:
    return any(header.match(line) for header in HEADERS)


def plain_name(name: str) -> bool:
    """A name as Zoom shows it: trimmed, not blank, no marker Zoom itself adds."""
    try:
        clean_name(name)
    except ValueError:
        return False
    return name == name.strip() and not name.startswith("From") and not has_marker(name)


# What each form cannot tell apart, so no file Zoom writes holds it.
NAME_FITS = {
    "current": lambda name, direct: not (direct and " to " in name) and not name.endswith(":"),
    "older": lambda name, direct: "  " not in name and " to " not in name.casefold() and ":" not in name,
    "oldest": lambda name, direct: ("  " not in name and ": " not in name and not name.endswith(":")
                                    and " to " not in name.casefold()),
    "cloud": lambda name, direct: ":" not in name,
}
DIRECT_FORMS = {"current", "older"}


def fit_body(form: str, lines: list[str]) -> list[str]:
    """Message lines as the form can carry them (what it cannot, Zoom never writes either)."""
    first, rest = lines[0], lines[1:]
    if form != "current":
        # The first line follows "name : " on the header; later ones are unindented and must not pass for a header.
        first = first.lstrip(" ").replace("  to  ", " to ").replace(" : ", " ")
        rest = [line.lstrip("\t") for line in rest]
        rest = [f"> {line}" if looks_like_a_header(line) else line for line in rest]
    lines = [first if first.strip() else first + "x", *rest]
    if not lines[-1].strip("\n"):
        lines[-1] += "x"
    return lines


def body_fits(lines: list[str]) -> bool:
    return not REPLY.match(lines[0]) and not REACTION.match("\n".join(lines).strip())


@st.composite
def chat_files(draw):
    """A chat file in one of Zoom's forms, and the comments it must give."""
    form = draw(st.sampled_from(["current", "older", "oldest", "cloud"]), label="form")
    start = pendulum.instance(T0).in_timezone(ZONE)
    entries = []
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 8), label="messages")):
        direct = form in DIRECT_FORMS and draw(st.booleans(), label="direct")
        name = draw(NAMES.filter(plain_name).filter(lambda n: NAME_FITS[form](n, direct)), label="author")
        body = draw(st.lists(TEXT_LINE, min_size=1, max_size=1 if form in ("oldest", "cloud") else 3)
                    .map(lambda lines: fit_body(form, lines)).filter(body_fits), label="text")
        moment = start.add(seconds=draw(st.integers(-1800, 11 * 3600), label="at"))
        clock = moment.format("HH:mm:ss")
        marker = draw(st.sampled_from(['(Direct Message)', ' (Privately)', '(Privately)', ' (direct message)', '(DM)', '']),
                      label="marker")
        to = f"{MODERATOR}{marker}" if direct else "Everyone"
        if form == "current":
            lines.append(f"{clock} From {name} to {to}:")
            lines += ["\t" + line for line in body]
        elif form == "older":
            lines.append(f"{clock}\t From  {name}  to  {to} : {body[0]}")
            lines += body[1:]
        elif form == "oldest":
            lines.append(f"{clock}\t From  {name} : {body[0]}")
        else:
            lines.append(f"{clock}\t{name}:\t{body[0]}")
        text = "\n".join(body)
        entries.append((name, text, direct, moment))
        if form == "current" and draw(st.booleans(), label="reaction"):
            lines.append(f"{clock} From {MODERATOR} to Everyone:")
            lines.append(f'\tReacted to "{body[0][:10]}" with 👍')
    newline = draw(st.sampled_from(["\n", "\r\n"]), label="line end")
    bom = draw(st.sampled_from(["", "\ufeff"]), label="bom")
    return form, bom + newline.join(lines) + newline, entries


@pytest.mark.reliability("fuzz", "well-formed Zoom chats with hostile names and text, imported twice")
@FUZZ
@given(chat=chat_files())
def test_every_message_arrives_exactly_once_with_author_text_privacy_and_time(ledger, chat):
    form, text, entries = chat
    event(form)
    with tempfile.TemporaryDirectory() as scratch:
        folder = live_folder(Path(scratch) / "db")
        path = Path(scratch) / "meeting_saved_chat.txt"
        path.write_text(text, encoding="utf-8")
        import_chat(path, folder)
        state = folder.live().state()
        arrived = [(c.author, c.text, c.private, c.at) for c in state.comments.values()]
        assert arrived == [(name, body.strip("\n"), direct, moment) for name, body, direct, moment in entries]
        assert not any(c.private for c in state.to_read())
        session = folder.live().path
        before = session.read_bytes()
        again, _ = import_chat(path, folder)
        assert not again.changed and session.read_bytes() == before
    ledger.tried()


def test_a_time_of_day_that_is_none_is_a_problem_of_its_line():
    messages, problems = parse_chat("17:20:01 From Ana to Everyone:\n\tfine\n24:61:00 From Ana to Everyone:\n\tx\n", "c.txt")
    assert [m.text for m in messages] == ["fine"]
    assert str(problems[0]) == "c.txt:3: 24:61:00 is not a time of day"


def test_line_breaks_other_than_zoom_s_own_stay_inside_the_message():
    text = "17:20:01 From Ana to Everyone:\n\ta\x0cb\u2028c\x85d\x1ce\r\n"
    assert [m.text for m in parse_chat(text)[0]] == ["a\x0cb\u2028c\x85d\x1ce"]


def test_an_author_of_control_characters_only_is_a_problem_not_a_refused_import(tmp_path):
    folder = live_folder(tmp_path / "db")
    chat = tmp_path / "chat.txt"
    chat.write_text("17:20:01 From \x1b\u202e to Everyone:\n\thi\n")
    with pytest.raises(ChatFileError, match="chat.txt:1: a message without an author"):
        import_chat(chat, folder)


def test_a_name_ending_in_to_is_cut_from_its_recipient_where_everyone_begins():
    (message,), _ = parse_chat("17:20:01 From Ana to to Everyone:\n\thi\n")
    assert (message.author, message.recipient) == ("Ana to", "Everyone")


@pytest.mark.reliability("fuzz", "arbitrary bytes through ipstui chat import")
@settings(FUZZ, max_examples=25)
@given(raw=st.one_of(st.binary(max_size=400), LINES.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_chat_import_imports_or_exits_2_in_one_line(ledger, raw):
    with tempfile.TemporaryDirectory() as scratch:
        folder = live_folder(Path(scratch) / "db")
        chat = Path(scratch) / "meeting_saved_chat.txt"
        chat.write_bytes(raw)
        session = folder.live().path
        before = session.read_bytes()
        result = Cli(folder.root)("chat", "import", str(chat), check=False)
        assert_clean_exit(result)
        if result.code:
            assert session.read_bytes() == before
        event("refused" if result.code else "imported")
    ledger.tried()
