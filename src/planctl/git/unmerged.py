"""Whether git holds the plan file unmerged: a merge, rebase, cherry-pick or stash pop stopped on it.

When git's merge of the plan stops (a conflict, or a merge driver that could not run), the index
holds the file at stages 1-3 (base, ours, theirs) and the work tree holds whatever the merge left:
conflict markers, or, when the driver never ran, our version alone. That file can look like a
clean plan while it lacks the other side's completions, so `check`, `due` and `done` ask here.

This runs on every `planctl due`, so it is cheap: it looks for a `.git` above the plan, reads the
index (a few stat calls and one small read; no git process) and runs `git ls-files -u` only when
the index has an entry for the plan at a stage other than 0, or cannot be read without git
(index version 4, or $GIT_DIR set). The index format is git's (Documentation/gitformat-index.txt):
a 12-byte header `DIRC`, version, count; in versions 2 and 3 each entry's path is preceded by a
16-bit flags field (bits 12-13: the stage; bits 0-11: the path's length), and in version 3 by an
extra 16-bit field when the flags' bit 14 is set.
"""

from __future__ import annotations

import os
from pathlib import Path

from planctl.errors import WriteRefused
from planctl.i18n import _, ngettext
from planctl.records import NamedTuple

_STAGE_MASK = 0x3000
_EXTENDED = 0x4000
_NAME_MASK = 0x0FFF


class Unmerged(NamedTuple):
    """The plan's path from the top of its work tree (`rel`), and that top."""

    rel: str
    top: Path

    def message(self) -> str:
        return _("git has not finished merging {rel} (a merge, rebase, cherry-pick or stash pop stopped on it); "
                 "until it is resolved it may lack the other side's completions").format(rel=self.rel)

    def hint(self, cwd: Path | None = None) -> str:
        """How to finish, as commands to type (from the work tree's top when that is not the current folder)."""
        rel = self.rel
        here = Path.cwd() if cwd is None else cwd
        where = "" if _same(here, self.top) else _("in {top}: ").format(top=self.top)
        if self.driver_left_markers():
            return _("{where}planctl's merge driver has merged the completion logs; what is left between the conflict markers "
                     "(<<<<<<< … >>>>>>>) a person must choose: keep what is true and delete the marker lines, then "
                     "'git add {rel}', 'planctl check', and commit (or continue the rebase); to start again: "
                     "'git checkout --merge -- {rel}'; docs/git.md has more").format(where=where, rel=rel)
        lacking = self.lacking_after_hand_edit()
        if lacking == 0:
            return _("{where}{rel} holds no conflict markers and every completion both sides added: if it is resolved as "
                     "you want, run 'planctl check', then 'git add {rel}' and commit (or continue the rebase). "
                     "('git checkout --merge -- {rel}' would merge it again and throw your edits away.)").format(
                         where=where, rel=rel)
        if lacking is not None:
            return ngettext(
                "{where}{rel} was edited since the merge stopped but lacks {count} completion that one side added; to "
                "merge it again with planctl (your edits are lost): '{setup}', then 'git checkout --merge -- {rel}'; "
                "or add it back by hand ('git show :3:{rel}' shows their side), then 'git add {rel}'",
                "{where}{rel} was edited since the merge stopped but lacks {count} completions that the two sides "
                "added; to merge it again with planctl (your edits are lost): '{setup}', then 'git checkout --merge -- "
                "{rel}'; or add them back by hand ('git show :3:{rel}' shows their side), then 'git add {rel}'",
                lacking).format(where=where, rel=rel, count=lacking, setup=setup_command(rel))
        return _("{where}to merge it with planctl, run '{setup}', then 'git checkout --merge -- {rel}'; or by "
                 "hand: 'git show :1:{rel} >base.yaml; git show :2:{rel} >ours.yaml; git show :3:{rel} >theirs.yaml; "
                 "planctl merge-driver base.yaml ours.yaml theirs.yaml' and copy ours.yaml over {rel}. Once it is "
                 "resolved: 'git add {rel}', then commit (or continue the rebase); docs/git.md has more").format(
                     where=where, setup=setup_command(rel), rel=rel)

    def lacking_after_hand_edit(self) -> int | None:
        """How many completions that ours or theirs added (to the base, stages 1 to 2 and 3) the file lacks in every version,
        once it is no longer what git left (stage 2: ours, when the driver never ran), for instance after
        a person deleted the conflict markers; None when it is still stage 2, holds markers, or git cannot tell."""
        import subprocess

        from planctl.git.sync import decoded, entry_changes, still_in

        try:
            held = (self.top / self.rel).read_bytes()
            stages = [subprocess.run(["git", "show", f":{stage}:{self.rel}"], cwd=self.top, capture_output=True,
                                     check=False) for stage in (1, 2, 3)]
        except OSError:
            return None
        base, ours, theirs = (done.stdout if done.returncode == 0 else None for done in stages)
        if ours is None or (held == ours and not self.driver_runs()):  # as git left it, the driver never ran
            return None
        text, before = decoded(held), decoded(base)
        if any(line.startswith("<<<<<<<") for line in text.splitlines()):
            return None
        wanted = entry_changes(before, decoded(ours))[0] | entry_changes(before, decoded(theirs))[0]
        # a completion is there in some version (its `at`): one side's correction kept, the other's let go, is resolved
        return sum(n for key, n in (wanted - entry_changes(before, text)[0]).items() if not still_in(key, text))

    def driver_left_markers(self) -> bool:
        """Whether the file holds conflict markers that planctl's driver left: it is set up and git can run it
        here (then 'git-setup' and 'git checkout --merge' would only merge it again to the same markers)."""
        try:
            text = (self.top / self.rel).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        if not any(line.startswith("<<<<<<<") for line in text.splitlines()):
            return False
        return self.driver_runs()

    def driver_runs(self) -> bool:
        """Whether planctl's driver is set up for the plan and git can run it here."""
        from planctl.git.sync import driver_problem_at

        try:
            return driver_problem_at(self.top, self.rel) is None
        except Exception:  # noqa: BLE001 - only the hint's wording depends on it
            return False


