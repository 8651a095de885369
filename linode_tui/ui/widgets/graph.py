"""Terminal graphs for the stats screens: a braille time-series chart and a one-line sparkline.

Why our own widget and not ``textual-plotext``
----------------------------------------------
* Weight: textual-plotext pulls in plotext (a whole plotting library, its own colour and
  layout engine) for what is, here, two series on a fixed 24 h time axis. This module is a few
  hundred lines of pure Python on top of Rich ``Text``, with no new dependency.
* NO_COLOR and 16 colours: plotext tells series apart by colour only, and draws its own colour
  codes, so under ``NO_COLOR`` (Textual's monochrome filter) two series become the same grey
  dots. Here every series has its own *glyph style* as well as its colour: the first series is a
  striped area (``⡇`` columns under the curve), the second a solid line, so they stay
  distinguishable in monochrome; colours come from theme variables (component classes), so
  they follow the theme and degrade to the 16 ANSI colours like the rest of the UI.
* Fit: values are humanised for the units the Linode API uses (%, blocks/s, bits/s →
  Kb/s, Mb/s, Gb/s), the time axis is the user's *local* time (``hh:mm``), and the legend
  carries now/min/avg/max per series, which is what an operator reads first.

Rendering
---------
Braille cells hold 2×4 dots, so a 70×8 cell plot has 140×32 "pixels". Each pixel column
takes the *maximum* of the samples that fall into it (peaks must not disappear when 288
5-minute points are squeezed into fewer columns). Terminals or fonts without braille can use
the block fallback (``LINODE_TUI_GRAPH=block`` or ``Graph(glyphs="block")``): one column per
cell, eighth blocks ``▁▂▃▄▅▆▇█`` for the first series and ``•`` marks for the second.

API strings (series names come from our code; titles may carry labels) are never markup:
everything is assembled as ``rich.text.Text``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

from msgspec import Struct, field
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

__all__ = [
    "BLOCKS",
    "Graph",
    "Series",
    "Summary",
    "humanize",
    "nice_scale",
    "render_plot",
    "sparkline",
    "summarize",
    "time_ticks",
]

Point = tuple[float, float]  # (timestamp in ms, value)
Glyphs = Literal["braille", "block"]

BLOCKS = "▁▂▃▄▅▆▇█"
# braille dot bits by (column 0..1, row 0..3 from the top)
_DOT = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
BRAILLE_BASE = 0x2800
# legend marks: what each series looks like on the plot (readable without colour)
MARKS_BRAILLE = ("⡇⡇", "⠒⠒")
MARKS_BLOCK = ("▆▆", "••")

UNIT_SUFFIX = {"%": "%", "bits/s": "b/s", "blocks/s": "blk/s", "conn/s": "cxn/s", "bytes": "B"}


# -- numbers -----------------------------------------------------------------------------------

def humanize(value: float | None, unit: str, *, short: bool = False) -> str:
    """A value with its unit, scaled: ``1.23 Mb/s``, ``45.6%``, ``12.3 blk/s``, ``2.5K cxn/s``.

    ``short`` (axis labels) drops needless decimals: ``500 Kb/s``, ``2.5 Mb/s``.
    """
    if value is None or math.isnan(value):
        return "—"
    v = float(value)
    if unit == "%":
        if short:
            return f"{v:.0f}%" if v == int(v) or abs(v) >= 10 else f"{v:.1f}%"
        return f"{v:.0f}%" if abs(v) >= 100 else f"{v:.1f}%"
    base = 1024.0 if unit == "bytes" else 1000.0
    prefixes = ("", "K", "M", "G", "T", "P")
    i = 0
    while abs(v) >= base and i < len(prefixes) - 1:
        v /= base
        i += 1
    if short:
        text = f"{v:.0f}" if v == int(v) or abs(v) >= 100 else f"{v:.1f}"
    elif abs(v) >= 100 or (i == 0 and v == int(v)):
        text = f"{v:.0f}"
    else:
        text = f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"
    if unit == "bits/s":
        return f"{text} {prefixes[i]}b/s"
    if unit == "bytes":
        return f"{text} {prefixes[i]}iB" if i else f"{text} B"
    suffix = UNIT_SUFFIX.get(unit, unit)
    return f"{text}{prefixes[i]} {suffix}".rstrip()


def nice_scale(max_value: float, divisions: int = 4) -> tuple[float, list[float]]:
    """A round top for the y axis (≥ ``max_value``) and evenly spaced ticks from 0."""
    divisions = max(1, divisions)
    if not max_value or max_value <= 0 or math.isnan(max_value):
        return 1.0, [i / divisions for i in range(divisions + 1)]
    raw = max_value / divisions
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        step = m * mag
        if step * divisions >= max_value * 0.999999:
            break
    top = step * divisions
    return top, [step * i for i in range(divisions + 1)]


class Summary(Struct, frozen=True):
    now: float | None
    min: float | None
    avg: float | None
    max: float | None


def summarize(points: Sequence[Point]) -> Summary:
    values = [v for _, v in points if v is not None]
    if not values:
        return Summary(None, None, None, None)
    return Summary(values[-1], min(values), sum(values) / len(values), max(values))


# -- series ------------------------------------------------------------------------------------

class Series(Struct):
    name: str
    points: list[Point] = field(default_factory=list)

    @classmethod
    def parse(cls, name: str, raw: object) -> Series:
        """From the API's ``[[ts_ms, value], …]`` (anything malformed is skipped)."""
        out: list[Point] = []
        if isinstance(raw, list):
            for p in raw:
                if isinstance(p, list | tuple) and len(p) >= 2:
                    try:
                        out.append((float(p[0]), float(p[1])))
                    except (TypeError, ValueError):
                        continue
        out.sort(key=lambda p: p[0])
        return cls(name, out)

    def summary(self) -> Summary:
        return summarize(self.points)

    @property
    def is_zero(self) -> bool:
        return all(v == 0 for _, v in self.points)


