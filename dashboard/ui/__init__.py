"""Streamlit glue shared by the pages: language, cached data, URL state, common components.

Only this package and dashboard/app*.py import Streamlit; everything they show comes from the
Streamlit-free modules of dashboard.
"""
