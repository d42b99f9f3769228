"""The command palette: every action of the current screen under its plain title."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ipstui.app.actions import in_palette


def _actions(screen) -> list[tuple[str, str, str, object]]:
    """(title, help, action, target) for the screen's actions and the app's own (ipstui/app/actions.py)."""
    found = []
    for target in (screen, screen.app):
        found += [(row.palette_title, row.help, row.action, target)
                  for row in in_palette(getattr(target, "PALETTE_ACTIONS", ()))]
    return found


class ActionsProvider(Provider):
    """Moderator actions, searchable by their plain titles."""

    async def discover(self) -> Hits:
        for title, help_text, action, target in _actions(self.screen):
            yield DiscoveryHit(title, partial(target.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action, target in _actions(self.screen):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(target.run_action, action), help=help_text)
