"""Streamlit pieces of the reports room: the document builder of /rapporter and the status-text
history on the project page. The documents themselves are made by dashboard.reports.build, the
same code `itraad rapport` runs."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import domain
from dashboard.db.connection import READER, connect
from dashboard.errors import UserError
from dashboard.i18n import format_date, format_month, format_timestamp
from dashboard.reports import build, data, meeting, output
from dashboard.ui.context import lang, t

_RESULT = "_reports_result"


def render_status_text_history(slug: str) -> None:
    """Every status text the project has had, newest first, with its month and where it comes from
    (project_status_text); texts are shown as text, never as Markdown."""
    with connect(role=READER) as conn:
        history = data.status_text_history(conn, slug)
    if len(history) == 0:
        return
    L = lang()
    with st.expander(t("reports.history.heading", count=len(history)), icon=":material/history:"):
        for row in history.itertuples():
            st.markdown(f"**{t('columns.status_date')} {format_month(row.status_date.date(), L)}**")
            st.text(row.status_text)
            if row.provenance == "entered" and isinstance(row.entered_by, str):
                origin = t("reports.history.entered", who=row.entered_by,
                           when=format_timestamp(row.entered_at.to_pydatetime(), L))
            else:
                origin = domain.label("provenance", row.provenance, L) + (
                    f" ({row.source_ref})" if isinstance(row.source_ref, str) else "")
            st.caption(origin)


def _progress_bar():
    bar = st.progress(0.0, text=t("reports.progress.reading"))

    def report(what: str, done: float) -> None:
        bar.progress(min(max(done, 0.0), 1.0), text=what)

    return report


def _make(kind: str, values: dict):
    if kind == "aarsrapport":
        return build.annual_report(values["year"], values["demo"], lang=lang())
    meeting.check_period(values["since"], values["meeting_date"], lang())
    return build.meeting_pack(values["since"], values["meeting_date"], values["demo"], lang=lang())


def build_document(kind: str, fmt: str, values: dict, file_name: str) -> None:
    """Build the document with a progress bar; keep the file for the download button."""
    st.session_state.pop(_RESULT, None)
    report = _progress_bar()
    try:
        built = build.build(_make(kind, values), fmt, progress=report, lang=lang())
    except UserError as exc:
        st.error(exc.message(lang()), icon=":material/error:")
        return
    except Exception:
        import logging

        logging.getLogger(__name__).exception("document failed")
        st.error(t("reports.errors.failed", reason=t("reports.page.see_log")), icon=":material/error:")
        return
    st.session_state[_RESULT] = {"kind": kind, "content": built.content, "fmt": fmt, "file_name": file_name,
                                 "seconds": sum(built.seconds.values()), "pages": len(built.document.blocks)}


def render_download() -> None:
    result = st.session_state.get(_RESULT)
    if not result:
        return
    st.success(t("reports.page.ready", name=result["file_name"], seconds=f"{result['seconds']:.1f}"),
               icon=":material/task_alt:")
    st.download_button(t("reports.page.download", fmt=result["fmt"].upper()), data=result["content"],
                       file_name=result["file_name"], mime=output.MEDIA_TYPES[result["fmt"]],
                       icon=":material/download:", key="reports_download", on_click="ignore", type="primary")


def has_demo_rows() -> bool:
    with connect(role=READER) as conn:
        return bool(data.data_stamp(conn)["has_demo"].iloc[0])


def default_since(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=30)


def describe_meeting(since: dt.date, meeting_date: dt.date) -> str:
    return t("reports.page.meeting_period", since=format_date(since, lang()), date=format_date(meeting_date, lang()))


def table_years(today: dt.date) -> list[int]:
    return list(range(today.year, 2018, -1))

