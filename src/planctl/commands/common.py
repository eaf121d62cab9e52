"""What several commands share: finding and loading the plan, reading dates typed on the command line."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.errors import UsageError
from planctl.format.loaded import Loaded
from planctl.i18n import _
from planctl.model import Plan
from planctl.output.spinner import working
from planctl.store.discover import display_path, find_plan
from planctl.store.planfile import PlanFile, as_from_cache, open_plan

if TYPE_CHECKING:
    from planctl.format.dates import TypedSpan


def load_plan(option: str | None) -> Loaded:
    """Discover and load the plan, whatever its problems (for `check`)."""
    path = find_plan(option)
    return open_plan(path, display_path(path), require_valid=False, slow=working).loaded


def warn_if_unmerged(path: Path) -> None:
    """Say on stderr (every reading command) when git holds the plan unmerged: it may lack the other
    side's completions (docs/git.md)."""
    from planctl.git.unmerged import warning_lines

    for line in warning_lines(path):
        print(line, file=sys.stderr)


def load_valid_plan(option: str | None, *, quotas: bool = False) -> tuple[Loaded, Plan]:
    """Discover and load the plan, refusing one with errors (warnings pass). `quotas`: the quotas'
    stored totals are given them (store/planfile.py `open_plan`), for a command that sums every quota."""
    file = load_valid_file(option, quotas=quotas)
    return file.loaded, file.plan


def load_valid_file(option: str | None, *, quotas: bool = False) -> PlanFile:
    """`load_valid_plan`'s plan file: its plan with the digest of its bytes (`key`), for a command that
    reads more of what the cache keeps for those bytes."""
    path = find_plan(option)
    warn_if_unmerged(path)
    file = open_plan(path, display_path(path), require_valid=True, slow=working, quotas=quotas)
    as_from_cache(file.loaded)  # a reading command: the YAML tree of a cold read goes before the output is built
    return file


def lock_wait_note(path: Path) -> None:
    """Said when another planctl has held the plan's lock for a second (a message: -q silences it)."""
    from planctl.output import messages

    messages.say(lock_wait_words(path))


def lock_wait_words(path: Path) -> str:
    """The words of `lock_wait_note`, for a command whose own -q silences them (`done -q`, `undo -q`)."""
    from planctl.store.atomic import LOCK_TIMEOUT_SECONDS

    return _("planctl: waiting for another planctl to finish writing {path} (gives up after {seconds:.0f} s)…").format(
        path=display_path(path), seconds=LOCK_TIMEOUT_SECONDS)


def told_day(text: str | None, real_today: date, plan_year: int | None, what: str | None = None,
             span: TypedSpan = None) -> date:
    """The day an option (--today, --date) tells, read as `parse_cli_date` reads it; `real_today` when the option
    was not given (None). An option given empty (`--today ''`, a script's unset variable) is refused as an empty
    date, never taken as not given: a view would otherwise show the wrong day without a word."""
    return real_today if text is None else parse_cli_date(text, real_today, plan_year, what, span)


def parse_cli_date(text: str, real_today: date, plan_year: int | None, what: str | None = None,
                   span: TypedSpan = None) -> date:
    """A day typed on the command line, read by the date grammar (`dates.read_typed_day`): ISO,
    2009/4/12, Apr 12 2009, 4月12日, today, yesterday, tomorrow; ambiguous numeric days are refused.
    A day without its year is placed by `dates.yearless_day` (`span`: the plan's, e.g. `plan.span`).
    UsageError naming `what` (the option or argument it came from; None: the day planctl is told it is,
    `--today` or `$PLANCTL_TODAY`, whichever gave `text`) with the date grammar's reason."""
    from planctl.format.dates import DateError, read_typed_day

    try:
        return read_typed_day(text, real_today, plan_year, span)
    except DateError as exc:
        raise UsageError(_("{what}: {exc}").format(what=what or today_source(text), exc=exc), hint=exc.hint) from None


def today_source(text: str) -> str:
    """Where the day planctl is told it is came from: `$PLANCTL_TODAY` when it holds `text` (the command
    line's --today falls back to it: cli.app.today_from_environment), else `--today`."""
    return "$PLANCTL_TODAY" if text == os.environ.get("PLANCTL_TODAY") else "--today"


def in_english(pieces: Iterable[str]) -> Iterator[str]:
    """`pieces`, each made in English (JSON's words are codes for programs, README "Language"); whatever
    is said between them (a full disk while they are written) stays in the reader's language."""
    from itertools import islice

    from planctl.i18n import english

    with english():
        made = iter(pieces)
    while True:
        with english():  # a few hundred at a time: switching the language costs as much as making a piece
            batch = list(islice(made, 256))
        if not batch:
            return
        yield from batch


def emit(data: bytes | Iterable[bytes], output: str | None, plan_path: Path, suffixes: Iterable[str]) -> None:
    """To stdout (`output` None or `-`), or to a file whole or not at all, never over the plan
    (store/output_file.py); used by `report` and `export`. `data`: the bytes, or their pieces in order
    (written as they come, never joined); `suffixes`: the file names the command writes (`.ics`), for hints."""
    if output is None or output == "-":
        sys.stdout.flush()
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.buffer.writelines(data)
        sys.stdout.buffer.flush()
        return
    from planctl.output import messages
    from planctl.store.output_file import Existing, write_output

    write_output(Path(output), data, option="-o", reading=[(plan_path, _("the plan"))],
                 existing=Existing.REPLACE_UNLESS_YAML, suffixes=suffixes)
    messages.say(_("planctl: wrote {output}").format(output=output))


# Binary office, print and archive formats: text written under such a name would not open (`report -o`, `export -o`)
BINARY_SUFFIXES = frozenset({".xlsx", ".xls", ".xlsm", ".xlsb", ".ods", ".et", ".numbers", ".doc", ".docx", ".odt", ".rtf", ".wps",
                     ".pages", ".ppt", ".pptx", ".odp", ".key", ".pdf", ".ps", ".png", ".jpg", ".jpeg", ".gif",
                     ".svg", ".zip", ".gz", ".7z", ".rar"})


def refuse_binary_name(suffix: str, instead: str) -> None:
    """UsageError when `suffix` (lower case, with its dot) names a binary office or print format: text or
    JSON written under such a name would not open. `instead` says what to write."""
    if suffix in BINARY_SUFFIXES:
        raise UsageError(_("planctl cannot write a {suffix} file; nothing was written").format(suffix=suffix), hint=instead)
