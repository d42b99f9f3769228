"""The line console's words: what each change is said as, the cues of time, and typed lines read."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ipstui.domain.agenda import AddAgendaItem
from ipstui.domain.commands import (AddChatComment, AddParticipant, CallNextHand, ImportChatComments, ChatItem,
                                    LogOuch, MakeCommentPrivate, MarkBack, MarkLeft, NextAgendaItem, RaiseHand,
                                    RequestBreakout, StartSpeaker, Undo)
from ipstui.domain.privacy import Audience
from ipstui.domain.settings import SessionSettings
from ipstui.domain.state import HandKind
from ipstui.plain import answers
from ipstui.plain.cues import Cues
from ipstui.plain.lines import MOST, duration, pieces
from ipstui.plain.narrator import Narrator
from ipstui.plain.words import Act, Ask, Misread, read_line
from tests.helpers import T0, Driver

HOSTILE = "\x1b[31mRed\x1b]0;title\x07 \x9b2J \u202eevil\u202c " + "long " * 60


def narrated(driver: Driver, terminal: str = "t", seen_by: Audience = Audience.TEAM):
    """A narrator that has taken in the driver's log so far, and a way to hear what follows."""
    narrator = Narrator(terminal, seen_by)
    narrator.attach(list(driver.state.log), driver.clock.now())

    def hear() -> list[str]:
        return narrator.follow(list(driver.state.log))

    return narrator, hear


def plain_lines(lines: list[str]) -> bool:
    return all(len(line) <= MOST and not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u202e\u202c"
                                                for ch in line) for line in lines)


def test_a_turn_ending_says_how_long_it_lasted_and_who_has_the_floor():
    driver = Driver()
    for person in ("Ana López", "Ben"):
        driver.do(AddParticipant(person))
    _, hear = narrated(driver)
    driver.do(StartSpeaker("Ana"))
    assert hear() == ["Ana López has the floor, their first turn."]
    driver.wait(130)
    driver.do(StartSpeaker("Ben"))
    assert hear() == ["Ana López stopped after 2 minutes 10 seconds.", "Ben has the floor, their first turn."]


def test_a_hand_is_said_with_its_kind_and_place():
    driver = Driver()
    for person in ("Ana López", "Ben", "Chidi"):
        driver.do(AddParticipant(person))
    _, hear = narrated(driver)
    driver.do(RaiseHand("Ben"))
    driver.do(RaiseHand("Chidi"))
    assert hear() == ["Ben raised a hand, first in the queue.", "Chidi raised a hand, second in the queue."]
    driver.do(RaiseHand("Ana", HandKind.OUCH))
    assert hear() == ["Ana López raised an ouch hand, first in the queue."]
    driver.do(CallNextHand())
    assert hear() == ["Ana López has the floor, their first turn."]


def test_changes_made_elsewhere_say_who_made_them():
    driver = Driver()
    driver.do(AddParticipant("Ana"))
    _, mine = narrated(driver, terminal="t")
    _, theirs = narrated(driver, terminal="another terminal")
    driver.do(RaiseHand("Ana", HandKind.REPLY))
    assert mine() == ["Ana raised a reply hand, first in the queue."]
    assert theirs() == ["Ana raised a reply hand, first in the queue (by tester)."]


def test_a_comment_is_said_with_its_author_and_text_and_a_direct_message_without_its_text():
    driver = Driver()
    _, team = narrated(driver)
    _, watching = narrated(driver, seen_by=Audience.WATCHING)
    driver.do(AddChatComment("Ana", "I agree with Ben"))
    driver.do(AddChatComment("Ben", "please call me next, I am struggling", direct=True))
    said = team()
    assert said[0] == "Comment 1 to read, from Ana: I agree with Ben"
    assert said[1] == "Direct message 2 from Ben, not to be read aloud; type chat 2 to hear it."
    assert not any("struggling" in line for line in said)
    heard = watching()
    assert heard[1] == "Direct message 2 from Ben, not to be read aloud."


def test_asking_for_a_private_message_gives_its_words_only_to_the_team():
    driver = Driver()
    driver.do(AddChatComment("Ben", "please call me next, I am struggling", direct=True))
    team = answers.chat(driver.state, "1", Audience.TEAM)
    watching = answers.chat(driver.state, "1", Audience.WATCHING)
    assert "struggling" in " ".join(team)
    assert "struggling" not in " ".join(watching)
    assert "private" in watching[0]


