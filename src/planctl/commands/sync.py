"""`planctl sync`: the words around planctl.git.sync (which does the work and prints nothing)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, PlanctlError
from planctl.i18n import _, ngettext, speaking
from planctl.model import Plan, Roster
from planctl.output import messages
from planctl.store.discover import find_plan

if TYPE_CHECKING:
    from planctl.git.lost import LostLine, LostMerge
    from planctl.git.sync import SyncResult


def _plan(path: Path) -> Plan | None:
    """The plan, for the names of people and items in messages (None when it cannot be read)."""
    from planctl.store.discover import display_path
    from planctl.store.planfile import open_plan

    try:
        return open_plan(path, display_path(path), require_valid=False).loaded.plan
    except PlanctlError:
        return None


def _roster(path: Path) -> Roster:
    """The plan's roster for names in messages (an empty one when the plan cannot be read)."""
    plan = _plan(path)
    return plan.roster if plan is not None else Roster()


def by_person(counts: Counter[str], roster: Roster) -> str:
    """`张伟 2, 李娜 1` (most first; entries without `by` are 'no name')."""
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return _(", ").join(f"{roster.name_of(pid) if pid else _('no name')} {n}" for pid, n in ranked if n)


def completions(n: int) -> str:
    return ngettext("{n} completion", "{n} completions", n).format(n=n)


def summary(result: SyncResult, roster: Roster) -> str:
    """`received 3 completions (张伟 2, 李娜 1), 1 completion taken back; sent 1 completion` — what came in and what went out,
    with take-backs (an `undo`) and other changes named rather than hidden behind "nothing"."""
    got, gave = sum(result.received.values()), sum(result.sent.values())
    came = [_("{count} ({people})").format(count=completions(got), people=by_person(result.received, roster))] if got else []
    came += _removals(result.received_taken_back, result.received_removed_by_hand, result.received_removed_with_items)
    if result.received_edits:
        came.append(_("changes to the plan (not completions)"))
    went = [completions(gave)] if gave else []
    went += _removals(result.sent_taken_back, result.sent_removed_by_hand, result.sent_removed_with_items)
    if not went and result.sent_commits:
        went.append(ngettext("{n} commit (no completions)", "{n} commits (no completions)",
                             result.sent_commits).format(n=result.sent_commits))
    comma = _(", ")
    return _("; ").join([_("received {what}").format(what=comma.join(came)) if came else _("received nothing new"),
                         _("sent {what}").format(what=comma.join(went)) if went else _("sent nothing")])


def _removals(taken_back: int, by_hand: int, with_items: int) -> list[str]:
    """The completions that went, by how: taken back by an `undo`, removed in a commit made by hand, removed
    with their items (each said only when there are some)."""
    return [words(n) for n, words in ((taken_back, _taken_back), (by_hand, _removed_by_hand), (with_items, _removed_with_items))
            if n]


def _taken_back(n: int) -> str:
    """`1 completion taken back`: completions an `undo` took back."""
    return ngettext("{n} completion taken back", "{n} completions taken back", n).format(n=n)


def _removed_by_hand(n: int) -> str:
    """`1 completion removed in a commit made by hand`: a commit someone made themselves (git commit) removed it,
    not sync's commit of an `undo`; whether it was an undo or a deleted line, such a commit does not say."""
    return ngettext("{n} completion removed in a commit made by hand (not by sync)",
                    "{n} completions removed in a commit made by hand (not by sync)", n).format(n=n)


def _removed_with_items(n: int) -> str:
    """`2 completions removed with their task`: a task or quota was deleted, and its log with it."""
    return ngettext("{n} completion removed with its task (the task was deleted)",
                    "{n} completions removed with their tasks (the tasks were deleted)", n).format(n=n)


def _committed(result: SyncResult) -> str:
    """`committed the plan (…): 2 completions`, `committed the plan (…): 1 completion taken back`."""
    parts = [completions(result.committed_entries)] if result.committed_entries or not result.committed_taken_back \
        else []
    if result.committed_taken_back:
        parts.append(_taken_back(result.committed_taken_back))
    return _("committed the plan ({committed}): {what}").format(
        what=_(", ").join(parts), committed=(result.committed or "")[:10])


