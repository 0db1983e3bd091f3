"""Data entry for the secretariat, without Streamlit.

- ``checks``: field checks shared by every form and the import (text, month, date, choice, number)
- ``validators``: one validator per record type, returning the clean values and field -> message
- ``reference``: the choices a validator checks against (organisations, projects, ...)
- ``records``: what each record type reads and writes
- ``dberrors``: database constraint violations translated into the same field messages
- ``service``: save, delete, undo and history; one submit = one transaction, role checked,
  optimistic concurrency, idempotent submits
- ``status_import``: monthly status reports from CSV or Excel, validated, all rows or none
"""

# The record types of the feature rooms register themselves with the modules above.
from dashboard.screening import entry as _screening_entry  # noqa: E402,F401
from dashboard.cases import entry as _cases_entry  # noqa: E402,F401
