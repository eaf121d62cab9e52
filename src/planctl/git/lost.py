"""Completions lost in a merge commit that sync received (issue: tester h101, finding 1).

A teammate without planctl's merge driver (a plain clone, never `planctl git-setup`) gets a conflict in a
log, keeps their side (`git checkout --ours plan.yaml`), commits the merge and pushes: a completion already
sent is gone from the upstream. sync refuses to SEND such a merge (`sync.refuse_lost_in_merges`); this module
names the ones it RECEIVED, with the same test (`sync.lost_in_merges`, the one owner), so that the person
hears which lines went, in which commit, and how to put them back.

Domain code: nothing is printed; git is read through `planctl.git.sync`.
"""

from __future__ import annotations

import contextlib
import json
import shlex
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

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
    alike: tuple[object, ...] | None = field(default=None, compare=False, repr=False)  # history.alike_key of the entry


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
    brought_back: list[LostLine] = field(default_factory=list)  # completions a parent took back that the merge kept


def lost_received(repo: Repo, start: str | None, tip: str | None, plan_path: Path | None = None) -> list[LostMerge]:
    """The merge commits that lost completions one of their parents had and that the plan at HEAD (after
    sync's merge) still lacks, newest first: those in start..tip (what the fetch brought in), and, with
    `plan_path`, every one this clone heard of before and still lacks (`remembered`: told again at each
    sync until recorded again), and those that came in since the last sync that looked (a sync stopped
    after its merge). A lost completion recorded again (`restore`: an entry alike it on its item, status/
    history.py `alike_key`) is not told. Empty when nothing came in and nothing is remembered (`start` or
    `tip` None: a first sync has nothing of its own to lose)."""
    from planctl.git.sync import brought_back_in_merge, head, lost_in_merge, lost_in_merges, merges_in

    seen = _remembered(plan_path) if plan_path is not None else Remembered(None, [])
    found: dict[str, tuple[str, Counter[tuple[str, str]]]] = {}
    back: dict[str, Counter[tuple[str, str]]] = {}
    if plan_path is not None and (seen.checked is None or not _known(repo, seen.checked)):
        # this clone's first look (or its record is gone): what came in by hand before it is not known, so
        # the latest merges of HEAD's history are looked at, whatever brought them
        since, limit, looked = None, FIRST_LOOK_MERGES, True
    else:
        since, limit = (seen.checked if plan_path is not None else start), None
        looked = since is not None and tip is not None and since != tip
    if looked:
        found.update((commit, (parent, lost)) for commit, parent, lost in lost_in_merges(repo, since, "HEAD", "HEAD", limit))
        back.update((commit, kept) for commit in merges_in(repo, since, "HEAD", limit)
                    if (kept := brought_back_in_merge(repo, commit)[1]))
    for commit in seen.merges:
        if commit not in found and commit not in back and _known(repo, commit):
            parent, lost = lost_in_merge(repo, commit)
            if lost:
                found[commit] = (parent, lost)
            if kept := brought_back_in_merge(repo, commit)[1]:
                back[commit] = kept
    merges = _told(repo, found, back)
    if plan_path is not None:  # a merge whose lines can no longer be recorded (their items are gone) is told once
        _remember(plan_path, Remembered(head(repo), [merge.commit for merge in merges
                                                     if merge.brought_back or any(line.restore for line in merge.lines)]))
    return merges


def _told(repo: Repo, found: dict[str, tuple[str, Counter[tuple[str, str]]]],
          back: dict[str, Counter[tuple[str, str]]]) -> list[LostMerge]:
    """The LostMerge of each commit of `found` (lost lines) or `back` (take-backs brought back), with what
    HEAD still lacks (recorded again: not told) and what it still has (taken back again: not told)."""
    from planctl.git.sync import blobs, decoded, run_git, still_in

    now = _plan_at(repo, "HEAD") if found or back else None  # read only when a merge lost something
    now_text = decoded(blobs(repo, ["HEAD"])[0]) if back else ""
    merges = []
    for commit in [c for c in found if c not in back] + list(back):
        parent, lost = found.get(commit, ("", Counter()))
        lines = _still_missing(_lines(repo, parent, lost), now, _plan_at(repo, commit)) if lost else []
        if now is not None:  # an item deleted or renamed since: its command would not run
            present = {item.id for item in now.items()}
            lines = [line if line.item in present else replace(line, restore="") for line in lines]
        kept = Counter({key: n for key, n in back.get(commit, Counter()).items() if still_in(key, now_text)})
        brought = [replace(line, restore="") for line in _lines(repo, "HEAD", kept)] if kept else []
        if lines or brought:
            shown = run_git(["log", "-1", "--format=%an%x00%s", commit], repo.root).stdout.rstrip("\n")
            author, _nul, subject = shown.partition("\x00")
            merges.append(LostMerge(commit, author, subject, parent, repo.rel, lines, brought))
    return merges


def removed_by_hand(repo: Repo, start: str | None, removed: Counter[tuple[str, str]]) -> list[LostLine]:
    """The `removed` completions (sync.entries keys of what a sync's received commits took out of the plan)
    as the plan at `start` logged them, less those that went with their item (HEAD has no such item): what a
    commit made by hand removed, perhaps a teammate's
    `git pull --rebase` that kept their side of a conflict. [] when nothing went or `start` is None."""
    if start is None or not removed:
        return []
    now = _plan_at(repo, "HEAD")
    kept = {item.id for item in now.items()} if now is not None else set()
    return [line for line in _lines(repo, start, removed) if line.item in kept]


