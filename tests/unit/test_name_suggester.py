"""Name prompts complete a name as names are matched: case and accents forgiven."""

from __future__ import annotations

from ipstui.app.name_suggester import NameSuggester

ROSTER = ["Søren Berg", "Mária", "王芳", "Chidi Okafor", "Ana Lima", "Ana Souza"]


async def test_a_name_typed_without_its_accents_is_offered_with_them():
    names = NameSuggester(ROSTER)
    assert await names.get_suggestion("sor") == "Søren Berg"
    assert await names.get_suggestion("Mar") == "Mária"
    assert await names.get_suggestion("maria") == "Mária"


async def test_case_and_wide_characters_and_the_roster_order():
    names = NameSuggester(ROSTER)
    assert await names.get_suggestion("CHI") == "Chidi Okafor"
    assert await names.get_suggestion("王") == "王芳"
    assert await names.get_suggestion("ana s") == "Ana Souza"
    assert await names.get_suggestion("ana") == "Ana Lima"  # the first of the list that fits


async def test_nothing_offered_for_nothing_typed_or_nobody_who_fits():
    names = NameSuggester(ROSTER)
    assert await names.get_suggestion("") is None
    assert await names.get_suggestion("  ") is None
    assert await names.get_suggestion("zed") is None
