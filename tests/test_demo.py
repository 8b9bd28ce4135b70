"""`flask demo load` for every domain: idempotent, and it creates the documented accounts."""
from sqlalchemy import func, select

from backend.demo import load_all
from backend.extensions import db


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_demo_data_loads_twice_without_changes(ctx):
    loaded = load_all()
    assert {"catalogue", "accounts", "booking"} <= set(loaded)
    first = _row_counts()
    load_all()
    assert _row_counts() == first
    assert first["region"] == 16
    assert first["user_account"] == 3


def test_demo_cli_command(app, ctx):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "demo data loaded: catalogue, accounts" in result.output
