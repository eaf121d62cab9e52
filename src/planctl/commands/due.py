"""`planctl due`: the morning view."""

from __future__ import annotations

import json
import os
import sys
from datetime import date

from planctl.commands.common import load_valid_plan, parse_cli_date
from planctl.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from planctl.status.agenda import Filters, build_agenda
from planctl.status.lookup import find_phase, find_who
from planctl.store.discover import find_plan

MAX_HORIZON = 36_500  # a hundred years; beyond it dates overflow


def run(
    plan_option: str | None,
    *,
    today_text: str | None,
    real_today: date,
    horizon: int,
    phase: str | None,
    who: str | None,
    show_all: bool,
    as_json: bool,
    strict: bool,
) -> int:
    if not 0 <= horizon <= MAX_HORIZON:
        raise UsageError(f"--days must be between 0 and {MAX_HORIZON}, not {horizon}")
    for option, value in (("--phase", phase), ("--who", who)):
        if value is not None and not value.strip():
            raise UsageError(f"{option} is empty")
    if today_text is None and os.environ.get("PLANCTL_TODAY") == "":
        raise UsageError("PLANCTL_TODAY is set but empty; unset it or give a day")
    path = find_plan(plan_option)
    from planctl.git.unmerged import warning_lines

    for line in warning_lines(path):  # git stopped merging the plan: it may lack the other side's completions
        print(line, file=sys.stderr)
    loaded, plan = load_valid_plan(str(path))
    what = "$PLANCTL_TODAY" if today_text is not None and today_text == os.environ.get("PLANCTL_TODAY") else "--today"
    today = parse_cli_date(today_text, real_today, plan.year, what) if today_text is not None else real_today
    filters = Filters(phase=find_phase(plan, phase) if phase else None, who=find_who(plan, who) if who else None)
    agenda = build_agenda(plan, today, horizon, filters, show_all)
    from planctl.output import due as view
    if as_json:
        print(json.dumps(view.to_json(plan, agenda, loaded.source.path), ensure_ascii=False, indent=2))
    else:
        from planctl.output.terminal import make_terminal

        view.render(make_terminal(), plan, agenda)
    if strict and agenda.needs_attention:
        overdue = len(agenda.sections.get("overdue", []))
        behind = sum(row.state in ("behind", "missed") for row in agenda.quotas)
        print(f"planctl: --strict: {overdue} overdue, {behind} behind pace", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK
