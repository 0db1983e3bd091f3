"""A document as blocks (headings, paragraphs, tables, figures), independent of its file format.

The annual report and the meeting pack are built as a ``Document`` from the database; the PDF
(dashboard.reports.pdf, Typst) and the Word file (dashboard.reports.docx, python-docx) render the
same blocks, so both formats say the same. Every text is data: the renderers never interpret it as
markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import plotly.graph_objects as go


@dataclass(frozen=True)
class Run:
    """A piece of text in a paragraph; with ``url`` a clickable link."""

    text: str
    url: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def para(*parts: str | Run) -> Para:
    """A paragraph from strings and runs: para("Se ", Run("status", url=...), ".")."""
    return Para(tuple(part if isinstance(part, Run) else Run(part) for part in parts if part != ""))


def paras(*texts: str | None) -> tuple[Para, ...]:
    """A cell of plain paragraphs; empty and missing texts are left out."""
    return tuple(para(text) for text in texts if text)


Cell = tuple[Para, ...]


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    section: bool = False      # a heading row across the table ("Igangværende projekter/programmer")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    para: Para
    small: bool = False        # notes and sources


@dataclass(frozen=True)
class BulletList:
    items: tuple[Para, ...]


@dataclass(frozen=True)
class Table:
    caption: str                 # "TABEL 1: It-rådets gennemførte aktiviteter 2020-2023"
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]    # relative column widths
    font_size: float = 8.5       # points in the PDF
    caption_below: bool = False  # table 2 has its caption below, as in the report


@dataclass(frozen=True)
class Figure:
    name: str                    # file-safe identifier ("figur-2")
    caption: str                 # "FIGUR 2: ..."
    figure: go.Figure
    width_px: int = 900
    height_px: int = 450
    notes: tuple[Para, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Paragraph, BulletList, Table, Figure, PageBreak]


@dataclass
class Document:
    """A document with what every page names: the title, the data's date and version, and whether
    it contains demo data."""

    title: str                   # "Årsrapport 2023"
    subtitle: str                # "Udkast genereret fra Rådsportalen"
    running_head: str            # the page header: "Regionernes It-råd · Årsrapport 2023 (udkast)"
    stamp: str                   # the page footer: "Data pr. 25. november 2026 kl. 16:49 · version 412"
    demo_notice: str | None      # on every page when the document contains demo data
    blocks: list[Block] = field(default_factory=list)
    lang: str = "da"

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def figures(self) -> list[Figure]:
        return [block for block in self.blocks if isinstance(block, Figure)]

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]
