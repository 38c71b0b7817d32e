"""Implementations of the ports: SQLAlchemy (SQLite/PostgreSQL), in-memory fakes, security."""
