"""The normalisation steps one by one (coding/normalise.py)."""

from __future__ import annotations

import pytest

from jumush.coding.normalise import (
    Normaliser,
    clean,
    english_key,
    flatten,
    from_layout,
    ky_singular,
    to_layout,
    transliterate,
    transliterations,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Свaрщик", "сварщик"),  # Latin a inside a Cyrillic word
        ("ПOВАР", "повар"),  # Latin O
        ("1С программист", "1с программист"),
        ("жаӊы", "жаңы"),  # old code point for ң
        ("Ѳнөр", "өнөр"),  # Ѳ for Ө
        ("Ёлка", "елка"),
        ("край", "край"),  # й kept
        ("тигүүчү", "тигүүчү"),  # Kyrgyz letters kept
        ("a\x00b\u200bc", "a bc"),  # a control character is a space, a zero-width one nothing
        ("welder", "welder"),
    ],
)
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_flatten_is_for_keys_only() -> None:
    assert flatten("жүк ташуучу өңдөөчү") == "жук ташуучу ондоочу"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("aidoochu", "айдоочу"),
        ("ashpozchu", "ашпозчу"),
        ("juk", "жук"),
        ("shiretuuchu", "ширетуучу"),
        ("svarshchik", "сварщик"),
    ],
)
def test_transliterate(latin: str, cyrillic: str) -> None:
    assert transliterate(latin) == cyrillic
    assert transliterations(latin)[0] == cyrillic


def test_shch_reads_as_russian_shcha_then_as_kyrgyz_sh_ch() -> None:
    assert transliterations("jumushchu") == ("жумущу", "жумушчу")
    assert transliterations("aidoochu") == ("айдоочу",)


def test_keyboard_layout_both_ways() -> None:
    assert from_layout("cdfhobr") == "сварщик"
    assert to_layout("цудвук") == "welder"


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("ашпозчулар", "ашпозчу"),
        ("айдоочулары", "айдоочу"),
        ("жардамчысы", "жардамчы"),
        ("ширетүүчүлөр", "ширетүүчү"),
        ("тигүүчү", "тигүүчү"),
        ("оператор", "оператор"),
        ("оператору", "оператор"),
        ("слесары", "слесарь"),
    ],
)
def test_ky_singular(word: str, singular: str) -> None:
    assert ky_singular(word) == singular


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("welders", "welder"),
        ("nannies", "nanny"),
        ("labourers", "laborer"),
        ("adviser", "advisor"),
        ("anaesthetist", "anesthetist"),
        ("camerawoman", "cameraman"),
        ("assembler", "assembly"),
        ("welding", "weld"),
    ],
)
def test_english_variants_share_a_key(one: str, other: str) -> None:
    assert english_key(one) == english_key(other)


def test_english_key_keeps_distinct_words_apart() -> None:
    assert english_key("glass") != english_key("gas")
    assert english_key("business") == "busi" or english_key("business") != english_key("bus")


@pytest.mark.parametrize(
    ("word", "vocab", "expected"),
    [
        ("electrican", {"electrician", "elektrik"}, "electrician"),  # one letter left out
        ("вадитель", {"водитель"}, "водитель"),
        ("limnologist", {"sinologist"}, None),  # another word, not a typo
        ("welder", {"helder"}, None),  # differs in the first letter
        ("cook", {"cooks"}, None),  # under 5 letters: never corrected
    ],
)
def test_correct_keeps_the_first_letter(word: str, vocab: set[str], expected: str | None) -> None:
    assert Normaliser().correct(word, frozenset(vocab)) == expected
