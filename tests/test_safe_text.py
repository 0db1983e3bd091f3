"""Data is shown as text (issue 11, must-fix 1 and 2): the one rule, dashboard.text, and checks that
no page builds Markdown from data: a scan of the pages' code, and every page rendered (AppTest) with
hostile data and a crafted link, its Markdown never holding the hostile syntax raw."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import accounts
from dashboard.accounts import Actor
from dashboard.text import literal, plot_literal, shown
from tests.apptest import open_app
from tests.status_helpers import load_demo_set

HOSTILE = ["![](http://127.0.0.1:9/x)", "[klik](http://evil.example)", ":red[x]", "<b>x</b>", ":material/home:",
           "$x^2$", "http://evil.example/auto", "www.evil.example", "navn@evil.example", "# Overskrift",
           "1. punkt", "- punkt", "> citat", "`kode`", "**fed** _kursiv_ ~~streg~~", "a\\*b", "&lt;b&gt;", "æøå «»"]
# What must never reach Streamlit's Markdown raw from data (the renderer would act on it).
RAW = ["](http", "[klik]", ":red[", "<b>", ":material/", "http://", "www.evil"]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_text_shows_exactly_what_was_typed_and_holds_no_markup(text):
    made = literal(text)
    assert shown(made) == text
    assert not any(piece in made for piece in RAW)
    assert "\n" not in literal(text + "\n\n# ny linje")


def test_plot_text_shows_exactly_what_was_typed():
    import html

    for text in HOSTILE:
        made = plot_literal(text)
        assert "<" not in made and html.unescape(made) == text


def test_catalogue_values_are_escaped_and_singular_plural_is_chosen():
    from dashboard.i18n import t

    assert t("entry.form.fix_errors", "da", count=1).startswith("Intet er gemt. Ret det markerede felt ")
    assert "Ret de 3 markerede felter" in t("entry.form.fix_errors", "da", count=3)
    assert t("entry.history.count", "da", count=1) == "1 ændring."
    assert t("entry.history.count", "en", count=2) == "2 changes."


# --- the pages' code: no Markdown made from data ------------------------------------------------

SINKS = {"markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success", "toast",
         "write", "page_link", "metric", "expander", "popover", "button", "download_button", "text_input",
         "selectbox", "multiselect", "segmented_control", "pills", "toggle", "date_input", "number_input"}
# Functions whose result is safe in Markdown: catalogue text with escaped values, escaped data, or
# text the app itself makes from codes and numbers.
SAFE_CALLS = {"t", "literal", "format_number", "format_date", "format_month", "format_timestamp", "format_mkr",
              "format_percent", "month_text", "month_label", "label", "profile_label", "status_label",
              "parameter_label", "action_label", "int", "len", "concern_lines",
              "describe_meeting"}
CODE = [*sorted((Path(__file__).resolve().parent.parent / "pages").glob("*.py")),
        *sorted((Path(__file__).resolve().parent.parent / "dashboard" / "ui").glob("*.py"))]


def _unsafe(node: ast.AST) -> list[str]:
    """The parts of a text expression that put data into Markdown unescaped: an attribute or a
    subscript (row.name, project["name"]) or plain(...) outside a safe call."""
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in SAFE_CALLS:
            return []
        if name == "plain":
            return ["plain(...) in Markdown"]
        if name == "join":
            return [u for arg in node.args for u in _unsafe(arg)]
        return [u for arg in node.args for u in _unsafe(arg)]
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        return [ast.unparse(node)]
    if isinstance(node, ast.JoinedStr):
        return [u for part in node.values if isinstance(part, ast.FormattedValue) for u in _unsafe(part.value)]
    if isinstance(node, ast.BinOp):
        return _unsafe(node.left) + _unsafe(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [u for elt in node.elts for u in _unsafe(elt)]
    if isinstance(node, ast.Starred):
        return _unsafe(node.value)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _unsafe(node.elt)
    if isinstance(node, ast.IfExp):
        return _unsafe(node.body) + _unsafe(node.orelse)
    return []


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_pages_never_put_data_into_markdown_unescaped(path):
    tree = ast.parse(path.read_text("utf-8"))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html" and getattr(node.value, "value", False):
            problems.append(f"{path.name}:{node.lineno} unsafe_allow_html")
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        sink = node.func.attr
        if sink == "write" and getattr(node.func.value, "id", "") == "st":
            problems.append(f"{path.name}:{node.lineno} st.write renders strings as Markdown")
        if sink not in SINKS:
            continue
        texts = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("label", "body", "help")]
        if sink == "page_link" and getattr(node.func.value, "id", "") == "views":
            texts = node.args[1:2]
        for text in texts:
            problems += [f"{path.name}:{node.lineno} {sink}: {u}" for u in _unsafe(text)]
    assert problems == []


# --- every page rendered with hostile data -------------------------------------------------------

class _Logger:
    port = 9

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:9/{path}"


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown, raw (as the page sent it)."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [e.proto.label for e in at.get("page_link")]
    out += [e.label for e in at.metric] + [e.proto.help for e in at.metric]
    out += [e.label for e in at.expander] + [e.label for e in at.button]
    for widget in ("selectbox", "multiselect", "text_input", "date_input", "number_input", "toggle"):
        out += [w.label for w in getattr(at, widget)]
    return out


@pytest.fixture
def hostile_data(db):
    from tests.test_meeting_browser import add_hostile_project

    load_demo_set(db)
    found = add_hostile_project(db, _Logger())
    with db.begin() as conn:
        accounts.create_user(conn, "sara", "secretariat", "korrekt hest batteri", "Sara", "test")
    return found


def _run(page: str | None, **query) -> AppTest:
    return open_app(page, timeout=90, actor=Actor("sara", "secretariat", "Sara :red[x]"), **query)


def test_every_page_shows_hostile_data_as_text(hostile_data):
    project = str(hostile_data["id"])
    views = [
        (None, {}), ("portefolje.py", {"soeg": "Fjendtlig"}), ("projekt.py", {"id": "fjendtlig"}),
        ("projekt.py", {"id": "fjendtlig", "fane": "aktiviteter"}), ("projekt.py", {"id": "fjendtlig", "fane": "anbefalinger"}),
        ("pipeline.py", {"aar": "2024"}), ("status.py", {"projekt": "fjendtlig"}),
        ("status.py", {"visning": "aarsager", "aarsag": "schedule"}), ("status.py", {"visning": "advarsler", "n": "2"}),
        ("status.py", {"visning": "aendringer", "siden": "2023-10-01"}),
        ("anbefalinger.py", {"visning": "anbefalinger", "projekt": "fjendtlig"}),
        ("anbefalinger.py", {"visning": "opfoelgning", "projekt": "fjendtlig"}),
        ("historik.py", {}), ("historik.py", {"type": "projekt", "id": project}),
        ("indtastning.py", {"type": "projekt", "id": project}),
        # Reflected: crafted values in a shared link, shown in the "Ukendt værdi i linket" notice.
        ("portefolje.py", {"profil": "[Log ind igen](http://evil.example/phish)", "ansvarlig": "![](http://127.0.0.1:9/y)"}),
        ("status.py", {"visning": ":red[x]", "projekt": "<b>x</b>"}),
        ("historik.py", {"type": "projekt", "id": "[klik](http://evil.example)"}),
        ("indtastning.py", {"type": "projekt", "id": "![](http://127.0.0.1:9/z)"}),
        # The assessment cases (issue 13): the lists and a crafted member or case in a link.
        ("sager.py", {}), ("raadet.py", {}), ("sager.py", {"medlem": "[klik](http://evil.example)"}),
        ("sag.py", {"id": "![](http://127.0.0.1:9/z)"}),
    ]
    for page, query in views:
        at = _run(page, **query)
        assert not at.exception, (page, query)
        texts = _markdown_texts(at)
        joined = "\n".join(shown(x) for x in texts)
        for text in texts:
            assert not any(piece in text for piece in RAW), (page, query, text)
        if page in ("projekt.py", "pipeline.py") or (page is None):
            assert hostile_data["name"] in joined, (page, query)
        if "profil" in query or "visning" in query and query["visning"].startswith(":"):
            assert any(f"{k}={v}" in joined for k, v in query.items()), (page, query)
