"""The web font has the Kyrgyz letters (Ң ң Ү ү Ө ө) and й ё, is small, and is served as
immutable with a long cache lifetime."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[2] / "src" / "jumush" / "static" / "jumush" / "fonts"
FACES = sorted(FONTS.glob("jumush-sans-*.woff2"))
LETTERS = "ҢңҮүӨөЙйЁё" + "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзиклмнопрстуфхцчшщъыьэюя"


def test_there_are_a_regular_and_a_bold_face() -> None:
    assert [f.name for f in FACES] == ["jumush-sans-1-bold.woff2", "jumush-sans-1-regular.woff2"]


@pytest.mark.parametrize("face", FACES, ids=[f.name for f in FACES])
def test_font_has_glyphs_for_kyrgyz_russian_and_latin_letters(face: Path) -> None:
    font = TTFont(face)
    assert font.flavor == "woff2"
    cmap = font.getBestCmap()
    missing = [c for c in LETTERS + "AZaz09€₽₸" if ord(c) not in cmap]
    assert not missing, f"{face.name} lacks {missing}"
    for letter in "Ңң":  # a real outline, not an empty glyph
        glyph = font.getGlyphSet()[cmap[ord(letter)]]
        assert glyph.width > 0
    assert "Open Font License" in font["name"].getDebugName(13)
    assert face.stat().st_size < 40_000


def test_fonts_are_cached_as_immutable() -> None:
    from django.test import Client

    response = Client().get("/static/jumush/fonts/jumush-sans-1-regular.woff2")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    css = b"".join(Client().get("/static/jumush/site.css").streaming_content)  # type: ignore[attr-defined]
    assert b"jumush-sans-1-regular.woff2" in css