def commit_message(roster: Roster) -> Callable[[Counter[tuple[str, str]], int], str]:
    """The message of sync's own commit: `log 3 completions (张伟 2, 李娜 1)`, worded by the engine in the plan's
    language (git/sync.commit_language: a Chinese plan's history reads `记录 3 条完成记录（张伟 2，李娜 1）` on
    every clone, whatever each member's LANG; docs/git.md)."""
    from planctl.git.sync import people

    def message(added: Counter[tuple[str, str]], taken_back: int) -> str:
        n = sum(added.values())
        words = [_("log {completions} ({people})").format(completions=completions(n), people=by_person(people(added), roster))
                 ] if n else []
        if taken_back:
            words.append(_("take back {completions}").format(completions=completions(taken_back)))
        return _("planctl sync: {what}").format(what=_("; ").join(words or [_("completions")])) + "\n"

    return message


def run_sync(plan_option: str | None, *, as_json: bool, setup: bool, ask: Callable[[str], bool] | None) -> int:
    """Sync the plan's clone; print one or two lines (or JSON). `ask` offers git-setup (None: never ask)."""
    from planctl.git import sync as engine

    path = find_plan(plan_option)
    roster = _roster(path)
    try:
        _offer_setup(path, setup, ask)
        result = engine.sync(path, commit_message(roster))
    except engine.SyncRefused as exc:
        if as_json:
            print(json.dumps({"ok": False, "reason": exc.kind, "message": exc.message, "hint": exc.hint},
                             ensure_ascii=False, indent=2))
        raise
    except KeyboardInterrupt:
        messages.say(_("planctl: interrupted; if git was merging, the next 'planctl sync' finishes or undoes that merge "
                       "(nothing is lost)"), important=True)
        return EXIT_INTERRUPTED
    merged = _plan(path)  # the merged plan may name new people and items
    roster = merged.roster if merged is not None else Roster()
    from planctl.git.lost import lost_received, removed_by_hand

    repo = engine.find_repo(path)
    lost = lost_received(repo, result.start, result.fetched, path)
    _counted_once(result, lost)
    by_hand = removed_by_hand(repo, result.start, result.received_removed) if result.received_removed_by_hand else []
    if as_json:
        print(json.dumps(_as_json(result, lost, by_hand), ensure_ascii=False, indent=2))
        return EXIT_PROBLEMS if lost else EXIT_OK
    if result.recovered:
        messages.say(_("planctl: {recovered}").format(recovered=result.recovered))
    for name in result.cleared:
        messages.say(_("planctl: removed the uncommitted {name} here: the one from {where} holds all of its lines").format(
            name=name, where=f"{result.remote}/{result.branch}"))
    where = f"{result.remote}/{result.branch}"
    if result.committed:
        messages.say(_committed(result))
    if not (sum(result.received.values()) or result.received_taken_back or result.received_removed_with_items
            or result.received_removed_by_hand or result.received_edits or result.pushed):
        messages.say(_("up to date with {where}").format(where=where))
    else:
        messages.say(summary(result, roster))
    if result.repeats:
        from planctl.commands.check import repeat_message

        for warning in dict.fromkeys(repeat_message(roster, repeat) for repeat in result.repeats):  # three alike: one line
            messages.say(_("planctl: warning: {warning}").format(warning=warning), important=True)
    if result.joined:
        from planctl.git.merge import joined_note

        # a warning, not a note: `-q` silences notes, and two completions kept as one must never pass unsaid
        messages.say(_("planctl: warning: {warning}").format(warning=joined_note(result.joined, _titles(merged))), important=True)
    if by_hand:
        messages.say(removed_words(by_hand, result, roster), important=True)
    for merge in lost:
        if merge.lines:
            messages.say(lost_words(merge, roster, result.remote), important=True)
        if merge.brought_back:
            messages.say(brought_back_words(merge, roster, result.remote), important=True)
    return EXIT_PROBLEMS if lost else EXIT_OK


