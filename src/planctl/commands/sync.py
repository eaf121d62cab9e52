"""`planctl sync`: the words around planctl.git.sync (which does the work and prints nothing)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.errors import EXIT_INTERRUPTED, EXIT_OK, PlanctlError
from planctl.i18n import _, ngettext
from planctl.model import Roster
from planctl.output import messages
from planctl.store.discover import find_plan

if TYPE_CHECKING:
    from planctl.git.sync import SyncResult


def _roster(path: Path) -> Roster:
    """The plan's roster for names in messages (an empty one when the plan cannot be read)."""
    from planctl.store.discover import display_path
    from planctl.store.planfile import open_plan

    try:
        plan = open_plan(path, display_path(path), require_valid=False).loaded.plan
    except PlanctlError:
        return Roster()
    return plan.roster if plan is not None else Roster()


def by_person(counts: Counter[str], roster: Roster) -> str:
    """`张伟 2, 李娜 1` (most first; entries without `by` are 'no name')."""
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return ", ".join(f"{roster.name_of(pid) if pid else 'no name'} {n}" for pid, n in ranked if n)


def completions(n: int) -> str:
    return ngettext("{n} completion", "{n} completions", n).format(n=n)


def summary(received: Counter[str], sent: Counter[str], roster: Roster) -> str:
    """`received 3 completions (张伟 2, 李娜 1); sent 1` — what came in and what went out."""
    got, gave = sum(received.values()), sum(sent.values())
    parts = [_("received {count} ({people})").format(count=completions(got), people=by_person(received, roster)) if got
             else _("received nothing new")]
    parts.append(_("sent {count}").format(count=gave) if gave else _("sent nothing"))
    return _("; ").join(parts)


def commit_message(roster: Roster) -> Callable[[Counter[tuple[str, str]], int], str]:
    """The message of sync's own commit: `log 3 completions (张伟 2, 李娜 1)`."""
    from planctl.git.sync import people

    def message(added: Counter[tuple[str, str]], taken_back: int) -> str:
        n = sum(added.values())
        words = [f"log {completions(n)} ({by_person(people(added), roster)})"] if n else []
        if taken_back:
            words.append(f"take back {completions(taken_back)}")
        return "planctl sync: " + "; ".join(words or ["completions"]) + "\n"

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
    roster = _roster(path)  # the merged plan may name new people
    if as_json:
        print(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
        return EXIT_OK
    if result.recovered:
        messages.say(_("planctl: {recovered}").format(recovered=result.recovered))
    where = f"{result.remote}/{result.branch}"
    if result.committed:
        messages.say(_("committed {completions} of the plan ({committed})").format(
                         completions=completions(result.committed_entries), committed=result.committed[:10]))
    if not sum(result.received.values()) and not sum(result.sent.values()) and not result.pushed:
        messages.say(_("up to date with {where}").format(where=where))
    else:
        messages.say(summary(result.received, result.sent, roster))
    return EXIT_OK


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
        done = engine.run_git(["commit", "--quiet", "--only", "-m", "merge the plan with planctl (planctl git-setup)\n",
                               "--", ".gitattributes"], repo.root)
        if done.returncode == 0:
            messages.say(_("committed .gitattributes (it goes to every clone with this sync)"))


def _as_json(result: SyncResult) -> dict[str, object]:
    return {
        "ok": True,
        "remote": result.remote,
        "branch": result.branch,
        "head": result.head,
        "committed": result.committed,
        "committed_entries": result.committed_entries,
        "received": {"count": sum(result.received.values()), "by": dict(result.received)},
        "sent": {"count": sum(result.sent.values()), "by": dict(result.sent)},
        "merge": result.merge,
        "pushed": result.pushed,
        "attempts": result.attempts,
        "recovered": result.recovered,
    }
