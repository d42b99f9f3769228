"""Completing a name in a prompt the way names are matched: without regard to case or accents."""

from __future__ import annotations

from typing import Iterable

from textual.suggester import Suggester

from ipstui.domain.text import loose_key


class NameSuggester(Suggester):
    """Offers the first name of the list that begins as typed, case and accents forgiven:
    "sor" offers "Søren Berg", "mar" offers "Mária", as `ipstui speak` would find them."""

    def __init__(self, names: Iterable[str]) -> None:
        # Case is forgiven by the loose key itself: the typed value is taken as it is.
        super().__init__(case_sensitive=True)
        self._names = [(loose_key(name), name) for name in names]

    async def get_suggestion(self, value: str) -> str | None:
        typed = loose_key(value)
        if not typed:
            return None
        return next((name for key, name in self._names if key.startswith(typed)), None)