def setup_command(rel: str) -> str:
    """`planctl git-setup` for the plan at `rel` (from the work tree's top), naming it with -f unless
    it is the plan.yaml there that git-setup finds by itself (it looks for plan.yaml, upward only)."""
    import shlex

    return "planctl git-setup" if rel == "plan.yaml" else f"planctl git-setup -f {shlex.quote(rel)}"


def refuse_write(plan: Path) -> None:
    """WriteRefused (exit 1) when git holds the plan unmerged: a write now would be committed as the merge."""
    found = unmerged(plan)
    if found is not None:
        raise WriteRefused(_("{message}; nothing was written").format(message=found.message()), hint=found.hint())


def warning_lines(plan: Path) -> list[str]:
    """`planctl: warning: …` and `planctl: hint: …` when git holds the plan unmerged, else nothing."""
    found = unmerged(plan)
    if found is None:
        return []
    return [_("planctl: warning: {warning}").format(warning=found.message()), _("planctl: hint: {how}").format(how=found.hint())]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def unmerged(plan: Path) -> Unmerged | None:
    """The plan's place in its repository when git holds it unmerged; None otherwise (or outside git)."""
    real = Path(os.path.realpath(plan))
    if os.environ.get("GIT_DIR"):
        return _ask_git(real, None)
    try:
        found = _git_dir(real.parent)
    except OSError:  # a folder above that cannot be looked at: no repository planctl can see
        return None
    if found is None:
        return None
    top, git_dir = found
    rel = real.relative_to(top).as_posix()
    index = _stages(git_dir / "index", rel)
    if index is None:  # an index this reader does not know: let git say
        return _ask_git(real, top)
    return _ask_git(real, top, index_says=True) if index else None


def _git_dir(folder: Path) -> tuple[Path, Path] | None:
    """(work tree top, git directory) for the nearest `.git` above `folder` (a folder, or a `gitdir:` file)."""
    for top in (folder, *folder.parents):
        dot_git = top / ".git"
        if dot_git.is_dir():
            return top, dot_git
        if dot_git.is_file():  # a linked worktree or a submodule
            try:
                line = dot_git.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not line.startswith("gitdir:"):
                return None
            return top, (top / line[len("gitdir:"):].strip())
    return None


def _stages(index: Path, rel: str) -> bool | None:
    """Whether the index may hold `rel` at a stage other than 0; None when only git can tell.

    False positives are possible (a longer path that ends in `rel`); git confirms them.
    """
    try:
        with open(index, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return False  # a fresh repository: nothing staged, nothing unmerged
    except OSError:
        return None
    if data[:4] != b"DIRC" or int.from_bytes(data[4:8], "big") not in (2, 3):
        return None
    needle = rel.encode("utf-8") + b"\0"
    length = min(len(needle) - 1, _NAME_MASK)
    at = data.find(needle, 12)
    while at >= 0:
        for flags_at in (at - 2, at - 4):  # v3 entries may have 2 bytes of extended flags before the path
            flags = int.from_bytes(data[flags_at:flags_at + 2], "big")
            if flags & _NAME_MASK == length and (flags_at == at - 2 or flags & _EXTENDED) and flags & _STAGE_MASK:
                return True
        at = data.find(needle, at + 1)
    return False


def _ask_git(real: Path, top: Path | None, *, index_says: bool = False) -> Unmerged | None:
    """`git ls-files -u` for the plan; when git cannot answer, what the index said (`index_says`) stands."""
    import subprocess

    command = ["git", "ls-files", "-u", "-z", "--full-name", "--", f":(literal){real.name}"]
    try:
        done = subprocess.run(command, cwd=real.parent, capture_output=True, check=False)
    except OSError:
        done = None
    if done is None or done.returncode != 0:  # no git, or git refuses (e.g. safe.directory)
        if not index_says:
            return None
        return Unmerged(real.relative_to(top).as_posix(), top) if top else Unmerged(real.name, real.parent)
    if not done.stdout:
        return None
    rel = done.stdout.split(b"\0")[0].split(b"\t", 1)[-1].decode("utf-8", "replace")
    if top is None:
        root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=real.parent, capture_output=True,
                              check=False).stdout.decode("utf-8", "replace").strip()
        top = Path(root) if root else real.parent
    return Unmerged(rel, top)
