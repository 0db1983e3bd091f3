"""A Document as a Word file (python-docx): real headings and real Word tables, so the secretariat
edits the draft instead of retyping it. A4, Danish as the proofing language, the header and footer
(title, data date and version, the demo notice) on every page, links clickable.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dashboard.reports.document import (BulletList, Document, Figure, Heading, PageBreak, Para, Paragraph,
                                        Table)

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
DEMO_RED = RGBColor(0xB7, 0x1C, 0x1C)


def _set_language(document, tag: str = "da-DK") -> None:
    """Danish proofing and hyphenation for the whole document (the default run properties)."""
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def _add_run(paragraph, text: str, bold: bool = False, size: float | None = None, colour: RGBColor | None = None):
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _add_hyperlink(paragraph, text: str, url: str, size: float | None = None) -> None:
    """A clickable external link (python-docx has no API for it: the w:hyperlink element)."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E79")
    props.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    if size:
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        props.append(sz)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _fill(paragraph, para: Para, size: float | None = None, bold: bool = False) -> None:
    for run in para.runs:
        if run.url:
            _add_hyperlink(paragraph, run.text, run.url, size)
        else:
            _add_run(paragraph, run.text, bold=bold or run.bold, size=size)


def _page_field(paragraph) -> None:
    """'Side N af M' with Word's PAGE and NUMPAGES fields."""
    for instruction in ("PAGE", "NUMPAGES"):
        if instruction == "NUMPAGES":
            _add_run(paragraph, " / ", size=8)
        run = _add_run(paragraph, "", size=8)
        for kind, text in (("begin", None), (None, instruction), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)


def _repeat_header_row(row) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _shade(cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _caption(document, text: str) -> None:
    paragraph = document.add_paragraph()
    _add_run(paragraph, text, bold=True, size=9, colour=ACCENT)


def _table(document, block: Table) -> None:
    if not block.caption_below:
        _caption(document, block.caption)
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    total = sum(block.widths)
    usable = 17.4  # cm between the margins
    widths = [Cm(usable * w / total) for w in block.widths]
    for i, (cell, title) in enumerate(zip(table.rows[0].cells, block.header)):
        cell.width = widths[i]
        cell.paragraphs[0].text = ""
        _add_run(cell.paragraphs[0], title, bold=True, size=block.font_size, colour=RGBColor(0xFF, 0xFF, 0xFF))
        _shade(cell, "1F4E79")
    _repeat_header_row(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        if row.section:
            merged = cells[0].merge(cells[-1])
            _shade(merged, "E8E8E8")
            _fill(merged.paragraphs[0], row.cells[0][0], size=block.font_size, bold=True)
            continue
        for i, (cell, content) in enumerate(zip(cells, row.cells)):
            cell.width = widths[i]
            for j, para in enumerate(content):
                paragraph = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                _fill(paragraph, para, size=block.font_size)
    if block.caption_below:
        _caption(document, block.caption)


def render_docx(doc: Document, images: dict[tuple[str, str], bytes]) -> bytes:
    document = new_docx()
    _set_language(document)
    document.core_properties.title = doc.title
    document.core_properties.language = "da-DK"
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)

    head = section.header.paragraphs[0]
    _add_run(head, doc.running_head + "    ", size=8)
    _page_field(head)
    if doc.demo_notice:
        _add_run(section.header.add_paragraph(), doc.demo_notice, bold=True, size=8, colour=DEMO_RED)
    _add_run(section.footer.paragraphs[0], doc.stamp, size=7.5)

    document.add_heading(doc.title, level=0)
    _add_run(document.add_paragraph(), doc.subtitle, size=12)
    if doc.demo_notice:
        _add_run(document.add_paragraph(), doc.demo_notice, bold=True, colour=DEMO_RED)

    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            _fill(document.add_paragraph(), block.para, size=8 if block.small else None)
        elif isinstance(block, BulletList):
            for item in block.items:
                _fill(document.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Figure):
            _caption(document, block.caption)
            document.add_picture(io.BytesIO(images[(block.name, "png")]), width=Cm(17))
            for note in block.notes:
                _fill(document.add_paragraph(), note, size=8)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:  # pragma: no cover
            raise TypeError(type(block))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
