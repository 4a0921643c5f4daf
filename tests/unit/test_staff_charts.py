"""Bar charts for the dashboard: scaled to the largest count, one bar per series, numbers
written for SVG whatever the page's language."""

from __future__ import annotations

import pytest

from jumush.staff.charts import WIDTH, bar_chart


def test_bars_are_scaled_to_the_largest_count_and_stacked_in_rows() -> None:
    chart = bar_chart("Workers", [("Ош", [30, 10]), ("Нарын", [0, 15])], series=("f", "m"))
    assert chart.total == 55
    first, second = chart.rows
    assert [b.value for b in first.bars] == [30, 10]
    assert first.bars[0].width == WIDTH - 48
    assert first.bars[1].width == pytest.approx((WIDTH - 48) / 3, abs=0.1)
    assert second.bars[0].width == 0.0  # nothing drawn for zero
    assert second.label_y > first.bars[-1].y
    assert chart.height > second.bars[-1].y
    assert "," not in first.bars[1].w and float(first.bars[1].w) == first.bars[1].width


def test_an_empty_chart_has_no_rows_and_a_negative_count_is_refused() -> None:
    empty = bar_chart("Nothing", [])
    assert empty.rows == () and empty.total == 0
    with pytest.raises(ValueError, match="Ош: a count below zero"):
        bar_chart("Bad", [("Ош", [-1])])


def test_a_long_label_is_cut_to_fit_and_kept_whole_elsewhere() -> None:
    label = "4 Служащие, занятые подготовкой и оформлением документации, учетом и хранением"
    row = bar_chart("ISCO", [(label, [3])]).rows[0]
    assert row.label == label
    assert len(row.short) == 48 and row.short.endswith("…")
