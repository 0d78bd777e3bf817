"""Alembic migrations. HEAD names the newest revision so an up-to-date database opens
without importing alembic (a test checks it against the scripts)."""

HEAD = "0007"
