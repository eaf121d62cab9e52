"""`planctl whoami` and `planctl log`: who is at the keyboard, and who logged what."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

from planctl.commands.common import in_english, load_valid_plan, parse_cli_date, told_day
from planctl.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from planctl.format.units import display_amount
from planctl.git import identity
from planctl.i18n import _, ngettext
from planctl.model import Plan, Quota
from planctl.output import messages
from planctl.status.history import Logged, history
from planctl.store.discover import find_plan


def _me(plan: Plan, plan_option: str | None) -> identity.Identity:
    path = find_plan(plan_option)
    return identity.who_am_i(plan.roster, os.environ, identity.git_settings(path.absolute().parent))


def run_whoami(plan_option: str | None, *, as_json: bool) -> int:
    """Print who planctl takes the user for and why; exit 1 when it cannot tell."""
    _loaded, plan = load_valid_plan(plan_option)
    me = _me(plan, plan_option)
    if as_json:
        print(json.dumps({"person": me.person, "name": plan.roster.name_of(me.person) if me.person else None,
                          "said": me.said, "source": me.source, "problem": me.problem}, ensure_ascii=False, indent=2))
    elif me.person:
        from planctl.output.visible import visible

        print(visible(_("{name} ({id})").format(name=plan.roster.name_of(me.person), id=me.person)))
        if me.said and me.said != me.person:
            messages.say(_("from {source}: {said}").format(source=me.source, said=me.said))
        else:
            messages.say(_("from {source}").format(source=me.source))
    else:
        messages.say(_("planctl: cannot tell who you are: {problem} (from {source})").format(
                         problem=me.problem, source=me.source), important=True)
        messages.say(_("planctl: hint: {how}").format(how=identity.how_to_say()), important=True)
    return EXIT_OK if me.person else EXIT_PROBLEMS


def run_log(plan_option: str | None, *, who: str | None, since: str | None, until: str | None, item: str | None,
            as_json: bool, real_today: date, today_text: str | None = None) -> int:
    """List completions in time order (status.history), as a table or JSON."""
    from planctl.status.lookup import find_item

    _loaded, plan = load_valid_plan(plan_option)
    ref = identity.find_who(plan, who, find_plan(plan_option)) if who is not None else None
    today = told_day(today_text, real_today, plan.year, span=plan.span)  # yesterday counts from it
    first = parse_cli_date(since, today, plan.year, "--since", plan.span) if since is not None else None
    last = parse_cli_date(until, today, plan.year, "--until", plan.span) if until is not None else None
    if first is not None and last is not None and first > last:  # as report's and timeline's --from/--to
        raise UsageError(_("--since ({since}) is after --until ({until}); nothing could match").format(
            since=first.isoformat(), until=last.isoformat()))
    scope = find_item(plan, item) if item else None
    rows = history(plan, who=ref, since=first, until=last, scope=scope)
    if as_json:
        from planctl.output import jsonshape

        rows_json = jsonshape.Items(jsonshape.log_row(plan, row.entry, row.item) for row in rows)  # each made as it is written
        sys.stdout.writelines(in_english(jsonshape.chunks(rows_json)))
        print()
    elif not rows:  # an empty table's header would look like a fault
        filtered = who is not None or since is not None or until is not None or item is not None
        print(_("No completions match these options.") if filtered else _("No completions are recorded in this plan yet."))
    else:
        _print_table(plan, rows)
    return EXIT_OK


def _amount(row: Logged) -> str:
    if not isinstance(row.item, Quota):
        return ""
    return display_amount(row.entry.amount if row.entry.amount is not None else 1.0, row.item.unit)


def _print_table(plan: Plan, rows: list[Logged]) -> None:
    from planctl.output.table import Column, Table, lines_of
    from planctl.output.terminal import make_terminal

    terminal = make_terminal()
    ahead = any(row.entry.occurrence is not None for row in rows)  # a column for `done --for`'s entries, if any
    table = Table(ngettext("{n} completion", "{n} completions", len(rows)).format(n=len(rows)),
                  [Column(_("date")), Column(_("who"), fold=True, min_width=4), Column(_("item"), wrap=True, min_width=12),
                   *([Column(_("for occurrence"), drop=2)] if ahead else []), Column(_("amount"), "right", drop=1),
                   Column(_("note"), wrap=True, drop=3)])  # too narrow: the note left out first, then the occurrence
    # An item's, a day's and a person's text is written once and shared by its rows (a plan's log is a
    # million completions at 100,000 tasks)
    days: dict[date, str] = {}
    items: dict[int, str] = {}
    whos: dict[tuple[str | None, str | None], str] = {}
    for row in rows:
        entry = row.entry
        day = days.get(entry.date) or days.setdefault(entry.date, entry.date.isoformat())
        who = whos.get((entry.by, entry.unit))
        if who is None:
            who = whos[(entry.by, entry.unit)] = _who(plan, entry.by, entry.unit)
        item = items.get(id(row.item)) or items.setdefault(id(row.item), f"{row.item.outline} {row.item.title}")
        occurrence = [entry.occurrence.isoformat() if entry.occurrence else ""] if ahead else []
        table.add_row(day, who, item, *occurrence, _amount(row), entry.note or "")
    terminal.write_lines(lines_of(table, terminal))


def _who(plan: Plan, by: str | None, unit: str | None) -> str:
    """Who a completion names: the person, and the unit in brackets, by their names."""
    who = plan.roster.name_of(by) if by else ""
    if unit:
        who = f"{who} ({plan.roster.name_of(unit)})" if who else plan.roster.name_of(unit)
    return who
