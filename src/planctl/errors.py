"""Problems as values, and the one root exception the CLI turns into an exit code."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import NamedTuple

from planctl.i18n import _

# Exit codes, set here and nowhere else (documented in README.md).
EXIT_OK = 0
EXIT_PROBLEMS = 1  # the plan has errors, a write was refused, or --strict found something
EXIT_USAGE = 2  # bad option, no such file, unknown or ambiguous id
EXIT_CONFLICT = 3  # the plan file kept changing under us, or its lock could not be taken
EXIT_INTERNAL = 70  # a bug in planctl: reported in one line, never as a traceback
EXIT_INTERRUPTED = 130  # Ctrl-C

ERROR = "error"
WARNING = "warning"


class Problem(NamedTuple):
    """One thing wrong with a plan, located by code-point offset into its text."""

    offset: int
    message: str
    severity: str = ERROR
    # Filled by `Source.locate`; kept here so a Problem can be rendered without its source.
    line: int = 0
    column: int = 0
    hint: str = ""  # what to do about it, shown on its own line (output/diagnostics.py)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class PlanctlError(Exception):
    """The root of every error planctl reports to the user."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, *, hint: str | None = None, rows: list[list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.rows = rows or []  # a table under the message (the choices of an ambiguous name), aligned when shown


class UsageError(PlanctlError):
    exit_code = EXIT_USAGE


class WriteRefused(PlanctlError):
    exit_code = EXIT_PROBLEMS


class ConflictError(PlanctlError):
    exit_code = EXIT_CONFLICT


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest choice, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{choice}'?").format(choice=close[0]) if close else ""
