from __future__ import annotations

import pytest

from jumush.core.text import search_key


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
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key
