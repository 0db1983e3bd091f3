"""Data shown as text, never interpreted: the one rule for putting data where markup is rendered.

Streamlit renders Markdown in st.markdown/caption/title, in alerts, toasts, labels, help texts,
page links, metrics, expanders and pill options; Plotly renders a small HTML (``<b>``, ``<br>``,
``<a href>``) in titles, annotations, tick labels and hover text. A project name, a status note
or a value from a shared link is data: it must show exactly as typed there and never become a
link, an image (a request to a foreign host), a colour or a heading.

- ``literal(value)`` makes a value inert for Streamlit's Markdown: every ASCII punctuation mark
  that Markdown, HTML or Streamlit's directives (``:red[...]``, ``:material/...:``) use is
  written as a numeric character reference, which the renderer shows as the character itself and
  never reads as syntax; a line break becomes a space. Streamlit turns bare web and e-mail
  addresses in the text into links after parsing, so an invisible word joiner (U+2060) is put
  where such an address would begin to match ("http⁠://", "www⁠.", "@⁠").
- ``plot_literal(value)`` does the same for Plotly: ``<``, ``>`` and ``&`` as entities.

The pages never call these directly for catalogue texts: dashboard.ui.context.t escapes every
value it fills into a text, and standalone data is shown with st.text (no Markdown at all).
"""

from __future__ import annotations

import html
import re

_MARKUP = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:&^=\"'@/%?;,]")
_LINK_START = re.compile(r"(?i)(https?|ftps?|mailto|file|data|javascript|www)(?=&#(58|46);)|(?<=&#64;)")
JOINER = "\u2060"


def literal(value: object) -> str:
    """``value`` as text that Streamlit's Markdown shows character for character."""
    text = " ".join(str(value).split("\n")).replace("\r", " ")
    escaped = _MARKUP.sub(lambda m: f"&#{ord(m.group())};", text)
    return _LINK_START.sub(lambda m: (m.group(0) or "") + JOINER, escaped)


def plot_literal(value: object) -> str:
    """``value`` as text that Plotly shows character for character (no tags, no links)."""
    return html.escape(str(value), quote=False)


def shown(text: str) -> str:
    """What a person sees of a text made with ``literal`` (tests compare with it): the character
    references read, the joiners removed."""
    return html.unescape(text).replace(JOINER, "")
