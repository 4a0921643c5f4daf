"""Bar charts as plain data for server-rendered SVG (templates/staff/chart.html): no library
and no JavaScript in the browser. Pure: no Django, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Drawing width in SVG user units (the SVG scales to the screen's width).
WIDTH = 320
#: Height of one row: its label line and its bar(s).
LABEL_H = 14
BAR_H = 10


@dataclass(frozen=True)
class Bar:
    """One bar: `value` (a count), its `width` in SVG units, `y` of its top, `series` index."""

    value: int
    width: float
    y: int
    series: int

    @property
    def w(self) -> str:
        """The width as SVG text (never localised: "12.5", not "12,5")."""
        return f"{self.width:g}"

    @property
    def text_x(self) -> str:
        return f"{self.width + 4:g}"


#: Characters of a label that fit the drawing at its font size; longer ones are cut with "…"
#: (the whole label stays in the bar's tooltip and in the table beside the chart).
LABEL_CHARS = 48


@dataclass(frozen=True)
class Row:
    label: str
    label_y: int
    bars: tuple[Bar, ...]

    @property
    def short(self) -> str:
        if len(self.label) <= LABEL_CHARS:
            return self.label
        return self.label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Chart:
    """Rows of bars scaled so the largest count fills `WIDTH` less room for the number;
    `height` is the SVG height; `series` names each bar of a row (a legend when more than
    one); `total` sums every count."""

    title: str
    rows: tuple[Row, ...]
    series: tuple[str, ...]
    height: int
    total: int
    width: int = WIDTH


def bar_chart(
    title: str, rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str] = ("",)
) -> Chart:
    """A chart of `rows` (label, one count per series), in the order given. Counts must be
    >= 0; raises ValueError otherwise."""
    top = max((v for _, values in rows for v in values), default=0)
    room = WIDTH - 48  # space for the number after the bar
    y = 0
    out = []
    total = 0
    for label, values in rows:
        if any(v < 0 for v in values):
            raise ValueError(f"{label}: a count below zero")
        label_y = y + LABEL_H - 3
        y += LABEL_H
        bars = []
        for i, value in enumerate(values):
            width = 0.0 if top == 0 else round(room * value / top, 1)
            bars.append(Bar(value, max(width, 1.0) if value else 0.0, y, i))
            y += BAR_H + 2
            total += value
        y += 6
        out.append(Row(label, label_y, tuple(bars)))
    return Chart(title, tuple(out), tuple(series), max(y, 20), total)
