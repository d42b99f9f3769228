"""The group's working Discomfort Agreement: the seed's text is the default."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from ipstui.domain.text import clean_name


@dataclass(frozen=True)
class Agreement:
    """The agreement the group works under, as three numbered lists."""

    items: tuple[str, ...]
    personal_questions: tuple[str, ...]
    requests: tuple[str, ...]

    def item(self, number: int) -> str:
        """Item `number`, counted from 1 as in the group's text."""
        if not 1 <= number <= len(self.items):
            raise ValueError(f"the agreement has items 1 to {len(self.items)}, not {number}")
        return self.items[number - 1]

    def check_number(self, number: int) -> int:
        """`number` if the agreement has such an item, else ValueError."""
        self.item(number)
        return number

    def with_edits(self, edits: Mapping[str, Any]) -> "Agreement":
        """This agreement with the group's own wording of some items (keyed by number)."""
        items = list(self.items)
        for key, text in edits.items():
            number = int(key) if str(key).isdigit() else 0
            if 1 <= number <= len(items) and isinstance(text, str) and text.strip():
                items[number - 1] = text
        return replace(self, items=tuple(items))


def reminded_text(detail: Mapping[str, Any]) -> str:
    """The wording of the item a reminder was about, as it stood then."""
    text = detail.get("text")
    return text if isinstance(text, str) else DEFAULT_AGREEMENT.item(int(detail["item"]))


def item_text(raw: str) -> str:
    """An agreement item as the group words it: any text but a blank one."""
    return clean_name(raw, "item's text")


DEFAULT_AGREEMENT = Agreement(
    items=(
        "One person talk at a time.",
        "Offer respect and dignity.",
        "Listen to understand and relate rather than to help or convert others.",
        "Participate to the level of your comfort (self-care).",
        "Keep the focus on learning and practicing Intentional Peer Support.",
        "Maintain a non-judgmental atmosphere.",
        "Don't make assumptions or put words in people's mouths. Instead: ask, reality check, validate.",
        "There is no right or wrong here in the sense that sincere discussion and questions are "
        "welcomed. However, apparent power imbalances, unfairness or nonconsensual treatment of "
        "others can and should be respectfully questioned.",
        "When controversy arises, explore differing viewpoints with curiosity about the personal "
        "experiences that led others to see things the way they currently do.",
        "Work to transcend disagreement by learning about the realities of others and finding "
        "points of connection.",
        "Being respectful of modalities that others find useful and refrain from promoting or "
        "denigrating specific approaches.",
        "Stay away from debates about pharmaceuticals, healthcare or politics.",
        "At a minimum: agree to disagree.",
        "\u201cStretch\u201d: Step up if you tend to stay in the background, step back if you tend "
        "to take up a lot of space.",
        "\u201cOuch\u201d: If it hurts say so.",
        "Be conscious of how you use power or privilege, as well as open to hearing from others "
        "about how they may experience you using it.",
        "Use power to support and grow relationships rather than to gain personal advantage or "
        "prestige.",
        "Don't scapegoat or marginalize anyone.",
        "Promote equality, fairness and understanding.",
        "Reach out to include others who may have less power or privilege than you have.",
        "Some here may prefer to type in the chat box instead of speak out loud. You can access "
        "the chat box from the control panel at the top or bottom of your screen. If you don't "
        "want your comments read out loud, please let us know. Otherwise, we try to read them in "
        "real time so they can be part of the conversation. Everyone is encouraged to pay "
        "attention to typed comments and read them.",
        "A major purpose of this group is to encourage conversation, create space for diverse "
        "viewpoints, and make sure everyone has a chance to speak. If you have something to say "
        "and someone else is speaking, please raise your hand. Other members are encouraged to "
        "notice when someone has their hand raised and call attention to that in a sensitive "
        "way if the speaker doesn't seem to notice. Group members are encouraged to bring bells "
        "or musical instruments and use them for this purpose if someone has gone on for "
        "several minutes.",
        "We recognize that there are times in life where any one of us might feel the need to "
        "speak at length about matters that concern us. If that appears to be the case, anyone "
        "may request or suggest a breakout room where two or more members can have a private "
        "conversation. Alternatively, anyone may request or suggest that a particular issue be "
        "discussed further after the formal group meeting.",
        "Moderation of the group is shared by group members. At the end of each group we ask for "
        "a volunteer to moderate for the upcoming session. If that person is able to make it, we "
        "ask for volunteer to moderate when the next session starts. Those new to moderation are "
        "encouraged to try their hand at moderating once they become familiar with the group "
        "process. All group members are encouraged to use the peer support skills we are "
        "learning to support the moderator or to respectfully share needs or concerns that seem "
        "important to them.",
    ),
    personal_questions=(
        "What are my 'defaults' when the going gets rough in my relationships with others?",
        "What do I tend to do when I feel scared, uncertain or overwhelmed?",
        "How does this usually work out for me?",
        "What usually happens in the relationship?",
        "What would I like to do differently in the future?",
    ),
    requests=(
        "Stay with the learning/practice process, remaining both true to our experience and "
        "respectful of others, when we feel uncomfortable.",
        "Keep our commitment to ourselves to try to do something different if/when we fall back "
        "into old patterns.",
        "Step up when we find something hard or feel like running away.",
        "Step back when we want to dominate or think we have all the answers.",
    ),
)
