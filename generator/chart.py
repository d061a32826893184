"""The coverage chart of the timeline: articles per month, and per topic per month.

Drawn at build time as inline SVG, so it shows with no script, no network and no
CDN, and takes the theme's colours (light or dark) from Material's CSS variables.
A heatmap rather than stacked bars: an article carries up to four topics, so
stacks would count it four times; here the bar row counts articles and each row
of squares counts the articles tagged with one topic.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

from .model import Article, Topic

MAX_MONTHS = 24
"""Months shown, newest last: two years still fit a desktop page at a readable size."""
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")

CELL_W, CELL_H, GAP = 34, 24, 3
BARS_H = 56
FONT = 12
CHAR_W = 6.6
"""Average width of a 12px system-font character, for sizing the label column."""


@dataclass(frozen=True)
class Coverage:
    """What the chart shows: contiguous months, oldest first, and counts per month."""

    months: tuple[str, ...]
    """`YYYY-MM`, every month from the first to the last shown, empty ones included."""
    totals: tuple[int, ...]
    """Articles per month."""
    rows: tuple[tuple[Topic, tuple[int, ...]], ...]
    """Topics with any article in the months shown, most covered first."""
    unplaced: int
    """Articles not in any month shown: undated, dated to the year only, or older."""


def _month_after(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def coverage(articles: list[Article], topics: tuple[Topic, ...]) -> Coverage:
    """Count articles per month and per topic per month, over the last `MAX_MONTHS` months."""
    dated = sorted(a.date[:7] for a in articles if a.date and len(a.date) >= 7)
    if not dated:
        return Coverage((), (), (), len(articles))
    months = [dated[0]]
    while months[-1] < dated[-1]:
        months.append(_month_after(months[-1]))
    months = months[-MAX_MONTHS:]
    column = {m: i for i, m in enumerate(months)}
    totals = [0] * len(months)
    counts: dict[str, list[int]] = {t.id: [0] * len(months) for t in topics}
    placed = 0
    for article in articles:
        index = column.get((article.date or "")[:7]) if article.date and len(article.date) >= 7 else None
        if index is None:
            continue
        placed += 1
        totals[index] += 1
        for topic_id in article.topics:
            if topic_id in counts:
                counts[topic_id][index] += 1
    order = {t.id: i for i, t in enumerate(topics)}
    rows = sorted(((t, tuple(counts[t.id])) for t in topics if any(counts[t.id])), key=lambda r: (-sum(r[1]), order[r[0].id]))
    return Coverage(tuple(months), tuple(totals), tuple(rows), len(articles) - placed)


def month_label(month: str) -> str:
    """`2026-04` -> `April 2026`, as the timeline's month headings read."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1].capitalize()} {month[:4]}"


def month_anchor(month: str) -> str:
    """The id Python-Markdown's toc gives the timeline's heading of `month`."""
    return month_label(month).lower().replace(" ", "-")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _text(x: float, y: float, text: str, anchor: str = "start", css: str = "label") -> str:
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" class="{css}">{html.escape(text)}</text>'


@dataclass(frozen=True)
class _Layout:
    """Where things go: months left to right, oldest first; topic names at the right,
    beside the newest month, so a narrow screen scrolled to its end shows both."""

    cov: Coverage
    label_x: int
    top: int
    width: int
    height: int

    @classmethod
    def of(cls, cov: Coverage) -> _Layout:
        label_w = round(max([len("Articles")] + [len(t.title) for t, _ in cov.rows]) * CHAR_W + 12)
        grid_w = len(cov.months) * (CELL_W + GAP)
        top = BARS_H + FONT + 6
        height = top + len(cov.rows) * (CELL_H + GAP) + 2 * FONT + 12
        return cls(cov, grid_w + 6, top, grid_w + label_w, height)

    def x(self, column: int) -> int:
        return column * (CELL_W + GAP)

    def y(self, row: int) -> int:
        return self.top + row * (CELL_H + GAP)


