"""Table-driven coding cases (tests/data/coding_cases.csv): every failure kind the coder must
handle, in ky, ru and en. Written from the ISCO-08 definitions and everyday usage, not taken
from the benchmark sets. `expected` is a unit group, several joined by |, "abstain", or "vague"
(abstain with reason "vague", so the page asks one follow-up question); a
trailing "?" ("8322?") marks a near tie between unit groups: the right group must lead, but
the coder may ask (abstain for low confidence) rather than answer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings

from jumush.coding.coder import Coder
from jumush.coding.service import get_coder

CASES = Path(__file__).resolve().parents[1] / "data" / "coding_cases.csv"


def _cases() -> list[pytest.param]:
    with CASES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        pytest.param(
            r["text"].encode("latin-1", "backslashreplace").decode("unicode_escape")
            if r["kind"] in ("junk", "invisible")
            else r["text"],
            r["expected"],
            r["lang"],
            id=f"line{line}-{r['kind']}",
        )
        for line, r in enumerate(rows, start=2)
    ]


@pytest.fixture(scope="module")
def coder() -> Coder:
    return get_coder(settings.CACHE_DIR)


def test_table_has_enough_rows_in_every_language() -> None:
    with CASES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 150
    for lang in ("ky", "ru", "en"):
        assert sum(r["lang"] == lang for r in rows) >= 40


@pytest.mark.parametrize(("text", "expected", "lang"), _cases())
def test_coding_case(coder: Coder, text: str, expected: str, lang: str) -> None:
    result = coder.code(text)
    top = result.candidates[0].isco08_code if result.candidates else None
    if expected in ("abstain", "vague"):
        assert result.abstain, f"{text!r} should abstain, got {top} ({result.confidence:.2f})"
        assert result.isco08_code is None
        if expected == "vague":
            assert result.reason == "vague", f"{text!r}: {result.reason}"
        return
    may_ask = expected.endswith("?")
    assert top in expected.rstrip("?").split("|"), f"{text!r}: expected {expected}, got {top}"
    if may_ask and result.abstain:
        assert result.reason == "low_confidence", f"{text!r}: {result.reason}"
        assert result.isco08_code is None
        return
    assert not result.abstain, f"{text!r} abstained ({result.reason}) though {top} is right"
    assert result.lang in lang.split("|")
    assert len(result.isco08_code or "") == 4


# --- Texts longer than a title ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "lang"),
    [
        (
            "Здравствуйте, меня зовут Азат, мне 30 лет, я из Нарынской области, работал в "
            "Казани сварщиком 4 года, есть опыт с полуавтоматом и аргоном, ищу работу сварщика "
            "с проживанием, могу выехать сразу",
            "7212",
            "ru",
        ),
        (
            "Саламатсызбы, менин атым Азат, 30 жаштамын, Нарындан болом, Казанда 4 жыл "
            "ширетүүчү болуп иштедим, полуавтомат жана аргон менен иштей алам, жатакана менен "
            "ширетүүчү жумушун издеп жатам",
            "7212",
            "ky",
        ),
    ],
)
def test_a_few_sentences_about_oneself_are_coded(
    coder: Coder, text: str, code: str, lang: str
) -> None:
    result = coder.code(text)
    assert (result.isco08_code, result.lang) == (code, lang), result


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("сварщик " * 61, "ru"),
        ("ширетүүчү " * 61, "ky"),
        ("welder " * 61, "en"),
        ("x" * 1001, "en"),
    ],
)
def test_too_long_still_says_the_language(coder: Coder, text: str, lang: str) -> None:
    result = coder.code(text)
    assert (result.abstain, result.reason, result.lang) == (True, "too_long", lang)


def test_punctuation_is_no_word(coder: Coder) -> None:
    assert coder.code("сварщик" + " ," * 80).isco08_code == "7212"


def test_bad_arguments_are_refused_not_coded(coder: Coder) -> None:
    # One string would be coded letter by letter; top_k 0 gave an answer without a code.
    with pytest.raises(TypeError, match="not one string"):
        coder.code_many("сварщик")
    with pytest.raises(TypeError, match=r"texts\[1\] is a NoneType"):
        coder.code_many(["сварщик", None])  # type: ignore[list-item]
    for top_k in (0, -1):
        with pytest.raises(ValueError, match="top_k must be 1 or more"):
            coder.code_many(["сварщик"], top_k=top_k)
    assert [c.isco08_code for c in coder.code("сварщик", top_k=1).candidates] == ["7212"]
