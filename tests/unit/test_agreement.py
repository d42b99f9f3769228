"""The group's wording of its agreement, kept in the group file."""

from __future__ import annotations

import json

import pytest

from ipstui.domain import commands as c
from ipstui.domain.agreement import DEFAULT_AGREEMENT
from ipstui.store import DataFolder


def test_the_seeds_text_until_the_group_rewords_an_item(folder: DataFolder):
    assert folder.agreement() == DEFAULT_AGREEMENT
    assert folder.reword_agreement(7, "  Ask, don't assume.  ") == "agreement item 7 now reads: Ask, don't assume."
    agreement = DataFolder(folder.root).agreement()
    assert agreement.item(7) == "Ask, don't assume."
    assert [agreement.item(n) for n in range(1, 25) if n != 7] == [DEFAULT_AGREEMENT.item(n) for n in range(1, 25) if n != 7]
    stored = json.loads((folder.root / "group.json").read_text())["settings"]["1"]["agreement"]
    assert stored == {"7": "Ask, don't assume."}


def test_reset_puts_back_one_item_or_all(folder: DataFolder):
    folder.reword_agreement(1, "One voice.")
    folder.reword_agreement(2, "Respect.")
    folder.reset_agreement(1)
    assert (folder.agreement().item(1), folder.agreement().item(2)) == (DEFAULT_AGREEMENT.item(1), "Respect.")
    folder.reset_agreement()
    assert folder.agreement() == DEFAULT_AGREEMENT


@pytest.mark.parametrize("number, text, message", [(0, "x", "items 1 to 24"), (25, "x", "items 1 to 24"),
                                                    (3, "  ", "blank"), (3, "\u200b\u202e", "blank")])
def test_a_bad_number_or_blank_text_changes_nothing(folder: DataFolder, number, text, message):
    with pytest.raises(c.CommandError, match=message):
        folder.reword_agreement(number, text)
    assert not folder.root.exists()


def test_reminders_quote_the_groups_wording(folder: DataFolder):
    folder.start("Mutuality", "Sam")
    folder.reword_agreement(15, "Ouch!")
    outcome = folder.execute(c.RemindAgreement(15))
    assert outcome.message == "reminded the group of item 15: Ouch!"


def test_damaged_or_foreign_edits_fall_back_to_the_seed():
    edited = DEFAULT_AGREEMENT.with_edits({"x": "a", "0": "b", "25": "c", "3": 7, "4": " ", "5": "Five."})
    assert edited.items == DEFAULT_AGREEMENT.items[:4] + ("Five.",) + DEFAULT_AGREEMENT.items[5:]
