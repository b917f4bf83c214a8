"""Fixtures that start a real PostgreSQL server on loopback as an unprivileged user."""
