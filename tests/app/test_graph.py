"""The graph widget and sparkline: units, scales, local-time axis, glyph styles, no markup."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult

from linode_tui.ui.widgets.graph import (
    BLOCKS,
    BRAILLE_BASE,
    Graph,
    Series,
    humanize,
    nice_scale,
    render_plot,
    sparkline,
    summarize,
    time_ticks,
)

T_END = 1_736_942_400_000  # 2025-01-15 12:00 UTC, in ms
STEP_MS = 300_000


def _day(values: list[float]) -> list[tuple[float, float]]:
    n = len(values)
    return [(T_END - (n - 1 - i) * STEP_MS, v) for i, v in enumerate(values)]


@pytest.fixture
def tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Set the process timezone for one test (restored afterwards)."""

    def set_tz(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_tz
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0, "bits/s", "0 b/s"),
        (999, "bits/s", "999 b/s"),
        (1_234_567, "bits/s", "1.23 Mb/s"),
        (2_500_000_000, "bits/s", "2.50 Gb/s"),
        (45_600, "bits/s", "45.6 Kb/s"),
        (12.345, "%", "12.3%"),
        (180, "%", "180%"),
        (3.5, "blocks/s", "3.50 blk/s"),
        (12_300, "blocks/s", "12.3K blk/s"),
        (None, "%", "—"),
    ],
)
def test_humanize(value: float | None, unit: str, expected: str) -> None:
    assert humanize(value, unit) == expected


def test_humanize_short_axis_labels() -> None:
    assert humanize(500_000, "bits/s", short=True) == "500 Kb/s"
    assert humanize(1_500_000, "bits/s", short=True) == "1.5 Mb/s"
    assert humanize(25, "%", short=True) == "25%"


def test_nice_scale_is_round_and_covers_the_peak() -> None:
    top, ticks = nice_scale(1_234_567, 4)
    assert top >= 1_234_567 and top == 2_000_000
    assert ticks == [0, 500_000, 1_000_000, 1_500_000, 2_000_000]
    top, _ = nice_scale(37.2, 4)
    assert top == 40
    top, ticks = nice_scale(0, 2)
    assert top == 1.0 and ticks[0] == 0


def test_summary_now_min_avg_max() -> None:
    s = summarize(_day([1, 5, 3]))
    assert (s.now, s.min, s.max) == (3, 1, 5)
    assert s.avg == pytest.approx(3.0)
    assert summarize([]).now is None


def test_series_parse_tolerates_junk_and_sorts() -> None:
    s = Series.parse("cpu", [[2000, 1.5], "x", [1000, "2"], [None, 3], [3000]])
    assert s.points == [(1000.0, 2.0), (2000.0, 1.5)]
    assert Series.parse("x", None).points == []


def test_sparkline_levels_and_resampling() -> None:
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7, 8], 9) == "▁▁▂▃▄▅▆▇█"
    line = sparkline(range(288), 24)
    assert len(line) == 24 and line[-1] == "█" and line[0] == BLOCKS[0]
    assert sparkline([None, 4], 2) == " █"
    assert sparkline([], 5) == "     "


def test_time_axis_uses_local_time(tz: Any) -> None:
    t0, t1 = T_END - 86_400_000, T_END
    tz("UTC")
    utc = time_ticks(t0, t1, 90)
    assert utc and all(label.endswith(":00") for _, label in utc)
    assert [label for _, label in utc][:3] == ["12:00", "15:00", "18:00"]
    tz("Asia/Kolkata")  # UTC+5:30: ticks still fall on round *local* hours
    ist = time_ticks(t0, t1, 90)
    assert [label for _, label in ist][:2] == ["18:00", "21:00"]
    assert [c for c, _ in ist] != [c for c, _ in utc]
    # a month span is labelled by day
    tz("UTC")
    month = time_ticks(T_END - 30 * 86_400_000, T_END, 70)
    assert month and all(len(label) == 6 and label[:3].isalpha() for _, label in month)


def test_two_series_use_different_glyphs_without_colour() -> None:
    flat_high = Series("in", _day([80.0] * 48))
    flat_low = Series("out", _day([20.0] * 48))
    grid = render_plot([flat_high, flat_low], 24, 6, T_END - 47 * STEP_MS, T_END + 1, 100)
    glyphs = {0: set(), 1: set()}  # type: dict[int, set[str]]
    for row in grid:
        for ch, who in row:
            if who is not None:
                glyphs[who].add(ch)
    assert glyphs[0] and glyphs[1]
    assert not glyphs[0] & glyphs[1]  # the area's stripes never look like the line
    assert all(BRAILLE_BASE <= ord(c) <= BRAILLE_BASE + 0xFF for c in glyphs[0] | glyphs[1])
    # the line sits above the bottom, at 20 % of the height
    line_rows = {r for r, row in enumerate(grid) for _, who in row if who == 1}
    assert line_rows == {4}


def test_block_fallback() -> None:
    grid = render_plot(
        [Series("a", _day([50.0] * 10)), Series("b", _day([100.0] * 10))],
        10,
        4,
        T_END - 9 * STEP_MS,
        T_END + 1,
        100,
        glyphs="block",
    )
    chars = {ch for row in grid for ch, _ in row}
    assert "█" in chars and "•" in chars
    assert all(ch in BLOCKS + "• " for ch in chars)


def test_graph_text_has_axes_legend_and_no_markup(tz: Any) -> None:
    tz("UTC")
    g = Graph("[bold]web-1[/] CPU", "%")
    g.set_data([Series("cpu", _day([float(i % 50) for i in range(288)]))])
    text = g.render_text(80, 12).plain
    lines = text.splitlines()
    assert lines[0] == "[bold]web-1[/] CPU"  # API strings are never markup
    assert any("┤" in line for line in lines) and any("└" in line for line in lines)
    assert "15:00" in text and "12:00" in text
    legend = lines[-1]
    for key in ("now 37.0%", "min 0.0%", "max 49.0%", "avg"):
        assert key in legend
    g.set_message("Stats are unavailable at this time.")
    assert "Stats are unavailable at this time." in g.render_text(80, 12).plain


class GraphApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Graph("Traffic", "bits/s", id="g")


async def test_graph_widget_fills_its_area(tz: Any) -> None:
    tz("UTC")
    app = GraphApp()
    async with app.run_test(size=(80, 14)) as pilot:
        g = app.query_one(Graph)
        g.set_data([Series("in", _day([1e6] * 288)), Series("out", _day([2e5] * 288))])
        await pilot.pause()
        shown = g.render().plain.splitlines()
        assert len(shown) == g.size.height == 12  # title, plot, axis, labels and a legend line per series
        assert max(len(line) for line in shown) <= g.content_region.width
        assert "now 1.00 Mb/s" in shown[-2] and "now 200 Kb/s" in shown[-1]
        # the legend marks tell the series apart without colour
        assert shown[-2].startswith("⡇⡇ in") and shown[-1].startswith("⠒⠒ out")
