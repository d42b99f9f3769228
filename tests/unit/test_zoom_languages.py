"""Zoom saved chats as each client language and each version writes them (fixtures in tests/fixtures/zoom).

The localised fixtures follow files that clients saved (the header words, spacing, markers and
quotes as they appear there); their names and messages are made up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipstui.integrations import zoom_words
from ipstui.integrations.zoom_chat import parse_chat, split_lines

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"
PUBLIC, PRIVATE = False, True

# fixture: [(author, recipient, private, text, reply_to, reaction)]
EXPECTED = {
    "oneline_2021.txt": [
        ("Jane Doe", "Everyone", PUBLIC, "Good morning, everyone", None, False),
        ("Kwame Mensah", "Everyone", PUBLIC, "Glad to be here: it has been a week\nthis line continues Kwame's message",
         None, False),
        ("Jane Doe", "Kwame Mensah", PRIVATE, "can you take notes?", None, False),
        ("Ana to Bea", "Everyone", PUBLIC, "my name has a to in it", None, False),
        ("Li Wei", "Jane Doe", PRIVATE, "thank you", None, False),
    ],
    "workplace_2025.txt": [
        ("Chidi Okafor", "Everyone", PUBLIC, "Hello from Lagos", None, False),
        ("Mária Kovács", "Chidi Okafor", PRIVATE, "do not read this one aloud\nplease", None, False),
        ("Sam", "Everyone", PUBLIC, "Welcome Chidi!", "Hello from Lagos", False),
        ("Mária Kovács", "Everyone", PUBLIC, 'Reacted to "Hello from Lagos" with 👋', None, True),
    ],
    "current_capital_to.txt": [
        ("Ana García", "Everyone", PUBLIC, "Hello everyone!", None, False),
        ("Tom", "Everyone", PUBLIC, 'Reacted to "Hello everyone!\nSecond line of it" with ❤️', None, True),
        ("Wen", "Ana García", PRIVATE, "private words", None, False),
        ("Tom", "Everyone", PUBLIC, "Hi Ana", "Hello everyone!\nSecond line of it", False),
    ],
    "oldest_with_to.txt": [
        ("Ana", None, PUBLIC, "I want to go to the garden : now", None, False),
        ("Tom", None, PUBLIC, "note to self: breathe", None, False),
    ],
    "japanese.txt": [
        ("ホスト・事務局", "全員", PUBLIC, "コメント・質問はいつでもどうぞ", None, False),
        ("ホスト・事務局", "さくらはらスマホ", PRIVATE, "個人的な連絡です", None, False),
        ("山田 太郎", "全員", PUBLIC, "二行目の形です\n続き", None, False),
        ("佐藤", "全員", PUBLIC, "時間は 18:30 : までです", None, False),
    ],
    "japanese_older.txt": [
        ("武井 優弥", "皆様", PUBLIC, "数学嫌！", None, False),
        ("HASUMI MATSUDA", "Tsuchihashi Nobuyuki", PRIVATE, "めがね！", None, False),
    ],
    "chinese_traditional.txt": [
        ("瑄瑄老師", "所有人", PUBLIC, "大家好\n第二行", None, False),
        ("王小明", "瑄瑄老師", PRIVATE, "請不要念出來", None, False),
        ("李 華", "所有人", PUBLIC, "謝謝老師", "大家好", False),
    ],
    "chinese_simplified.txt": [
        ("Chensong Chen", "所有人", PUBLIC, "ICQG6", None, False),
        ("张伟", "Chensong Chen", PRIVATE, "私下的话", None, False),
    ],
    "chinese_2026.txt": [
        ("Ben Lo", "所有人", PUBLIC, "早安", None, False),
        ("陳 美玲", "Ben Lo", PRIVATE, "只給你看", None, False),
    ],
    "korean.txt": [
        ("2조 전기성", "모두에게", PUBLIC, "네 !", None, False),
        ("김 민지", "2조 전기성", PRIVATE, "따로 말씀드려요", None, False),
    ],
    "spanish.txt": [
        ("Eleonora Martina Omentari Ongaro", "Todos", PUBLIC, "bueeenass", None, False),
        ("Ana de la Vega", "Todos", PUBLIC, 'Reacted to "bueeenass" with 🫂', None, True),
        ("Ana de la Vega", "Todos", PUBLIC, "¡Hola a todos!", "bueeenass", False),
        ("Micaela Mera", "sinergiass cursos", PRIVATE, "no lo leas en voz alta", None, False),
    ],
    "spanish_2021.txt": [
        ("Micaela Mera", "sinergiass cursos", PRIVATE, "ya, dele", None, False),
        ("sinergiass cursos", None, PUBLIC, "http://automationpractice.com/index.php", None, False),
        ("Luis", "Todos", PUBLIC, "nos vemos a las 18:00 : gracias", None, False),
    ],
    "french.txt": [
        ("Gérard Grandmougin", "Tout le monde", PUBLIC, "re-bonjour", None, False),
        ("Anne-Sophie", "Gérard Grandmougin", PRIVATE, "merci de ne pas lire", None, False),
        ("Jean à Paul", "Tout le monde", PUBLIC, "un nom avec à", None, False),
    ],
    "german.txt": [
        ("Сергей Колесников", "Alle", PUBLIC, "https://reactjs.org/", None, False),
        ("Jana von Berg", "Сергей Колесников", PRIVATE, "bitte nicht vorlesen", None, False),
    ],
    "portuguese.txt": [
        ("Ana Souza", "Todos", PUBLIC, "Boa tarde a todos", None, False),
        ("João da Silva", "Ana Souza", PRIVATE, "só para você", None, False),
    ],
    "russian_2026.txt": [
        ("Ирина Петрова", "Все", PUBLIC, "Добрый вечер", None, False),
        ("Олег", "Все", PUBLIC, "Здравствуйте", "Добрый вечер", False),
        ("Олег", "Ирина Петрова", PRIVATE, "не читайте вслух", None, False),
        ("Ирина Петрова", "Все", PUBLIC, 'Реакция на "Добрый вечер" с помощью 👍', None, True),
    ],
    "italian.txt": [
        ("Alberto Zaccagni", "Tutti", PUBLIC, "Ciao a tutti", None, False),
        ("Giulia", "Alberto Zaccagni", PRIVATE, "solo per te", None, False),
    ],
}


def read(name: str, text: str | None = None):
    return parse_chat(text if text is not None else (FIXTURES / name).read_text("utf-8"), name)


def summary(messages) -> list[tuple]:
    return [(m.author, m.recipient, m.direct, m.text, m.reply_to, m.reaction) for m in messages]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_form_and_language_gives_its_authors_texts_privacy_and_replies(name):
    messages, problems = read(name)
    assert problems == []
    assert summary(messages) == EXPECTED[name]


@pytest.mark.parametrize("ending", ["\r\n", "\r\r\n", "\r"])
@pytest.mark.parametrize("name", ["current_capital_to.txt", "oneline_2021.txt", "japanese.txt", "workplace_2025.txt"])
def test_any_line_end_and_a_byte_order_mark_read_the_same(name, ending):
    text = (FIXTURES / name).read_text("utf-8")
    bent = "\ufeff" + text.replace("\n", ending)
    assert summary(read(name, bent)[0]) == EXPECTED[name]
    assert len(split_lines(bent)) == text.count("\n")


def test_the_header_words_of_every_language_are_matched_whatever_their_case_and_spacing():
    text = ("17:20:01   FROM   Ana   TO   EVERYONE  :  shouted\n"
            "17:20:02 from ana to everyone:\n\twhispered\n"
            "17:20:03\tFrom Ana To  Everyone : tabbed\n")
    messages, problems = read("case.txt", text)
    assert problems == []
    assert [(m.author, m.direct, m.text) for m in messages] == [
        ("Ana", False, "shouted"), ("ana", False, "whispered"), ("Ana", False, "tabbed")]


def test_twelve_hour_clocks_become_times_of_day():
    messages, problems = read("ampm.txt", "05:15:03 PM From Ana to Everyone:\n\tlate\n12:01:00 AM From Bo to Everyone:\n\tnight\n")
    assert problems == [] and [m.clock for m in messages] == ["17:15:03", "00:01:00"]


# -- privacy: every marker of every language, and every recipient that is not everyone --------

def header(words: zoom_words.Words, author: str, recipient: str, form: str) -> str:
    sender = words.sender[-1] if not words.sender[0] else words.sender[0]
    if form == "two-line":
        return f"17:20:00 {sender} {author} {words.to[0]} {recipient}:\n\tsecretword\n"
    if form == "dated":
        return f"2026-12-05 17:20:00 {sender}  {author}  {words.to[0]}  {recipient}:\n\tsecretword\n\t\n"
    return f"17:20:00\t {sender}  {author}  {words.to[0]}  {recipient} : secretword\n"


@pytest.mark.parametrize("form", ["two-line", "dated", "one-line"])
@pytest.mark.parametrize("words", zoom_words.LANGUAGES, ids=lambda words: words.language)
def test_every_direct_message_marker_of_every_language_is_private(words, form):
    for marker in words.private:
        for recipient in (f"Sam({marker})", f"Sam ({marker})", f"{words.everyone[0]}({marker})",
                          f"{words.everyone[0]} ({marker.upper()})", f"Sam（{marker}）", f"{words.everyone[0]}（{marker}）"):
            public = header(words, "Ana", words.everyone[0], form).replace("secretword", "hello all")
            messages, problems = read("dm.txt", header(words, "Ana", recipient, form) + public)
            assert problems == [], (recipient, problems)
            assert [(m.author, m.direct) for m in messages] == [("Ana", True), ("Ana", False)], recipient
            assert [m.text for m in messages if not m.direct] == ["hello all"]


@pytest.mark.parametrize("recipient", ["Sam", "Everyone(in Waiting Room)", "Everyone (in Meeting)", "All panelists",
                                       "Hosts and panelists", "Me", "Everyone Else", "Todos(En privado)", "全員（ダイレクトメッセージ）"])
def test_a_recipient_that_is_not_the_language_s_everyone_is_private(recipient):
    messages, _ = read("to.txt", f"17:20:00 From Ana to {recipient}:\n\tsecretword\n")
    assert [(m.author, m.direct) for m in messages] == [("Ana", True)]


def test_another_language_s_everyone_is_no_everyone_in_this_file():
    # An English file: "Todos" is a person's name here, not the whole meeting.
    messages, _ = read("x.txt", "17:20:00 From Ana to Todos:\n\tsecretword\n17:21:00 From Ana to Everyone:\n\thi\n")
    assert [m.direct for m in messages] == [True, False]


def test_a_file_in_a_language_no_table_knows_is_read_but_nothing_in_it_is_public():
    text = "".join(f"17:2{n}:00 Mula kay Ana para sa Lahat:\n\tsecretword{n}\n" for n in range(3))
    messages, problems = read("tl.txt", text)
    assert problems == [] and len(messages) == 3
    assert all(m.direct for m in messages)


def test_a_single_header_in_no_known_form_is_named_and_its_body_left_out():
    text = "17:20:00 From Ana to Everyone:\n\thi\n17:21:00 Ana → Sam:\n\tsecretword\n17:22:00 From Bo to Everyone:\n\tyo\n"
    messages, problems = read("x.txt", text)
    assert [m.text for m in messages] == ["hi", "yo"]
    assert [(p.line, p.reason) for p in problems] == [
        (3, "a message header in no known form (its message is left out)"),
        (4, "part of a message whose header could not be read")]


def test_no_break_and_ideographic_spaces_separate_a_header_s_parts():
    text = ("17:20:01\u00a0From\u00a0Ana García\u00a0to\u00a0Everyone:\n\thola\n"
            "17:21:00 開始\u3000山田\u3000に\u3000全員 : こんにちは\n")
    messages, problems = read("spaces.txt", text)
    assert problems == []
    assert [(m.author, m.direct, m.text) for m in messages] == [("Ana García", False, "hola"), ("山田", False, "こんにちは")]


def test_a_one_line_message_keeps_a_no_break_space_it_begins_with():
    (message,), problems = read("x.txt", "17:15:00 From Ana to Everyone : \u00a0x\n")
    assert problems == [] and message.text == "\u00a0x"