def test_hostile_names_and_long_text_come_out_as_short_lines_with_nothing_a_terminal_obeys():
    driver = Driver()
    driver.do(AddParticipant(HOSTILE))
    _, hear = narrated(driver, terminal="elsewhere")
    driver.do(RaiseHand(HOSTILE, HandKind.OUCH))
    driver.do(AddChatComment(HOSTILE, HOSTILE * 5))
    driver.do(StartSpeaker(HOSTILE))
    said = hear()
    assert len(said) > 5
    assert plain_lines(said), said
    assert any(line.startswith("Comment 1, more:") for line in said)
    assert plain_lines(answers.queue(driver.state, driver.clock.now()) + answers.talk(driver.state, driver.clock.now()))


def test_every_kind_of_change_says_hostile_text_escaped_and_names_in_their_own_case():
    driver = Driver()
    driver.do(AddParticipant(HOSTILE))
    driver.do(AddParticipant("ana de la Cruz"))
    _, hear = narrated(driver, terminal="elsewhere")
    driver.do(AddAgendaItem("check-in \x07\x08 again", 5))
    driver.do(RequestBreakout(("ana de la Cruz", HOSTILE), "a note \x9d0;x\x9c \udc9b"))
    driver.do(MarkLeft(HOSTILE))
    driver.do(MarkBack(HOSTILE))
    said = hear()
    assert len(said) >= 4 and plain_lines(said), said
    assert not any("\udc9b" in line for line in said)
    assert any("'check-in \\x07\\x08 again'" in line for line in said), said
    assert any("ana de la Cruz" in line for line in said), said


def test_the_console_writes_nothing_a_terminal_obeys_whatever_it_is_given():
    import io

    from ipstui.plain.console import Output

    stream = io.StringIO()
    Output(stream, None).say(["Bo\x07\x08\x9d0;x\x9c\u202e \udc9b\x1b[2J"])
    written = stream.getvalue()
    assert written.endswith("\n") and plain_lines(written[:-1].splitlines()) and "\udc9b" not in written


def test_a_comment_flagged_private_in_the_same_batch_is_never_said_with_its_words():
    driver = Driver()
    driver.do(AddParticipant("Bo"))
    _, hear = narrated(driver, seen_by=Audience.WATCHING)
    driver.do(AddChatComment("Bo", "my diagnosis is X"))
    driver.do(MakeCommentPrivate(1))
    said = hear()
    assert not any("my diagnosis" in line for line in said), said
    assert any(line.startswith("Private comment 1 from Bo, not to be read aloud") for line in said), said


def test_the_agenda_moving_on_says_what_ended_and_what_began():
    driver = Driver()
    _, hear = narrated(driver)
    driver.wait(12 * 60)
    driver.do(NextAgendaItem())
    said = hear()
    first, second = driver.state.agenda[0], driver.state.agenda[1]
    assert said == [f"{first.title} took 12 minutes of {first.planned_minutes} planned.",
                    f"Agenda item 2 of {len(driver.state.agenda)} began: {second.title}, "
                    f"{second.planned_minutes} minutes."]


def test_an_undo_says_what_was_undone_and_an_import_is_counted():
    driver = Driver()
    driver.do(AddParticipant("Ana"))
    driver.do(LogOuch("Ana", "Ben"))
    _, hear = narrated(driver)
    driver.do(Undo())
    assert hear() == ["Undone: ouch (by Ana, with Ben)."]
    items = tuple(ChatItem(f"zoom:{n}", "Ana", f"note {n}", T0, direct=n == 4) for n in range(5))
    driver.do(ImportChatComments(items))
    assert hear() == ["4 new comments to read and 1 private message; type chat to hear them."]


def test_durations_are_said_in_words():
    assert duration(45) == "45 seconds"
    assert duration(61) == "1 minute 1 second"
    assert duration(3900) == "1 hour 5 minutes"


def test_a_long_text_is_cut_at_words_into_lines_that_each_say_what_they_continue():
    lines = pieces("Comment 7 to read, from Ana:", "word " * 100, "Comment 7, more:")
    assert len(lines) == 4
    assert all(len(line) <= MOST for line in lines)
    assert all(line.startswith("Comment 7, more: word") for line in lines[1:])
    assert sum(line.count("word") for line in lines) == 100


