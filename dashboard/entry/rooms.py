"""How a feature room adds its record types to data entry (dashboard/screening/entry.py and
dashboard/cases/entry.py call ``register_room`` when imported; dashboard/entry/__init__.py imports them)."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from dashboard.entry import dberrors, history, records, reference
from dashboard.entry import forms as entry_forms
from dashboard.entry import validators as entry_validators


def register_room(*, kinds: Mapping[str, Any], handler: Callable[[str], Any], validators: Mapping[str, Any],
                  forms: Mapping[str, Any], defaults: Mapping[str, Any], initial_values: Mapping[str, Any],
                  choice_lists: Mapping[str, Any], constraints: Mapping[str, Any],
                  kind_constraints: Mapping[Any, Any] | None = None,
                  history_vocabularies: Mapping[str, str] | None = None,
                  extra_loader: Callable | None = None) -> None:
    """Add a room's record types, forms, validators, constraint messages, the history page's labels
    of its stored codes and its reference loader to the entry modules (idempotent)."""
    records.KINDS.update(kinds)
    records.HANDLERS.update({kind: handler(kind) for kind in kinds})
    entry_validators.VALIDATORS.update(validators)
    entry_forms.FORMS.update(forms)
    entry_forms.DEFAULTS.update(defaults)
    entry_forms.INITIAL_VALUES.update(initial_values)
    entry_forms.CHOICE_LISTS.update(choice_lists)
    dberrors.CONSTRAINTS.update(constraints)
    dberrors.KIND_CONSTRAINTS.update(kind_constraints or {})
    history._VOCABULARY.update(history_vocabularies or {})
    if extra_loader is not None and extra_loader not in reference.EXTRA_LOADERS:
        reference.EXTRA_LOADERS.append(extra_loader)
