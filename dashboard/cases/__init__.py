"""The assessment cases room (issue 13): the council's process from request to evaluation, its
members and their impartiality. Without Streamlit: the pages (pages/sager.py, sag.py,
raadet.py) and dashboard/ui/cases_widgets.py are its Streamlit side.

- ``vocab``: the codes (steps, kinds, requesters, criteria) and their labels
- ``clock``: the working-day clock (Danish public holidays from the ``holidays`` package)
- ``queries`` + ``queries/*.sql``: pandera-validated frames (reached as ``repository.cases_*``)
- ``rules``: days used and left, next deadline, overdue steps, the list's filters
- ``entry``: the secretariat's forms, registered with dashboard.entry
- ``seed``, ``demo``, ``synthetic``: the published members and cases, the demo and benchmark sets
"""
