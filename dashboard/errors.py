"""Errors a person can act on.

Each carries a catalogue key and its parameters, so the CLI and the pages show the same message
in the user's language, and never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the person running the command or using the page can fix; the message says how."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "da", markdown: bool = False) -> str:
        """The message; ``markdown=True`` for a page, where the values in it are shown as text."""
        from dashboard.i18n import t
        from dashboard.text import literal

        return t(self.key, lang, **({k: literal(v) for k, v in self.params.items()} if markdown else self.params))

    def __str__(self) -> str:
        return self.message("da")


class DatabaseUnavailable(UserError):
    """The database cannot be reached (stopped, wrong address, refused)."""


class DataValidationError(UserError):
    """Rows read from the database do not satisfy the schema the page expects."""
