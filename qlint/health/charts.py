"""The geometry and colours of the report's charts, worked out here so the page template
only places what it is given: inline SVG, drawn before the page is opened, so it needs no
script, no library and no network, and prints as it shows.

Colours are one hue (blue) in steps of lightness, which every kind of colour vision and a
grey-scale printer tell apart; no chart relies on colour alone: every bar and cell has its
number written beside or in it, and every chart has a table with the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qlint.health.figures import Figures, Kinds
from qlint.health.text import percent

# Bars by what `qlint fix` can do: the darkest for what stays, a lighter blue for what it
# fixes, the same blue hatched for what only --unsafe-fixes fixes.
UNFIXABLE = "#1c4a86"
SAFE = "#5b8ccb"
TRACK = "#e4e9f0"  # the empty part of a 0-100 % bar
INK = "#16202c"  # text
WHITE = "#ffffff"

# The heat map's shades, lightest first; a cell with no problem stays white.
SHADES = ("#e6f0fb", "#c3d9f2", "#94bbe6", "#5f97d3", "#2e6db7", "#123f7e")

CHAR = 7.2  # the width of one character of the charts' 12 px text, as a bound for layout
ROW = 22  # the height of one bar row
BAR_HEIGHT = 14
LABEL_MOST = 34  # characters of a chart label before it is cut (the whole is in its title)


def luminance(colour: str) -> float:
    """Relative luminance of `#rrggbb`, as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """The text colour (INK or WHITE) that reads better on `background`."""
    return INK if contrast(INK, background) >= contrast(WHITE, background) else WHITE


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    kind: str  # "unfixable", "safe" or "unsafe": the CSS class that colours it
    count: int


@dataclass(frozen=True)
class BarRow:
    label: str
    y: float
    segments: tuple[Segment, ...]
    total: int
    end: float  # where the bar ends: its number is written after it


def bar_rows(rows: list[tuple[str, int, int, int]], x: float, width: float, top: float = 0) -> list[BarRow]:
    """Stacked bars, one per (label, unfixable, safe, unsafe), on one scale: the longest is
    `width` long; each starts at `x`, one ROW below the other from `top`."""
    longest = max((sum(row[1:]) for row in rows), default=0) or 1
    made = []
    for number, (label, *counts) in enumerate(rows):
        at, segments = x, []
        for kind, count in zip(("unfixable", "safe", "unsafe"), counts):
            if count:
                length = max(width * count / longest, 1.5)  # one problem still shows
                segments.append(Segment(at, length, kind, count))
                at += length
        made.append(BarRow(label, top + number * ROW, tuple(segments), sum(counts), at))
    return made


@dataclass(frozen=True)
class Shade:
    level: int  # 1 (lightest) to len(SHADES)
    low: int  # the counts this shade stands for, low..high
    high: int

    @property
    def fill(self) -> str:
        return SHADES[self.level - 1]

    @property
    def ink(self) -> str:
        return text_on(self.fill)


class ShadeScale:
    """Counts to shades on a logarithmic scale up to the largest count: a heat map's counts
    run from 1 to thousands, and a linear scale would leave all but a few cells pale."""

    def __init__(self, largest: int) -> None:
        self.largest = max(largest, 1)
        steps = len(SHADES)
        # A count c is in level k when largest^((k-1)/steps) < c <= largest^(k/steps).
        self.bounds = [self.largest ** (k / steps) for k in range(1, steps)]

    def level(self, count: int) -> int:
        return 1 + sum(count > bound for bound in self.bounds)

    def shade(self, count: int) -> Shade:
        level = self.level(count)
        return Shade(level, *self._range(level))

    def legend(self) -> list[Shade]:
        """The shades some count can have, with the counts each stands for."""
        shades = [Shade(level, *self._range(level)) for level in range(1, len(SHADES) + 1)]
        return [shade for shade in shades if shade.low <= shade.high]

    def _range(self, level: int) -> tuple[int, int]:
        edges = [0.0, *self.bounds, float(self.largest)]
        low = math.floor(edges[level - 1]) + 1
        high = self.largest if level == len(SHADES) else math.floor(edges[level])
        return max(low, 1), high


def text_width(text: str) -> float:
    return len(text) * CHAR


def shortened(text: str, most: int) -> str:
    """`text` cut to `most` characters with an ellipsis (the whole text is in the title)."""
    return text if len(text) <= most else text[: most - 1] + "…"


