"""Alembic migrations. HEAD names the newest revision so an up-to-date database opens
without importing alembic (a test checks it against the scripts). Each migration runs
on SQLite and on PostgreSQL (db.migrations.dialect: what differs, and how it is said)."""

HEAD = "0010"