def test_five_quiet_minutes_say_only_the_thresholds_they_pass():
    # The first item has its planned minutes; Ana starts speaking 1 minute in; the bell is some minutes on.
    driver = Driver(SessionSettings())
    driver.do(AddParticipant("Ana"))
    driver.wait(60)
    driver.do(StartSpeaker("Ana"))
    cues = Cues(lambda state: state.started_at + timedelta(minutes=75))
    cues.quietly(driver.state, driver.clock.now())
    said = []
    for _ in range(5 * 60):
        driver.wait(1)
        said += [(driver.clock.now() - T0, line) for line in cues.due(driver.state, driver.clock.now())]
    first = driver.state.agenda[0]
    bell = driver.state.settings.bell_minutes
    assert first.planned_minutes == 10 and bell == 3
    assert said == [
        (timedelta(minutes=1 + bell), f"Ana has spoken {bell:g} minutes this turn, past the bell cue."),
        (timedelta(minutes=first.planned_minutes - 5), f"5 minutes left in {first.title}."),
    ]


def test_the_call_end_is_said_ten_minutes_before_and_at_it_once():
    driver = Driver()
    end = T0 + timedelta(minutes=75)
    cues = Cues(lambda state: end)
    said = []
    for _ in range(80):
        driver.wait(60)
        said += cues.due(driver.state, driver.clock.now())
    assert sum("10 minutes left in the call" in line for line in said) == 1
    assert sum("reached its end time" in line for line in said) == 1


@pytest.mark.parametrize("typed, expected", [
    ("next", "CallNextHand"), ("  speak   chidi ", "StartSpeaker"), ("hand Ana López ouch", "RaiseHand"),
    ("read 3", "MarkComment"), ("skip", "MarkComment"), ("remind 15", "RemindAgreement"), ("agenda next", "NextAgendaItem"),
    ("ouch Ana with Ben", "LogOuch"), ("BELL", "RingBell"), ("undo", "Undo"), ("lower Ben", "LowerHand"),
])
def test_typed_lines_that_act_become_the_command_lines_commands(typed, expected):
    read = read_line(typed)
    assert isinstance(read, Act)
    assert type(read.command).__name__ == expected


def test_typed_details_reach_the_command():
    assert read_line("hand Ana López ouch").command.name == "Ana López"
    assert read_line("hand Ana López ouch").command.kind is HandKind.OUCH
    assert read_line("hand Ana López").command.kind is HandKind.ORDINARY
    assert read_line("ouch Ana with Ben").command.with_whom == "Ben"
    assert read_line("read 3").command.comment_id == 3


@pytest.mark.parametrize("typed, says", [
    ("nxt", "Not understood: nxt. Did you mean next?"), ("qeue", "Did you mean queue?"),
    ("speak", "speak: say whom"), ("read x", "read: a comment's number is a number"),
    ("remind", "say which item"), ("zzzzzz", "Type help for the commands."),
])
def test_a_mistyped_line_gets_one_line_with_the_closest_command(typed, says):
    read = read_line(typed)
    assert isinstance(read, Misread)
    assert says in read.sentence
    assert "\n" not in read.sentence


def test_questions_are_asked_by_their_words():
    assert read_line("queue") == Ask("queue")
    assert read_line("chat 4") == Ask("chat", "4")
    assert read_line("agenda") == Ask("agenda")
    assert read_line("exit") == Ask("quit")
    # The words a new volunteer reaches for first.
    assert read_line("status") == Ask("status")
    assert read_line("Hands") == Ask("queue")
    assert read_line("meters") == Ask("talk")
    assert read_line("   ") is None


def test_tab_never_completes_a_name_that_would_need_escaping(tmp_path):
    from types import SimpleNamespace

    from ipstui.domain.clock import ManualClock
    from ipstui.plain.console import PlainConsole
    from ipstui.store import DataFolder

    console = PlainConsole(DataFolder(tmp_path / "db", clock=ManualClock(T0)), ManualClock(T0), editing=False,
                           stream=__import__("io").StringIO())
    console.view = SimpleNamespace(names=("Eve\x1b]0;x\x07", "Eva Lind"))
    offered = [console._complete("speak E", index) for index in range(3)]
    assert offered == ["speak Eva Lind", None, None]
