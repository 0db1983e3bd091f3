"""A Document as PDF (A4), typeset by Typst (the ``typst`` wheel, no system packages).

The template (templates/document.typ) receives the document as JSON through ``sys.inputs``, so no
text is ever parsed as Typst markup. Fonts: Liberation Sans or DejaVu Sans from the system when
present, else Libertinus Serif, which ships inside the typst wheel; all of them have æ, ø and å,
and Typst embeds the glyphs it uses. Nothing is fetched from the network.
"""

from __future__ import annotations

import json
from importlib import resources

from dashboard.reports.document import (BulletList, Document, Figure, Heading, PageBreak, Para, Paragraph,
                                        Table)


def _runs(para: Para) -> list[dict]:
    return [{"text": run.text, "url": run.url, "bold": run.bold} for run in para.runs]


def document_json(doc: Document, images: dict[tuple[str, str], bytes]) -> str:
    """The document as the template's JSON; figures as their SVG text."""
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "text": block.text, "level": block.level})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "paragraph", "runs": _runs(block.para), "small": block.small})
        elif isinstance(block, BulletList):
            blocks.append({"kind": "list", "items": [_runs(item) for item in block.items]})
        elif isinstance(block, Table):
            blocks.append({
                "kind": "table", "caption": block.caption, "header": list(block.header),
                "widths": list(block.widths), "font_size": block.font_size, "caption_below": block.caption_below,
                "rows": [{"section": row.section, "cells": [[_runs(p) for p in cell] for cell in row.cells]}
                         for row in block.rows]})
        elif isinstance(block, Figure):
            blocks.append({"kind": "figure", "caption": block.caption,
                           "svg": images[(block.name, "svg")].decode("utf-8"),
                           "notes": [_runs(note) for note in block.notes]})
        elif isinstance(block, PageBreak):
            blocks.append({"kind": "pagebreak"})
        else:  # pragma: no cover - a new block type must be rendered here
            raise TypeError(type(block))
    return json.dumps({"title": doc.title, "subtitle": doc.subtitle, "running_head": doc.running_head,
                       "stamp": doc.stamp, "demo_notice": doc.demo_notice, "lang": doc.lang, "blocks": blocks},
                      ensure_ascii=False)


def render_pdf(doc: Document, images: dict[tuple[str, str], bytes]) -> bytes:
    import typst

    template = resources.files("dashboard").joinpath("reports", "templates", "document.typ")
    with resources.as_file(template) as path:
        return typst.compile(str(path), format="pdf", sys_inputs={"document": document_json(doc, images)})
