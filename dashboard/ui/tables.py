"""Tables on a page: every column within the page's width, text wrapped instead of cut.

Streamlit's grid cuts a cell's text at the column's edge without an ellipsis, and a table wider
than the page hides its right-hand columns behind a scroll bar. ``grid`` gives each column a
width that fits the page at 1440 px (sidebar open), the widest to the table's key text (status
text, explanation, recommendation), and makes the rows as high as the longest text needs, up to
``MAX_LINES`` lines; a text longer than that ends in "…" at a word (the project page and the
downloads have it in full), so no text is ever cut off unmarked.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.ui.context import t

PAGE_WIDTH = 960   # px of the main area at a 1440 px wide window with the sidebar open
CHAR_PX = 7.6      # a character of the grid's 14 px font, on average (Danish text)
LINE_PX = 20       # a wrapped line
PADDING_PX = 18    # a cell's horizontal padding
LINK_PX = 56       # the "Åbn" column
MIN_PX = 72
OTHER_PX = 150     # at most, for a column that is not the key text
NAME_PX = 210      # at most, for the column that names the row (the project)
VISIBLE_ROWS = 10  # rows shown before the table scrolls
WRAP_PX = 66       # Streamlit's grid wraps text only in rows higher than 4 rem
KEY_PX = 300       # at least, for the key text, while the other columns can give way
KEY_MIN_PX = 220   # at least, for the key text, before words break in the other columns
NAME_MIN_PX = 140  # at least, for the column that names the row, before words break in the others
MAX_LINES = 5


def _distinct(values) -> list:
    """A column's distinct values in order, as Python objects (a column of lists: every value)."""
    values = values.tolist() if isinstance(values, pd.Series) else list(values)
    try:
        return list(dict.fromkeys(values))
    except TypeError:   # unhashable cells
        return values


def _text_width(values) -> int:
    """The width the longest value would take on one line."""
    longest = max((len(str(v)) for v in values if v is not None and v == v), default=0)
    return int(longest * CHAR_PX + PADDING_PX)


def _word_width(values) -> int:
    """The width the longest single word would take: a column narrower than that breaks words."""
    longest = max((len(word) for v in values if isinstance(v, str) for word in v.split()), default=0)
    return int(longest * CHAR_PX + PADDING_PX)