def _columns(points: Sequence[Point], t0: float, t1: float, n: int) -> list[float | None]:
    """Bucket points into ``n`` columns over [t0, t1] (ms), keeping each column's maximum."""
    cols: list[float | None] = [None] * n
    if n <= 0 or t1 <= t0:
        return cols
    span = t1 - t0
    for ts, v in points:
        if ts < t0 or ts > t1:
            continue
        x = min(n - 1, int((ts - t0) / span * n))
        cur = cols[x]
        cols[x] = v if cur is None or v > cur else cur
    return cols


def render_plot(series: Sequence[Series], width: int, height: int, t0: float, t1: float, top: float,
                glyphs: Glyphs = "braille") -> list[list[tuple[str, int | None]]]:
    """The plot area as rows of (character, series index or None) cells, top row first.

    Series 0 is drawn as a striped area, series 1 as a line (braille) — or bars and dots
    (blocks). Later series are drawn over earlier ones.
    """
    width, height = max(1, width), max(1, height)
    top = top if top > 0 else 1.0
    if glyphs == "block":
        return _render_blocks(series, width, height, t0, t1, top)
    px_w, px_h = width * 2, height * 4
    # one bitmap per series; a cell shows the last series that has dots in it (so a line stays a
    # clean stroke where it crosses an area, even without colour)
    layers = [[[0] * width for _ in range(height)] for _ in series]

    def level(v: float) -> int:
        return max(0, min(px_h - 1, round(v / top * (px_h - 1))))

    for s, ser in enumerate(series):
        bits = layers[s]

        def dot(x: int, y: int, bits: list[list[int]] = bits) -> None:  # y: 0 = bottom
            if 0 <= x < px_w and 0 <= y < px_h:
                bits[height - 1 - y // 4][x // 2] |= _DOT[x % 2][3 - y % 4]

        cols = _columns(ser.points, t0, t1, px_w)
        prev: int | None = None
        for x, v in enumerate(cols):
            if v is None:
                prev = None
                continue
            y = level(v)
            if s % 2 == 0:  # area: full stripes on even pixel columns, the top edge on odd ones
                if x % 2 == 0:
                    for yy in range(0, y + 1):
                        dot(x, yy)
                else:
                    dot(x, y)
            else:  # line: connect to the previous column (half of a jump drawn in each column)
                if prev is None or abs(prev - y) <= 1:
                    dot(x, y)
                    if prev is not None:
                        dot(x, prev)
                else:
                    mid = (prev + y) / 2
                    for yy in range(min(prev, y), max(prev, y) + 1):
                        near_prev = abs(yy - prev) < abs(yy - mid) or yy == prev
                        dot(x - 1 if near_prev else x, yy)
            prev = y
    out: list[list[tuple[str, int | None]]] = []
    for r in range(height):
        row: list[tuple[str, int | None]] = []
        for c in range(width):
            cell: tuple[str, int | None] = (" ", None)
            for s in range(len(series) - 1, -1, -1):
                b = layers[s][r][c]
                if b:
                    cell = (chr(BRAILLE_BASE + b), s)
                    break
            row.append(cell)
        out.append(row)
    return out


def _render_blocks(series: Sequence[Series], width: int, height: int, t0: float, t1: float,
                   top: float) -> list[list[tuple[str, int | None]]]:
    grid: list[list[tuple[str, int | None]]] = [[(" ", None)] * width for _ in range(height)]
    levels = height * 8
    for s, ser in enumerate(series):
        cols = _columns(ser.points, t0, t1, width)
        for x, v in enumerate(cols):
            if v is None:
                continue
            eighths = max(1, min(levels, round(v / top * levels)))
            if s % 2 == 0:
                full, rest = divmod(eighths, 8)
                for r in range(full):
                    grid[height - 1 - r][x] = ("█", s)
                if rest and full < height:
                    grid[height - 1 - full][x] = (BLOCKS[rest - 1], s)
            else:
                r = min(height - 1, (eighths - 1) // 8)
                grid[height - 1 - r][x] = ("•", s)
    return grid


# -- time axis ---------------------------------------------------------------------------------

_STEPS = (300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 2 * 86400, 4 * 86400,
          7 * 86400, 14 * 86400)


def _utcoffset(ts: float) -> float:
    off = datetime.fromtimestamp(ts).astimezone().utcoffset()
    return off.total_seconds() if off is not None else 0.0


def time_ticks(t0_ms: float, t1_ms: float, width: int, min_gap: int = 9) -> list[tuple[int, str]]:
    """Tick columns and local-time labels for a time axis ``width`` cells wide over [t0, t1] (ms).

    Ticks fall on round *local* times (every 3 h at 03:00, 06:00 …); labels are ``hh:mm`` when
    the step is under a day, ``Mon dd`` otherwise.
    """
    t0, t1 = t0_ms / 1000.0, t1_ms / 1000.0
    if width <= 1 or t1 <= t0:
        return []
    span = t1 - t0
    step = _STEPS[-1]
    for cand in _STEPS:
        if cand / span * width >= min_gap:
            step = cand
            break
    off = _utcoffset(t0)
    first = math.ceil((t0 + off) / step) * step - off
    out: list[tuple[int, str]] = []
    t = first
    while t <= t1:
        col = round((t - t0) / span * (width - 1))
        dt = datetime.fromtimestamp(t)
        label = dt.strftime("%H:%M") if step < 86400 else dt.strftime("%b %d")
        out.append((col, label))
        t += step
    return out


# -- sparkline ---------------------------------------------------------------------------------

def sparkline(values: Iterable[float | None], width: int, top: float | None = None) -> str:
    """One line of eighth blocks; values are resampled to ``width`` columns (max per column)."""
    vals = [v for v in values]
    if width <= 0:
        return ""
    if not vals:
        return " " * width
    n = len(vals)
    cols: list[float | None] = []
    for i in range(width):
        lo = i * n // width
        hi = max(lo + 1, (i + 1) * n // width)
        chunk = [v for v in vals[lo:hi] if v is not None]
        cols.append(max(chunk) if chunk else None)
    real = [c for c in cols if c is not None]
    peak = top if top is not None else (max(real) if real else 0.0)
    out = []
    for c in cols:
        if c is None:
            out.append(" ")
        elif peak <= 0:
            out.append(BLOCKS[0])
        else:
            out.append(BLOCKS[max(0, min(7, math.ceil(c / peak * 8) - 1))])
    return "".join(out)


# -- the widget --------------------------------------------------------------------------------

def default_glyphs() -> Glyphs:
    return "block" if os.environ.get("LINODE_TUI_GRAPH", "").lower() == "block" else "braille"


class Graph(Widget):
    """A titled time-series chart: y axis, local-time x axis and a now/min/avg/max legend.

    ``set_data`` replaces the series; ``set_message`` shows a line of text instead (loading,
    not available yet, error). Height is set by CSS; the plot gets what the title, axis and
    legend leave.
    """

    DEFAULT_CSS = """
    Graph { height: 12; width: 1fr; padding: 0 1 0 0; }
    Graph > .graph--title { text-style: bold; }
    Graph > .graph--axis { color: $text-muted; }
    Graph > .graph--s0 { color: $primary; }
    Graph > .graph--s1 { color: $warning; }
    Graph > .graph--message { color: $text-muted; text-style: italic; }
    """
    COMPONENT_CLASSES = {"graph--title", "graph--axis", "graph--s0", "graph--s1", "graph--message"}

    def __init__(self, title: str, unit: str, *, glyphs: Glyphs | None = None, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.title = title
        self.unit = unit
        self.glyphs: Glyphs = glyphs or default_glyphs()
        self.series: list[Series] = []
        self.span: tuple[float, float] | None = None
        self.message: str = "Loading…"

    def set_data(self, series: Sequence[Series], span: tuple[float, float] | None = None) -> None:
        """Show ``series``; ``span`` is the (t0, t1) window in ms (default: the data's extent)."""
        self.series = list(series)
        self.span = span
        self.message = ""
        self.refresh()

    def set_message(self, message: str) -> None:
        self.message = message
        self.series = []
        self.refresh()

    def _style(self, name: str) -> Style:
        try:
            return self.get_component_rich_style(name)
        except (KeyError, Exception):
            return Style()

    def extent(self) -> tuple[float, float] | None:
        if self.span is not None:
            return self.span
        stamps = [ts for s in self.series for ts, _ in s.points]
        if not stamps:
            return None
        return min(stamps), max(stamps)

    def render(self) -> Text:
        width, height = self.content_region.width or self.size.width, self.size.height
        return self.render_text(max(10, width), max(3, height))

    def render_text(self, width: int, height: int) -> Text:
        title_style, axis_style = self._style("graph--title"), self._style("graph--axis")
        out = Text(no_wrap=True, overflow="crop")
        out.append(self.title[:width], title_style)
        if self.message or not self.series:
            out.append("\n")
            out.append(Text(self.message or "No data.", style=self._style("graph--message")))
            return out
        series_styles = [self._style("graph--s0"), self._style("graph--s1")]
        marks = MARKS_BLOCK if self.glyphs == "block" else MARKS_BRAILLE
        legend = [self._legend_line(i, s, marks, series_styles, width) for i, s in enumerate(self.series)]
        plot_h = max(1, height - 1 - 2 - len(legend))  # title, axis line + labels, legend
        extent = self.extent()
        assert extent is not None
        t0, t1 = extent
        peak = max((v for s in self.series for _, v in s.points), default=0.0)
        # as many divisions as land exactly on plot rows (at least two rows apart)
        divisions = next((d for d in (4, 3, 2) if (plot_h - 1) % d == 0 and (plot_h - 1) // d >= 2),
                         2 if plot_h >= 5 else 1)
        top, ticks = nice_scale(peak, divisions)
        labels = [humanize(t, self.unit, short=True) for t in ticks]
        label_w = max(len(x) for x in labels)
        plot_w = max(4, width - label_w - 1)
        grid = render_plot(self.series, plot_w, plot_h, t0, t1 + 1, top, self.glyphs)
        # which plot row carries each y tick
        tick_rows: dict[int, str] = {}
        for t, lab in zip(ticks, labels, strict=True):
            tick_row = plot_h - 1 - round(t / top * (plot_h - 1)) if plot_h > 1 else 0
            tick_rows.setdefault(tick_row, lab)
        for r, cells in enumerate(grid):
            out.append("\n")
            ylab = tick_rows.get(r)
            out.append(f"{ylab:>{label_w}}┤" if ylab is not None else " " * label_w + "│", axis_style)
            run_text, run_owner = "", None
            for ch, who in cells:
                if who != run_owner and run_text:
                    out.append(run_text, series_styles[run_owner % 2] if run_owner is not None else None)
                    run_text = ""
                run_owner = who
                run_text += ch
            if run_text:
                out.append(run_text, series_styles[run_owner % 2] if run_owner is not None else None)
        # x axis: a rule with tick marks and local-time labels under them
        ticks_x = time_ticks(t0, t1, plot_w)
        rule = ["─"] * plot_w
        label_line = [" "] * plot_w
        last_end = -2
        for col, lab in ticks_x:
            if 0 <= col < plot_w:
                rule[col] = "┬"
                start = max(0, min(plot_w - len(lab), col - len(lab) // 2))
                if start > last_end:
                    label_line[start:start + len(lab)] = list(lab)
                    last_end = start + len(lab)
        out.append("\n")
        out.append(" " * label_w + "└" + "".join(rule), axis_style)
        out.append("\n")
        out.append(" " * (label_w + 1) + "".join(label_line), axis_style)
        for line in legend:
            out.append("\n")
            out.append_text(line)
        return out

    def _legend_line(self, i: int, s: Series, marks: tuple[str, str], styles: list[Style],
                     width: int) -> Text:
        """``⡇⡇ in   now 1.2 Mb/s  min …  avg …  max …`` — dropping min, then avg, when narrow."""
        def values(x: Series) -> dict[str, float | None]:
            sm = x.summary()
            return {"now": sm.now, "min": sm.min, "avg": sm.avg, "max": sm.max}

        name_w = max((len(x.name) for x in self.series), default=0)
        everyone = [values(x) for x in self.series] or [values(s)]
        mine = values(s)
        for keys in (("now", "min", "avg", "max"), ("now", "avg", "max"), ("now", "max"), ("now",)):
            cells = [(k, humanize(mine[k], self.unit)) for k in keys]
            # one value width for every legend line, so the columns line up
            val_w = max(len(humanize(v[k], self.unit)) for v in everyone for k in keys)
            need = len(marks[0]) + 1 + name_w + sum(2 + len(k) + 1 + val_w for k, _ in cells)
            if need <= width:
                break
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(marks[i % 2], styles[i % 2])
        t.append(f" {s.name:<{name_w}}")
        for key, val in cells:
            t.append(f"  {key} ", self._style("graph--axis"))
            t.append(f"{val:<{val_w}}")
        t.rstrip()
        t.truncate(width, overflow="ellipsis")
        return t
