"""The query runner (dashboard/db/queries.py) on a real database: a result already validated is
not validated again, a changed or failing result always is, the kept frames are bounded, and the
text dtype refuses what is not text."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pandera.pandas as pa
import pytest
import sqlalchemy as sa
from pandera.engines import pandas_engine

from dashboard import repository, schemas
from dashboard.db import queries
from dashboard.db.queries import TEXT, Text, ValidatedFrames
from dashboard.errors import DataValidationError


@pytest.fixture
def validations(monkeypatch):
    """A fresh store of validated frames, and the names of the frames pandera validated."""
    monkeypatch.setattr(queries, "validated_frames", ValidatedFrames())
    seen: list[str] = []
    real = queries.validate

    def counting(frame, schema, name):
        seen.append(name)
        return real(frame, schema, name)

    monkeypatch.setattr(queries, "validate", counting)
    return seen


def portfolio(db) -> pd.DataFrame:
    with db.connect() as conn:
        return repository.portfolio(conn)


def test_an_unchanged_result_is_validated_once_and_each_reader_gets_its_own_frame(db, validations):
    first = portfolio(db)
    first.loc[first["slug"] == "luna", "name"] = "ændret af en læser"
    second = portfolio(db)
    assert validations == ["portfolio"]
    assert "ændret af en læser" not in second["name"].tolist()
    assert second.dtypes.equals(first.dtypes)
    assert second.loc[second["slug"] == "luna", "name"].item() == "LUNA"


def test_a_changed_row_is_validated_again_and_read(db, validations):
    portfolio(db)
    with db.begin() as conn:
        conn.execute(sa.text("UPDATE project SET short_name = 'Ny kortform' WHERE slug = 'luna'"))
    again = portfolio(db)
    assert validations == ["portfolio", "portfolio"]
    assert again.loc[again["slug"] == "luna", "short_name"].item() == "Ny kortform"


def test_a_result_that_fails_its_schema_is_refused_every_time(db, validations):
    with db.begin() as conn:
        conn.execute(sa.text("ALTER TABLE project DROP CONSTRAINT project_slug_check"))
        conn.execute(sa.text("UPDATE project SET slug = 'LUNA med mellemrum' WHERE slug = 'luna'"))
    for _ in range(2):
        with pytest.raises(DataValidationError):
            portfolio(db)
    assert validations == ["portfolio", "portfolio"]


def test_the_kept_frames_are_bounded_by_their_cells(db, validations, monkeypatch):
    frames = queries.validated_frames
    size = portfolio(db).size
    frames.max_cells = size + 10
    with db.connect() as conn:
        activities = repository.activities(conn)
    assert len(frames) == 1   # the portfolio went to make room for the activities
    assert frames._cells == activities.size
    portfolio(db)
    assert validations == ["portfolio", "activities", "portfolio"]


def test_keeping_nothing_validates_every_result(db, validations, monkeypatch):
    monkeypatch.setenv("ITRAAD_VALIDATED_CELLS", "0")
    monkeypatch.setattr(queries, "validated_frames", ValidatedFrames(queries._cells_to_keep()))
    portfolio(db)
    portfolio(db)
    assert validations == ["portfolio", "portfolio"]
    assert len(queries.validated_frames) == 0


def test_a_result_too_big_to_keep_is_validated_every_time(db, validations, monkeypatch):
    monkeypatch.setattr(ValidatedFrames, "MAX_FRAME_VALUES", 10)
    portfolio(db)
    portfolio(db)
    assert validations == ["portfolio", "portfolio"]
    assert len(queries.validated_frames) == 0


def test_the_text_dtype_accepts_text_and_refuses_anything_else():
    schema = pa.DataFrameSchema({"name": pa.Column(TEXT, nullable=True)})
    assert schema.validate(pd.DataFrame({"name": pd.Series(["Nord", None], dtype="string")}))["name"].tolist()[0] == "Nord"
    assert schema.validate(pd.DataFrame({"name": pd.Series(["Nord", None], dtype=object)})) is not None
    assert schema.validate(pd.DataFrame({"name": pd.Series([None, None], dtype=object)})) is not None
    with pytest.raises(pandera.errors.SchemaErrors) as failed:
        schema.validate(pd.DataFrame({"name": pd.Series(["Nord", 3], dtype=object)}), lazy=True)
    assert 3 in failed.value.failure_cases["failure_case"].tolist()
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.validate(pd.DataFrame({"name": [1.5, 2.5]}), lazy=True)


def test_every_text_column_of_the_schemas_uses_the_text_dtype():
    # pandera's own str check formats a failure table for every passing column (its cost is why
    # TEXT exists); a new schema written with str would quietly bring it back.
    from dashboard import accounts
    from dashboard.cases import queries as cases
    from dashboard.entry import history
    from dashboard.recommendations import queries as recommendations
    from dashboard.reports import data as reports
    from dashboard.screening import queries as screening
    from dashboard.status import queries as status

    modules = [schemas, accounts, cases, history, recommendations, reports, screening, status]
    columns = [(module.__name__, name, column) for module in modules for value in vars(module).values()
               if isinstance(value, pa.DataFrameSchema) for name, column in value.columns.items()]
    assert len(columns) > 300
    plain = (pandas_engine.STRING, pandas_engine.NpString)
    assert [(m, n) for m, n, column in columns if type(column.dtype) in plain] == []
    assert sum(isinstance(column.dtype, Text) for _, _, column in columns) > 150


def test_a_result_whose_cells_hold_long_arrays_counts_them_and_is_not_kept():
    schema = pa.DataFrameSchema({"id": pa.Column(int)})
    assert queries._fingerprint("cases", schema, ["id", "steps"], [(1, ["request", "letter_sent"])]) is not None
    many = [(n, ["request"] * 10) for n in range(ValidatedFrames.MAX_FRAME_VALUES // 10)]
    assert queries._fingerprint("cases", schema, ["id", "steps"], many) is None
    assert queries._fingerprint("cases", schema, ["id", "steps"], many[: len(many) // 2]) is not None
