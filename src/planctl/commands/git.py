"""`planctl merge-driver` (run by git) and `planctl git-setup` (run once per clone)."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from planctl.errors import EXIT_OK, EXIT_PROBLEMS, UsageError, os_reason
from planctl.git import ops as gitops
from planctl.i18n import _
from planctl.output import messages
from planctl.store.atomic import atomic_write
from planctl.store.discover import display_path, find_plan

DRIVER = "planctl"
DRIVER_NAME = "planctl: merge completion logs of plan files"
DRIVER_ARGS = "merge-driver %O %A %B --marker-size %L --path %P"


# --- merge-driver --------------------------------------------------------------------------


def run_merge_driver(base: str, ours: str, theirs: str, *, marker_size: int, path: str | None,
                     label_ours: str | None = None, label_base: str | None = None, label_theirs: str | None = None) -> int:
    """Merge BASE, OURS and THEIRS into OURS; 0 when clean, 1 when a person must look (git's contract)."""
    from planctl.git import merge
    shown = path or ours
    raw = []
    for what, name in ((_("BASE"), base), (_("OURS"), ours), (_("THEIRS"), theirs)):
        try:
            raw.append(Path(name).read_bytes())
        except OSError as exc:
            raise UsageError(_("cannot read {what} ({name}): {strerror}").format(what=what, name=name, strerror=os_reason(exc))) from None
    default = merge.Labels()
    chosen = merge.Labels(label_ours or default.ours, label_base or default.base, label_theirs or default.theirs)
    style = _conflict_style()
    from planctl.output.spinner import working

    try:
        with working(_("merging {shown}…").format(shown=shown), len(raw[1])):
            result = merge.merge_plans(raw[0], raw[1], raw[2], path=shown, marker_size=marker_size,
                                       conflict_style=style, labels=chosen, ours_valid=_ours_valid(path, raw[1]))
    except Exception as exc:  # noqa: BLE001 - a bug must not cost the user their merge: merge as text
        try:
            data, conflicts = merge.merge_text(raw[1], raw[0], raw[2], marker_size, style, chosen)
        except Exception:  # noqa: BLE001 - not text at all (a binary side): leave OURS as it is
            print(_("planctl merge-driver: {shown}: cannot merge these versions as text; ours is left as it was").format(shown=shown),
                  file=sys.stderr)
            return EXIT_PROBLEMS
        bug = _("internal error ({kind}: {error}); this is a bug in planctl").format(kind=type(exc).__name__, error=exc)
        result = merge.MergeResult(data, max(conflicts, 1), False, [bug])
    atomic_write(Path(ours), result.data)
    if result.clean and result.joined:  # kept once, as one record: said, never silent (git shows what the driver says)
        print(_("planctl merge-driver: {shown}: {note}").format(shown=shown,
                                                                   note=merge.joined_note(result.joined, result.titles)),
              file=sys.stderr)
    if result.clean:
        return EXIT_OK
    for note in result.notes:
        print(_("planctl merge-driver: {shown}: {note}").format(shown=shown, note=note), file=sys.stderr)
    if not result.semantic:
        print(_("planctl merge-driver: {shown}: merged as plain text; check every completion log by hand, 'git add' the file, then run "
                "'planctl check'").format(shown=shown), file=sys.stderr)
    else:
        print(_("planctl merge-driver: {shown}: completion logs are merged; resolve the conflict markers, 'git add' the file, then run "
                "'planctl check'").format(shown=shown), file=sys.stderr)
    return EXIT_PROBLEMS


def _ours_valid(path: str | None, ours: bytes) -> bool:
    """Whether OURS is the plan at PATH (git runs the driver at the top of the work tree) as a planctl
    command last read or wrote it, so known valid by its cache (store.cache.known_valid)."""
    if not path:
        return False
    from planctl.store.cache import known_valid

    try:
        return known_valid(Path(path), ours)
    except OSError:
        return False


def _conflict_style() -> str:
    """merge.conflictStyle of the repository git runs us in (merge, diff3 or zdiff3)."""
    from planctl.git.merge import CONFLICT_STYLES

    try:
        value = (gitops.config_get("merge.conflictStyle", Path.cwd()) or "merge").lower()
    except Exception:  # noqa: BLE001 - no git config is no reason to fail a merge
        return "merge"
    return value if value in CONFLICT_STYLES else "merge"


# --- git-setup -----------------------------------------------------------------------------


def driver_command() -> str:
    """How git should run this planctl, without PATH: the absolute path of this installation, shell-quoted.

    Git runs the driver through `sh -c` with whatever PATH the caller has: a GUI client or a shell
    where the virtualenv is not activated has none leading to planctl, and then the merge stops
    with only our side in the file (see planctl.git.unmerged). So the command never relies on PATH:
    the `planctl` program that is running (its absolute path, symlinks kept, so a reinstall behind
    the same link keeps working), or, when started as `python -m planctl`, this interpreter with
    `-P -m planctl` (-P: the repository's top, git's working folder, is not put on sys.path).
    `shlex.quote` keeps spaces and quotes in the path intact for `sh`.
    """
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is not None and running.name != "__main__.py" and running.stem == DRIVER:
        program = Path(os.path.abspath(running))
        if program.is_file() and os.access(program, os.X_OK):
            return shlex.quote(str(program))
    return f"{shlex.quote(os.path.abspath(sys.executable))} -P -m planctl"


def attributes_line(rel: str) -> str:
    """The .gitattributes line for a path relative to the repository's top (anchored with '/')."""
    pattern = "/" + re.sub(r"([*?\[\\])", r"\\\1", rel)
    if re.search(r'[\s"]', pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{pattern} merge={DRIVER}"


def _exclude_temp_files(root: Path, plan: Path) -> str:
    """Add the pattern of planctl's temporary files beside the plan (`.plan.yaml.<pid>-….tmp`, see
    store/atomic.py) to the clone's .git/info/exclude, so one left by a killed planctl never shows in
    `git status` (the next write removes it). Returns what was done, for the user."""
    pattern = "/" + re.sub(r"([*?\[\\])", r"\\\1", gitops.path_in_repo(plan.parent / f".{plan.name}", root)) + ".*.tmp"
    found = gitops.git(["rev-parse", "--git-path", "info/exclude"], root)
    exclude = Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else root / ".git/info/exclude"
    exclude = exclude if exclude.is_absolute() else root / exclude
    old = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
    if pattern in old.splitlines():
        return _("{path} already ignores planctl's temporary files ({pattern})").format(path=display_path(exclude), pattern=pattern)
    exclude.parent.mkdir(parents=True, exist_ok=True)
    text = old + ("" if not old or old.endswith("\n") else "\n") + "# planctl's temporary files (planctl git-setup)\n" + pattern + "\n"
    atomic_write(exclude, text.encode("utf-8"))
    return _("added '{pattern}' to {path}: a temporary file left by a killed planctl stays out of git status").format(
        pattern=pattern, path=display_path(exclude))


# The hunk header of `git diff`/`git log -p` is the nearest line above a change that matches this
# (POSIX extended regex, one line): an item's `title:` or `id:` line (a flow-style item names both),
# never a completion line. With planctl's usual layout (`- id:` then `title:`) that is the title.
DIFF_XFUNCNAME = r"^[ \t]*((- )?(id|title):[ \t]*[^ \t{].*|- \{[ \t]*id:.*)$"


def _attribute_lines(rel: str, missing: list[str]) -> str:
    """The .gitattributes line that adds `missing` attributes (merge, diff) for `rel`."""
    line = attributes_line(rel)
    pattern = line[: line.rindex(" merge=")]
    return " ".join([pattern, *(f"{name}={DRIVER}" for name in missing)])


def run_git_setup(plan_option: str | None, *, global_config: bool) -> int:
    path = find_plan(plan_option)
    root = gitops.repo_root(path.absolute().parent)
    rel = gitops.path_in_repo(path, root)
    said: list[str] = []

    attributes = root / ".gitattributes"
    missing = [name for name in ("merge", "diff") if gitops.attribute(rel, name, root) != DRIVER]
    if not missing:
        said.append(_("{rel} already merges with merge={driver} and shows items in diffs with diff={driver}").format(
            rel=rel, driver=DRIVER))
    else:
        line = _attribute_lines(rel, missing)
        old = attributes.read_bytes() if attributes.exists() else b""
        newline = b"\r\n" if b"\r\n" in old else b"\n"
        if old and not old.endswith(b"\n"):
            old += newline
        if attributes.exists():
            atomic_write(attributes, old + line.encode("utf-8") + newline)
        else:
            attributes.write_bytes(line.encode("utf-8") + newline)
        if any(gitops.attribute(rel, name, root) != DRIVER for name in missing):
            raise gitops.GitError(_("added '{line}' to {path}, but git still does not apply it to {rel}").format(
                                      line=line, path=display_path(attributes), rel=rel),
                                  hint=_("another attributes file (.git/info/attributes?) overrides it"))
        said.append(_("added '{line}' to {path}; commit it once, in one clone, so every clone merges {rel} this way (the others "
                      "get it with 'planctl sync', which lets go of their own uncommitted copy)").format(
            line=line, path=display_path(attributes), rel=rel))

    said.append(_exclude_temp_files(root, path))
    scope = "--global" if global_config else "--local"
    where = _("your global git config") if global_config else _("this repository's git config")
    command = f"{driver_command()} {DRIVER_ARGS}"
    changed = [gitops.config_set(f"merge.{DRIVER}.name", DRIVER_NAME, root, scope),
               gitops.config_set(f"merge.{DRIVER}.driver", command, root, scope)]
    setting = f"merge.{DRIVER}.driver = {command}"
    said.append((_("set {setting} in {where}") if any(changed) else _("already set {setting} in {where}")).format(
        setting=setting, where=where))
    if gitops.config_set(f"diff.{DRIVER}.xfuncname", DIFF_XFUNCNAME, root, scope):
        said.append(_("set diff.{driver}.xfuncname in {where}: 'git log -p' names the task or quota of each change").format(
            driver=DRIVER, where=where))
    if not global_config:
        from planctl.git.unmerged import setup_command

        said.append(_("every clone needs this once: run '{command}' there too (or use --global)").format(command=setup_command(rel)))
    for message in said:
        messages.say(message)
    return EXIT_OK
