"""Completions lost in a merge commit that sync received (issue: tester h101, finding 1).

A teammate without planctl's merge driver (a plain clone, never `planctl git-setup`) gets a conflict in a
log, keeps their side (`git checkout --ours plan.yaml`), commits the merge and pushes: a completion already
sent is gone from the upstream. sync refuses to SEND such a merge (`sync.refuse_lost_in_merges`); this module
names the ones it RECEIVED, with the same test (`sync.lost_in_merges`, the one owner), so that the person
hears which lines went, in which commit, and how to put them back.

Domain code: nothing is printed; git is read through `planctl.git.sync`.
"""

from __future__ import annotations

import shlex
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planctl.git.sync import Repo
    from planctl.model import Completion, Plan


@dataclass
class LostLine:
    """One completion a received merge dropped: the item it was logged on (id and title; both '' when the
    parent's plan cannot be read), whose and which day it is, its entry as written (`{date: …, …}`), and
    the command that records it again (`planctl done …`; '' when the item is unknown)."""

    item: str
    title: str
    by: str
    date: str
    entry: str
    restore: str


@dataclass
class LostMerge:
    """A received merge commit that lost completions: its full sha, author, subject, the parent whose
    completions it dropped (that parent's plan, at `rel`, holds the lines as they were), and the lines."""

    commit: str
    author: str
    subject: str
    parent: str
    rel: str  # the plan's path in the repository, for `git show PARENT:REL`
    lines: list[LostLine] = field(default_factory=list)


def lost_received(repo: Repo, start: str | None, tip: str | None) -> list[LostMerge]:
    """The merge commits in start..tip (what the fetch brought in) that lost completions one of their
    parents had and that the plan at HEAD (after sync's merge) still lacks; newest first. Empty when
    nothing came in (`start` or `tip` None: a first sync has nothing of its own to lose)."""
    from planctl.git.sync import lost_in_merges, run_git

    if start is None or tip is None or start == tip:
        return []
    found = []
    for merge_commit, parent, lost in lost_in_merges(repo, start, tip, "HEAD"):
        shown = run_git(["log", "-1", "--format=%an%x00%s", merge_commit], repo.root).stdout.rstrip("\n")
        author, _nul, subject = shown.partition("\x00")
        found.append(LostMerge(merge_commit, author, subject, parent, repo.rel, _lines(repo, parent, lost)))
    return found


def _lines(repo: Repo, parent: str, lost: Counter[tuple[str, str]]) -> list[LostLine]:
    """The `lost` completions (sync.entries keys) as `parent` logged them, each under its item; in the
    plan's order. Entries the plan cannot place (it does not load) come last, with no item."""
    from planctl.format.loader import load_bytes
    from planctl.git.sync import blobs, plain

    left = Counter(lost)
    text = plain(blobs(repo, [parent])[0])
    plan = load_bytes(repo.rel, text.encode("utf-8")).plan
    found = _placed(plan, text, left, repo) if plan is not None else []
    for (entry, by), n in left.items():
        found += [LostLine("", "", by, _field(entry, "date"), entry, "")] * n
    return found


def _placed(plan: Plan, text: str, left: Counter[tuple[str, str]], repo: Repo) -> list[LostLine]:
    """The entries of `left` found in the logs of `plan` (read from `text`), taken out of `left`."""
    from planctl.git.sync import written_entry_key

    found = []
    for item in plan.items():
        for entry in item.log:
            key = written_entry_key(text, entry.pos)
            if key is not None and left[key] > 0:
                left[key] -= 1
                found.append(LostLine(item.id, item.title, entry.by or "", entry.date.isoformat(), key[0],
                                      restore_command(item.id, entry, repo.typed)))
    return found


def _field(entry: str, name: str) -> str:
    """The value of `name:` in a one-line entry (`{date: 2009-04-16, by: …}`), '' when it has none."""
    at = entry.find(f"{name}:")
    if at < 0:
        return ""
    return entry[at + len(name) + 1:].split(",")[0].strip(" }")


def restore_command(item: str, entry: Completion, typed: str = "") -> str:
    """`planctl done ITEM --by … --date … --amount …`: the command that records `entry` again on `item`,
    with its day, person, unit, amount, note and occurrence (a new `at`: the time it is recorded again).
    Through `done` rather than a line typed back: the one write transaction checks it and puts it in its
    place, and sync then sends it as an ordinary completion. `typed`: the plan's path as typed ('' or
    plan.yaml: the default, left out)."""
    words = ["planctl", "done", item]
    if typed and typed != "plan.yaml":
        words[1:1] = ["-f", typed]
    if entry.by:
        words += ["--by", entry.by]
    words += ["--date", entry.date.isoformat()]
    if entry.unit:
        words += ["--unit", entry.unit]
    if entry.amount is not None:
        words += ["--amount", f"{int(entry.amount)}" if entry.amount == int(entry.amount) else repr(entry.amount)]
    if entry.note:
        words += ["--note", entry.note]
    if entry.occurrence is not None:
        words += ["--for", entry.occurrence.isoformat()]
    return " ".join(shlex.quote(word) for word in words)