def _whole_in_lines(values) -> int:
    """The narrowest width in which every value still fits in MAX_LINES wrapped lines (not shortened)."""
    longest = max((len(v) for v in values if isinstance(v, str)), default=0)
    return int(-(-longest // MAX_LINES) * CHAR_PX * 1.25 + PADDING_PX)   # wrapping at words wastes about a fifth


def _give_way(widths: dict[str, int], columns: list, floor: dict[str, int], width: int) -> None:
    """Narrow the widest of ``columns``, 10 px at a time, until the table fits or all are at their floor."""
    while sum(widths.values()) > width:
        widest = max((c for c in columns if widths[c] > floor[c]), key=lambda c: widths[c], default=None)
        if widest is None:
            return
        widths[widest] -= min(10, widths[widest] - floor[widest])


def layout(table: pd.DataFrame, key: str | None = None, link: str | None = None,
           width: int = PAGE_WIDTH, name: str | None = None) -> tuple[dict[str, int], int]:
    """Column widths (px) and the row height for ``table``: every other column as wide as its
    longest value (at most ``OTHER_PX``), the key text column taking what is left (at least
    ``KEY_PX``); if that is too wide, the widest other columns give way and wrap."""
    columns = list(table.columns)
    # Each column's distinct values, once, as Python objects (iterating a pandas 3 text column value
    # by value is slow, and a long list repeats its labels).
    values = {c: _distinct(table[c]) for c in columns}
    widths = {c: min(max(_text_width(values[c]), _text_width([c]), MIN_PX), NAME_PX if c == name else OTHER_PX)
              for c in columns if c not in (key, link)}
    if link in columns:
        widths[link] = LINK_PX
    if key in columns:
        widths[key] = max(width - sum(widths.values()), KEY_PX)
    others = [c for c in columns if c not in (key, link, name)]
    # The other columns give way down to their longest word ("Leverandørstyring" stays whole), then
    # the key text down to KEY_MIN_PX, then the row's name down to NAME_MIN_PX (or its longest
    # word), and only then do words break, never below MIN_PX.
    # (a header is never wrapped by the grid: its whole text is the floor)
    floor = {c: min(max(MIN_PX, _word_width(values[c]), _text_width([c])), widths[c]) for c in others}
    _give_way(widths, others, floor, width)
    if key in columns and sum(widths.values()) > width:
        widths[key] = max(widths[key] - (sum(widths.values()) - width), min(KEY_MIN_PX, widths[key]))
    if name in columns:   # then the row's name wraps onto more lines, but stays whole
        _give_way(widths, [name], {name: min(max(_word_width(values[name]), _whole_in_lines(values[name]), NAME_MIN_PX),
                                             widths[name])}, width)
    _give_way(widths, others, dict.fromkeys(others, MIN_PX), width)
    texts = {c: widths[c] for c in columns
             if c != link and (pd.api.types.is_string_dtype(table[c]) or table[c].dtype == object)}
    return {c: widths[c] for c in columns}, _row_height(values, texts)


def row_height(table: pd.DataFrame, widths: dict[str, int]) -> int:
    """The row height (px) in which the texts of ``table``'s columns of the given ``widths`` wrap
    whole, up to MAX_LINES lines (for a wide table that scrolls sideways instead of using ``grid``)."""
    return _row_height({c: _distinct(table[c]) for c in widths if c in table.columns}, widths)


def _row_height(values: dict[str, list], widths: dict[str, int]) -> int:
    lines = 1
    for c, px in widths.items():
        if c in values:
            per_line = max((px - PADDING_PX) / CHAR_PX, 1)
            lines = max(lines, max((_wrapped_lines(" · ".join(v.splitlines()), per_line)
                                    for v in values[c] if isinstance(v, str)), default=1))
    lines = min(lines, MAX_LINES)
    # The grid wraps a cell's text only in rows higher than 4 rem (64 px); one line needs no more.
    return max(lines * LINE_PX + 14, WRAP_PX) if lines > 1 else 35


def _wrapped_lines(text: str, per_line: float) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in a column of ``per_line`` characters."""
    count, used = 1, 0
    for word in text.split():
        size = len(word) + (1 if used else 0)
        if used and used + size > per_line:
            count, used = count + 1, len(word)
        else:
            used += size
        count += int(max(len(word) - 1, 0) // per_line) if len(word) > per_line else 0
    return count


def shortened(text: str, per_line: float, lines: int = MAX_LINES) -> str:
    """``text`` as it fits in ``lines`` wrapped lines of ``per_line`` characters: whole, or cut
    at a word and ended with "…"."""
    if len(text) <= per_line or _wrapped_lines(text, per_line) <= lines:
        return text
    cut = text[: max(int(per_line * lines) - 2, 1)]
    while True:
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:-1]
        candidate = cut.rstrip(",.;: ") + " …"
        if _wrapped_lines(candidate, per_line) <= lines or len(cut) <= 1:
            return candidate


def fitted(table: pd.DataFrame, widths: dict[str, int], link: str | None = None,
           skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """The table with every text longer than its cell's lines shortened, marked with "…" (the columns
    in ``widths``, never the link columns: ``link`` and ``skip``)."""
    out = table.copy()
    for c in out.columns:
        if c == link or c in skip or c not in widths \
                or not (pd.api.types.is_string_dtype(out[c]) or out[c].dtype == object):
            continue
        per_line = max((widths[c] - PADDING_PX) / CHAR_PX, 1)
        # The grid draws a cell on one line that it wraps; a line break in the text becomes " · ".
        column = out[c].tolist()
        short = {v: shortened(" · ".join(v.splitlines()), per_line) for v in _distinct(column) if isinstance(v, str)}
        out[c] = [short.get(v, v) if isinstance(v, str) else v for v in column]
    return out


def grid(table: pd.DataFrame, text: str | None = None, link: str | None = None, name: str | None = None,
         width: int = PAGE_WIDTH, links: dict[str, str] | None = None, **options):
    """st.dataframe of ``table`` laid out by ``layout``: ``text`` is the key text column, ``name``
    the column that names each row (the project), ``link`` a column of relative links to projects
    (shown as "Åbn"); ``links`` more link columns, each with the text its links show (an empty
    cell shows nothing). Returns what st.dataframe returns (the selection, if asked for)."""
    more = {c: shown for c, shown in (links or {}).items() if c in table.columns}
    measured = table.copy()
    for column, shown in more.items():  # a link column is as wide as the text it shows
        measured[column] = shown
    widths, row_height = layout(measured, text, link, name=name)
    options.setdefault("height", 38 + min(max(len(table), 1), VISIBLE_ROWS) * row_height + 2)
    table = fitted(table, widths, link, skip=tuple(more))
    config = {c: st.column_config.Column(width=w) for c, w in widths.items() if c != link and c not in more}
    if link in table.columns:
        config[link] = st.column_config.LinkColumn(display_text=t("columns.link"), width=widths[link])
    for column, shown in more.items():
        config[column] = st.column_config.LinkColumn(display_text=shown, width=widths[column])
    return st.dataframe(table, hide_index=True, width="stretch", row_height=row_height,
                        column_config=config, **options)
