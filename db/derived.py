"""The tables triggers keep (migrations 0003, 0008, 0009): counts the read side adds up
instead of reading every row. No service writes them, an export leaves them out and
an import or a copy works them out again (db.exchange.bulk.DERIVED_TABLES)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from db.model_base import Base


class SentHour(Base):
    """Derived: sends per UTC hour ('YYYY-MM-DD HH'), kept by triggers on follow_up
    (migration 0003) for every writer; the stats screen sums it instead of counting
    every send. Not exported: an import rebuilds it. On PostgreSQL its key's index
    carries the count, so the sums are index-only scans (migration 0010)."""

    __tablename__ = "sent_hour"
    __table_args__ = (
        PrimaryKeyConstraint("hour", name="pk_sent_hour", postgresql_include=["sent"]),
        {"sqlite_with_rowid": False},
    )
    hour: Mapped[str] = mapped_column(String)
    sent: Mapped[int] = mapped_column(Integer)


class ApplicationTally(Base):
    """Derived: how many applications stand at each key, kept by triggers on application
    (migration 0008); the Pipeline's counts and the stats' funnel sum it. Not exported."""

    __tablename__ = "application_tally"
    __table_args__ = {"sqlite_with_rowid": False}
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    archived: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    stage_reached: Mapped[int] = mapped_column(Integer, primary_key=True)
    answered: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class PlannedHour(Base):
    """Derived: how many follow-ups are planned for each UTC hour ('YYYY-MM-DD HH') they
    fall due in, kept by triggers on follow_up (migration 0009); Today's counts sum it
    instead of counting every overdue follow-up. Not exported."""

    __tablename__ = "planned_hour"
    __table_args__ = {"sqlite_with_rowid": False}
    hour: Mapped[str] = mapped_column(String, primary_key=True)
    planned: Mapped[int] = mapped_column(Integer)


class AnswerWait(Base):
    """Derived: how many applications (sent, with both times known) got their first
    answer in each UTC month ('YYYY-MM') after each quarter hour from applying
    (answer_seconds // 900), kept by triggers on application (migration 0009); the
    stats' days to a first answer add it up. Not exported."""

    __tablename__ = "answer_wait"
    __table_args__ = {"sqlite_with_rowid": False}
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    quarter: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
