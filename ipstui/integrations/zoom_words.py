"""The words Zoom writes into a saved chat, in the languages of its clients.

A header is `TIME FROM AUTHOR TO RECIPIENT[MARKER]:`; only FROM, TO, the "everyone" recipient
and the markers are words, and Zoom writes them in the language of the client that saved the
file. The parser finds the structure; these tables only name the words. A word missing here
never makes a message public: an unrecognised recipient is private.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """One client language's words, as Zoom spells them (matched without regard to case)."""

    language: str
    sender: tuple[str, ...]      # "From"
    to: tuple[str, ...]          # "to", between author and recipient
    everyone: tuple[str, ...]    # the recipient of a message to all
    private: tuple[str, ...]     # what a direct-message marker says: "(Direct Message)", "(Privately)"
    replying: tuple[str, ...]    # what comes before the quoted message a reply answers


# Each word as Zoom writes it into the saved file. Most are seen in saved files; the rest in the
# client's own chat panel (Italian "a Tutti") or, for Portuguese and the Italian "Da", the
# client's wording elsewhere. Replies and reactions stayed English in most clients' files until
# about 2024; Russian files since write them in Russian.
LANGUAGES: tuple[Words, ...] = (
    Words("English", ("From",), ("to",), ("Everyone",), ("Direct Message", "Privately", "Private"),
          ("Replying to",)),
    Words("Japanese", ("開始",), ("に", "終了"), ("全員", "皆様"), ("ダイレクトメッセージ", "プライベート"), ("返信",)),
    # Chinese clients wrote no From word before 2026: the time, two spaces, the author.
    Words("Chinese", ("", "從", "从"), ("對", "对"), ("所有人",), ("私聊", "私訊", "私信", "直接訊息", "直接消息"),
          ("回覆", "回复")),
    Words("Korean", ("발신자",), ("수신자",), ("모두에게", "모두"), ("비공개로", "다이렉트 메시지", "개인 메시지"), ("답장",)),
    Words("Spanish", ("De",), ("a",), ("Todos",), ("En privado", "Mensaje directo"), ("Respondiendo a",)),
    Words("French", ("De",), ("à",), ("Tout le monde",), ("Message direct", "En privé"), ("En réponse à",)),
    Words("German", ("Von",), ("an",), ("Alle",), ("Direktnachricht", "Privat"), ("Antwort auf",)),
    Words("Portuguese", ("De",), ("para",), ("Todos",), ("Mensagem direta", "Em particular", "Em privado"),
          ("Respondendo a",)),
    Words("Russian", ("От",), ("кому",), ("Все",), ("Личное сообщение", "Лично", "Приватно"), ("Ответ на",)),
    Words("Ukrainian", ("Від",), ("до",), ("Всі",), ("Особисте повідомлення", "Приватно"), ("Відповідь на",)),
    Words("Italian", ("Da",), ("a",), ("Tutti",), ("Messaggio diretto", "In privato"), ("In risposta a",)),
)
# A reaction, and the removal of one, as the clients that write them spell it; anything else is a comment.
REACTIONS = (
    r'Reacted to\s*"(?s:.*)"\s*with\s+\S+',
    r'Removed an?\s+\S+\s+reaction from\s*"(?s:.*)"',
    r'Реакция на\s*["«](?s:.*)["»]\s*с помощью\s+\S+',
    r'Элемент\s+\S+\s+удален из\s*["«](?s:.*)["»]',
)


def alternatives(words: set[str]) -> str:
    """A regex alternation, longest first, each word with its spaces loosened."""
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in sorted(words, key=len, reverse=True))


SENDER_WORDS = frozenset(word.casefold() for words in LANGUAGES for word in words.sender if word)
# A marker is a parenthesised note (ASCII or full-width brackets) whose words say private, in any
# listed language or spelling (direct, directo, direkt, privé, privado, DM...).
_PRIVATE = {word for words in LANGUAGES for word in words.private} | {"direct", "direkt", "diretta", "priv", "whisper"}
PRIVATE_NOTE = re.compile(r"[(（][^()（）]*?(?:" + alternatives(_PRIVATE) + r"|\b(?:dm|pm)\b)[^()（）]*[)）]",
                          re.IGNORECASE)
# The quote marks Zoom puts around the message a reply or reaction points at.
OPEN_QUOTES = "\"“「『«„"
CLOSE_QUOTES = "\"”」』»“"
REPLY_START = re.compile(r"^\s*(?:" + alternatives({w for words in LANGUAGES for w in words.replying}) + r")\s*[" +
                         OPEN_QUOTES + "]", re.IGNORECASE)
REPLY_END = re.compile(r"[" + CLOSE_QUOTES + r"]\s*(?:" + alternatives({w for words in LANGUAGES for w in words.replying})
                       + r")?\s*[:：]?\s*$", re.IGNORECASE)
REACTION = re.compile(r"^\s*(?:" + "|".join(REACTIONS) + r")\s*$", re.IGNORECASE)
