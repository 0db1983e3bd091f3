"""Full-text search over the recommendations with PostgreSQL's Danish configuration."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard import repository
from tests.recommendation_helpers import load_demo_set

ALL = {"month_from": "2019-01", "month_to": "2100-12", "limit": 1000}


def add(conn, slug: str, subcategory: str, text: str) -> None:
    conn.execute(sa.text(
        "INSERT INTO recommendation (activity_id, subcategory, text, provenance, entered_by, entered_at)"
        " SELECT a.id, :sub, :text, 'entered', 'sekretariatet', now() FROM activity a JOIN project p ON p.id = a.project_id"
        " WHERE p.slug = :slug AND a.type = 'risk_assessment' AND a.state = 'held'"),
        {"slug": slug, "sub": subcategory, "text": text})


def search(conn, query: str, **filters) -> list[str]:
    return list(repository.recommendations_list(conn, **{**ALL, **filters}, search=query)["text"])


def test_inflected_forms_match(db):
    with db.begin() as conn:
        add(conn, "kiit", "schedule", "Læg en realistisk tidsplan med synlig kritisk vej.")
        add(conn, "luna", "steering_committee", "Styregruppen bør have et klart mandat.")
        add(conn, "labrek", "business_case", "Indbyg en risikobuffer i business casen.")
    with db.connect() as conn:
        assert search(conn, "tidsplanen") == ["Læg en realistisk tidsplan med synlig kritisk vej."]
        assert search(conn, "tidsplaner") == ["Læg en realistisk tidsplan med synlig kritisk vej."]
        assert search(conn, "styregruppe") == ["Styregruppen bør have et klart mandat."]
        assert search(conn, "Business case") == ["Indbyg en risikobuffer i business casen."]
        assert search(conn, "budget") == []


def test_search_syntax_phrase_exclusion_or(db):
    with db.begin() as conn:
        add(conn, "kiit", "schedule", "Læg en realistisk tidsplan med synlig kritisk vej.")
        add(conn, "luna", "schedule", "Nedbryd tidsplanen i delleverancer.")
        add(conn, "labrek", "business_case", "Indbyg en risikobuffer i business casen.")
    with db.connect() as conn:
        assert search(conn, "tidsplan -delleverancer") == ["Læg en realistisk tidsplan med synlig kritisk vej."]
        assert search(conn, '"kritisk vej"') == ["Læg en realistisk tidsplan med synlig kritisk vej."]
        assert sorted(search(conn, "delleverance OR risikobuffer")) == [
            "Indbyg en risikobuffer i business casen.", "Nedbryd tidsplanen i delleverancer."]
        # Punctuation or an unbalanced quote is no error, just a search.
        assert search(conn, '"tidsplan') != [] and search(conn, "tidsplan & ( |") != []


def test_search_combines_with_the_filters(db, monkeypatch):
    load_demo_set(db, monkeypatch)
    with db.connect() as conn:
        everything = repository.recommendations_list(conn, **ALL, search="tidsplanen")
        a_only = repository.recommendations_list(conn, **ALL, search="tidsplanen", profiles=("B",))
        nordjylland = repository.recommendations_list(conn, **ALL, search="tidsplanen",
                                                      organisation="Region Nordjylland", focus_area="project_planning")
        shares = repository.recommendations_by_focus_area(conn, month_from="2019-01", month_to="2100-12",
                                                          search="tidsplanen")
        raw = conn.execute(sa.text(
            "SELECT count(*) FROM recommendation WHERE text ILIKE '%tidsplan%'")).scalar()
    assert len(everything) == raw > 10
    assert set(a_only["slug"]) == {"labrek"}  # LABREK is the only B
    assert set(nordjylland["slug"]) <= {"apovision", "labrek"} and len(nordjylland) > 0
    assert (nordjylland["focus_area"] == "project_planning").all()
    assert int(shares["count"].sum()) == raw


def test_search_uses_the_index(db):
    with db.connect() as conn:
        conn.execute(sa.text("SET enable_seqscan = off"))
        plan = "\n".join(conn.execute(sa.text(
            "EXPLAIN SELECT id FROM recommendation WHERE search_vector @@ websearch_to_tsquery('danish', 'tidsplanen')"
        )).scalars())
    assert "recommendation_search_idx" in plan

