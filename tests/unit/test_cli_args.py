"""The command line reads the same whichever parser reads it: the console's, one command's, or the whole one."""

from __future__ import annotations

import contextlib
import io

import pytest

from ipstui.cli import UsageError, build_parser, parse_args


@pytest.mark.parametrize("argv", [["--watch", "demo"], ["demo", "--watch"]])
def test_the_demo_opens_read_only_with_watch_on_either_side(argv):
    args = parse_args(argv)
    assert (args.command, args.watch) == ("demo", True)


def test_the_demo_without_watch_is_a_moderator_s_console_with_its_theme():
    args = parse_args(["demo", "--theme", "ipstui-high-contrast"])
    assert (args.watch, args.theme) == (False, "ipstui-high-contrast")


def _commands() -> list[str]:
    sub = next(action for action in build_parser()._actions if action.dest == "command")
    return list(sub.choices)


def test_a_command_is_parsed_by_a_parser_of_that_command_alone():
    sub = next(action for action in build_parser(only="chat")._actions if action.dest == "command")
    assert list(sub.choices) == ["chat"] and len(_commands()) > 20


@pytest.mark.parametrize("argv", [
    ["--as", "b", "chat", "add", "--author", "Ana", "a comment"],
    ["chat", "add", "x", "--author", "A", "--db=/q", "--private"],
    ["--db", "/x", "report", "--format", "csv"],
    ["hand", "raise", "Ana", "--kind", "ouch"],
    ["--as", "start", "chat", "read"],  # a name that is also a command's
    ["--a", "start", "chat", "read"],  # an abbreviated option
    ["speak", "--stop"], ["history", "--print"], ["undo", "--any"], ["end", "--next-moderator", "Bo"],
])
def test_a_command_reads_as_the_whole_parser_reads_it(argv):
    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["chta"], ["chat", "add"], ["--db"], ["hand", "raise", "A", "--kind", "x"],
                                  ["--as", "chat", "add"], ["report", "--format", "pdf"]])
def test_a_mistake_is_named_as_the_whole_parser_names_it(argv):
    with pytest.raises(UsageError) as mine:
        parse_args(argv)
    with pytest.raises(UsageError) as whole:
        build_parser().parse_args(argv)
    assert str(mine.value) == str(whole.value)


def _printed(parse, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parse(argv)
    return out.getvalue()


def test_every_help_reads_as_the_whole_parser_s(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    for argv in [["--help"], ["--version"], ["chat", "add", "-h"], ["agreement", "edit", "--help"],
                 *([name, "--help"] for name in _commands())]:
        assert _printed(parse_args, argv) == _printed(build_parser().parse_args, argv), argv


@pytest.mark.parametrize("argv", [[], ["--watch"], ["--db", "/x", "--theme", "textual-light"]])
def test_opening_the_console_never_builds_a_command_s_parser(argv, monkeypatch):
    # The console's own few options first: its start (B1) has no time for some thirty commands'.
    import ipstui.cli

    def refuse(only=None):
        raise AssertionError("a command parser was built to open the console")

    monkeypatch.setattr(ipstui.cli, "build_parser", refuse)
    assert parse_args(argv).command is None
