"""Streamlit entry point (``itraad run`` starts this script)."""

from dashboard.ui.shell import main

main()
