"""URL slugs from Kyrgyz, Russian and English titles: ASCII, never empty."""

from __future__ import annotations

import pytest

from jumush.core.slugs import MAX_SLUG_LENGTH, slug_for


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ширетүүчү (5-разряд)", "shiretuuchu-5-razryad"),
        ("Өндүрүштөгү жумушчу", "ondurushtogu-zhumushchu"),
        ("Ашпозчунун жардамчысы", "ashpozchunun-zhardamchysy"),
        ("Жаңы үй курулушу", "zhangy-uy-kurulushu"),
        ("Сварщик-монтажник, вахта 60/30", "svarshchik-montazhnik-vakhta-60-30"),
        ("Ёлочный базар: подсобный рабочий", "yolochnyy-bazar-podsobnyy-rabochiy"),
        ("Welder 6G (TIG)", "welder-6g-tig"),
        ("Crème brûlée cook", "creme-brulee-cook"),
        ("  ---  ", "42"),
        ("焊工", "42"),
        ("", "42"),
    ],
)
def test_slug_is_transliterated_and_falls_back_to_the_id(title: str, slug: str) -> None:
    assert slug_for(title, 42) == slug


def test_slug_is_cut_at_a_hyphen_and_never_ends_with_one() -> None:
    slug = slug_for("Ширетүүчү " * 20, 1)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert slug.startswith("shiretuuchu-shiretuuchu")
    assert not slug.endswith("-")
    assert slug_for("a" * 100, 1) == "a" * MAX_SLUG_LENGTH
