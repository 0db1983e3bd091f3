"""Where the files that sit beside the package in a checkout are found, also in an installed wheel.

The project's root holds ``streamlit_app.py`` (the served app), ``pages/`` (the page scripts),
``.streamlit/`` (the configuration) and ``db/`` (schema, migrations, seed data). A wheel carries
them inside the package, as ``dashboard/app_files/`` and ``dashboard/db_files/`` (pyproject.toml's
force-include), so ``itraad run`` works from any folder after ``pip install .`` as from a checkout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def project_file(name: str) -> Path:
    """The root's ``name`` (a file or folder): the wheel's copy, else the checkout's."""
    folder = "db_files" if name == "db" else "app_files"
    for candidate in (PACKAGE / folder / ("" if name == "db" else name), PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} not found beside or inside the dashboard package")


def pages_dir() -> Path:
    return project_file("pages")


def served_app() -> Path:
    """The script `itraad run` and `streamlit run` serve; Streamlit reads the .streamlit/ beside it."""
    return project_file("streamlit_app.py")
