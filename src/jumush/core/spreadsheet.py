"""CSV files that are safe to open in a spreadsheet and come back unchanged when imported.

A cell that starts with `=`, `+`, `-` or `@` (also after leading spaces, tabs or line breaks),
or with a tab or carriage return, is read as a formula by Excel, LibreOffice and Google Sheets
(OWASP, "CSV Injection"). `neutralise` puts an apostrophe before such a cell, which spreadsheets
show as text; `restore` takes exactly that apostrophe away again, so our importer reads back the
value written ("+996555123456", "-5", "=SUM(A1)") unchanged. A value that already starts with
an apostrophe before such a character gets one more, so `restore(neutralise(v)) == v` for
every string.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@")
_LEADING = " \t\r\n"


def _dangerous(cell: str) -> bool:
    if cell[:1] in ("\t", "\r"):
        return True
    if cell.lstrip(_LEADING)[:1] in _FORMULA_STARTS:
        return True
    return cell[:1] == "'" and _dangerous(cell[1:])


def neutralise(cell: str) -> str:
    """`cell` as a spreadsheet will show it as text: "'" + cell when it could start a formula."""
    return "'" + cell if _dangerous(cell) else cell


def restore(cell: str) -> str:
    """The value `neutralise` was given: its apostrophe removed, when it added one."""
    return cell[1:] if cell[:1] == "'" and _dangerous(cell[1:]) else cell


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> str:
    """CSV text (comma-separated, every cell neutralised, CRLF line ends as RFC 4180) with a
    header of `columns`; a row's missing columns are empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(row.get(c, "")) for c in columns])
    return out.getvalue()
