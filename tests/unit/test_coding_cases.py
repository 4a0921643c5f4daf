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
