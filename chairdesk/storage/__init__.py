"""Storage: the engine factory, schema, backups, integrity and lock handling. No Qt.

Importing the package loads no SQLAlchemy: opening a file and reading the first screen do not
need it (storage/opening.py); the engine is built when a service first asks for it.
"""

from __future__ import annotations

from chairdesk.storage.database import Database
from chairdesk.storage.opening import is_server_url, open_database

__all__ = ["Database", "is_server_url", "open_database"]
