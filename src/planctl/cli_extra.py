"""Commands registered on the main app (see cli.py); kept apart so each area owns its file."""

from __future__ import annotations

from planctl.cli import app  # noqa: F401
