"""Rådsportalen: the dashboard of Regionernes It-råd (the Danish Regions' IT Council)."""

__version__ = "0.1.0"
