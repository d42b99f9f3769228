"""The console's options read the same before or after the command that opens it."""

from __future__ import annotations

import pytest

from ipstui.cli import parse_args


@pytest.mark.parametrize("argv", [["--watch", "demo"], ["demo", "--watch"]])
def test_the_demo_opens_read_only_with_watch_on_either_side(argv):
    args = parse_args(argv)
    assert (args.command, args.watch) == ("demo", True)


def test_the_demo_without_watch_is_a_moderator_s_console_with_its_theme():
    args = parse_args(["demo", "--theme", "ipstui-high-contrast"])
    assert (args.watch, args.theme) == (False, "ipstui-high-contrast")
