"""`planctl sync`: commit this clone's completions, take in everyone else's, send ours (issue 19).

One sync is:

1. look before doing anything: a branch (not a detached HEAD), a remote, the planctl merge driver
   set up for the plan, no merge/rebase/cherry-pick of someone else's in progress, nothing staged
   besides the plan; a merge an earlier sync left behind (it was killed) is finished or undone;
2. commit the plan alone when its uncommitted changes are completions only (what `done`/`undo`
   write; a hand edit anywhere else in the file is refused, never swept in);
3. fetch the branch, **merge** it (the driver joins completion logs), push; when the push is
   rejected because someone pushed first, fetch and merge again, up to `ATTEMPTS` times with
   random exponential back-off, waiting at most `SYNC_PATIENCE_SECONDS` in all.

Why merge and not rebase: git runs the driver either way, but a merge runs it once per sync, while
a rebase replays each unpushed commit (one driver run each, with "ours" and "theirs" swapped), can
stop halfway through a series, and rewrites commits a killed sync may already have pushed. A merge
that stops is undone with one `git merge --abort`, which sync does itself.

Domain code: nothing is printed; the result is a `SyncResult`, refusals are `SyncRefused` (exit 1)
or `StillBehind` (exit 3). `sleep` and `rng` are inputs, so tests need not wait.
"""

from __future__ import annotations

import functools
import os
import random
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from planctl.errors import EXIT_CONFLICT, EXIT_PROBLEMS, PlanctlError, UsageError
from planctl.format.source import typed_path
from planctl.i18n import ENGLISH, _, listed, ngettext, plan_language, speaking
from planctl.status.history import Repeat, repeats_brought

if TYPE_CHECKING:
    from planctl.errors import Problem
    from planctl.format.yamltree import Node
    from planctl.git.merge import MergeResult
    from planctl.model import Completion, Plan

# Fetch-merge-push rounds before giving up, and the waits between them: random, from a quarter of a
# bound to the bound, which doubles each round up to the cap. A team of thirty syncing at once on a
# large plan (each merge a few seconds on a loaded machine) needs rounds spread over minutes, not
# seconds; still bounded: at most ATTEMPTS rounds and SYNC_PATIENCE_SECONDS of waiting in all.
ATTEMPTS = 30
BACKOFF_SECONDS = 0.25
BACKOFF_CAP_SECONDS = 16.0
SYNC_PATIENCE_SECONDS = 300.0
MARKER = "planctl-sync-merge"  # in the git dir: the commit a sync is merging, while it merges
SYNC_LOCK = "planctl-sync.lock"  # in the git dir: one sync at a time per clone
SYNC_LOCK_WAIT_SECONDS = 120.0
DRIVER = "planctl"


class SyncRefused(PlanctlError):
    """sync did nothing it could not take back, and says why; `kind` names the reason for scripts:
    no-remote, detached-head, in-progress, staged, hand-edits, hand-removed, invalid-plan, no-driver,
    untracked, conflict, fetch-failed, push-refused, git-failed, locked."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, kind: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind


class StillBehind(SyncRefused):
    """Every push was beaten by someone else's; everything is committed and merged here."""

    exit_code = EXIT_CONFLICT


@dataclass
class Repo:
    """The clone a plan lives in: work tree, git dir, the plan's path in it, branch and upstream."""

    root: Path
    git_dir: Path
    rel: str
    branch: str
    remote: str
    remote_branch: str
    config: dict[str, str] = field(default_factory=dict)  # git's settings as read when sync began
    upstream_set: bool = True  # branch.<name>.remote is configured (else the first push sets it)
    words: str = ENGLISH  # the language of sync's commit messages: the plan's (commit_language)
    typed: str = ""  # the plan's path as typed where planctl was started (hints the person runs there)

    @property
    def shown(self) -> str:
        """The plan's path for a hint's git command, from the folder planctl was started in: in double
        quotes when the shell needs them (a space), as the hints' commands are in single quotes."""
        return typed_path(self.typed or self.rel)

    @property
    def tracking(self) -> str:
        return f"refs/remotes/{self.remote}/{self.remote_branch}"

    @property
    def upstream(self) -> str:
        return f"{self.remote}/{self.remote_branch}"


@dataclass
class SyncResult:
    """What one sync did. Counters map a person's id ('' for entries without `by`) to entries."""

    remote: str
    branch: str
    head: str = ""
    committed: str | None = None  # the commit of our uncommitted completions
    committed_entries: int = 0
    committed_taken_back: int = 0  # entries our commit removed (an `undo` since the last sync)
    received: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    received_taken_back: int = 0  # entries that others' commits removed with `undo` (TAKEN_BACK_TRAILER)
    sent_taken_back: int = 0
    received_removed_by_hand: int = 0  # entries removed by a commit of someone's own, not by sync after `undo`
    sent_removed_by_hand: int = 0
    received_removed_with_items: int = 0  # entries removed with their task or quota (it was deleted)
    sent_removed_with_items: int = 0
    received_edits: bool = False  # what came in changed the plan other than its logs (a title, a window…)
    sent_commits: int = 0  # commits pushed (a git-setup commit, a hand edit committed by hand…)
    merge: str = "up to date"  # up to date, fast-forward, merge, or first push
    pushed: bool = False
    attempts: int = 0
    recovered: str | None = None  # what an earlier, interrupted sync had left, and what was done
    joined: list[tuple[str, str]] = field(default_factory=list)  # (item id or '', entry): added alike on both sides, kept once
    cleared: list[str] = field(default_factory=list)  # untracked files let go because what came in holds them
    start: str | None = None  # HEAD before the fetch and merge (what came in: start..fetched; git/lost.py reads it)
    fetched: str | None = None  # the upstream's commit the last fetch brought
    repeats: list[Repeat] = field(default_factory=list)  # entries alike an earlier one that the merge brought together
    received_removed: Counter[tuple[str, str]] = field(default_factory=Counter)  # the entries (`entries` keys) that went


# --- running git ----------------------------------------------------------------------------


def commit_language(plan: Plan | None) -> str:
    """The language of the commit messages planctl writes for `plan` (sync's commit and merge, `done --commit`,
    the commit of `sync --setup`): the plan's own (i18n.plan_language: Chinese when its title is), never the
    environment of whoever syncs, so that a team's shared history reads in one language on every clone
    (docs/git.md "Commit messages"). English when there is no plan to read."""
    return plan_language(plan) if plan is not None else ENGLISH


def commit_language_at(plan_path: Path) -> str:
    """`commit_language` of the plan file at `plan_path` (English when it cannot be read)."""
    from planctl.store.discover import display_path
    from planctl.store.planfile import open_plan

    try:
        return commit_language(open_plan(plan_path, display_path(plan_path), require_valid=False).loaded.plan)
    except PlanctlError:
        return ENGLISH


# git quotes a path with bytes outside ASCII in octal ("\350\256\241…") unless told not to: the paths
# sync reads back and shows in hints are a Chinese team's folder names.
QUOTE_PATHS_AS_WRITTEN = ("-c", "core.quotePath=false")


