"""Writing an output file (`report -o`, `timeline --svg/--html`, `export … -o`, `import -o/--report`):
the one place that decides whether a file may be written, so no command can write over what it reads.

The rules (README "Output files"):
- never over a file the command is reading: the plan (`-f`), the document being imported. "The same
  file" means the same file on disk (os.path.samefile), so a symlink, `./plan.yaml` or an absolute
  path are all caught; a path that does not exist yet is compared by its resolved path;
- `import` never replaces an existing file without `--force` (its plan and its `--report`);
- `report`, `timeline` and `export` replace an earlier report, chart or calendar (they are made again
  each week), but never write a YAML file (`.yaml`/`.yml`, any case), new or existing: none of them
  writes YAML, so such a name is a plan given by mistake (and a file made under it would be refused
  on the next run);
- its folder must exist: no output option makes folders (a mistyped folder is refused, named);
- the file is written whole or not at all (store/atomic.py): a new file gets 0666 less the umask, an
  existing one keeps its mode.
Refusals are UsageError (exit 2), nothing written; a failed write is WriteRefused (exit 1).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from enum import Enum
from pathlib import Path

from planctl.errors import UsageError, WriteRefused, os_reason
from planctl.i18n import _

YAML_SUFFIXES = (".yaml", ".yml")
ANY_SUFFIX = (".html", ".svg", ".ics", ".json", ".md", ".csv", ".xlsx")  # what some planctl command writes


class Existing(Enum):
    """What to do when the output file already exists."""

    NEEDS_FORCE = "needs-force"  # import: refuse unless --force
    REPLACE_UNLESS_YAML = "replace-unless-yaml"  # report, timeline, export: replace, but never a YAML file


def same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` name one file on disk (through symlinks, `..`, relative paths); a path that
    does not exist is compared by where it resolves to."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_output(path: Path, *, option: str, reading: Iterable[tuple[Path, str]], existing: Existing,
                 force: bool = False, suffixes: Iterable[str] = ANY_SUFFIX) -> None:
    """Refuse (UsageError) to write `path` for `option` when it is a file being read (`reading`: pairs
    of path and what it is, e.g. "the plan"), or when it exists and `existing` forbids replacing it.
    `suffixes`: the names the command writes, for the hint after a YAML name."""
    for source, what in reading:
        if same_file(path, source):
            raise UsageError(_("{option} {path} is {what} being read; nothing was written").format(option=option, path=path, what=what),
                             hint=_("give {option} another file name").format(option=option))
    if path.is_dir():
        raise UsageError(_("{option} {path} is a folder; nothing was written").format(option=option, path=path), hint=_("give a file name"))
    _check_folder(path, option)
    if existing is Existing.REPLACE_UNLESS_YAML and path.suffix.lower() in YAML_SUFFIXES:
        raise UsageError(_("{option} {path} is a YAML file name (a plan?); planctl writes no report, chart or calendar as one; nothing was "
                           "written").format(option=option, path=path),
                         hint=_("give another file name ({suffixes})").format(suffixes=", ".join(suffixes)))
    if not (path.exists() or path.is_symlink()):
        return
    if existing is Existing.NEEDS_FORCE and not force:
        raise UsageError(_("{option} {path} already exists; nothing was written").format(option=option, path=path),
                         hint=_("use --force to replace it, or give another file name"))


def _check_folder(path: Path, option: str) -> None:
    """Refuse (UsageError) a file whose folder does not exist or is not a folder: no -o makes folders (one rule
    for every output file; a mistyped folder is told, not created)."""
    folder = path.parent
    if folder.is_dir():
        return
    if folder.exists():
        raise UsageError(_("{option} {path}: {folder} is not a folder; nothing was written").format(
            option=option, path=path, folder=folder))
    raise UsageError(_("{option} {path}: the folder {folder} does not exist; nothing was written").format(
        option=option, path=path, folder=folder), hint=_("create the folder first, or give a file in a folder that exists"))


def write_output(path: Path, data: bytes | Iterable[bytes], *, option: str, reading: Iterable[tuple[Path, str]],
                 existing: Existing, force: bool = False, suffixes: Iterable[str] = ANY_SUFFIX) -> None:
    """check_output, then write `data` (bytes, or their pieces in order) to `path` whole or not at all; its
    folder must exist (`_check_folder`).
    WriteRefused (exit 1) when the write fails; BrokenPipeError when `path` is a pipe whose reader went away
    (the command then stops quietly, as at a closed stdout: cli/error_handler.py)."""
    from planctl.store.atomic import atomic_write

    check_output(path, option=option, reading=list(reading), existing=existing, force=force, suffixes=suffixes)
    try:
        if _is_stream(path):  # /dev/stdout, a FIFO, a terminal: written into, never replaced
            with open(path, "wb") as handle:
                handle.write(data) if isinstance(data, bytes) else handle.writelines(data)
            return
        atomic_write(path, data)
    except BrokenPipeError:  # `-o /dev/stdout | head -1`: the reader went away, as with plain stdout (stops quietly)
        raise
    except OSError as exc:
        raise WriteRefused(_("cannot write {path}: {value}").format(path=path, value=os_reason(exc))) from None


def _is_stream(path: Path) -> bool:
    """Whether `path` (through symlinks: /dev/stdout) is something other than a regular file: a
    device, a pipe or a FIFO. Renaming a file over it would replace /dev/null for the whole machine."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
