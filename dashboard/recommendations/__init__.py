"""The recommendations room (report sections 4 and 10): the experience database.

``queries`` (vocabularies, the filters every query takes, pandera schemas, figure 2's rounding
arithmetic; the SQL in ``queries/*.sql``), ``charts``. No Streamlit here;
dashboard/ui/recommendation_widgets.py and pages/anbefalinger.py are its page.
"""
