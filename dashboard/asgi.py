"""The web application `itraad run` serves (also `streamlit run dashboard/asgi.py` or any ASGI server
with ``dashboard.asgi:app``): Streamlit's st.App running dashboard/app.py inside the server layer of
dashboard/web (host and origin checks, security headers, the app's own pages and 404, the sign-in
cookie routes, the Danish error message). Streamlit reads dashboard/.streamlit/config.toml because it
sits beside this file. `streamlit run dashboard/app.py` still runs the bare app without that layer.
"""

import streamlit as st

from dashboard import web

app = st.App(web.APP_SCRIPT, routes=web.routes(), middleware=web.middleware(), on_script_error=web.on_script_error)
