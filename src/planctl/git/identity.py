"""Who is at the keyboard: the person `planctl done` records when `--by` is not given.

The answer comes from the first of these that says something (issue 19):

1. `PLANCTL_BY` in the environment: a person's id or name;
2. `git config planctl.user`: the same, from the clone's config (`.git/config`) or the user's
   (`~/.gitconfig`, or `$XDG_CONFIG_HOME/git/config`), whichever git reads last;
3. git's `user.email`, matched (ignoring case) against the emails the roster records
   (`people: {zhangwei: {name: 张伟, email: …}}`);
4. git's `user.name`, matched against the roster's ids and names.

The same answer is what `--who me` means in every view (`due`, `status`, `list`, `timeline`,
`report`, `log`): `find_who` is the one place that reads it.

Domain code: `environ` and the folder to ask git in are inputs; nothing is printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from planctl.i18n import _
from planctl.model import Plan, Roster

ME = "me"  # --who me: who you are (unless the roster has someone or something called "me")
ME_WORDS = (ME, "我")  # --who 我 is --who me (issue 17: a Chinese reader writes 我)

ENV = "PLANCTL_BY"
CONFIG_KEY = "planctl.user"
_KEYS = (CONFIG_KEY, "user.email", "user.name")


class Identity(NamedTuple):
    """What planctl knows of the person at the keyboard.

    `person`: a roster id, or None when nothing matched. `said`: the value the source gave
    (e.g. the email), or None when no source said anything. `source`: where it came from, in
    words (`PLANCTL_BY`, `git config planctl.user (/home/me/.gitconfig)`, `git config user.email`).
    `problem`: why `said` names nobody, when it does not. `named`: True when the source names the person
    on purpose (PLANCTL_BY, planctl.user), so a name that matches nobody is refused, not passed over.
    """

    person: str | None
    said: str | None
    source: str
    problem: str | None = None
    named: bool = False


def git_settings(folder: Path) -> dict[str, tuple[str, str]]:
    """planctl.user, user.email and user.name as git reads them in `folder`: key -> (value, file).

    One `git config` run; the last value of a key wins, as git's own `--get` does. An empty
    dict when git is not installed.
    """
    from planctl.errors import UsageError
    from planctl.git.ops import git

    pattern = "^(" + "|".join(key.replace(".", r"\.") for key in _KEYS) + ")$"
    try:
        done = git(["config", "--show-origin", "--null", "--get-regexp", pattern], folder if folder.is_dir() else Path.cwd())
    except UsageError:
        return {}
    found: dict[str, tuple[str, str]] = {}
    fields = done.stdout.split("\0")
    for origin, pair in zip(fields[::2], fields[1::2], strict=False):
        key, _, value = pair.partition("\n")
        found[key.lower()] = (value.strip(), origin.removeprefix("file:"))
    return found


def who_am_i(roster: Roster, environ: Mapping[str, str], settings: Mapping[str, tuple[str, str]]) -> Identity:
    """The person at the keyboard (see the module's rules), from the environment and git's settings."""
    typed = (environ.get(ENV) or "").strip()
    if typed:
        return _named(roster, typed, _("PLANCTL_BY"))  # the label of the source: "环境变量 PLANCTL_BY" in Chinese
    if CONFIG_KEY in settings and settings[CONFIG_KEY][0]:
        value, origin = settings[CONFIG_KEY]
        return _named(roster, value, _("git config {key} ({origin})").format(key=CONFIG_KEY, origin=origin))
    email = settings.get("user.email", ("", ""))[0]
    if email:
        owners = [pid for pid, emails in roster.emails.items() if email.casefold() in {e.casefold() for e in emails}]
        if len(owners) == 1:
            return Identity(owners[0], email, _("git config user.email, which the roster gives to this person"))
    name = settings.get("user.name", ("", ""))[0]
    if name:
        person = _person(roster, name)
        if person is not None:
            return Identity(person, name, _("git config user.name, which is this person's id or name in the roster"))
    if email or name:
        return Identity(None, email or name, _("git config user.email / user.name"),
                        _("git's user.email is {value} and user.name is {value2}: neither is in the roster").format(
                            value=email or _("not set"), value2=name or _("not set")))
    return Identity(None, None, _("nothing"), _("no PLANCTL_BY, no git config planctl.user, no git user.email or user.name"))


def _named(roster: Roster, typed: str, source: str) -> Identity:
    person = _person(roster, typed)
    if person is None:
        from planctl.format.names import did_you_mean_ref

        return Identity(None, typed, source, _("'{typed}' is nobody in the roster{did_you_mean}").format(
                                                 typed=typed, did_you_mean=did_you_mean_ref(typed, dict(roster.people))),
                        named=True)
    return Identity(person, typed, source, named=True)


def _person(roster: Roster, typed: str) -> str | None:
    """A roster id from an id or a name (a name two people share names nobody)."""
    if typed in roster.people:
        return typed
    by_name = [pid for pid, name in roster.people.items() if name == typed]
    return by_name[0] if len(by_name) == 1 else None


def how_to_say() -> str:
    """How to tell planctl who you are, in the reader's language (a hint)."""
    return _("tell planctl who you are: 'git config {key} YOUR-ID' in this clone (--global for all), or set {env}; "
             "'planctl whoami' shows what it knows").format(key=CONFIG_KEY, env=ENV)


def find_who(plan: Plan, query: str, plan_path: str | Path, environ: Mapping[str, str] | None = None) -> str:
    """A `--who` value as a roster reference: `me` or `我` (unless the roster names someone or something
    so) is who you are (`who_am_i`, from `environ` (default: the process's) and git's settings in the
    plan's folder); anything else a person, group or unit by id or name (status/lookup.py find_who).
    UsageError when planctl cannot tell who you are, saying how to tell it, or for an unknown name."""
    from planctl.status.lookup import find_who as lookup

    roster = plan.roster
    if query not in ME_WORDS or query in roster.people or query in roster.groups or query in roster.units():
        return lookup(plan, query)
    import os

    from planctl.errors import UsageError

    me = who_am_i(roster, os.environ if environ is None else environ, git_settings(Path(plan_path).absolute().parent))
    if me.person is None:
        raise UsageError(_("--who me: planctl cannot tell who you are ({problem})").format(problem=me.problem),
                         hint=how_to_say())
    return me.person
