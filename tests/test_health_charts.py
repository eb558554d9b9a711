"""The report's colours, shades and text helpers: readable contrast, a heat map scale that
covers every count once, numbers that never round to a wrong 0 % or 100 %, record text
escaped with its invisible characters shown."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from qlint.diagnostics import Severity, SourceLine, Span, made_diagnostic
from qlint.health import charts
from qlint.health.charts import SHADES, ShadeScale, bar_rows, contrast
from qlint.health.text import excerpt, percent, shown


def test_text_on_every_shade_and_the_bars_have_enough_contrast():
    for shade in SHADES:
        assert contrast(charts.text_on(shade), shade) >= 4.5, shade  # WCAG AA for text
    for colour in (charts.UNFIXABLE, charts.SAFE):
        assert contrast(colour, charts.WHITE) >= 3, colour  # WCAG for graphics
    assert contrast(charts.INK, charts.WHITE) >= 7
    lightness = [charts.luminance(shade) for shade in SHADES]
    assert lightness == sorted(lightness, reverse=True)  # one hue, darker at every step


def test_contrast_is_the_wcag_ratio():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#777777") == 1.0


@given(st.integers(min_value=1, max_value=10**6))
def test_the_heat_scale_gives_every_count_one_shade_and_the_legend_says_which(largest):
    scale = ShadeScale(largest)
    legend = scale.legend()
    assert legend[0].low == 1 and legend[-1].high == largest
    for one, two in zip(legend, legend[1:]):
        assert two.low == one.high + 1 and two.level > one.level  # no gap, no overlap
    for count in {min(2, largest), max(largest // 2, 1), max(largest - 1, 1), largest}:
        shade = scale.shade(count)
        assert shade.low <= count <= shade.high
    assert scale.level(largest) == len(SHADES) or largest == 1
    levels = [scale.level(count) for count in range(1, min(largest, 2000) + 1)]
    assert levels == sorted(levels)


def test_bars_share_one_scale_and_a_single_problem_still_shows():
    rows = bar_rows([("big", 900, 50, 50), ("small", 1, 0, 0), ("none", 0, 0, 0)], x=100, width=500)
    assert [round(sum(s.width for s in row.segments)) for row in rows] == [500, 2, 0]
    assert [s.kind for s in rows[0].segments] == ["unfixable", "safe", "unsafe"]
    assert rows[0].segments[1].x == rows[0].segments[0].x + rows[0].segments[0].width
    assert [row.total for row in rows] == [1000, 1, 0] and rows[2].end == 100


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_percentage_is_0_or_100_only_when_it_is(part, whole):
    part = min(part, whole)
    text = percent(part, whole)
    assert (text == "0%") == (part == 0 or whole == 0)
    assert (text == "100%") == (part == whole and whole > 0)
    if text not in ("0%", "100%"):
        assert abs(float(text[:-1]) - 100 * part / whole) <= 0.1


@given(st.text())
def test_record_text_is_escaped_and_what_would_not_show_is_written_out(text):
    markup = str(shown(text))
    assert not re.search(r"<(?!span class=\"char\"|/span>)", markup)  # no tag but ours
    marks = re.sub(r'<span class="char"(?: title="[^"]*")?>U\+([0-9A-F]{4,6})</span>', lambda m: chr(int(m.group(1), 16)), markup)
    assert html.unescape(marks) == text  # nothing lost
    assert all(char.isprintable() for char in html.unescape(re.sub(r"<[^>]*>", "", markup)))


def test_the_direction_override_and_zero_width_space_are_shown():
    markup = str(shown("a\u202eb\u200bc<d>"))
    assert "U+202E" in markup and "U+200B" in markup and "&lt;d&gt;" in markup
    assert 'title="RIGHT-TO-LEFT OVERRIDE"' in markup and "\u202e" not in markup


def _diagnostic(line: str, start: int, end: int, first: int = 0, end_line: int = 5):
    span = Span(5, start + 1, end_line, end + 1, 100 + start, 100 + end)
    return made_diagnostic("Q201", "mojibake", Severity.ERROR, "m", "a.md", span, "answer", None, SourceLine.of(line, span._replace(start_offset=start, end_offset=end)))


def test_an_excerpt_marks_the_span_in_its_line():
    line = "answer: Hereâ€™s the short version"
    found = excerpt(_diagnostic(line, 12, 15))
    assert (found.before, found.marked, found.after) == ("answer: Here", "â€™", "s the short version")
    assert not found.clipped_left and not found.clipped_right


def test_an_excerpt_of_a_long_line_is_a_window_and_says_so():
    line = "x" * 300 + "BAD" + "y" * 300
    found = excerpt(_diagnostic(line, 300, 303))
    assert found.marked == "BAD" and found.clipped_left and found.clipped_right
    assert len(found.before) == SourceLine.REACH and found.before + found.marked + found.after in line


def test_an_excerpt_of_a_span_over_lines_marks_to_the_end_of_the_first():
    found = excerpt(_diagnostic("title: >-", 7, 2, end_line=7))
    assert (found.before, found.marked, found.after) == ("title: ", ">-", "")
