"""Reports: the council's documents made from the database (issue 14).

- the annual report draft (``annual``): key figures, tables 1 and 2 in the report's own layout,
  figures 2, 3 and 6 to 9, the good advice and the members, as PDF or Word;
- the council meeting pack (``meeting``): everything since the last meeting, each item linked to
  its exact view in the dashboard, as PDF.

A document is built as blocks (``document``) from the room's queries (``queries/*.sql`` through
``data``) and the existing ones, drawn (``figures``: kaleido in one Chromium session), typeset
(``pdf``: Typst; ``docx``: python-docx) and written all or nothing (``output``); ``build`` does
it end to end for `itraad rapport` and the /rapporter page. No Streamlit here.
"""
