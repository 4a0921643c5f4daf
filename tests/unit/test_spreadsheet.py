"""Formula-like cells are neutralised for spreadsheets and restored exactly on re-import."""

from __future__ import annotations

import pytest

from jumush.core.spreadsheet import neutralise, restore

CASES = [
    ("+996555123456", "'+996555123456"),
    ("-5000", "'-5000"),
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("  =1+1", "'  =1+1"),
    ("\t=1", "'\t=1"),
    ("\r1", "'\r1"),
    ("'=1", "''=1"),
    ("Сварщик", "Сварщик"),
    ("a-b", "a-b"),
    ("'quoted", "'quoted"),
    ("", ""),
]


@pytest.mark.parametrize(("value", "written"), CASES)
def test_formula_cells_are_neutralised_and_restored(value: str, written: str) -> None:
    assert neutralise(value) == written
    assert restore(written) == value
