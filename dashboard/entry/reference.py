"""The choices the validators check against: organisations, projects, activities, the taxonomy.

Loaded in the same transaction as a save, so what is checked is what is written against. Tests
build a ``Reference`` by hand, so the validators run without a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlalchemy as sa

from dashboard.i18n import copenhagen_today


@dataclass(frozen=True)
class ProjectRef:
    id: int
    slug: str
    name: str
    state: str
    is_rsi: bool | None
    short_name: str | None = None


@dataclass(frozen=True)
class ActivityRef:
    id: int
    project_id: int
    type: str
    state: str
    month: dt.date | None
    plan_year: int | None
    has_result: bool
    recommendations: int


@dataclass(frozen=True)
class SubcategoryRef:
    code: str
    focus_area: str
    name_da: str
    name_en: str
    focus_area_da: str
    focus_area_en: str


@dataclass
class Reference:
    organisations: dict[int, str] = field(default_factory=dict)
    projects: dict[int, ProjectRef] = field(default_factory=dict)
    activities: dict[int, ActivityRef] = field(default_factory=dict)
    subcategories: dict[str, SubcategoryRef] = field(default_factory=dict)
    councils: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=lambda: copenhagen_today())
    # What a feature room's validators check against, by name (filled by EXTRA_LOADERS).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def this_month(self) -> dt.date:
        return self.today.replace(day=1)

    def project_by_slug(self, slug: str) -> ProjectRef | None:
        return next((p for p in self.projects.values() if p.slug == slug), None)

    def project_by_name(self, name: str) -> ProjectRef | None:
        """The project with this name as a reader sees it (checks.name_key, as the database's index)."""
        from dashboard.entry.checks import name_key

        wanted = name_key(name)
        return next((p for p in self.projects.values() if name_key(p.name) == wanted), None)


# Loaders a feature room adds (dashboard/<room>/entry.py): each fills ref.extras from the same transaction.
EXTRA_LOADERS: list[Callable[[sa.Connection, "Reference"], None]] = []


def load_reference(conn: sa.Connection) -> Reference:
    ref = Reference()
    ref.organisations = dict(conn.execute(sa.text("SELECT id, name FROM organisation ORDER BY name")).all())
    ref.projects = {
        row.id: ProjectRef(row.id, row.slug, row.name, row.state, row.is_rsi, row.short_name)
        for row in conn.execute(sa.text(
            "SELECT id, slug, name, state::text AS state, is_rsi, short_name FROM project ORDER BY name"))
    }
    ref.activities = {
        row.id: ActivityRef(row.id, row.project_id, row.type, row.state, row.month, row.plan_year,
                            row.has_result, row.recommendations)
        for row in conn.execute(sa.text(
            "SELECT a.id, a.project_id, a.type::text, a.state::text, a.month, a.plan_year,"
            " EXISTS (SELECT 1 FROM risk_assessment_result r WHERE r.activity_id = a.id) AS has_result,"
            " (SELECT count(*) FROM recommendation c WHERE c.activity_id = a.id) AS recommendations"
            " FROM activity a ORDER BY a.month NULLS LAST, a.id"))
    }
    ref.subcategories = {
        row.code: SubcategoryRef(row.code, row.focus_area, row.name_da, row.name_en, row.fa_da, row.fa_en)
        for row in conn.execute(sa.text(
            "SELECT s.code, s.focus_area, s.name_da, s.name_en, f.name_da AS fa_da, f.name_en AS fa_en"
            " FROM subcategory s JOIN focus_area f ON f.code = s.focus_area ORDER BY f.position, s.position"))
    }
    ref.councils = dict(conn.execute(sa.text("SELECT code, name FROM partner_council ORDER BY name")).all())
    for loader in EXTRA_LOADERS:
        loader(conn, ref)
    return ref
