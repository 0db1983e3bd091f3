"""The status room (report section 7): traffic-light history and why projects need attention.

``queries`` (the status vocabulary, pandera schemas and queries over ``queries/*.sql``),
``charts`` (heatmap, distribution, strips), ``attention`` (the front page's and the project page's
"why"). No Streamlit here; dashboard/ui/status_widgets.py and pages/status.py are its page.
"""
