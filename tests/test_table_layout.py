"""Column widths of the grids (dashboard.ui.tables.layout): the table fits the page at 1440 px, and
the narrow columns give way only down to their longest word before the key text gives way."""

import pandas as pd

from dashboard.ui import tables

RISKS = pd.DataFrame({
    "Projekt": ["DEMO: Fællesregional booking af patienttransport"],
    "Risiko": ["DEMO: Leverandørens kapacitet i udrulningsfasen er usikker."],
    "Underkategori": ["Leverandørstyring"], "Fokusområde": ["Governance"], "Aktivitet": ["Risikovurdering"],
    "Sag": ["Åbn sagen"], "Åbn": ["projekt?id=x"]})


def test_words_stay_whole_while_the_key_text_can_give_way():
    widths, _ = tables.layout(RISKS, key="Risiko", link="Åbn", name="Projekt")
    assert sum(widths.values()) <= tables.PAGE_WIDTH
    for column in ("Underkategori", "Aktivitet"):   # Streamlit's grid broke these mid-word before
        assert widths[column] >= tables._word_width(RISKS[column])
    assert tables.KEY_MIN_PX <= widths["Risiko"] < tables.KEY_PX


def test_a_narrow_page_breaks_words_only_after_the_key_text_gave_way():
    widths, row_height = tables.layout(RISKS, key="Risiko", link="Åbn", name="Projekt", width=700)
    assert widths["Risiko"] == tables.KEY_MIN_PX
    assert min(widths[c] for c in ("Underkategori", "Fokusområde", "Aktivitet")) >= tables.MIN_PX
    assert row_height > 35   # wrapped rows are taller


def test_a_table_that_fits_is_not_narrowed():
    small = RISKS[["Projekt", "Risiko", "Åbn"]]
    widths, _ = tables.layout(small, key="Risiko", link="Åbn", name="Projekt")
    assert widths["Risiko"] == tables.PAGE_WIDTH - widths["Projekt"] - widths["Åbn"]
