"""Problems as values, and the one root exception the CLI turns into an exit code."""

from __future__ import annotations

from collections.abc import Iterable

from planctl.i18n import N_, _
from planctl.records import NamedTuple

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
    import difflib  # only to suggest a name: every command imports this module

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{choice}'?").format(choice=close[0]) if close else ""


# Why the system refused a file, by errno: the C library's English words (as `strerror` gives them on Linux), so
# that the reader's language can have them; any other errno is told by number in a language other than English.
_OS_REASONS = {
    "ENOENT": N_("No such file or directory"), "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"), "ENOSPC": N_("No space left on device"),
    "EROFS": N_("Read-only file system"), "EISDIR": N_("Is a directory"), "ENOTDIR": N_("Not a directory"),
    "EEXIST": N_("File exists"), "EDQUOT": N_("Disk quota exceeded"), "EIO": N_("Input/output error"),
    "ELOOP": N_("Too many levels of symbolic links"), "ENAMETOOLONG": N_("File name too long"),
    "EFBIG": N_("File too large"), "EMFILE": N_("Too many open files"), "ENFILE": N_("Too many open files in system"),
    "ETXTBSY": N_("Text file busy"), "EBUSY": N_("Device or resource busy"), "EINVAL": N_("Invalid argument"),
    "ENXIO": N_("No such device or address"), "ENODEV": N_("No such device"), "EXDEV": N_("Invalid cross-device link"),
    "ENOTEMPTY": N_("Directory not empty"), "EAGAIN": N_("Resource temporarily unavailable"),
    "ENOMEM": N_("Cannot allocate memory"), "EPIPE": N_("Broken pipe"), "ESTALE": N_("Stale file handle"),
    "ETIMEDOUT": N_("Connection timed out"), "EINTR": N_("Interrupted system call"),
}


def os_reason(exc: OSError) -> str:
    """Why the system refused: `exc`'s reason in the reader's language (the one place an OSError becomes words).

    English: the system's own text (`strerror`, else the exception's text). Another language: the translation of
    the errno's text above, else a sentence naming the error's number; never the system's English."""
    import errno
    import os

    from planctl.i18n import is_chinese

    if not is_chinese():
        return exc.strerror or str(exc)
    if exc.errno and exc.strerror and exc.strerror != os.strerror(exc.errno):
        return exc.strerror  # planctl's own words for it (store/atomic.py), already in the reader's language
    known = _OS_REASONS.get(errno.errorcode.get(exc.errno or 0, ""))
    if known is not None:
        return _(known)
    if exc.errno:
        return _("the system refused it (error number {number})").format(number=exc.errno)
    return _("the system refused it")