def run_git(args: list[str], cwd: Path, started: Callable[[int], object] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """`git ARGS` in `cwd`, output captured, messages in English (sync reads them), no editor.

    planctl's own merge driver, which git runs with this environment, still speaks the reader's language:
    PLANCTL_LANG carries the language chosen before LC_ALL=C (i18n.language's first variable).
    `started(pid)` is called once git runs (the merge records its process id for `recover`)."""
    from planctl.i18n import current_language

    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_MERGE_AUTOEDIT": "no", "GIT_EDITOR": "true",
           "PLANCTL_LANG": current_language()}
    if started is None:
        try:
            return subprocess.run(["git", *QUOTE_PATHS_AS_WRITTEN, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", check=False, env=env)
        except FileNotFoundError:
            raise UsageError(_("git is not installed (no 'git' program on PATH)")) from None
    # Output to files, not pipes: if planctl is killed, git finishes its merge instead of dying
    # of a broken pipe halfway (with the work tree merged and nothing committed).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        with subprocess.Popen(["git", *QUOTE_PATHS_AS_WRITTEN, *args], cwd=cwd, stdout=out, stderr=err, env=env) as process:
            started(process.pid)
            process.wait()
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(process.args, process.returncode, out.read().decode("utf-8", "replace"),
                                           err.read().decode("utf-8", "replace"))


def said(done: subprocess.CompletedProcess[str], limit: int = 12) -> str:
    """What git printed, hints left out, indented for a message."""
    lines = [line.rstrip() for line in f"{done.stdout}\n{done.stderr}".splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("hint:")]
    return ("\n  " + "\n  ".join(lines[-limit:])) if lines else _("(exit status {code})").format(code=done.returncode)


def _ok(args: list[str], cwd: Path, kind: str = "git-failed") -> str:
    done = run_git(args, cwd)
    if done.returncode != 0:
        raise SyncRefused(kind, _("git {join} failed:{said}").format(join=' '.join(args[:2]), said=said(done)))
    return done.stdout.strip()


# --- the repository and what state it is in ---------------------------------------------------


def find_repo(plan_path: Path) -> Repo:
    """The clone holding `plan_path`, its branch and where that branch syncs to.

    SyncRefused: not a repository (`no-repo`), a detached HEAD, no remote, or several remotes and
    no upstream to choose one.
    """
    folder = plan_path.absolute().parent
    top = run_git(["rev-parse", "--show-toplevel", "--absolute-git-dir", "--symbolic-full-name", "HEAD"], folder)
    if top.returncode != 0 or len(top.stdout.splitlines()) < 3:
        if run_git(["rev-parse", "--show-toplevel"], folder).returncode == 0:  # a clone with no commit yet
            _no_commit_yet(plan_path, folder)
        raise SyncRefused("no-repo", _("{plan_path} is not in a git repository; there is nothing to sync with").format(
                              plan_path=plan_path),
                          hint=_("clone the team's repository and keep the plan there (docs/git.md)"))
    root_text, git_dir_text, ref = top.stdout.splitlines()[:3]
    root = Path(root_text)
    absolute = Path(os.path.realpath(folder)) / plan_path.name
    rel = absolute.relative_to(Path(os.path.realpath(root))).as_posix()
    if not ref.startswith("refs/heads/"):
        busy = _in_progress(Path(git_dir_text))  # a stopped rebase detaches HEAD: the rebase is what to finish
        if busy:
            message, hint = busy.split("|")
            raise SyncRefused("in-progress", message, hint=hint)
        raise SyncRefused("detached-head", _("HEAD is detached (not on a branch): there is no branch to sync"),
                          hint=_("go back to your branch first: 'git switch {branch}' (commits made on the detached HEAD: "
                                 "'git switch -c NAME' keeps them)").format(branch=_branch_to_go_back_to(folder)))
    name = ref.removeprefix("refs/heads/")
    config = read_config(root)
    remote, remote_branch = _upstream(config, name)
    return Repo(root, Path(git_dir_text), rel, name, remote, remote_branch, config,
                upstream_set=bool(config.get(f"branch.{name}.remote")), typed=_typed(absolute, root))


def _branch_to_go_back_to(folder: Path) -> str:
    """The branch a detached HEAD most likely left: the one checked out before (`@{-1}`), else the clone's
    only branch, else `main` or `master` when there is one, else BRANCH."""
    before = run_git(["rev-parse", "--abbrev-ref", "@{-1}"], folder).stdout.strip()
    branches = run_git(["for-each-ref", "--format=%(refname:short)", "refs/heads"], folder).stdout.split()
    if before and before in branches:
        return before
    if len(branches) == 1:
        return branches[0]
    return next((name for name in ("main", "master") if name in branches), "BRANCH")


def _no_commit_yet(plan_path: Path, folder: Path) -> None:
    """SyncRefused for a clone without a commit: commit the plan (the first copy), or, when the clone has
    a remote, take the team's history first (committing here would start an unrelated one)."""
    name = typed_path(_typed(Path(os.path.realpath(folder)) / plan_path.name))
    remotes = run_git(["remote"], folder).stdout.split()
    message = _("{plan_path} is in a git repository that has no commit yet").format(plan_path=plan_path)
    if remotes:
        raise SyncRefused("no-commit", message, hint=_(
            "if the team's repository already holds the plan, take it first: 'git fetch {remote}' and 'git switch main' "
            "(its branch), or clone it afresh; if this is the first copy, 'git add {name}' and 'git commit -m \"the plan\"'; "
            "then sync").format(remote=remotes[0], name=name))
    raise SyncRefused("no-commit", message, hint=_(
        "commit the plan first: 'git add {name}' and 'git commit -m \"the plan\"'; then sync").format(name=name))


def _typed(absolute: Path, root: Path | None = None) -> str:
    """`absolute` relative to the current folder (`plan.yaml` when there), for git commands in hints,
    when that folder is inside the clone at `root` (git runs there); "" (the path inside the clone)
    when it is not."""
    try:
        here = Path(os.path.realpath(os.getcwd()))
        if root is not None and not here.is_relative_to(Path(os.path.realpath(root))):
            return ""
        return os.path.relpath(absolute, here)
    except (OSError, ValueError):  # no current folder (deleted), another drive
        return ""


def read_config(root: Path) -> dict[str, str]:
    """Every git setting of the clone (keys as git lists them; the last value of a key wins)."""
    listed = run_git(["config", "--null", "--list"], root).stdout.split("\0")
    found: dict[str, str] = {}
    for pair in listed:
        key, _, value = pair.partition("\n")
        if key:
            found[key] = value
    return found


def _upstream(config: dict[str, str], branch: str) -> tuple[str, str]:
    remote = config.get(f"branch.{branch}.remote", "")
    merge = config.get(f"branch.{branch}.merge", "")
    if remote and remote != "." and merge.startswith("refs/heads/"):
        return remote, merge.removeprefix("refs/heads/")
    remotes = sorted({key.split(".")[1] for key in config if key.startswith("remote.") and key.endswith(".url")})
    if not remotes:
        raise SyncRefused("no-remote", _("this clone has no remote: there is nowhere to send completions to, nor to get others' from"),
                          hint=_("add the team's repository once: 'git remote add origin URL', then sync again"))
    if len(remotes) > 1 and "origin" not in remotes:
        raise SyncRefused("no-remote", _("branch {branch} has no upstream, and there are several remotes ({join})").format(
                              branch=branch, join=', '.join(remotes)),
                          hint=_("choose one once: 'git branch --set-upstream-to REMOTE/{branch}'").format(branch=branch))
    return ("origin" if "origin" in remotes else remotes[0]), branch


def driver_problem(repo: Repo) -> str | None:
    """Why git would not merge the plan with planctl's driver in this clone, or None when it would."""
    return driver_problem_at(repo.root, repo.rel, repo.config)


def driver_problem_at(root: Path, rel: str, config: dict[str, str] | None = None) -> str | None:
    """`driver_problem` for the plan at `rel` in the work tree `root` (git's settings read when not given)."""
    attr = run_git(["check-attr", "merge", "--", rel], root).stdout
    if not attr.rstrip().endswith(f": {DRIVER}"):
        return _("git is not told to merge {rel} with planctl (.gitattributes has no 'merge={driver}' for it)").format(
            rel=rel, driver=DRIVER)
    config = read_config(root) if config is None else config
    command = config.get(f"merge.{DRIVER}.driver", "").strip()
    if not command:
        return _("this clone has no merge.{driver}.driver in its git config").format(driver=DRIVER)
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return _("merge.{driver}.driver is not a command git can run: {command}").format(driver=DRIVER, command=command)
    found = (os.path.isfile(program) and os.access(program, os.X_OK)) if "/" in program else shutil.which(program)
    if not found:
        return _("merge.{driver}.driver runs '{program}', which is not there (a moved or rebuilt installation?)").format(
            driver=DRIVER, program=program)
    return None


def _in_progress(git_dir: Path) -> str | None:
    for name, what, out in (("rebase-merge", _("a rebase"), "git rebase --abort"),
                            ("rebase-apply", _("a rebase or 'git am'"), _("git rebase --abort (or git am --abort)")),
                            ("CHERRY_PICK_HEAD", _("a cherry-pick"), "git cherry-pick --abort"),
                            ("REVERT_HEAD", _("a revert"), "git revert --abort")):
        if (git_dir / name).exists():
            return (_("{what} is in progress in this clone").format(what=what) + "|"
                    + _("finish it, or undo it with '{out}'; then sync again").format(out=out))
    return None


def recover(repo: Repo) -> str | None:
    """Put right what an interrupted sync left; refuse what someone else left. What was done, or None.

    A merge sync started (its marker names MERGE_HEAD) is finished when git had merged everything,
    and undone (`git merge --abort`: our commits are intact, the next round merges again) when it
    stopped on a conflict. Any other merge, rebase or cherry-pick in progress is refused.
    """
    marker = repo.git_dir / MARKER
    tip, merger = _marker(marker)
    lock = repo.git_dir / "index.lock"
    recovered = None
    if merger is not None and _alive(merger):
        raise SyncRefused("in-progress", _("the git merge an interrupted sync started (process {merger}) is still running in this "
                                              "clone").format(
                              merger=merger), hint=_("wait a moment, then sync again"))
    if lock.exists() and merger is not None:
        lock.unlink(missing_ok=True)  # left by the merge of a sync that was killed with its git
        recovered = _("removed the lock file a killed sync's git merge had left")
    if lock.exists():
        raise SyncRefused("in-progress", _("git's lock file {lock} is there: another git program is running in this clone, or one was "
                                              "stopped before it could clean up").format(
                              lock=lock),
                          hint=_("if no git program (or git GUI) is running, delete it ('rm {lock}') and sync again").format(lock=lock))
    busy = _in_progress(repo.git_dir)
    if busy:
        message, hint = busy.split("|")
        raise SyncRefused("in-progress", message, hint=hint)
    merge_head = _merge_head(repo)
    if not merge_head:
        if tip is not None:
            recovered = _undo_dead_merge(repo, tip) or recovered
        marker.unlink(missing_ok=True)
        return recovered
    if merge_head != tip:
        raise SyncRefused("in-progress", _("a merge is in progress in this clone (not one planctl started)"),
                          hint=_("finish it (resolve, 'planctl check', 'git commit') or undo it with 'git merge --abort'; then sync again"))
    if run_git(["diff", "--name-only", "--diff-filter=U"], repo.root).stdout.strip():
        _ok(["merge", "--abort"], repo.root)
        done = _("undid the unfinished merge an interrupted sync had left (it is merged again now)")
    else:
        _ok(["commit", "--no-edit", "--quiet"], repo.root)
        done = _("finished the merge an interrupted sync had left")
    marker.unlink(missing_ok=True)
    return done


def _undo_dead_merge(repo: Repo, tip: str) -> str | None:
    """Put back what a merge killed before it could commit wrote into the work tree, keeping every
    completion logged since.

    When `tip` is already in HEAD, the merge was committed (git outlived the sync): what differs
    from HEAD is the person's own, left for `commit_completions`. Otherwise the plan is made
    HEAD plus the completions logged since (`_plan_without_merge`) and other files equal to their
    `tip` version are restored; the next round merges again.
    """
    changed = [name for name in run_git(["diff", "--name-only", "-z", "HEAD"], repo.root).stdout.split("\0") if name]
    if not changed:
        return None
    if run_git(["merge-base", "--is-ancestor", tip, "HEAD"], repo.root).returncode == 0:
        return _("the merge an interrupted sync started had finished; nothing to put back")
    restore = [name for name in changed if name != repo.rel and _same_as(repo, name, tip)]
    if restore:
        _ok(["checkout", "HEAD", "--", *restore], repo.root)
    kept = _plan_without_merge(repo, tip) if repo.rel in changed else None
    if kept is not None:
        from planctl.store.atomic import atomic_write

        atomic_write(repo.root / repo.rel, kept)
        _ok(["reset", "-q", "--", repo.rel], repo.root)  # the index as HEAD has it, not as the merge left it
    if kept is None and not restore:
        return None
    return _("put back the files a killed sync's merge had half written (they are merged again now)")


def _plan_without_merge(repo: Repo, tip: str) -> bytes | None:
    """The plan as it must be before merging again: None when the killed merge wrote nothing into it
    (it is HEAD plus completion lines, none of them `tip`'s), else HEAD plus the completions logged
    after the kill, taken out of the merge's result with the merge driver (base: that result, ours:
    the file, theirs: HEAD), and checked to hold exactly HEAD's entries plus those.

    SyncRefused (`in-progress`) when the file is neither (the merge's result changed by hand too);
    its hint keeps the new lines (a copy first), never a bare checkout."""
    now_raw = (repo.root / repo.rel).read_bytes()
    now = decoded(now_raw)
    bases = run_git(["merge-base", "--all", "HEAD", tip], repo.root).stdout.split()
    ours_raw, theirs_raw, base_raw = blobs(repo, ["HEAD", tip, bases[0] if len(bases) == 1 else None])
    ours, theirs = decoded(ours_raw), decoded(theirs_raw)
    logged = entry_changes(ours, now)[0]
    if _only_added(ours, now) and not (logged & (entries(theirs) - entries(ours))):
        return None
    merged = _merged(base_raw, ours_raw, theirs_raw, repo.rel)
    if merged is not None and ours_raw is not None:
        if now_raw == merged:
            return ours_raw
        if _only_added(decoded(merged), now):
            logged = entry_changes(decoded(merged), now)[0]
            back = _merged(merged, now_raw, ours_raw, repo.rel)
            if back is not None and _only_added(ours, decoded(back)) and entry_changes(ours, decoded(back))[0] == logged:
                return back
    new_lines = _lines_of(now, [entry for (entry, _by), n in (logged - entries(theirs)).items() for _copy in range(n)])
    shown = "".join("\n  " + line.strip() for _number, line in new_lines[:8]) + ("\n  …" if len(new_lines) > 8 else "")
    raise SyncRefused("in-progress", _("a sync was killed while merging, and {rel} holds part of that merge changed since, "
                                       "not only completions; sync changed nothing. Completions in it that are neither in "
                                       "your last commit nor in what was being merged:{shown}").format(
                          rel=repo.rel, shown=shown or _(" none")),
                      hint=_("keep a copy first: 'cp {rel} {rel}.mine'; then 'git checkout HEAD -- {rel}' (this takes out the "
                             "half-done merge; sync merges again), log the completions listed above again with 'planctl done' "
                             "(they are in {rel}.mine too), and sync").format(rel=repo.rel))


def _only_added(old: str, new: str) -> bool:
    """Whether `new` is `old` plus completion lines (none removed, nothing else changed)."""
    return not skeleton_changed(old, new) and not entry_changes(old, new)[1]


def _merged(base: bytes | None, ours: bytes | None, theirs: bytes | None, rel: str) -> bytes | None:
    """The merge driver's clean result of the three versions, or None (one missing, or not clean)."""
    if base is None or ours is None or theirs is None:
        return None
    from planctl.git.merge import merge_plans

    try:
        result = merge_plans(base, ours, theirs, path=rel)
    except Exception:  # noqa: BLE001 - then no result: sync refuses and says how to go on
        return None
    return result.data if result.clean else None


def _same_as(repo: Repo, name: str, rev: str) -> bool:
    here = run_git(["hash-object", "--", name], repo.root).stdout.strip()
    there = run_git(["rev-parse", "-q", "--verify", f"{rev}:{name}"], repo.root).stdout.strip()
    return bool(here) and here == there


def _merge_head(repo: Repo) -> str:
    """The commit being merged (git's MERGE_HEAD), or '' when no merge is in progress."""
    try:
        return (repo.git_dir / "MERGE_HEAD").read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        return ""


def _marker(marker: Path) -> tuple[str | None, int | None]:
    """The commit a sync was merging and the process id of its `git merge`, from the marker file."""
    try:
        fields = marker.read_text(encoding="utf-8").split()
    except OSError:
        return None, None
    tip = fields[0] if fields else None
    return tip, int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def refuse_staged(repo: Repo) -> None:
    """git cannot merge over staged changes; say so before anything is done."""
    staged = [name for name in run_git(["diff", "--cached", "--name-only", "-z"], repo.root).stdout.split("\0")
              if name and name != repo.rel]
    if staged:
        shown = listed(staged[:5]) + (" …" if len(staged) > 5 else "")
        raise SyncRefused("staged", _("other files are staged for a commit ({shown}); sync commits only the plan, and git cannot merge "
                                         "while they are staged").format(
                              shown=shown),
                          hint=_("commit them first, or unstage them ('git restore --staged FILE'); then sync again"))


# --- completions in a version of the plan -----------------------------------------------------


def entries(text: str) -> Counter[tuple[str, str]]:
    """The completion lines planctl writes, as a multiset of (the entry's mapping text, its `by`).

    Only lines in planctl's own entry format (planctl.format.fastlog) count; an entry written by
    hand in another style is left out of sync's counts (the merge driver still merges it).
    """
    from planctl.format.fastlog import ENTRY_LINE

    found: Counter[tuple[str, str]] = Counter()
    for match in ENTRY_LINE.finditer(text):
        key = entry_key(match)
        if key is not None:
            found[key] += 1
    return found


def entry_changes(old: str, new: str) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """`(entries(new) - entries(old), entries(old) - entries(new))`: the completions added and taken
    away, from the lines the texts do not share. An entry is one line, so the lines both have cancel
    out; comparing lines is a fraction of reading every entry line of a large plan, and the lines both
    texts begin and end with alike are not even split (`differing_lines`)."""
    old, new = differing_lines(old, new)
    old_lines, new_lines = _lines(old), _lines(new)
    added, removed = entries(_joined(new_lines - old_lines)), entries(_joined(old_lines - new_lines))
    return added - removed, removed - added


def differing_lines(old: str, new: str) -> tuple[str, str]:
    """`old` and `new` less the whole lines they begin with alike and the whole lines they end with alike:
    what line-by-line comparisons (`entry_changes`, `skeleton_changed`) need of them, since a line both texts
    hold at the same end cancels out. Each part left begins at a line start, and ends with a line break unless
    it runs to its text's end. Found by comparing blocks of characters (C speed), not lines."""
    same = _common_prefix(old, new)
    start = old.rfind("\n", 0, same) + 1  # the start of the line the first difference is in
    tail = _common_suffix(old, new, min(len(old), len(new)) - same)
    end = old.find("\n", len(old) - tail) if tail else -1  # a line break inside the characters both end with
    if end < 0:
        return old[start:], new[start:]
    cut = len(old) - end - 1  # the characters after it: whole lines, alike in both
    return old[start:len(old) - cut], new[start:len(new) - cut]


_STEPS = (1 << 16, 1 << 12, 1 << 8, 1 << 4, 1)


def _common_prefix(old: str, new: str) -> int:
    """How many characters the two texts begin with alike."""
    limit, at = min(len(old), len(new)), 0
    for step in _STEPS:
        while at + step <= limit and old[at:at + step] == new[at:at + step]:
            at += step
    return at


def _common_suffix(old: str, new: str, limit: int) -> int:
    """How many characters (at most `limit`) the two texts end with alike."""
    at, o, n = 0, len(old), len(new)
    for step in _STEPS:
        while at + step <= limit and old[o - at - step:o - at] == new[n - at - step:n - at]:
            at += step
    return at


def skeleton_changed(old: str, new: str) -> bool:
    """`_skeleton(old) != _skeleton(new)`, from the lines the texts do not share at their ends (`differing_lines`):
    the skeleton is taken line by line."""
    mine, theirs = (_skeleton_lines(text) for text in differing_lines(old, new))
    if mine == theirs:
        return False
    if len(mine) + len(theirs) > 1:
        return True
    return _skeleton(old) != _skeleton(new)  # no line and one empty line: the one pair whose joined skeletons agree


def _lines(text: str) -> Counter[str]:
    """The text's lines with their line breaks; the last without one, if the text does not end in one."""
    pieces = text.split("\n")
    return Counter([piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else []))


def _joined(lines: Counter[str]) -> str:
    """Lines as one text, a line without a line break (a text's last) last, where it was."""
    every = list(lines.elements())
    return "".join(line for line in every if line.endswith("\n")) + "".join(line for line in every if not line.endswith("\n"))


def placed_entries(text: str) -> Counter[tuple[int, str, str]]:
    """`entries`, each with its place: how many lines of the plan's skeleton (`_skeleton`) precede it.

    Two versions with the same skeleton give an entry the same place only when it is under the same
    item, so an entry moved to another item by hand shows as one removed and one added."""
    from planctl.format.fastlog import ENTRY_LINE, entry_of

    found: Counter[tuple[int, str, str]] = Counter()
    place, at = 0, 0
    for match in ENTRY_LINE.finditer(text):
        place += sum(1 for line in text[at:match.start()].splitlines() if line.strip() not in ("log:", "log: []"))
        at = match.end()
        entry = entry_of(match)
        found[(place, " ".join(match.group("map").split()), (entry.by or "") if entry is not None else "")] += 1
    return found


def placed_changes(old: str, new: str) -> tuple[Counter[tuple[int, str, str]], Counter[tuple[int, str, str]]]:
    """`(placed_entries(new) - placed_entries(old), placed_entries(old) - placed_entries(new))` for two texts with
    the same skeleton (`_skeleton`), from the lines that differ: runs of equal lines are passed over, and
    only the entry lines of a log where the two differ are read. A place is then the line number (from 0)
    in `old` of the skeleton line above that log, the same under one item in both texts, as
    `placed_entries`'s count is. On a large plan a commit of a few completions reads a few lines, not
    every entry line twice (2 s at 10,000 tasks). Falls back to `placed_entries` when the texts do not
    line up so (their skeletons differ)."""
    a, b = old.split("\n"), new.split("\n")
    added: Counter[tuple[int, str, str]] = Counter()
    removed: Counter[tuple[int, str, str]] = Counter()
    i = j = 0
    while True:
        i, j = _equal_run(a, b, i, j)
        if i >= len(a) and j >= len(b):
            return added, removed
        place = _skeleton_line_before(a, i)
        (mine, i), (theirs, j) = _log_run(a, i), _log_run(b, j)
        if not mine and not theirs or (i < len(a)) != (j < len(b)) or (i < len(a) and a[i] != b[j]):
            before, after = placed_entries(old), placed_entries(new)
            return after - before, before - after
        added += Counter((place, *key) for key in theirs) - Counter((place, *key) for key in mine)
        removed += Counter((place, *key) for key in mine) - Counter((place, *key) for key in theirs)


def _equal_run(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int]:
    """Past the lines `a` from `i` and `b` from `j` have alike: compared a block at a time, then line by line."""
    step = 4096
    while step:
        while i + step <= len(a) and j + step <= len(b) and a[i:i + step] == b[j:j + step]:
            i, j = i + step, j + step
        step //= 8
    return i, j


def _log_line(line: str) -> tuple[str, str] | None | bool:
    """How `placed_entries` takes a line (without its line break): an entry's key, True for a `log:` key
    (neither entry nor skeleton), or None for a skeleton line."""
    from planctl.format.fastlog import ENTRY_LINE, entry_of

    if line.strip() in ("log:", "log: []"):
        return True
    match = ENTRY_LINE.fullmatch(line + "\n")
    if match is None:
        return None
    entry = entry_of(match)
    return " ".join(match.group("map").split()), (entry.by or "") if entry is not None else ""


def _skeleton_line_before(lines: list[str], at: int) -> int:
    """The index of the last skeleton line before `at` (-1: none)."""
    at -= 1
    while at >= 0 and _log_line(lines[at]) is not None:
        at -= 1
    return at


def _log_run(lines: list[str], at: int) -> tuple[list[tuple[str, str]], int]:
    """The entries of the run of log lines (entries and `log:` keys) from `at`, and where it ends."""
    keys: list[tuple[str, str]] = []
    while at < len(lines):
        found = _log_line(lines[at])
        if found is None:
            break
        if isinstance(found, tuple):
            keys.append(found)
        at += 1
    return keys, at


def _unplaced(counts: Counter[tuple[int, str, str]]) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for (_place, entry, by), n in counts.items():
        out[(entry, by)] += n
    return out


def people(counts: Counter[tuple[str, str]]) -> Counter[str]:
    """Entries per person (`by`; '' for none)."""
    out: Counter[str] = Counter()
    for (_item, by), n in counts.items():
        out[by] += n
    return out


def _skeleton(text: str) -> str:
    """The plan without its completion lines and bare `log:` keys: what a hand edit would change."""
    return "\n".join(_skeleton_lines(text))


def _skeleton_lines(text: str) -> list[str]:
    """`_skeleton`'s lines."""
    from planctl.format.fastlog import ENTRY_LINE

    stripped = ENTRY_LINE.sub("", text)
    return [line for line in stripped.splitlines() if line.strip() not in ("log:", "log: []")]


def blobs(repo: Repo, revs: list[str | None]) -> list[bytes | None]:
    """The plan's bytes at each of `revs` (None where there is no such commit or no plan in it),
    with one `git cat-file --batch`."""
    wanted = [rev for rev in revs if rev is not None]
    found: dict[str, bytes | None] = {}
    if wanted:
        request = "".join(f"{rev}:{repo.rel}\n" for rev in wanted).encode("utf-8")
        out = subprocess.run(["git", "cat-file", "--batch"], cwd=repo.root, input=request, capture_output=True,
                             check=False).stdout
        at = 0
        for rev in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[rev] = out[end + 1:end + 1 + size]
                at = end + 1 + size + 1
            else:
                found[rev] = None
                at = end + 1
    return [found.get(rev) if rev is not None else None for rev in revs]


def decoded(data: bytes | None) -> str:
    """The plan's text as sync reads it: flow-list logs as planctl's entry lines (`one_entry_a_line`)."""
    return _decoded(data) if data is not None else ""


@functools.lru_cache(maxsize=4)
def _decoded(data: bytes) -> str:
    """`decoded`, kept for the few versions one sync reads more than once (a plan with one-line items
    holding logs is parsed to read them). An entry's `occurrence:` (`done --for`) is left out: it is read
    as the completion it is, planctl's one-line form, not as a hand edit (its `at` keeps it one record)."""
    text = one_entry_a_line(plain(data))
    return _OCCURRENCE.sub(r"\1", text) if ", occurrence: " in text else text


# `, occurrence: DAY` after an entry's date, as `done --for` writes it (store/writer.py entry_text)
_OCCURRENCE = re.compile(r"^( *- \{date: \d{4}-\d\d-\d\d), occurrence: \d{4}-\d\d-\d\d(?=[,}])", re.M)


def plain(data: bytes | None) -> str:
    """The plan's text as it is written ('' for no plan)."""
    return data.decode("utf-8", errors="replace").lstrip("\ufeff") if data is not None else ""


_FLOW_LOG = re.compile(r"^(?P<indent>[ ]*)log:[ \t]*(?:\r?\n[ \t]*)?\[", re.M)
# Every `log:` whose value is a flow list, wherever the key is (searched for its literal start: a few
# milliseconds on a large plan, which has none).
_LOG_LIST = re.compile(r"log:[ \t]*(?:\r?\n[ \t]*)?\[")


class ReadingEdit(NamedTuple):
    """Text `one_entry_a_line` puts at start..end of a plan: whole lines (a line start to a line start), each
    with the offset in the plan of what it stands for (to name the plan's own line numbers), or nothing."""

    start: int
    end: int
    lines: list[tuple[str, int]]
    newline: str


def one_entry_a_line(text: str) -> str:
    """`text` with every completion `planctl done` can write as one `- {date: …}` line of its own, so that
    sync counts completions and tells them from hand edits line by line (`entries`, `_skeleton`):

    - a flow-list log (`log: [{date: …}, {date: …}]`, on one line or several, its entries each on one line
      or over several) is written as a `log:` line and one line an entry;
    - the log of a flow-mapping item (`- {id: t1, title: 写总结, log: [{date: …}]}`, alone on its line or
      in a flow list of items) is taken out of the item, and written as a `log:` line and one line an
      entry after the line that holds the item's `}`: the item's own text is then what it was before
      `done` wrote its first `, log: […]` into it.

    Only for reading: the plan is committed as it is. The result need not be a valid plan. A log in any
    other form (a comment among its entries, a list of something else) is left as it is."""
    edits = reading_edits(text)
    if not edits:
        return text
    out: list[str] = []
    at = 0
    for edit in edits:
        out += [text[at:edit.start], "".join(line + edit.newline for line, _pos in edit.lines)]
        at = edit.end
    return "".join(out) + text[at:]


def reading_edits(text: str) -> list[ReadingEdit]:
    """What `one_entry_a_line` changes in `text`, in the text's order."""
    keys = [match.start() for match in _LOG_LIST.finditer(text)]
    if not keys:
        return []
    inside = [at for at in keys if _in_flow_mapping(text, at)]
    edits = _flow_item_edits(text, inside) if inside else []
    cuts = sorted((edit.start, edit.end) for edit in edits if not edit.lines)
    starts = [start for start, _end in cuts]
    for at in keys:
        match = _FLOW_LOG.match(text, text.rfind("\n", 0, at) + 1)
        if match is None or match.start() + len(match.group("indent")) != at or _inside(cuts, starts, at):
            continue
        found = _flow_log_entries(text, match.end())
        if found is None:
            continue
        maps, end = found
        newline = "\r\n" if text[end - 2:end] == "\r\n" else "\n"
        indent = match.group("indent")
        lines = [(f"{indent}log:", at), *((f"{indent}  - {m}", pos) for m, pos in maps)]
        edits.append(ReadingEdit(match.start(), end, lines, newline))
    edits.sort(key=lambda edit: (edit.start, edit.end))
    kept: list[ReadingEdit] = []
    for edit in edits:
        if kept and edit.start < kept[-1].end:
            continue
        if kept and edit.lines[:1] == kept[-1].lines[:1] == [("", edit.start)] and edit.start == edit.end == kept[-1].start:
            edit = edit._replace(lines=edit.lines[1:])  # two items' logs after the plan's last line: one line break
        kept.append(edit)
    return kept


def _in_flow_mapping(text: str, at: int) -> bool:
    """Whether the key at `at` follows a `{` or `,` (blanks and line breaks between): a key inside {…}."""
    while at > 0 and text[at - 1] in " \t\r\n":
        at -= 1
    return at > 0 and text[at - 1] in "{,"


def _inside(spans: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    """Whether `at` is inside one of `spans` (sorted, not overlapping; `starts`: their starts)."""
    import bisect

    i = bisect.bisect_right(starts, at) - 1
    return i >= 0 and at < spans[i][1]


def _flow_item_edits(text: str, keys: list[int]) -> list[ReadingEdit]:
    """`one_entry_a_line`'s edits for the logs of flow-mapping items, given the offsets of the `log` keys
    found inside flow mappings: each log taken out of its item (a cut) and its entries put after the line
    holding the item's `}`.

    Only the flow collections holding those keys are read (`_flow_around`, then `_snippet_items`), not the
    whole plan: on a plan of 10,000 tasks, a few hundred characters instead of 7 MB. When a collection
    cannot be found that way for sure (a key that may be text inside a block scalar or a quoted one, a
    collection that does not read alone), the whole plan is read, as before (`_flow_item_edits_whole`)."""
    edits: list[ReadingEdit] = []
    covered = -1
    parents: dict[tuple[int, int, bool], bool] = {}
    for at in keys:
        if at < covered:
            continue
        span = _flow_around(text, at, parents)
        found = _snippet_items(text, *span) if span is not None else None
        if found is None:
            return _flow_item_edits_whole(text)
        for node, log in found:
            edits += _inline_edits(text, node, log)
        covered = span[1] if span is not None else covered
    return edits


# A line that opens a flow collection in block context: `- {`, `- - [`, `key: {`, `key: [` (a plain key).
_FLOW_OPENER = re.compile(r"( *)((?:- +)*)(?:[^\s#'\"{}\[\],:&*!|>%@`-][^#'\"{}\[\],\r\n]*?: +)?([{\[])")
# A line a block collection hangs under: `key:`, `- key:`, with nothing after it but a comment.
_BLOCK_PARENT = re.compile(r" *(?:- +)*[^\s#'\"{}\[\],:&*!|>%@`-][^#'\"{}\[\],\r\n]*?:[ \t]*(?:#[^\r\n]*)?\r?$")
# `- key: value` with a plain one-line value: the first key of a block mapping that a key line may follow.
_FIRST_PAIR = re.compile(r" *(?:- +)+[^\s#'\"{}\[\],:&*!|>%@`-][^#'\"{}\[\],\r\n]*?: +[^\s#'\"{}\[\],&*!|>%@`][^#'\"{}\[\]\r\n]*\r?$")


def _flow_around(text: str, at: int, parents: dict[tuple[int, int, bool], bool]) -> tuple[int, int] | None:
    """Where the flow collection holding offset `at` opens and closes (just after its last bracket), when
    it is written from a line in block context (`_FLOW_OPENER`) under a plain key (`_in_block`); None
    when that is not sure."""
    line = text.rfind("\n", 0, at) + 1
    while True:
        opener = _FLOW_OPENER.match(text, line)
        if opener is not None and opener.start(3) < at:
            end = _flow_end(text, opener.start(3))
            if end is not None and end > at:
                if _after_open_flow(text, line):
                    pass  # an inner collection of a flow list that began on a line above
                elif _in_block(text, line, len(opener.group(1)), bool(opener.group(2)), parents):
                    return opener.start(3), end
                else:
                    return None
        if line == 0:
            return None
        line = text.rfind("\n", 0, line - 1) + 1


def _flow_end(text: str, pos: int) -> int | None:
    """Just after the bracket closing the flow collection that opens at `pos` (over lines), with nothing
    after it on its line but blanks or a comment; None when it does not close so, or holds a comment
    (whose brackets the count cannot tell)."""
    from planctl.git.merge import flow_collection_end

    end = flow_collection_end(text, pos, len(text))
    if end is None or "#" in text[pos:end]:
        return None
    eol = text.find("\n", end)
    rest = text[end:len(text) if eol < 0 else eol].strip()
    return end if not rest or rest.startswith("#") else None


def _after_open_flow(text: str, line: int) -> bool:
    """Whether the line before `line` (blank lines aside) ends inside a flow collection: with `,`, `[` or `{`."""
    at = line - 1
    while at >= 0 and text[at] in " \t\r\n":
        at -= 1
    return at >= 0 and text[at] in ",[{"


def _in_block(text: str, line: int, indent: int, entry: bool, parents: dict[tuple[int, int, bool], bool]) -> bool:
    """Whether the line at `line` (indented `indent`; a sequence entry `- …` or, if not `entry`, a key) is
    in block context: the lines above it, up to its parent, are its siblings and their contents (more
    indented, or as indented and of its kind), and its parent is a plain `key:` with nothing after it (or,
    for a key, the `- key: value` its mapping begins with). Not so inside a block scalar (`note: |`) or a
    quoted scalar over lines. `parents` keeps the answer for each line looked at (with the indent and kind
    asked about), so that a run of sibling items is walked once."""
    seen: list[int] = []
    answer = False
    at = line
    while at > 0:
        at = text.rfind("\n", 0, at - 1) + 1
        if (at, indent, entry) in parents:
            answer = parents[(at, indent, entry)]
            break
        seen.append(at)
        eol = text.find("\n", at)
        row = text[at:len(text) if eol < 0 else eol]
        stripped = row.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        depth = len(row) - len(stripped)
        if depth > indent or (depth == indent and stripped.startswith("-") == entry):
            continue
        answer = bool(_BLOCK_PARENT.fullmatch(row) or (not entry and depth < indent and _FIRST_PAIR.fullmatch(row)
                                                          and _entry_indent(row) == indent))
        break
    for place in seen:
        parents[(place, indent, entry)] = answer
    return answer


def _entry_indent(row: str) -> int:
    """The column a `- key: value` line's mapping is at (after its dashes)."""
    return len(row) - len(re.sub(r"^ *(?:- +)+", "", row))


def _snippet_items(text: str, start: int, end: int) -> list[tuple[Node, list[Completion]]] | None:
    """The flow-mapping items with a log in the flow collection at start..end of the plan, read alone:
    each mapping with an `id` and a `log` (at any depth), with its log's entries' offsets as Completions.
    Offsets are the plan's. None when the collection does not read as YAML."""
    from datetime import date

    from planctl.format.yamltree import MAP, SEQ, compose
    from planctl.model import Completion

    problems: list[Problem] = []
    root = compose(text[start:end], problems)
    if root is None or problems:
        return None
    found: list[tuple[Node, list[Completion]]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        _shift(node, start)
        if node.kind == MAP:
            log = node.get("log")
            if node.flow and log is not None and node.get("id") is not None:
                entries = log.value if log.kind == SEQ and isinstance(log.value, list) else []
                found.append((node, [Completion(date.min, pos=child.start + start) for child in entries]))
            stack += [value for pair in reversed(node.pairs()) for value in reversed(pair)]
        elif node.kind == SEQ and isinstance(node.value, list):
            stack += reversed(node.value)
    return sorted(found, key=lambda pair: pair[0].start)


def _shift(node: Node, by: int) -> None:
    """Move a node of a text read alone to where that text is in the plan (its children are moved as they
    are reached)."""
    node.start += by
    node.end += by


def _flow_item_edits_whole(text: str) -> list[ReadingEdit]:
    """`_flow_item_edits`, from the whole plan's tree (a log key inside a flow mapping cannot be told from
    the text of a note by lines); none when the plan cannot be read."""
    from planctl.format.loader import load_source
    from planctl.format.source import Source

    plan = load_source(Source("plan.yaml", text), fast=True).plan
    if plan is None:
        return []
    edits: list[ReadingEdit] = []
    for item in plan.items():
        node = item.node
        if node.flow and node.get("log") is not None:
            edits += _inline_edits(text, node, item.log)
    return edits


def _inline_edits(text: str, node: Node, log: Sequence[Completion]) -> list[ReadingEdit]:
    """The reading edits of one flow-mapping item's log (see `_flow_item_edits`); none for a log that is not
    a flow list of flow mappings (merge.inline_log)."""
    from planctl.git.merge import inline_log
    from planctl.store.writer import column, end_of_line

    found = inline_log(text, node, log)
    if found is None:
        return []
    newline = "\r\n" if "\r\n" in text[node.start:end_of_line(text, node.end)] else "\n"
    edits: list[ReadingEdit] = []
    edits.append(ReadingEdit(found.start, found.end, [], newline))
    if not found.entries:
        return edits
    indent = " " * (column(text, node.start) + 2)
    lines = [(f"{indent}log:", found.start), *((f"{indent}  - {entry.content}", completion.pos)
                                                for entry, completion in zip(found.entries, log, strict=True))]
    at = end_of_line(text, node.end - 1)
    if at == len(text) and not text.endswith("\n"):
        lines.insert(0, ("", at))  # the plan's last line: the lines go after a line break
    edits.append(ReadingEdit(at, at, lines, newline))
    return edits


def _flow_log_entries(text: str, at: int) -> tuple[list[tuple[str, int]], int] | None:
    """The flow mappings of a flow list whose `[` ends just before `at`, each on one line (as YAML reads
    one written over several) with its offset, and the end of the line holding the list's `]` (line break
    included); None for any other list."""
    from planctl.git.merge import flow_mapping_span

    maps: list[tuple[str, int]] = []
    while at < len(text):
        char = text[at]
        if char in " ,\t\r\n":
            at += 1
        elif char == "{":
            span = flow_mapping_span(text, at, len(text))
            if span is None:
                return None
            maps.append((span[1], at))
            at = span[0]
        elif char == "]":
            eol = text.find("\n", at)
            line_end = len(text) if eol < 0 else eol + 1
            rest = text[at + 1:line_end].strip()
            return (maps, line_end) if not rest or rest.startswith("#") else None
        else:
            return None
    return None


def line_numbers(text: str) -> list[int]:
    """For each line of `one_entry_a_line(text)`, the number (from 1) of the line of `text` it stands for:
    its own, or for a line sync wrote, the plan's line that holds the entry (or the `log` key)."""
    import bisect

    starts: list[int] = []  # for each line of the result, the offset in `text` of what it stands for
    pending = True  # the next character of the result begins a line

    def verbatim(start: int, end: int) -> None:
        nonlocal pending
        if start < end and pending:
            starts.append(start)
        at = text.find("\n", start, end)
        while at != -1:
            if at + 1 < end:
                starts.append(at + 1)
            at = text.find("\n", at + 1, end)
        pending = (text[end - 1] == "\n") if start < end else pending

    at = 0
    for edit in reading_edits(text):
        verbatim(at, edit.start)
        for line, pos in edit.lines:
            if pending and line:
                starts.append(pos)
            pending = True
        at = edit.end
    verbatim(at, len(text))
    breaks = [match.start() for match in re.finditer("\n", text)]
    return [bisect.bisect_left(breaks, start) + 1 for start in starts]


def blob(repo: Repo, rev: str | None) -> str:
    """The plan's text at `rev` ('' when there is no such commit, or the plan is not in it)."""
    return decoded(blobs(repo, [rev])[0])


def head(repo: Repo) -> str | None:
    done = run_git(["rev-parse", "-q", "--verify", "HEAD^{commit}"], repo.root)
    return done.stdout.strip() if done.returncode == 0 else None


# --- step 2: commit our completions ----------------------------------------------------------


def commit_completions(repo: Repo, plan_path: Path, message_for: Callable[[Counter[tuple[str, str]], int], str]
                       ) -> tuple[str, int, int] | None:
    """Commit the plan alone when its uncommitted changes are completions only; (commit, entries added,
    entries taken back).

    None when there is nothing to commit. SyncRefused (`hand-edits`) when anything else in the plan
    changed, (`invalid-plan`) when the plan has errors. `message_for(added, taken_back)` words the
    commit message.
    """
    text = decoded(plan_path.read_bytes())
    in_head = blobs(repo, ["HEAD"])[0]
    committed, tracked = decoded(in_head), in_head is not None
    if tracked and text == committed:
        forget_taken_back(plan_path, committed)
        return None
    if not tracked or skeleton_changed(committed, text):
        raise SyncRefused("hand-edits", _("{rel} has changes that are not completions and not committed (a hand edit); sync commits "
                                             "only what planctl wrote").format(
                              rel=repo.rel),
                          hint=_hand_edit_hint(repo.shown, entry_changes(committed, text)[0],
                                               text.count("date:") > committed.count("date:"),
                                               _unreadable_logs(plain(in_head), plan_path)))
    from planctl.format.source import PlanInvalid
    from planctl.store.discover import display_path
    from planctl.store.planfile import open_plan

    try:
        open_plan(plan_path, display_path(plan_path), require_valid=True)
    except PlanInvalid as exc:
        raise SyncRefused("invalid-plan", _("{message}; sync sends only a valid plan").format(message=exc.message)) from None
    added, taken_back = placed_changes(committed, text)
    refuse_hand_removals(repo, plan_path, committed, taken_back, added, written=plain(in_head))
    with speaking(repo.words):
        message = message_for(_unplaced(added), sum(taken_back.values()))
    trailer = ["-m", f"{TAKEN_BACK_TRAILER}: {sum(taken_back.values())}"] if taken_back else []
    done = run_git(["commit", "--quiet", "--only", "-m", message, *trailer, "--", repo.rel], repo.root)
    if done.returncode != 0:
        raise SyncRefused("git-failed", _("git could not commit {rel}:{said}").format(rel=repo.rel, said=said(done)),
                          hint=_("your completions are written in the plan; once git is happy, sync again (a missing name: git config "
                                 "user.name 'Your Name'; git config user.email you@…)"))
    forget_taken_back(plan_path, text)
    return head(repo) or "", sum(added.values()), sum(taken_back.values())


def refuse_hand_removals(repo: Repo, plan_path: Path, committed: str, removed: Counter[tuple[int, str, str]],
                         added: Counter[tuple[int, str, str]], *, written: str | None = None) -> None:
    """SyncRefused (`hand-removed`) when the uncommitted plan lacks completion lines that `undo` did not
    take back in this clone (store/journal.py's list): an entry deleted, rewritten (its date, who,
    note…) or moved to another item by hand. Sync sends only what planctl wrote (README; `undo`
    never takes someone else's entry), so such a change is refused, never pushed to every clone. `committed`:
    the committed plan `decoded`; `written`: as it is written, for the line numbers the refusal shows."""
    from planctl.store.journal import taken_back

    undone = Counter(journal_entry(t.entry) for t in taken_back(plan_path))
    lost: list[tuple[int, str]] = []
    for (anchor, entry, _by), n in sorted(removed.items()):
        for _copy in range(n):
            if undone[entry] > 0:
                undone[entry] -= 1
            else:
                lost.append((anchor, entry))
    if not lost:
        return
    lines = _lines_of(committed, [entry for _anchor, entry in lost], line_numbers(written) if written is not None else None)
    shown = "\n  ".join(_("line {number}: {line}").format(number=number, line=line.strip()) for number, line in lines[:8])
    more = "\n  …" if len(lines) > 8 else ""
    raise SyncRefused("hand-removed", ngettext(
        "{rel} lacks {count} completion line that is committed and that 'planctl undo' did not take back here "
        "(deleted or changed by hand); sync sends only what planctl wrote, so nothing was committed or sent. "
        "Missing (line numbers of the last commit):\n  {shown}{more}",
        "{rel} lacks {count} completion lines that are committed and that 'planctl undo' did not take back here "
        "(deleted or changed by hand); sync sends only what planctl wrote, so nothing was committed or sent. "
        "Missing (line numbers of the last commit):\n  {shown}{more}",
        len(lost)).format(rel=repo.rel, count=len(lost), shown=shown, more=more),
        hint=_restore_hint(repo.shown, _logged_here(plan_path, _unplaced(added))))


def _logged_here(plan_path: Path, added: Counter[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """The `added` entries a `done` in this clone wrote (its undo journal has them); all of them when the
    journal cannot be read (then any might be)."""
    from planctl.store.journal import JournalDamaged, read

    try:
        journal = read(plan_path)
    except JournalDamaged:
        return added
    if journal is None:
        return added
    recorded = Counter(journal_entry(record.entry) for record in journal.records)
    return Counter({(entry, by): min(n, recorded[entry]) for (entry, by), n in added.items() if recorded[entry]})


def _restore_hint(rel: str, unsent: Counter[tuple[str, str]]) -> str:
    """How to put removed completion lines back. 'git restore' also throws away completions logged since
    the last commit, so it is offered alone only when there are none."""
    meant = _("If the change is meant (a wrong entry corrected with the team's agreement), commit it yourself: "
              "'git commit {rel} -m …', then sync").format(rel=rel)
    if not unsent:
        return _("to put the lines back: 'git restore {rel}' (the file holds no completion that is not sent yet, so "
                 "nothing else is lost); then sync. {meant}").format(rel=rel, meant=meant)
    count, whose = _unsent_words(unsent)
    return ngettext("to put the lines back, copy them from 'git diff {rel}' (the lines starting with '-') into the file "
                    "with an editor. Not with 'git restore {rel}': the file also holds {count} completion not sent yet "
                    "({whose}), which it would throw away. Then sync. {meant}",
                    "to put the lines back, copy them from 'git diff {rel}' (the lines starting with '-') into the file "
                    "with an editor. Not with 'git restore {rel}': the file also holds {count} completions not sent yet "
                    "({whose}), which it would throw away. Then sync. {meant}",
                    count).format(rel=rel, count=count, whose=whose, meant=meant)


def forget_taken_back(plan_path: Path, committed: str) -> None:
    """Let go of the take-backs whose entries are no longer in the committed plan (sent with it)."""
    from planctl.store.journal import keep_taken_back, taken_back

    listed = taken_back(plan_path)
    if not listed:
        return
    present = {entry for entry, _by in entries(committed)}
    kept = [t for t in listed if journal_entry(t.entry) in present]
    if len(kept) != len(listed):
        keep_taken_back(plan_path, kept)


def journal_entry(written: str) -> str:
    """The entry text `entries` keys a completion by, of an entry as the undo journal records it: its
    mapping, and for an entry `undo` took out of a flow list, the rest of its line too (`{…}]}`), left out."""
    from planctl.git.merge import flow_mapping_span

    span = flow_mapping_span(written, 0, len(written)) if written.startswith("{") else None
    return " ".join((span[1] if span is not None else written).split())


def _lines_of(text: str, wanted: list[str], numbers: list[int] | None = None) -> list[tuple[int, str]]:
    """(line number, line) in `text` of each completion whose entry text is in `wanted` (a multiset); with
    `numbers` (`line_numbers` of the plan `text` was `decoded` from), the plan's own line numbers."""
    from planctl.format.fastlog import ENTRY_LINE

    left = Counter(wanted)
    found = []
    for match in ENTRY_LINE.finditer(text):
        key = " ".join(match.group("map").split())
        if left[key] > 0:
            left[key] -= 1
            number = text.count("\n", 0, match.start()) + 1
            found.append((numbers[number - 1] if numbers and number <= len(numbers) else number,
                          match.group(0).rstrip("\r\n")))
    return found


def _unreadable_logs(committed: str, plan_path: Path) -> list[tuple[str, str]]:
    """(item as a reader knows it, `座谈会 (talk)`; form) of the items whose log has more entries in the plan
    than in `committed` and is written in a form sync cannot read nor the merge driver join
    (merge.unjoinable_form): a completion `done` wrote there looks like a hand edit. Empty when either version cannot be read."""
    from planctl.format.loader import load_bytes
    from planctl.format.names import with_id
    from planctl.git.merge import unjoinable_form

    text = plain(plan_path.read_bytes())
    old, new = (load_bytes("plan.yaml", version.encode("utf-8"), fast=True).plan for version in (committed, text))
    if old is None or new is None:
        return []
    before = {item.id: len(item.log) for item in old.items()}
    return [(with_id(item.title, item.id), form) for item in new.items()
            if len(item.log) > before.get(item.id, 0) and (form := unjoinable_form(text, item))]


def _hand_edit_hint(rel: str, unsent: Counter[tuple[str, str]], more_dates: bool = False,
                    unreadable: list[tuple[str, str]] | None = None) -> str:
    """How to go on from a hand edit. 'git restore' would also throw away completions logged since the
    last commit, so it is offered only when there are none: none sync can count, and no more `date:`
    than committed (a completion `done` wrote into a log whose form sync cannot read, `unreadable`:
    (id, form), is not one sync can tell from an edit)."""
    if not unsent and unreadable:
        item, form = unreadable[0]
        return _("the log of {item} is written in a form sync cannot read nor merge ({form}), so a completion planctl "
                 "wrote into it looks like a hand edit. Keep it: commit the file yourself ('git commit {rel} -m …'), "
                 "not 'git restore {rel}', which would throw it away; then sync. So that completions there are merged "
                 "by themselves from now on, write that log as one '- {{date: …}}' line an entry, without comments "
                 "among them").format(item=item, form=form, rel=rel)
    if not unsent and more_dates:
        return _("look at them with 'git diff {rel}': they may hold completions planctl wrote into a log whose form "
                 "sync cannot read, which it cannot tell from a hand edit; keep them: commit the file yourself "
                 "('git commit {rel} -m …'), not 'git restore {rel}', which would throw them away; then sync").format(rel=rel)
    if not unsent:
        return _("look at them with 'git diff {rel}'; commit them yourself ('git commit {rel} -m …') "
                 "or undo them ('git restore {rel}'); then sync").format(rel=rel)
    count, whose = _unsent_words(unsent)
    return ngettext("look at them with 'git diff {rel}'. The file also holds {count} completion not yet sent ({whose}): "
                    "keep them: commit everything yourself ('git commit {rel} -m …'), or take out only the hand edit in "
                    "an editor (not with 'git restore {rel}', which would throw the completion away); then sync",
                    "look at them with 'git diff {rel}'. The file also holds {count} completions not yet sent ({whose}): "
                    "keep them: commit everything yourself ('git commit {rel} -m …'), or take out only the hand edit in "
                    "an editor (not with 'git restore {rel}', which would throw the completions away); then sync",
                    count).format(rel=rel, count=count, whose=whose)


# --- step 3: fetch, merge, push ----------------------------------------------------------------


def fetch(repo: Repo) -> str | None:
    """Fetch the upstream branch; its commit, or None when the remote has no such branch yet."""
    spec = f"+refs/heads/{repo.remote_branch}:{repo.tracking}"
    done = run_git(["fetch", "--quiet", "--no-tags", repo.remote, spec], repo.root)
    if done.returncode != 0:
        if "couldn't find remote ref" in done.stderr:
            return None
        raise SyncRefused("fetch-failed", _("could not fetch from {remote}:{said}").format(remote=repo.remote, said=said(done)),
                          hint=_("your completions are committed here and go out with the next sync that reaches the remote; check the "
                                 "network or the remote's address ('git remote -v')"))
    return _ok(["rev-parse", repo.tracking], repo.root)


def _merge_over_copies(repo: Repo, tip: str | None, result: SyncResult) -> str:
    """`merge`; when git would not merge over untracked files, `clear_untracked_copies` and merge again
    (looked for only then: the usual sync runs no git for it)."""
    try:
        return merge(repo, tip, result.joined)
    except SyncRefused as refused:
        if refused.kind != "git-failed" or not any(words in refused.message for words in (
                "untracked working tree files", "move or remove them before you merge")):
            raise
        cleared = clear_untracked_copies(repo, tip)
        if not cleared:
            raise
    result.cleared += cleared
    return merge(repo, tip, result.joined)


def clear_untracked_copies(repo: Repo, tip: str | None) -> list[str]:
    """Let go of untracked files that `tip` adds, when nothing of them is lost: git refuses to merge over
    them ("untracked working tree files would be overwritten"). The usual one is the .gitattributes
    `git-setup` wrote in each clone before one of them committed it (docs/git.md). A file identical to
    `tip`'s, or a .gitattributes whose every line `tip`'s has, is removed (the merge brings it back);
    any other is refused (SyncRefused `untracked`). Returns the paths removed."""
    ours = head(repo)
    if tip is None or ours is None or ours == tip:
        return []
    listed = run_git(["diff", "--name-only", "--no-renames", "--diff-filter=A", "-z", ours, tip], repo.root).stdout
    cleared = []
    for name in (n for n in listed.split("\0") if n):
        path = repo.root / name
        if not path.is_file() or path.is_symlink() or run_git(["check-ignore", "-q", "--", name], repo.root).returncode == 0:
            continue  # not there, or ignored (git overwrites an ignored file)
        if _same_as(repo, name, tip) or (Path(name).name == ".gitattributes" and _lines_within(
                path.read_bytes().decode("utf-8", errors="replace"), run_git(["show", f"{tip}:{name}"], repo.root).stdout)):
            path.unlink()
            cleared.append(name)
            continue
        raise SyncRefused("untracked", _("{name} is here but not committed, and {upstream} brings a different {name}; git will not "
                                         "merge over it").format(name=name, upstream=repo.upstream),
                          hint=_("move yours aside ('mv {name} {name}.mine'), take the committed one ('git merge {upstream}'), "
                                 "add back from yours what it lacks, then sync. To compare them first: "
                                 "'git show {upstream}:{name}'").format(name=name, upstream=repo.upstream))
    return cleared


def _lines_within(mine: str, theirs: str) -> bool:
    """Whether every non-blank line of `mine` is also a line of `theirs` (spacing at the ends aside)."""
    lines = {line.strip() for line in theirs.splitlines()}
    return all(line.strip() in lines for line in mine.splitlines() if line.strip())


def merge(repo: Repo, tip: str | None, joined: list[tuple[str, str]] | None = None) -> str:
    """Bring `tip` into HEAD; how: up to date, fast-forward or merge. SyncRefused on a real conflict,
    after undoing the merge (the clone is as it was before it). The completions both sides added alike,
    which the merge keeps once (`joined_alike`), are added to `joined`."""
    ours = head(repo)
    if tip is None or ours == tip:
        return "up to date"
    bases = run_git(["merge-base", "--all", ours, tip], repo.root).stdout.split() if ours else []
    if bases == [tip]:
        return "up to date"
    if ours is None or bases == [ours]:
        _ok(["merge", "--ff-only", "--quiet", tip], repo.root)
        return "fast-forward"
    marker = repo.git_dir / MARKER
    marker.write_text(tip + "\n", encoding="utf-8")
    driver, merged = prepared_driver(repo, ours, tip, bases)
    with speaking(repo.words):
        subject = _("planctl sync: merge {upstream}").format(upstream=repo.upstream)
    done = run_git([*(["-c", f"merge.{DRIVER}.driver={driver}"] if driver else []),
                    "merge", "--ff", "--no-edit", "--quiet", "-m", subject, tip], repo.root,  # --ff: whatever merge.ff says
                   started=lambda pid: marker.write_text(f"{tip}\n{pid}\n", encoding="utf-8"))
    if done.returncode == 0:
        marker.unlink(missing_ok=True)
        if joined is not None:
            joined += joined_alike(repo, ours, tip, bases, merged)
        return "merge"
    unmerged = run_git(["diff", "--name-only", "--diff-filter=U"], repo.root).stdout.split()
    started = bool(_merge_head(repo))
    if started:
        _ok(["merge", "--abort"], repo.root)
    marker.unlink(missing_ok=True)
    if unmerged:
        raise SyncRefused("conflict", _("the changes from {upstream} conflict with yours in {join}; a person must choose (sync undid "
                                           "the merge, nothing changed here):{said}").format(
                              upstream=repo.upstream, join=', '.join(unmerged), said=said(done, 16)),
                          hint=conflict_hint(repo, ours, tip, bases, unmerged, merged))
    if "Your local changes to the following files would be overwritten" in (done.stderr or "") and not started:  # a `done` meanwhile
        raise SyncRefused("changed-meanwhile", _("{rel} changed while sync was merging (a completion recorded meanwhile?); "
                                                 "nothing was merged").format(rel=repo.rel),
                          hint=_("run 'planctl sync' again"))
    raise SyncRefused("git-failed", _("git could not merge {upstream}:{said}").format(upstream=repo.upstream, said=said(done)),
                      hint=_("nothing was merged; the clone is as it was"))


def conflict_hint(repo: Repo, ours: str, tip: str, bases: list[str], unmerged: list[str],
                  merged: MergeResult | None = None) -> str:
    """What the conflict is and how to resolve it by hand, step by step (git add before planctl check:
    until git takes the file as merged, check says it is not). `merged`: the driver's result for these
    versions when sync already merged them (prepared_driver), so they are not merged once more."""
    files = " ".join(repo.shown if name == repo.rel else shlex.quote(name) for name in unmerged)
    steps = _("To resolve: 'git merge {upstream}', edit the lines between <<<<<<< and >>>>>>> (keep what is true, delete "
              "the marker lines), 'git add {files}', 'planctl check', 'git commit'; then 'planctl sync'. To step back "
              "out of that merge: 'git merge --abort'").format(upstream=repo.upstream, files=files)
    unreadable = unreadable_incoming(repo, ours, tip) if repo.rel in unmerged else None
    if unreadable is not None:
        return unreadable
    found = (merged or _merge_findings(repo, ours, tip, bases)) if repo.rel in unmerged else None
    if found is not None and found.logged_on_deleted:
        return _("completions were logged on {item}, which the other side deleted (or renamed past recognition): keep the "
                 "item (and its completions) or let both go. {steps}").format(item=found.named(found.logged_on_deleted[0]),
                                                                    steps=steps)
    if found is not None and found.unmerged_logs:
        form = found.unmerged_forms[0] if found.unmerged_forms and found.unmerged_forms[0] else _(
            "comments between its entries, or entries written some other way")
        return _("both sides logged completions on {item}, whose log is written in a form planctl cannot join by itself "
                 "({form}); nothing is lost: keep the entries of both sides, one '- {{date: …}}' line each. {steps}").format(
                     item=found.named(found.unmerged_logs[0]), form=form, steps=steps)
    if found is not None and found.edited_logs and found.semantic:
        return _("both sides changed one completion on {item}, each its own way (its date, amount or note): between the "
                 "markers, keep the version that is true and delete the other. {steps}").format(
                     item=found.named(found.edited_logs[0]), steps=steps)
    if found is not None and found.doubtful_logs and found.semantic:
        return _("both sides added (or both took back) the same completion line on {item}, written without an `at` stamp "
                 "(typed by hand), so planctl cannot tell one record that reached both sides from two alike: between the "
                 "markers, keep the side that says how many there are (each side's label says which). {steps}").format(
                     item=found.named(found.doubtful_logs[0]), steps=steps)
    if repo.rel in unmerged:
        return _("completions merge by themselves; this is an edit both sides made (a title, a window…). {steps}").format(
            steps=steps)
    return steps


def unreadable_incoming(repo: Repo, ours: str, tip: str) -> str | None:
    """The hint when what came in is the cause of a conflict: `tip`'s plan is not a file planctl can read (not
    UTF-8: GBK saved by a Windows editor; UTF-16; binary), with the commit that made it so (short sha, author,
    subject) and the problem as `planctl check` words it (format/source.decode: the one owner, with the
    fix). None when `tip`'s plan reads."""
    from planctl.format.source import SourceProblem, decode

    raw = blobs(repo, [tip])[0]
    if raw is None:
        return None
    try:
        decode(repo.rel, raw)
        return None
    except SourceProblem as exc:
        problem = exc.problem
    shown = run_git(["log", "-1", "--format=%h%x00%an%x00%s", f"{ours}..{tip}", "--", repo.rel], repo.root).stdout
    commit, author, subject = ([*shown.rstrip("\n").split("\x00"), "", ""])[:3]
    return _("the file that came in is the cause: {upstream}'s {rel} (line {line}), as committed in {commit} by {author} "
             "('{subject}'), is not a plan planctl can read: {problem}. Ask {author} to do that and commit the file again; "
             "then 'planctl sync'. Nothing changed here").format(
                 upstream=repo.upstream, rel=repo.rel, line=problem.line, commit=commit or tip[:10], author=author or "?",
                 subject=subject, problem=problem.message)


def _merge_findings(repo: Repo, ours: str, tip: str, bases: list[str]) -> MergeResult | None:
    """What the merge driver finds in the plan's three versions (items logged on and deleted, logs it
    cannot join), or None when there is no single base or a version lacks the plan."""
    if len(bases) != 1:
        return None
    base, mine, theirs = blobs(repo, [bases[0], ours, tip])
    if base is None or mine is None or theirs is None:
        return None
    from planctl.git.merge import merge_plans

    try:
        return merge_plans(base, mine, theirs, path=repo.rel)
    except Exception:  # noqa: BLE001 - only the hint's wording depends on it
        return None


def joined_alike(repo: Repo, ours: str, tip: str, bases: list[str], merged: MergeResult | None) -> list[tuple[str, str]]:
    """The completions both sides added alike since their merge base, which the merge kept once as one
    record: (item id, or '' when not known; the entry as written). From the driver's result when sync
    merged in process (merge.joined: entries stamped alike to the millisecond); when both sides' plans
    were the same file, git merged without any driver, and every completion they added is one (with or
    without `at`). Empty otherwise (several merge bases; the configured driver says it itself)."""
    if len(bases) != 1:
        return []
    base, mine, theirs = blobs(repo, [bases[0], ours, tip])
    if mine is not None and mine == theirs and mine != base:
        return [("", entry) for (entry, _by), n in sorted(entry_changes(decoded(base), decoded(mine))[0].items())
                for _copy in range(n)]
    return list(merged.joined) if merged is not None and merged.clean else []


def prepared_driver(repo: Repo, ours: str, tip: str, bases: list[str]) -> tuple[str | None, MergeResult | None]:
    """A driver command for this one merge that hands git the plan sync has already merged.

    Starting the driver program is most of a small merge's time, and while one clone merges, the
    others' pushes win. So sync merges the plan itself, with the driver's own code
    (`merge.merge_plans`), and gives git, for this merge only, a command that checks that git asks
    for exactly the three versions sync merged (`cmp`) and then writes the result; for anything
    else (a criss-cross merge's virtual base, a conflict) it runs the configured driver as usual.
    (None, …): use the configured driver: the merge is not clean, or PLANCTL_SYNC_INPROCESS=0. The second
    is the merge's result, when sync merged (clean or not).
    """
    if os.environ.get("PLANCTL_SYNC_INPROCESS", "1") == "0":
        return None, None
    configured = repo.config.get(f"merge.{DRIVER}.driver", "").strip()
    if not configured or len(bases) != 1:
        return None, None
    versions = blobs(repo, [bases[0], ours, tip])
    if any(v is None for v in versions):
        return None, None
    base, mine, theirs = (v or b"" for v in versions)
    from planctl.git.merge import merge_plans

    try:
        from planctl.store.cache import known_valid

        result = merge_plans(base, mine, theirs, path=repo.rel, ours_valid=known_valid(repo.root / repo.rel, mine))
    except Exception:  # noqa: BLE001 - the configured driver will say what is wrong
        return None, None
    if not result.clean:
        return None, result
    folder = repo.git_dir / "planctl-sync"
    folder.mkdir(exist_ok=True)
    names = []
    for name, data in (("base", base), ("ours", mine), ("theirs", theirs), ("merged", result.data)):
        (folder / name).write_bytes(data)
        names.append(shlex.quote(str(folder / name)))
    b, o, t, m = names
    return f"if cmp -s %O {b} && cmp -s %A {o} && cmp -s %B {t}; then cat {m} >%A; else {configured}; fi", result


def push(repo: Repo, set_upstream: bool) -> bool:
    """Push HEAD to the upstream branch: True when it went, False when someone pushed first.

    SyncRefused (`push-refused`) when the remote refused it for another reason (a hook, a
    protected branch, no permission), or the push failed (network).
    """
    args = ["push", "--porcelain", *(["--set-upstream"] if set_upstream else []), repo.remote,
            f"HEAD:refs/heads/{repo.remote_branch}"]
    done = run_git(args, repo.root)
    if done.returncode == 0:
        return True
    report = done.stdout + done.stderr
    if "[rejected]" in report and ("fetch first" in report or "non-fast-forward" in report):
        return False
    if "[remote rejected]" in report and ("lock" in report or "failed to update ref" in report):
        return False  # another push was updating the branch at that very moment: the same race
    raise SyncRefused("push-refused", _("{remote} did not take the push:{said}").format(remote=repo.remote, said=said(done)),
                      hint=_("your completions are committed here, merged with what came in, and nothing is lost; they go out with the "
                             "next 'planctl sync' that the remote accepts. If it keeps refusing, show this message to whoever looks after "
                             "the repository"))


@contextmanager
def sync_lock(repo: Repo, wait: float = SYNC_LOCK_WAIT_SECONDS) -> Iterator[None]:
    """One sync at a time in a clone (a lock file in the git dir, held with flock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: git's own index.lock still guards
        yield
        return
    fd = os.open(repo.git_dir / SYNC_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SyncRefused("locked", _("another planctl sync is running in this clone")) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def sync(plan_path: Path, message_for: Callable[[Counter[tuple[str, str]], int], str], *,
         sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None,
         attempts: int = ATTEMPTS, check_driver: bool = True) -> SyncResult:
    """One whole sync of the clone holding `plan_path` (see the module's docstring)."""
    from planctl.store.atomic import locked

    rng = rng or random.Random()
    repo = find_repo(plan_path)
    repo.words = commit_language_at(plan_path)
    result = SyncResult(repo.remote, repo.branch)
    with sync_lock(repo):
        with locked(plan_path):  # recover may put the plan back: no `done` may write it meanwhile
            result.recovered = recover(repo)
        if check_driver and (problem := driver_problem(repo)):
            raise SyncRefused("no-driver", _("{problem}; without it, completions logged at the same time in two clones turn into "
                                                "conflicts").format(
                                  problem=problem),
                              hint=_("run 'planctl git-setup' once in this clone (or 'planctl sync --setup')"))
        refuse_staged(repo)
        with locked(plan_path):
            made = commit_completions(repo, plan_path, message_for)
        if made:
            result.committed, result.committed_entries, result.committed_taken_back = made
        start, start_raw = head(repo), blobs(repo, ["HEAD"])[0]
        waited, gave_up, tip = 0.0, False, None
        for attempt in range(attempts):
            result.attempts = attempt + 1
            tip = fetch(repo)
            with locked(plan_path):
                how = _merge_over_copies(repo, tip, result)
            if how != "up to date" or result.merge == "up to date":
                result.merge = how if tip is not None else "first push"
            ours = head(repo)
            if ours is None or (tip is not None and ours == tip):
                if made and ours == tip:  # our new commit is already there: someone made the same commit
                    result.joined += _committed_alike(repo, made[0])
                break  # nothing of ours to send
            refuse_lost_in_merges(repo, tip, start)  # merges made before this sync (its own merge is the driver's)
            if push(repo, set_upstream=not repo.upstream_set):
                result.pushed = True
                theirs, now = blobs(repo, [tip, ours])
                sent, sent_removed = entry_changes(decoded(theirs), decoded(now))
                result.sent = people(sent)
                result.sent_removed_with_items = removed_with_items(plain(theirs), plain(now), sent_removed)
                result.sent_taken_back, result.sent_removed_by_hand = _removals_split(
                    repo, tip, ours, sum(sent_removed.values()) - result.sent_removed_with_items)
                result.sent_commits = _count_commits(repo, tip, ours)
                break
            bound = min(BACKOFF_CAP_SECONDS, BACKOFF_SECONDS * 2 ** attempt)
            wait = rng.uniform(bound / 4, bound)
            if attempt + 1 == attempts or waited + wait > SYNC_PATIENCE_SECONDS:
                gave_up = True
                break
            sleep(wait)
            waited += wait
        if gave_up:
            _note_received(result, repo, start, start_raw)
            raise StillBehind("behind",
                              _("someone else pushed to {upstream} first, {attempts} times in a row; your completions are committed here "
                                "and merged with what came in, nothing is lost").format(upstream=repo.upstream,
                                                                                         attempts=result.attempts),
                              hint=_("run 'planctl sync' again in a few minutes, when fewer people are syncing; nothing needs "
                                     "to be done by hand meanwhile"))
        _note_received(result, repo, start, start_raw)
        result.start, result.fetched = start, tip
        result.head = head(repo) or ""
    return result


def _committed_alike(repo: Repo, commit: str) -> list[tuple[str, str]]:
    """The completions of `commit`, sync's commit of this clone's, when the upstream already holds that very
    commit: another clone committed the same plan with the same parent, name, time and message (the same
    completions at the same instant), so git holds the two as one."""
    before, after = blobs(repo, [f"{commit}^", commit])
    return [("", entry) for (entry, _by), n in sorted(entry_changes(decoded(before), decoded(after))[0].items())
            for _copy in range(n)]


def _note_received(result: SyncResult, repo: Repo, start: str | None, start_raw: bytes | None) -> None:
    """What the merge brought in: completions, take-backs, hand removals, and whether anything else in the
    plan changed."""
    merged_raw = blobs(repo, ["HEAD"])[0]
    start_text, merged_text = decoded(start_raw), decoded(merged_raw)
    received, removed = entry_changes(start_text, merged_text)
    result.received = people(received)
    result.repeats = _brought_by_merges(repo, start, repeats_brought(plain(start_raw), plain(merged_raw))) if received else []
    result.received_removed_with_items = removed_with_items(plain(start_raw), plain(merged_raw), removed)
    result.received_taken_back, result.received_removed_by_hand = _removals_split(
        repo, start, head(repo), sum(removed.values()) - result.received_removed_with_items)
    result.received_removed = removed
    result.received_edits = skeleton_changed(start_text, merged_text)


def _removals_split(repo: Repo, since: str | None, until: str | None, removed: int) -> tuple[int, int]:
    """(taken back, removed by hand) of `removed` entries that commits in since..until took out of the plan:
    as many as those commits' TAKEN_BACK_TRAILER lines count were taken back with `undo` (sync commits only
    what undo took back), the rest were deleted in a commit someone made themselves."""
    if not removed or until is None:
        return 0, removed
    span = f"{since}..{until}" if since else until
    done = run_git(["log", f"--format=%(trailers:key={TAKEN_BACK_TRAILER},valueonly,separator=%x0A)", span], repo.root)
    counted = sum(int(word) for word in done.stdout.split() if word.isdigit()) if done.returncode == 0 else 0
    taken_back = min(removed, counted)
    return taken_back, removed - taken_back


def removed_with_items(before: str, after: str, removed: Counter[tuple[str, str]]) -> int:
    """How many of the `removed` entries were on a task or quota that `after` no longer has (deleted,
    with its phase perhaps): gone with their item, not taken back with `undo`. The plans (their text as
    written, not `decoded`) are read only when entries were removed."""
    if not removed:
        return 0
    from planctl.format.loader import load_bytes

    old, new = (load_bytes("plan.yaml", text.encode("utf-8"), fast=True).plan for text in (before, after))
    if old is None or new is None:
        return 0
    kept = {item.id for item in new.items()}
    left = Counter(removed)
    count = 0
    for item in old.items():
        if item.id in kept:
            continue
        for entry in item.log:
            found = written_entry_key(before, entry.pos)
            if found is not None and left[found] > 0:
                left[found] -= 1
                count += 1
    return count


def written_entry_key(text: str, pos: int) -> tuple[str, str] | None:
    """The key `entries` gives the one-line entry written at offset `pos` of `text` (a flow mapping, the
    position a read gives `Completion.pos`) as `decoded` reads it (an `occurrence:` left out); None when
    no one-line entry is written there."""
    found = written_entry(text, pos)
    return found[1] if found is not None else None


def written_entry(text: str, pos: int) -> tuple[str, tuple[str, str]] | None:
    """The one-line entry written at offset `pos` of `text` (its mapping on one line, `occurrence:` kept),
    and the key `entries` gives it (`written_entry_key`); None when no one-line entry is written there."""
    from planctl.format.fastlog import ENTRY_LINE
    from planctl.git.merge import flow_mapping_span

    span = flow_mapping_span(text, pos, len(text))
    if span is None:
        return None
    written = f"- {span[1]}\n"
    line = ENTRY_LINE.match(_OCCURRENCE.sub(r"\1", written) if ", occurrence: " in written else written)
    key = entry_key(line) if line is not None else None
    return (" ".join(span[1].split()), key) if key is not None else None


def entry_key(match: re.Match[str]) -> tuple[str, str] | None:
    """The key `entries` gives the completion line `match` (None when it is not one)."""
    from planctl.format.fastlog import entry_of

    entry = entry_of(match)
    return None if entry is None else (" ".join(match.group("map").split()), entry.by or "")


TAKEN_BACK_TRAILER = "Planctl-Taken-Back"
"""The git trailer (`git interpret-trailers`) on sync's commit that sends entries `undo` took back, with
their count: how other clones tell an undo sent by sync from a line removed in a commit someone made by hand
(which may be an undo committed with git: such a commit cannot say)."""


_AT = re.compile(r"\bat:\s*([^,}]+)")


def still_in(key: tuple[str, str], text: str) -> bool:
    """Whether the completion `key` is in `text` in some version: its `at` stamp and `by` (a date or note
    corrected is the same record), or the whole entry when it has no `at` (typed by hand). A search of the text,
    not a read of every entry line: a plan at L holds 100,000 of them."""
    found = _AT.search(key[0])
    if found is None:
        return key[0] in text
    stamp, by = "at: " + found.group(1).strip(), f"by: {key[1]}"
    at = text.find(stamp)
    while at >= 0:  # the same `at` and the same `by` on one line (two clones may share an instant)
        line = text[text.rfind("\n", 0, at) + 1:at]
        if not key[1] or by in line:
            return True
        at = text.find(stamp, at + 1)
    return False


def lost_in_merge(repo: Repo, merge_commit: str) -> tuple[str, Counter[tuple[str, str]]]:
    """(a parent, the completions it added since the merge base that the merge commit lacks, as records):
    what a merge made without planctl's driver (a `git pull` whose driver could not start, its file then
    committed as it stood) dropped of the other side's. Empty when nothing was dropped."""
    parents = run_git(["rev-list", "--parents", "-n", "1", merge_commit], repo.root).stdout.split()[1:]
    if len(parents) != 2:
        return "", Counter()
    bases = run_git(["merge-base", *parents], repo.root).stdout.split()
    base, first, second, merged = (decoded(b) for b in blobs(repo, [bases[0] if bases else None, *parents,
                                                                     merge_commit]))
    for parent, text in ((parents[1], second), (parents[0], first)):
        lost = Counter({key: n for key, n in entry_changes(base, text)[0].items() if not still_in(key, merged)})
        if lost:
            return parent, lost
    return "", Counter()


def brought_back_in_merge(repo: Repo, merge_commit: str) -> tuple[str, Counter[tuple[str, str]]]:
    """(a parent, the completions it took back with `undo` since the merge base that the merge commit still
    has, as records): what a merge made without planctl's driver (a side kept whole in a conflict) brought
    back of the other side's take-backs. Only a parent whose commits since the base carry a take-back
    (TAKEN_BACK_TRAILER) is read. Empty when nothing was brought back."""
    parents = run_git(["rev-list", "--parents", "-n", "1", merge_commit], repo.root).stdout.split()[1:]
    if len(parents) != 2:
        return "", Counter()
    bases = run_git(["merge-base", *parents], repo.root).stdout.split()
    if not bases:
        return "", Counter()
    for parent in (parents[1], parents[0]):
        trailers = run_git(["log", f"--format=%(trailers:key={TAKEN_BACK_TRAILER},valueonly)", f"{bases[0]}..{parent}"],
                           repo.root).stdout
        if not any(word.isdigit() and int(word) > 0 for word in trailers.split()):
            continue
        base, side, merged = (decoded(b) for b in blobs(repo, [bases[0], parent, merge_commit]))
        back = Counter({key: n for key, n in entry_changes(base, side)[1].items() if still_in(key, merged)})
        if back:
            return parent, back
    return "", Counter()


MERGES_LOOKED_AT = 20  # a sync receiving more merges tells every new pair of entries alike, as if each were brought


def _brought_by_merges(repo: Repo, start: str | None, found: list[Repeat]) -> list[Repeat]:
    """Of `found` (pairs of entries alike that HEAD has and `start` had not), those a merge in start..HEAD
    brought together (the merge has the pair, neither of its parents had it): this sync's own merge or a
    teammate's received by fast-forward (both clones hear of it: the later entry is the other clone's to
    take back). A pair one clone made by itself (three sessions of a quota on one day: `done` told each as
    the Nth entry alike) is not told again to everyone who receives it."""
    if not found or start is None:
        return found
    merges = merges_in(repo, start, "HEAD", MERGES_LOOKED_AT + 1)
    if len(merges) > MERGES_LOOKED_AT:
        return found
    brought: Counter[tuple[object, ...]] = Counter()
    for merge_commit in merges:
        parents = run_git(["rev-list", "--parents", "-n", "1", merge_commit], repo.root).stdout.split()[1:]
        merged, ours, theirs = blobs(repo, [merge_commit, parents[0], parents[-1]])
        brought.update(repeat.key() for repeat in repeats_brought(plain(ours), plain(merged), plain(theirs)))
    kept = []
    for repeat in found:
        if brought[repeat.key()]:
            brought[repeat.key()] -= 1
            kept.append(repeat)
    return kept


def merges_in(repo: Repo, since: str | None, until: str, limit: int | None = None) -> list[str]:
    """The merge commits in since..until (all of `until`'s history when `since` is None; the latest `limit`)."""
    span = f"{since}..{until}" if since else until
    counted = [f"--max-count={limit}"] if limit is not None else []
    return run_git(["rev-list", "--merges", *counted, span], repo.root).stdout.split()


def lost_in_merges(repo: Repo, since: str | None, until: str, now_rev: str, limit: int | None = None
                   ) -> Iterator[tuple[str, str, Counter[tuple[str, str]]]]:
    """(merge commit, parent, completions lost) of each merge commit in since..until (all of `until`'s
    history when `since` is None) that lost completions one of its parents added (`lost_in_merge`) and that
    the plan at `now_rev` still lacks (a later commit may have put them back); newest merge first. The one
    test of a lost merge, for the merges sync would send (`refuse_lost_in_merges`) and those it received
    (git/lost.py). `limit`: only the latest that many merge commits."""
    now: str | None = None
    for merge_commit in merges_in(repo, since, until, limit):
        if not _removes_dated_lines(repo, merge_commit):
            continue
        parent, lost = lost_in_merge(repo, merge_commit)
        if lost:  # unless a later commit put them back
            now = decoded(blobs(repo, [now_rev])[0]) if now is None else now
            lost = Counter({key: n for key, n in lost.items() if not still_in(key, now)})
        if lost:
            yield merge_commit, parent, lost


def _removes_dated_lines(repo: Repo, merge_commit: str) -> bool:
    """Whether the merge commit's plan lacks a line of one of its first two parents that holds `date` (every
    completion does): what `lost_in_merge` needs to find anything, asked of git's diff (in C) so that the
    many merges a sync receives from a team's syncs are not each read and compared whole (a plan at L: 7 MB,
    100,000 entries). True when git cannot tell (a failure, a plan git takes for binary)."""
    for parent in (f"{merge_commit}^1", f"{merge_commit}^2"):
        done = run_git(["diff", "--no-color", "--no-ext-diff", "--no-textconv", "-U0", parent, merge_commit, "--",
                        repo.rel], repo.root)
        if done.returncode != 0 or "\nBinary files " in "\n" + done.stdout:
            return True
        hunks = done.stdout.split("\n@@", 1)
        if len(hunks) == 2 and any(line.startswith("-") and "date" in line for line in hunks[1].splitlines()):
            return True
    return False


def refuse_lost_in_merges(repo: Repo, tip: str | None, ours: str | None) -> None:
    """SyncRefused (`lost-in-merge`) before a push that would send a merge commit of `ours` lacking
    completions one of its parents added (`lost_in_merge`): pushed, they would be gone from every clone,
    with no `undo`."""
    if ours is None:
        return
    for merge_commit, parent, lost in lost_in_merges(repo, tip, ours, ours):
        count, whose = _unsent_words(lost)
        raise SyncRefused("lost-in-merge", ngettext(
            "the merge commit {commit} lacks {count} completion that {parent} added ({whose}): it was merged "
            "without planctl's merge driver; nothing was sent. Missing: {entries}",
            "the merge commit {commit} lacks {count} completions that {parent} added ({whose}): it was merged "
            "without planctl's merge driver; nothing was sent. Missing: {entries}", count).format(
                commit=merge_commit[:10], count=count, parent=parent[:10], whose=whose,
                entries="; ".join(key[0] for key in list(lost)[:5]) + (" …" if len(lost) > 5 else "")),
            hint=_("put the lines back under their items ('git show {parent}:{rel}' holds them) and commit "
                   "('git commit {rel} -m …'); then sync").format(parent=parent[:10], rel=repo.rel))


def _count_commits(repo: Repo, tip: str | None, ours: str) -> int:
    """Commits in `ours` that `tip` lacks (all of them on a first push)."""
    span = f"{tip}..{ours}" if tip else ours
    done = run_git(["rev-list", "--count", span], repo.root)
    return int(done.stdout.strip() or 0) if done.returncode == 0 else 0


def _unsent_words(unsent: Counter[tuple[str, str]]) -> tuple[int, str]:
    """How many completions are not sent yet, and whose (`zhangwei 2, lina 1`), for the hints that
    warn `git restore` would throw them away."""
    return sum(unsent.values()), listed(f"{by or '?'} {n}" for by, n in sorted(people(unsent).items()))