def _counted_once(result: SyncResult, lost: list[LostMerge]) -> None:
    """What a received lost merge dropped is told as lost, not also as removed by hand; what it brought back is
    not a completion received (tester h114, findings 7 and 8)."""
    dropped = Counter(line.entry for merge in lost for line in merge.lines)
    gone = Counter({key: n for key, n in result.received_removed.items() if dropped[key[0]]})
    overlap = min(sum(gone.values()), sum(dropped.values()), result.received_removed_by_hand)
    result.received_removed_by_hand -= overlap
    result.received_removed -= gone
    for merge in lost:
        for line in merge.brought_back:
            if result.received[line.by] > 0:
                result.received[line.by] -= 1
    result.received += Counter()  # drop the people left at 0


def brought_back_words(merge: LostMerge, roster: Roster, remote: str) -> str:
    """The warning for a merge commit that came in and brought back completions one side had taken back with
    `undo`: which lines, which commit, and how to take them back again."""
    count = len(merge.brought_back)
    head = ngettext(
        "planctl: {count} completion taken back with undo was brought back on {remote} by the merge commit {commit} by "
        "{author} ('{subject}'), made without planctl's merge driver:",
        "planctl: {count} completions taken back with undo were brought back on {remote} by the merge commit {commit} by "
        "{author} ('{subject}'), made without planctl's merge driver:", count).format(
            **_merge_fields(merge, count, remote))
    how = _("to take them back again: 'planctl undo' in the clone that took them back, then 'planctl sync'; or delete "
            "their lines ('planctl show ITEM' lists an item's log) and commit that yourself ('git commit {rel} -m …'), "
            "then 'planctl sync'").format(rel=merge.rel)
    return "\n".join([head, *_lost_lines(merge.brought_back, roster), how])


def removed_words(lines: list[LostLine], result: SyncResult, roster: Roster) -> str:
    """The warning for completions a received commit made by hand removed (not an `undo` sent by sync):
    which (whose, the day, the item's title, the line) and the commands that record them again, should
    the removal not have been meant. When some of what went were `undo`s, git cannot say which: all are
    named, and how many were removed by hand."""
    count = len(lines)
    if result.received_taken_back:
        head = _("planctl: warning: {by_hand} of these completions were removed in a commit made by hand, not with "
                 "planctl undo (git cannot say which); if that was not meant, record it again:").format(
                     by_hand=result.received_removed_by_hand)
    else:
        head = ngettext("planctl: warning: {count} completion was removed in a commit made by hand, not with planctl "
                        "undo; if that was not meant, record it again:",
                        "planctl: warning: {count} completions were removed in a commit made by hand, not with planctl "
                        "undo; if that was not meant, record them again:", count).format(count=count)
    return "\n".join([head, *_lost_lines(lines, roster), *(f"  {line.restore}" for line in lines if line.restore)])


def _merge_fields(merge: LostMerge, count: int, remote: str) -> dict[str, object]:
    """The fields a lost merge's warning names: how many lines, the remote, the commit (short), its author and subject."""
    return {"count": count, "remote": remote, "commit": merge.commit[:10], "author": merge.author, "subject": merge.subject}


def _lost_lines(lines: list[LostLine], roster: Roster) -> list[str]:
    """`  张伟, 2009-04-03, 每周自学: {date: …}` for each line: whose, the day, the item's title, the entry."""
    return [_("  {whose}, {date}, {title}: {entry}").format(
        whose=roster.name_of(line.by) if line.by else _("no name"), date=line.date,
        title=line.title or _("(item unknown)"), entry=line.entry) for line in lines]


