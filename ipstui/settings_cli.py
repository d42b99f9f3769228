"""`ipstui settings show | set KEY VALUE`: the group's weekly slot, join details and callers' zones."""

from __future__ import annotations

import argparse
from typing import Any, Callable

from ipstui.domain.settings import GROUP_SETTING_KEYS, SETTING_HELP


def add_parser(add: Callable[..., Any], parent: argparse.ArgumentParser, parser_class: type) -> None:
    """`settings` and its two actions, under the command line's `add`."""
    keys = "; ".join(f"{key}: {SETTING_HELP[key]}" for key in GROUP_SETTING_KEYS)
    p = add("settings", "the group's settings: the weekly slot, join details, callers' zones")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    actions.add_parser("show", help="print the settings", parents=[parent])
    q = actions.add_parser("set", help="change one setting", description=f"Change one setting. {keys}.",
                           parents=[parent])
    q.add_argument("key", metavar="KEY", help=", ".join(GROUP_SETTING_KEYS))
    q.add_argument("value", metavar="VALUE")


def settings_lines(settings: dict[str, Any]) -> list[str]:
    """The settings as `settings show` prints them, one KEY VALUE a line."""
    from ipstui.domain.settings import setting_value

    width = max(len(key) for key in GROUP_SETTING_KEYS)
    return [f"{key:<{width}}  {setting_value(settings, key)}" for key in GROUP_SETTING_KEYS]


def run(args: argparse.Namespace, folder: Any, say: Callable[[str], None]) -> int:
    """Show or change the group's settings."""
    if args.action == "set":
        say(folder.change_setting(args.key, args.value))
        return 0
    from ipstui.store.group_file import DEFAULT_SETTINGS

    settings = folder.group.settings() if folder.root.exists() else dict(DEFAULT_SETTINGS)
    for line in settings_lines(settings):
        say(line)
    return 0