# ----- the report's charts -----------------------------------------------------------------
@dataclass(frozen=True)
class BarChart:
    label_width: float
    width: float
    height: float
    rows: list[BarRow]


def _kinds_row(label: str, kinds: Kinds) -> tuple[str, int, int, int]:
    return (label, kinds.unfixable, kinds.safe, kinds.unsafe)


def rules_chart(figures: Figures) -> BarChart:
    rows = [_kinds_row(f"{r.rule.code} {r.rule.name}", r.kinds) for r in figures.rules_with_problems]
    label_width = max((text_width(label) for label, *_ in rows), default=0) + 12
    bars = bar_rows(rows, label_width, 560)
    return BarChart(label_width, label_width + 560 + 70, len(rows) * ROW + 4, bars)


@dataclass(frozen=True)
class SubjectRow:
    label: str
    full: str
    y: float
    records: int
    passing: int
    pass_width: float
    pass_text: str
    bar: BarRow


@dataclass(frozen=True)
class SubjectChart:
    label_width: float
    records_x: float  # right edge of the records column
    pass_x: float
    pass_width: float
    bars_x: float
    width: float
    height: float
    top: float  # the column headings take this much
    rows: list[SubjectRow]


def subjects_chart(figures: Figures) -> SubjectChart:
    labels = [shortened(s.name, LABEL_MOST) for s in figures.subjects]
    label_width = max((text_width(label) for label in labels), default=0) + 12
    records_x = label_width + 70
    pass_x, pass_width = records_x + 20, 140
    bars_x, bars_width, top = pass_x + pass_width + 60, 380, 26
    bars = bar_rows([_kinds_row(s.name, s.kinds) for s in figures.subjects], bars_x, bars_width, top)
    rows = [
        SubjectRow(
            label, s.name, bar.y, s.records, s.passing,
            pass_width * s.passing / s.records if s.records else 0, percent(s.passing, s.records), bar,
        )  # fmt: skip
        for label, s, bar in zip(labels, figures.subjects, bars)
    ]
    width = bars_x + bars_width + 70
    return SubjectChart(label_width, records_x, pass_x, pass_width, bars_x, width, top + len(rows) * ROW + 4, top, rows)


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    count: int
    shade: Shade
    subject: str
    rule: str


@dataclass(frozen=True)
class Heatmap:
    label_width: float
    top: float
    width: float
    height: float
    cell_width: float
    cell_height: float
    columns: list[tuple[float, str]]  # (x of the column's centre, its rule label)
    rows: list[tuple[float, str, str]]  # (y of the row's top, its label, the whole subject)
    cells: list[Cell]
    legend: list[Shade]


CELL_WIDTH, CELL_HEIGHT = 50, 22
_SLANT = 0.7071  # cos and sin of the column headings' 45 degrees


def heatmap(figures: Figures) -> Heatmap:
    rules = figures.rules_with_problems
    subjects = figures.subjects
    row_labels = [shortened(s.name, LABEL_MOST) for s in subjects]
    column_labels = [f"{r.rule.code} {r.rule.name}" for r in rules]
    label_width = max((text_width(label) for label in row_labels), default=0) + 12
    top = max((text_width(label) for label in column_labels), default=0) * _SLANT + 12
    grid_right = label_width + len(rules) * CELL_WIDTH
    centres = [label_width + (j + 0.5) * CELL_WIDTH for j in range(len(rules))]
    reach = max((x + text_width(label) * _SLANT for x, label in zip(centres, column_labels)), default=grid_right)
    scale = ShadeScale(max((s.by_rule[r.rule.code] for s in subjects for r in rules), default=1))
    cells = [
        Cell(label_width + j * CELL_WIDTH, top + i * CELL_HEIGHT, count, scale.shade(count), s.name, column_labels[j])
        for i, s in enumerate(subjects)
        for j, r in enumerate(rules)
        if (count := s.by_rule[r.rule.code])
    ]
    return Heatmap(
        label_width=label_width,
        top=top,
        width=max(grid_right, reach) + 8,
        height=top + len(subjects) * CELL_HEIGHT + 2,
        cell_width=CELL_WIDTH,
        cell_height=CELL_HEIGHT,
        columns=list(zip(centres, column_labels)),
        rows=[(top + i * CELL_HEIGHT, label, s.name) for i, (label, s) in enumerate(zip(row_labels, subjects))],
        cells=cells,
        legend=scale.legend(),
    )
