"""The command palette: every action of the current screen under its plain title."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ipstui.app.actions import in_palette


def _actions(screen) -> list[tuple[str, str, str, object]]:
    """(title, help, action, target) for the screen's actions and the app's own (ipstui/app/actions.py)."""
    return [(title, help_text, action, target) for title, help_text, action, target, _ in _rows(screen)]


def _rows(screen) -> list[tuple[str, str, str, object, str]]:
    """(title, help, action, target, other words) for the screen's actions and the app's own."""
    found = []
    for target in (screen, screen.app):
        found += [(row.palette_title, row.help, row.action, target, row.also)
                  for row in in_palette(getattr(target, "PALETTE_ACTIONS", ()))]
    return found


class ActionsProvider(Provider):
    """Moderator actions, searchable by their plain titles."""

    async def discover(self) -> Hits:
        for title, help_text, action, target in _actions(self.screen):
            yield DiscoveryHit(title, partial(target.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action, target, also in _rows(self.screen):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(target.run_action, action), help=help_text)
            elif also and (score := _word_match(query, also)) > 0:
                # Found by another word for it: ranked below a match in a title.
                yield Hit(score, title, partial(target.run_action, action), help=f"{help_text} ({also})")


def _word_match(query: str, words: str) -> float:
    """How well `query` starts one of `words` (0 for not at all): "remind" finds "remind the group"."""
    needle = query.casefold().strip()
    if not needle:
        return 0.0
    return 0.5 if any(word.startswith(needle) for phrase in words.casefold().split(",")
                      for word in (phrase.strip(), *phrase.split())) else 0.0
