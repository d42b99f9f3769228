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
from ipstui.integrations import zoom_words
from ipstui.integrations.zoom_chat import HEADER_SHAPE, has_marker, parse_chat, split_lines
from ipstui.integrations.zoom_words import REACTION, REPLY_START
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
    assert all(1 <= p.line <= len(split_lines(text)) for p in problems)
    with tempfile.TemporaryDirectory() as scratch:
        folder = live_folder(Path(scratch) / "db")
        chat = Path(scratch) / "meeting_saved_chat.txt"
        chat.write_bytes(raw)
        ChatFollower(chat, folder).poll()  # takes what it can read, as Zoom is still writing
        try:
            outcome, read = import_chat(chat, folder)
        except ChatFileError as error:
            # Refused only when nothing in it is a message; then in one line, naming the first lines.
            assert not messages and "\n" not in str(error) and "nothing was imported" in str(error)
            assert not problems or f":{problems[0].line}: {problems[0].reason}" in str(error)
            event("refused")
        else:
            assert messages and [(p.line, p.reason) for p in read.problems] == [(p.line, p.reason) for p in problems]
            assert {c.source for c in folder.live().state().comments.values()} == {i.source for i in read.items}
            event("imported, lines skipped" if problems else "imported")
    ledger.tried()


# -- well-formed files in every form and client language --------------------------------------

HOSTILE = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\n\r\t")
NAMES = st.lists(st.one_of(HOSTILE, st.sampled_from(list("[]:()\"' \x1b\u202e\u200d") + [" to ", " a ", " に ", " 對 ",
                                                                                       "Ана", "李", "ü"])),
                 min_size=1, max_size=12).map("".join).map(str.strip)
TEXT_LINE = st.text(alphabet=st.one_of(HOSTILE, st.sampled_from(list("[]:/\\\"\x1b\u202e\x0c\x85\u2028\t "))),
                    min_size=0, max_size=30)
TWO_LINE = {"current", "dated"}
ONE_LINE = {"one-line tab", "one-line", "oldest", "cloud"}
FORMS = sorted(TWO_LINE | ONE_LINE)
DIRECT_FORMS = {"current", "dated", "one-line tab", "one-line"}


def looks_like_a_header(line: str) -> bool:
    return bool(HEADER_SHAPE.match(line)) if line[:1].isdigit() else False


def plain_name(name: str) -> bool:
    """A name as Zoom shows it: trimmed, not blank, no marker Zoom itself adds."""
    try:
        clean_name(name)
    except ValueError:
        return False
    return name == name.strip() and not has_marker(name) and not name[:1].isdigit()


def name_fits(form: str, words: zoom_words.Words, name: str, direct: bool) -> bool:
    """What a form cannot tell apart, so no file Zoom writes holds it."""
    folded = f" {name.casefold()} "
    first = name.casefold().split(" ")[0]
    senders = words.sender if all(words.sender) else zoom_words.SENDER_WORDS
    if any(first == sender.casefold() for sender in senders if sender):
        return False  # a name that begins with a From word, where the From word may be left out
    # Languages with the same From word ("De": Spanish, French, Portuguese) share their "to" words too.
    kin = [other for other in zoom_words.LANGUAGES if set(other.sender) & set(words.sender)]
    to_inside = any(f" {to.casefold()} " in folded for other in kin for to in other.to)
    if direct and to_inside:
        return False  # "Ana to Bea to Sam": which one was written to cannot be known
    if any(f" {to.casefold()} {everyone.casefold()} " in folded for to in words.to for everyone in words.everyone):
        return False
    if form == "cloud":
        return ":" not in name
    if form in ONE_LINE:
        return ("  " not in name and not any(mark + " " in name + " " for mark in ":：") and not name.endswith(("：", ":"))
                and not (form == "oldest" and to_inside))
    return not name.endswith((":", "："))


def fit_body(form: str, lines: list[str]) -> list[str]:
    """Message lines as the form can carry them (what it cannot, Zoom never writes either)."""
    first, rest = lines[0], lines[1:]
    if form in ONE_LINE:
        # The first line follows "name : " on the header; later ones are unindented and must not pass for a header.
        first = first.lstrip(" \t")
        rest = [line.lstrip("\t") for line in rest]
        rest = [f"> {line}" if looks_like_a_header(line) else line for line in rest]
    lines = [first if first.strip() else first + "x", *rest]
    if not lines[-1].strip("\n"):
        lines[-1] += "x"
    return lines