FIRST_LOOK_MERGES = 50  # merge commits a clone's first look goes back through (about a second of git diffs at most)


class Remembered(NamedTuple):
    """What sync keeps of lost merges between runs (`lost_file`): the HEAD it last looked through, and the
    merge commits whose lost completions were still missing then."""

    checked: str | None
    merges: list[str]


def lost_file(plan_path: Path) -> Path:
    """`.planctl-cache/<plan's name>.lost`, beside the undo journal (git ignores the folder)."""
    from planctl.store.journal import journal_file

    return journal_file(plan_path).with_suffix(".lost")


def _remembered(plan_path: Path) -> Remembered:
    """The file's record; an empty one when it is missing or cannot be read (the next sync starts afresh)."""
    try:
        value = json.loads(lost_file(plan_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Remembered(None, [])
    if not isinstance(value, dict):
        return Remembered(None, [])
    checked, merges = value.get("checked"), value.get("merges")
    if not isinstance(merges, list) or not all(isinstance(m, str) for m in merges):
        merges = []
    return Remembered(checked if isinstance(checked, str) else None, merges)


def _remember(plan_path: Path, seen: Remembered) -> None:
    """Keep `seen` for the next sync; a file that cannot be written is let be (this sync told them)."""
    from planctl.store.journal import write_beside_journal

    data = json.dumps({"checked": seen.checked, "merges": seen.merges}) + "\n"
    with contextlib.suppress(OSError):
        write_beside_journal(plan_path, lost_file(plan_path), data.encode("utf-8"))


def _known(repo: Repo, commit: str) -> bool:
    """Whether `commit` names a commit of this repository (one remembered may be gone: a history rewritten)."""
    from planctl.git.sync import run_git

    return run_git(["cat-file", "-e", f"{commit}^{{commit}}"], repo.root).returncode == 0


def _plan_at(repo: Repo, rev: str) -> Plan | None:
    from planctl.format.loader import load_bytes
    from planctl.git.sync import blobs, plain

    return load_bytes(repo.rel, plain(blobs(repo, [rev])[0]).encode("utf-8"), fast=True).plan


def _still_missing(lines: list[LostLine], now: Plan | None, then: Plan | None = None) -> list[LostLine]:
    """`lines` less those recorded again since: for each item and `alike_key` (status/history.py: the same
    day, person, unit, amount and occurrence; `restore`'s command writes a new `at`), as many as `now` has
    more entries alike than `then` (the merge commit's plan: an alike twin that survived the merge is not
    the lost one recorded again; None: none had)."""
    if now is None:
        return lines
    from planctl.status.history import alike_key

    def counts(plan: Plan | None) -> Counter[tuple[str, object]]:
        return Counter((item.id, alike_key(entry)) for item in plan.items() for entry in item.log) if plan else Counter()

    again = counts(now)
    again.subtract(counts(then))
    missing = []
    for line in lines:
        key = (line.item, line.alike)
        if line.alike is not None and again[key] > 0:
            again[key] -= 1
        else:
            missing.append(line)
    return missing


def _lines(repo: Repo, parent: str, lost: Counter[tuple[str, str]]) -> list[LostLine]:
    """The `lost` completions (sync.entries keys) as `parent` logged them, each under its item; in the
    plan's order. Entries the plan cannot place (it does not load) come last, with no item."""
    from planctl.format.loader import load_bytes
    from planctl.git.sync import blobs, plain

    left = Counter(lost)
    text = plain(blobs(repo, [parent])[0])
    plan = load_bytes(repo.rel, text.encode("utf-8"), fast=True).plan
    found = _placed(plan, text, left, repo) if plan is not None else []
    for (entry, by), n in left.items():
        found += [LostLine("", "", by, _field(entry, "date"), entry, "")] * n
    return found


def _placed(plan: Plan, text: str, left: Counter[tuple[str, str]], repo: Repo) -> list[LostLine]:
    """The entries of `left` found in the logs of `plan` (read from `text`), taken out of `left`."""
    from planctl.git.sync import written_entry
    from planctl.status.history import alike_key

    found = []
    for item in plan.items():
        for entry in item.log:
            written = written_entry(text, entry.pos)
            if written is not None and left[written[1]] > 0:
                left[written[1]] -= 1
                found.append(LostLine(item.id, item.title, entry.by or "", entry.date.isoformat(), written[0],
                                      restore_command(item.id, entry, repo.typed), alike_key(entry)))
    return found


def _field(entry: str, name: str) -> str:
    """The value of `name:` in a one-line entry (`{date: 2009-04-16, by: …}`), '' when it has none."""
    at = entry.find(f"{name}:")
    if at < 0:
        return ""
    return entry[at + len(name) + 1:].split(",")[0].strip(" }")


def restore_command(item: str, entry: Completion, typed: str = "") -> str:
    """`planctl done ITEM --again --by … --date … --amount …`: the command that records `entry` again on `item`,
    with its day, person, unit, amount, note and occurrence (a new `at`: the time it is recorded again).
    Through `done` rather than a line typed back: the one write transaction checks it and puts it in its
    place, and sync then sends it as an ordinary completion. `typed`: the plan's path as typed ('' or
    plan.yaml: the default, left out)."""
    words = ["planctl", "done", item, "--again"]  # the item may be logged since (or had other entries): a plain
    # task already logged, an occurrence credited, refuse a second entry without it, and this one was recorded
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
