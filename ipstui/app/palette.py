"""The command palette: every action of the current screen under its plain title."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


def _actions(screen) -> list[tuple[str, str, str, object]]:
    """(title, help, action, target) for the screen's actions and the app's own."""
    found = [(title, help_text, action, screen) for title, action, help_text in getattr(screen, "PALETTE_ACTIONS", ())]
    app = screen.app
    found += [(title, help_text, action, app) for title, action, help_text in getattr(app, "PALETTE_ACTIONS", ())]
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