def body_fits(lines: list[str]) -> bool:
    return not REPLY_START.match(lines[0]) and not REACTION.match("\n".join(lines).strip())


def spaced(draw, words: list[str], label: str) -> str:
    """Words joined as one version or another spaced them: one space or two."""
    gap = draw(st.sampled_from([" ", "  "]), label=label)
    return gap.join(words)


@st.composite
def chat_files(draw):
    """A chat file in one of Zoom's forms and client languages, and the comments it must give."""
    form = draw(st.sampled_from(FORMS), label="form")
    words = draw(st.sampled_from(zoom_words.LANGUAGES), label="language")
    senders = [sender for sender in words.sender if sender] or [""]
    sender = draw(st.sampled_from(senders + ([""] if "" in words.sender and form != "oldest" else [])), label="from")
    to, everyone = draw(st.sampled_from(words.to), label="to"), draw(st.sampled_from(words.everyone), label="everyone")
    shout = draw(st.booleans(), label="upper case words")
    if shout:
        sender, to, everyone = sender.upper(), to.upper(), everyone.upper()
    if form == "oldest" and not sender:
        sender = "From"
        words = zoom_words.LANGUAGES[0]
    start = pendulum.instance(T0).in_timezone(ZONE)
    entries = []
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 8), label="messages")):
        direct = form in DIRECT_FORMS and draw(st.booleans(), label="direct")
        name = draw(NAMES.filter(plain_name).filter(lambda n: name_fits(form, words, n, direct)), label="author")
        body = draw(st.lists(TEXT_LINE, min_size=1, max_size=1 if form in ("oldest", "cloud") else 3)
                    .map(lambda lines: fit_body(form, lines)).filter(body_fits), label="text")
        moment = start.add(seconds=draw(st.integers(-1800, 11 * 3600), label="at"))
        clock = moment.format("HH:mm:ss")
        marker = draw(st.sampled_from(["", *(f"({m})" for m in words.private), f" ({words.private[0]})",
                                       f"（{words.private[0]}）"]), label="marker")
        recipient = f"{MODERATOR}{marker}" if direct else everyone
        who = [part for part in (sender, name, to, recipient) if part]
        if form in TWO_LINE:
            dated = moment.format("YYYY-MM-DD ") if form == "dated" else ""
            gap = "  " if not sender else " "
            lines.append(f"{dated}{clock}{gap}{spaced(draw, who, 'spacing')}:")
            lines += ["\t" + line for line in body]
            if form == "dated":
                lines.append("\t")
        elif form in ("one-line tab", "one-line"):
            tab = "\t " if form == "one-line tab" else " "
            lines.append(f"{clock}{tab}{spaced(draw, who, 'spacing')} : {body[0]}")
            lines += body[1:]
        elif form == "oldest":
            lines.append(f"{clock}\t {sender}  {name} : {body[0]}")
        else:
            lines.append(f"{clock}\t{name}:\t{body[0]}")
        entries.append((name, "\n".join(body), direct, moment))
        if form in TWO_LINE and draw(st.booleans(), label="reaction"):
            lines.append(f"{clock} {spaced(draw, [p for p in (sender, MODERATOR, to, everyone) if p], 'spacing')}:")
            lines.append(f'\tReacted to "{body[0][:10]}" with 👍')
    newline = draw(st.sampled_from(["\n", "\r\n", "\r\r\n", "\r"]), label="line end")
    bom = draw(st.sampled_from(["", "\ufeff"]), label="bom")
    return f"{form} {words.language}", bom + newline.join(lines) + newline, entries


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


def test_a_followed_file_names_each_unreadable_line_once_and_imports_the_rest(tmp_path):
    folder = live_folder(tmp_path / "db")
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text("17:20:01 From Ana to Everyone:\n\thi\n17:20:30 Ana → Sam:\n\tsecretword\n")
    ticks = [0.0]
    follower = ChatFollower(chat, folder, clock=lambda: ticks[0])
    follower.poll()
    assert [(p.line, p.reason) for p in follower.skipped] == [
        (3, "a message header in no known form (its message is left out)"),
        (4, "part of a message whose header could not be read")]
    with chat.open("a") as out:
        out.write("17:21:00 From Bo to Everyone:\n\tyo\n")
    ticks[0] += 5
    follower.poll()
    assert follower.skipped == ()  # named once, not at every look
    ticks[0] += 5  # the file has been quiet: its last message is whole
    follower.poll()
    texts = [c.text for c in folder.live().state().comments.values()]
    assert texts == ["hi", "yo"]
