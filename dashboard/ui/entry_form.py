"""A data-entry form on a page: widgets from dashboard.entry.forms, saving through the service.

Each form render has a token (a UUID) that is part of the form's and its widgets' keys. A
submit saves with that token; the database remembers it, so a double click saves once. After a
refused save the token stays, so every widget keeps what the person typed and the message is
shown under the field. After a save the form opens afresh with a new token.
"""

from __future__ import annotations

import itertools
from typing import Any

import streamlit as st

from dashboard.accounts import Actor
from dashboard.entry import service
from dashboard.entry.forms import FORMS, FieldSpec, choices, initial_values, none_label
from dashboard.entry.records import KINDS
from dashboard.entry.reference import Reference
from dashboard.ui.context import lang, t

_FLASH = "entry:flash"
# Every field keeps what was typed while it is not shown on this page: a save pressed while the
# database is away runs without the form (the app shows its message instead), and Streamlit would
# otherwise drop the values of widgets a run did not draw (tests/test_faults.py).
KEEP = "page"


def widget_key(token: str, name: str) -> str:
    return f"entry:{token}:{name}"


def _slot(kind: str, record_id: Any) -> str:
    return f"entry:form:{kind}:{'new' if record_id is None else record_id}"


def _open(kind: str, record_id: Any, ref: Reference) -> dict | None:
    """Load the record (or a new record's defaults) into fresh widget state under a new token."""
    if record_id is None:
        values, version = initial_values(kind, ref), None
    else:
        opened = service.open_record(kind, record_id)
        if opened is None:
            return None
        values, version = opened.values, opened.version
    token = service.new_token()
    for spec in FORMS[kind]:
        st.session_state[widget_key(token, spec.name)] = _widget_value(spec, values.get(spec.name))
    state = {"token": token, "version": version, "result": None}
    st.session_state[_slot(kind, record_id)] = state
    return state


def _widget_value(spec: FieldSpec, value: Any) -> Any:
    if spec.widget in ("text", "textarea"):
        return "" if value is None else str(value)
    if spec.widget == "decimal":  # 1234.5 -> "1234,5" in Danish, as it is typed
        from decimal import Decimal

        text = format(Decimal(str(value)).normalize(), "f") if value is not None else ""
        return text.replace(".", ",") if lang() == "da" else text
    if spec.widget == "multiselect":
        return list(value or [])
    return value


def reset(kind: str, record_id: Any) -> None:
    """Forget the open form, so it is loaded again from the database on the next run."""
    st.session_state.pop(_slot(kind, record_id), None)


def render(kind: str, record_id: Any, actor: Actor, ref: Reference) -> None:
    """The form for a new record (record_id None) or for editing one."""
    language = lang()
    state = st.session_state.get(_slot(kind, record_id)) or _open(kind, record_id, ref)
    if state is None:
        st.warning(t("entry.form.not_found"), icon=":material/search_off:")
        return
    token = state["token"]
    result = state.get("result")
    errors = result.errors if result else {}
    specs = [s for s in FORMS[kind] if not (s.new_only and record_id is not None)]

    with st.form(f"entry-form:{token}", enter_to_submit=False):
        for _, group in itertools.groupby(specs, key=lambda s: s.group or s.name):
            group = list(group)
            for column, spec in zip(st.columns(len(group)) if len(group) > 1 else [st.container()], group):
                with column:
                    _widget(spec, token, ref, language)
                    if spec.name in errors:
                        st.error(errors[spec.name].message(language, markdown=True), icon=":material/error:")
        if result is not None and result.form_error is not None:
            st.error(result.form_error.message(language, markdown=True), icon=":material/warning:")
        elif errors:
            st.error(t("entry.form.fix_errors", count=len(errors)), icon=":material/error:")
        submitted = st.form_submit_button(t("entry.form.save"), type="primary", icon=":material/save:")

    if submitted:
        raw = {spec.name: st.session_state.get(widget_key(token, spec.name)) for spec in specs}
        result = service.save(kind, raw, actor, token=token, record_id=record_id,
                              opened_version=state["version"])
        if result.ok:
            st.session_state[_FLASH] = {"status": result.status, "kind": kind, "record_id": result.record_id}
            reset(kind, record_id)
        else:
            state["result"] = result
        st.rerun()
    if result is not None and result.status == "conflict":
        if st.button(t("entry.form.reload"), icon=":material/refresh:", key=f"reload:{token}"):
            reset(kind, record_id)
            st.rerun()


def _widget(spec: FieldSpec, token: str, ref: Reference, language: str) -> None:
    key = widget_key(token, spec.name)
    label = t(f"entry.field.{spec.name}") + (" *" if spec.required else "")
    help_key = f"entry.help.{spec.name}"
    from dashboard.i18n import catalogue

    help_text = t(help_key) if help_key in catalogue() else None
    if spec.widget == "text":
        st.text_input(label, key=key, persist_state=KEEP, help=help_text)
    elif spec.widget == "textarea":
        st.text_area(label, key=key, persist_state=KEEP, help=help_text, height=110)
    elif spec.widget == "decimal":
        st.text_input(label, key=key, persist_state=KEEP, help=help_text, max_chars=40)
    elif spec.widget == "date":
        st.date_input(label, key=key, persist_state=KEEP, value=None, format="DD.MM.YYYY", help=help_text)
    elif spec.widget == "multiselect":
        pairs = choices(spec.options, ref, language, st.session_state.get(key))
        labels = dict(pairs)
        # No max_selections: a forged sixth choice would make Streamlit raise; the validator says "at most 5".
        st.multiselect(label, options=[v for v, _ in pairs], format_func=lambda v: labels.get(v, str(v)),
                       key=key, persist_state=KEEP, help=help_text, placeholder=t("entry.form.choose"))
    else:  # select, month, year
        pairs = choices(spec.options, ref, language, st.session_state.get(key))
        labels = dict(pairs)
        values = [v for v, _ in pairs]
        if not spec.required:
            # An optional choice can be emptied again: "Ingen" (or "Afventer" for a month).
            values = [None, *values]
            labels[None] = none_label(spec.options, language)
        st.selectbox(label, options=values, format_func=lambda v: labels.get(v, str(v)),
                     index=None, key=key, persist_state=KEEP, help=help_text, placeholder=t("entry.form.choose"))


def pop_flash() -> dict | None:
    """The outcome of the last save in this session, once."""
    return st.session_state.pop(_FLASH, None)


def opened_version(kind: str, record_id: Any) -> int | None:
    state = st.session_state.get(_slot(kind, record_id))
    return state["version"] if state else None


def can_delete(kind: str) -> bool:
    return KINDS[kind].can_delete