def _bars(lay: _Layout) -> list[str]:
    cov = lay.cov
    biggest = max(cov.totals) or 1
    parts = [_text(lay.label_x, lay.top - 4 - BARS_H / 2, "Articles")]
    for i, (month, total) in enumerate(zip(cov.months, cov.totals)):
        bar = round(BARS_H * total / biggest)
        tip = f"{month_label(month)}: {_plural(total, 'article')}"
        rect = f'<rect x="{lay.x(i)}" y="{lay.top - 4 - max(bar, 1)}" width="{CELL_W}" height="{max(bar, 1)}" class="bar"><title>{html.escape(tip)}</title></rect>'
        if total:  # a month with articles has a heading on the timeline to jump to
            count = _text(lay.x(i) + CELL_W / 2, lay.top - 8 - bar, str(total), "middle", "count")
            parts.append(f'<a href="#{month_anchor(month)}">{rect}{count}</a>')
        else:
            parts.append(rect)
    return parts


def _cells(lay: _Layout, base: str) -> list[str]:
    cov = lay.cov
    most = max((c for _, counts in cov.rows for c in counts), default=1) or 1
    parts = []
    for row, (topic, counts) in enumerate(cov.rows):
        y = lay.y(row)
        label = _text(lay.label_x, y + CELL_H / 2 + FONT / 3, topic.title, css="label topic")
        parts.append(f'<a href="{html.escape(base)}topics/{html.escape(topic.id)}/">{label}</a>')
        for i, count in enumerate(counts):
            if not count:
                parts.append(f'<rect x="{lay.x(i)}" y="{y}" width="{CELL_W}" height="{CELL_H}" rx="3" class="cell empty"/>')
                continue
            strength = 0.18 + 0.82 * count / most
            tip = f"{topic.title}, {month_label(cov.months[i])}: {_plural(count, 'article')}"
            parts.append(f'<rect x="{lay.x(i)}" y="{y}" width="{CELL_W}" height="{CELL_H}" rx="3" class="cell" fill-opacity="{strength:.2f}"><title>{html.escape(tip)}</title></rect>')
            parts.append(_text(lay.x(i) + CELL_W / 2, y + CELL_H / 2 + FONT / 3, str(count), "middle", "count on-dark" if strength > 0.55 else "count"))
    return parts


def _axis(lay: _Layout) -> list[str]:
    parts = []
    y = lay.y(len(lay.cov.rows)) + FONT
    for i, month in enumerate(lay.cov.months):
        x = lay.x(i) + CELL_W / 2
        parts.append(_text(x, y, MONTH_ABBR[int(month[5:7]) - 1], "middle"))
        if i == 0 or month.endswith("-01"):
            parts.append(_text(x, y + FONT + 4, month[:4], "middle", "label year"))
    return parts


def render_chart(cov: Coverage, base: str) -> Markup:
    """The chart as one HTML `<figure>` line (no blank line, so Markdown keeps it whole).
    `base` is the path from the page to the site root, for the topic links."""
    if not cov.months:
        return Markup('<p class="briefing-chart__empty">No dated articles yet, so there is no coverage to chart.</p>')
    lay = _Layout.of(cov)
    title = "Coverage per month, by topic"
    first, last = month_label(cov.months[0]), month_label(cov.months[-1])
    desc = f"{_plural(sum(cov.totals), 'article')} from {first} to {last}, in {_plural(len(cov.rows), 'topic')}."
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {lay.height}" width="{lay.width}" height="{lay.height}" '
        f'role="img" aria-labelledby="coverage-title coverage-desc" font-size="{FONT}">'
        f'<title id="coverage-title">{title}</title><desc id="coverage-desc">{html.escape(desc)}</desc>'
        + "".join(_bars(lay) + _cells(lay, base) + _axis(lay))
        + "</svg>"
    )
    note = f" {_plural(cov.unplaced, 'article')} without a month (undated, or dated only to the year) are not shown." if cov.unplaced else ""
    caption = f"{title}. The bars count articles; each square counts the articles tagged with that topic in that month (an article can have several topics).{note}"
    return Markup(f'<figure class="briefing-chart"><div class="briefing-chart__scroll">{svg}</div><figcaption>{html.escape(caption)}</figcaption></figure>')
