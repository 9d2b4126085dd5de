"""Storage: the engine factory, schema, backups, integrity and lock handling. No Qt."""

from __future__ import annotations

from chairdesk.storage.engine import Database, is_server_url, open_database

__all__ = ["Database", "is_server_url", "open_database"]
