"""Talking to git: the repository a plan lives in, committing the plan alone, config and attributes.

Every call runs the `git` program (never a library), so it behaves exactly as the user's git does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.errors import EXIT_PROBLEMS, PlanctlError, UsageError
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.model import Completion, Quota, Roster, Task


class GitError(PlanctlError):
    """git refused something (a commit, a config write); the message carries what git said."""

    exit_code = EXIT_PROBLEMS


def git(args: list[str], cwd: Path, *, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `git ARGS` in `cwd`, capturing text output; UsageError when git is not installed."""
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", check=False)
    except FileNotFoundError:
        raise UsageError(_("git is not installed (no 'git' program on PATH)")) from None
    if check and done.returncode != 0:
        raise GitError(_("git {args} failed: {said}").format(args=args[0], said=_said(done)))
    return done


def _said(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line.rstrip() for line in (done.stderr or done.stdout or "").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("hint:")]
    return ("\n  " + "\n  ".join(lines[-12:])) if lines else f"exit status {done.returncode}"


def repo_root(folder: Path) -> Path:
    """The top of the work tree holding `folder`; UsageError when it is not in a git repository."""
    done = git(["rev-parse", "--show-toplevel"], folder)
    top = done.stdout.strip()
    if done.returncode != 0 or not top:
        raise UsageError(_("{folder} is not in a git repository").format(
                             folder=folder), hint=_("run 'git init' there first, or work without git"))
    return Path(top)


def path_in_repo(path: Path, root: Path) -> str:
    """`path` relative to the work tree's top, with forward slashes (symlinked folders resolved)."""
    absolute = Path(os.path.realpath(path.absolute().parent)) / path.name
    try:
        return absolute.relative_to(Path(os.path.realpath(root))).as_posix()
    except ValueError:
        raise UsageError(_("{path} is not inside the git repository at {root}").format(path=path, root=root)) from None


# --- `planctl done --commit` ---------------------------------------------------------------


def ensure_can_commit(plan_path: Path) -> Path:
    """Check, before anything is written, that `commit_plan` can work; the repository's top.

    UsageError when the plan is not in a git repository, or a merge is in progress (git refuses
    to commit one file alone in the middle of a merge).
    """
    root = repo_root(plan_path.absolute().parent)
    path_in_repo(plan_path, root)
    if git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], root).returncode == 0:
        raise UsageError(_("a merge is in progress in this repository; --commit cannot commit the plan alone"),
                         hint=_("finish the merge first, or drop --commit"))
    tracked = git(["ls-files", "--error-unmatch", "--", str(plan_path.absolute())], root).returncode == 0
    if tracked and git(["diff", "--quiet", "HEAD", "--", str(plan_path.absolute())], root).returncode != 0:
        raise UsageError(_("{name} has changes that are not committed; --commit would commit them too, under this "
                           "completion's message").format(name=plan_path.name), hint=_("commit them first, or drop --commit"))
    return root


def commit_plan(plan_path: Path, message: str) -> str:
    """Commit the plan file alone and return the new commit's full hash.

    `git commit --only -- PLAN` commits the plan as it is in the work tree, whatever else is
    staged; other staged changes stay staged and out of this commit. A plan git does not track
    yet is added first. UsageError when the plan is not in a git repository; GitError when git
    refuses the commit (no user.name, a merge in progress, a failing hook, nothing changed).
    """
    root = repo_root(plan_path.absolute().parent)
    rel = path_in_repo(plan_path, root)
    if git(["ls-files", "--error-unmatch", "--", rel], root).returncode != 0:
        git(["add", "--", rel], root, check=True)
    done = git(["commit", "--quiet", "--only", "-m", message, "--", rel], root)
    if done.returncode != 0:
        raise GitError(_("git commit failed: {said}").format(said=_said(done)),
                       hint=_("the completion is written in {rel}; commit it by hand once git is happy").format(rel=rel))
    return git(["rev-parse", "HEAD"], root, check=True).stdout.strip()


def commit_message(item: Task | Quota, entry: Completion, roster: Roster) -> str:
    """`done 2.6.1 拟定调研课题 (张三, 2009-04-03)`; a quota's amount follows the date, a note is the body. In the
    language spoken now: `done --commit` words it in the plan's (git/sync.commit_language), so a Chinese plan's
    reads `完成 2.6.1 拟定调研课题（张三，2009-04-03）` on every clone (docs/git.md)."""
    from planctl.format.units import display_amount as amount
    from planctl.model import Quota

    parts: list[str] = []
    if entry.by:
        parts.append(roster.name_of(entry.by))
    if entry.unit and entry.unit != entry.by:
        parts.append(roster.name_of(entry.unit))
    parts.append(entry.date.isoformat())
    if isinstance(item, Quota):
        parts.append(amount(entry.amount if entry.amount is not None else 1.0, item.unit))
    title = " ".join(item.title.split())
    subject = _("done {outline} {title} ({details})").format(outline=item.outline, title=title, details=_(", ").join(parts))
    note = " ".join((entry.note or "").split())
    return f"{subject}\n\n{note}\n" if note else subject + "\n"


# --- config and attributes, for `planctl git-setup` ----------------------------------------


def config_get(key: str, cwd: Path, scope: str | None = None) -> str | None:
    """A config value as git sees it (from every file, or only `scope`: --local, --global)."""
    done = git(["config", *([scope] if scope else []), "--get", key], cwd)
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def config_set(key: str, value: str, cwd: Path, scope: str) -> bool:
    """Set a config value in `scope` (--local or --global); False when it already had that value."""
    if config_get(key, cwd, scope) == value:
        return False
    git(["config", scope, key, value], cwd, check=True)
    return True


def attribute(rel: str, name: str, root: Path) -> str | None:
    """The value git gives attribute `name` for `rel` (None when unspecified)."""
    done = git(["check-attr", "-z", name, "--", rel], root, check=True)
    fields = done.stdout.split("\0")
    value = fields[2] if len(fields) > 2 else "unspecified"
    return None if value == "unspecified" else value
