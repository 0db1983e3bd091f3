"""Rådsportalen as served: `itraad run`, or `streamlit run streamlit_app.py` from the root of a
checkout, or any ASGI server with ``streamlit_app:app``. Streamlit's st.App runs dashboard/app.py
(which draws the pages in pages/) inside the server layer of dashboard/web (host and origin checks,
security headers, the app's own pages and 404, the sign-in cookie routes, the Danish error message).
Streamlit reads .streamlit/config.toml because it sits beside this file; an installed wheel carries
both in dashboard/app_files/ (dashboard/files.py).
"""

import streamlit as st

from dashboard import web

app = st.App(web.APP_SCRIPT, routes=web.routes(), middleware=web.middleware(), on_script_error=web.on_script_error)
