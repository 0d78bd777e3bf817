"""What differs between SQLite and PostgreSQL in a migration, said once.

Every migration runs on both. The differences are a branch on `on_postgres()` inside
the migration: a derived value kept by SQLite triggers is kept on PostgreSQL by a
PL/pgSQL trigger function (`pg_trigger`), SQLite's date functions have their
PostgreSQL forms beside them, and a time column is `moment()`: naive UTC text on SQLite
(as SQLAlchemy writes it), timestamptz on PostgreSQL. These helpers are frozen once
used: a migration must do tomorrow what it did the day it shipped."""


def moment():
    """A time column: DATETIME on SQLite, timestamp with time zone on PostgreSQL."""
    import sqlalchemy as sa

    return sa.DateTime().with_variant(sa.DateTime(timezone=True), "postgresql")


def on_postgres() -> bool:
    from alembic import op

    return op.get_context().dialect.name == "postgresql"


def pg_trigger(name: str, when: str, table: str, body: str) -> None:
    """A PL/pgSQL function `name`() and a row trigger `name` on `table` that runs it
    (`when`: e.g. "AFTER INSERT OR DELETE OR UPDATE OF status"). `body` is the
    function's statements; an AFTER trigger's result is ignored, so it returns NULL
    unless the body returns first."""
    from alembic import op

    op.execute(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND\n$body$"
    )
    op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")


def drop_pg_trigger(name: str, table: str) -> None:
    from alembic import op

    op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {name}()")