def lost_words(merge: LostMerge, roster: Roster, remote: str) -> str:
    """The warning for a merge commit that came in and lost completions already sent: which lines (whose,
    the day, the item's title), which commit (short sha, author, subject), and the commands that record
    them again."""
    count = len(merge.lines)
    head = ngettext(
        "planctl: {count} completion already sent was lost on {remote} in the merge commit {commit} by {author} "
        "('{subject}'), made without planctl's merge driver:",
        "planctl: {count} completions already sent were lost on {remote} in the merge commit {commit} by {author} "
        "('{subject}'), made without planctl's merge driver:", count).format(
            **_merge_fields(merge, count, remote))
    lines = _lost_lines(merge.lines, roster)
    commands = [f"  {line.restore}" for line in merge.lines if line.restore]
    how = _("to record them again, run (then 'planctl sync' sends them; the lines as they were: "
            "'git show {parent}:{rel}'):").format(parent=merge.parent[:10], rel=merge.rel)
    return "\n".join([head, *lines, how, *commands])


def _titles(plan: Plan | None) -> dict[str, str]:
    """id -> title of the plan's items, to name them as a reader knows them (empty without a plan)."""
    return {item.id: item.title for item in plan.items()} if plan is not None else {}


def _offer_setup(path: Path, setup: bool, ask: Callable[[str], bool] | None) -> None:
    """Set up the merge driver when asked to (--setup), or when the person says yes on a terminal."""
    from planctl.git import sync as engine

    try:
        repo = engine.find_repo(path)
    except engine.SyncRefused:
        return  # sync itself says why
    problem = engine.driver_problem(repo)
    if problem is None:
        return
    if not setup and (ask is None or not sys.stdin.isatty()
                      or not ask(_("{problem}. Set up planctl's merge driver in this clone now?").format(problem=problem))):
        return  # sync refuses, and its hint says how
    from planctl.commands.git import run_git_setup

    attributes_before = engine.run_git(["status", "--porcelain", "--", ".gitattributes"], repo.root).stdout
    run_git_setup(str(path), global_config=False)
    changed = engine.run_git(["status", "--porcelain", "--", ".gitattributes"], repo.root).stdout
    if not attributes_before.strip() and changed.strip():  # it was clean: commit what git-setup added, alone
        engine.run_git(["add", "--", ".gitattributes"], repo.root)
        with speaking(engine.commit_language_at(path)):
            message = _("merge the plan with planctl (planctl git-setup)") + "\n"
        done = engine.run_git(["commit", "--quiet", "--only", "-m", message, "--", ".gitattributes"], repo.root)
        if done.returncode == 0:
            messages.say(_("committed .gitattributes (it goes to every clone with this sync)"))


def _line_json(line: LostLine) -> dict[str, object]:
    return {"item": line.item or None, "title": line.title or None, "by": line.by or None, "date": line.date,
            "entry": line.entry, "restore": line.restore or None}


def _as_json(result: SyncResult, lost: list[LostMerge], by_hand: list[LostLine]) -> dict[str, object]:
    return {
        "ok": True,
        "remote": result.remote,
        "branch": result.branch,
        "head": result.head,
        "committed": result.committed,
        "committed_entries": result.committed_entries,
        "committed_taken_back": result.committed_taken_back,
        "received": {"count": sum(result.received.values()), "by": dict(result.received),
                     "taken_back": result.received_taken_back, "removed_by_hand": result.received_removed_by_hand,
                     "removed_with_items": result.received_removed_with_items, "other_changes": result.received_edits,
                     "removed_by_hand_lines": [_line_json(line) for line in by_hand]},
        "sent": {"count": sum(result.sent.values()), "by": dict(result.sent), "taken_back": result.sent_taken_back,
                 "removed_by_hand": result.sent_removed_by_hand, "removed_with_items": result.sent_removed_with_items,
                 "commits": result.sent_commits},
        "merge": result.merge,
        "pushed": result.pushed,
        "attempts": result.attempts,
        "recovered": result.recovered,
        "cleared": result.cleared,
        "joined": [{"item": item or None, "entry": entry} for item, entry in result.joined],
        "lost_in_merge": [{"commit": merge.commit, "author": merge.author, "subject": merge.subject,
                           "parent": merge.parent,
                           "lines": [_line_json(line) for line in merge.lines],
                           "brought_back": [_line_json(line) for line in merge.brought_back]} for merge in lost],
    }
