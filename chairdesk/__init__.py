"""ChairDesk: run child protection conferences with parents first, offline and encrypted."""

from __future__ import annotations

__version__ = "0.1.0"
