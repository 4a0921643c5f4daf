from __future__ import annotations

import pytest

from jumush.core.text import printable, search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ширетүүчү", "ширетүүчү"),  # Kyrgyz ү kept, never folded to у
        ("ҢӨҮ", "ңөү"),
        ("Водитель  категории\tС", "водитель категории с"),
        ("Ёлочный монтажник", "елочный монтажник"),  # ё folds to е
        ("е\u0308ж", "еж"),  # decomposed ё is composed (NFC) and then folded
        ("Край", "край"),  # й kept
        ("  Welder  ", "welder"),
        ("", ""),
        ("сва\u00adрщик", "сварщик"),  # a soft hyphen or zero-width space is no word break
        ("wel\u200bder\u200f", "welder"),
        ("повар\x00кондитер\u2028", "повар кондитер"),  # a control character is one
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


def test_printable_drops_control_and_invisible_characters() -> None:
    assert printable("Ash\x07pozchu\u200b \u202eуста") == "Ashpozchu уста"
