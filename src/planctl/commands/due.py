"""`planctl due`: the morning view."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from planctl.commands.common import parse_cli_date
from planctl.commands.readable import load_for_viewing
from planctl.errors import EXIT_PROBLEMS, UsageError
from planctl.i18n import _, english
from planctl.model import Plan
from planctl.status.agenda import Filters, build_agenda
from planctl.status.lookup import find_phase
from planctl.status.missed import Missed
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
        raise UsageError(_("--days must be between 0 and {MAX_HORIZON}, not {horizon}").format(MAX_HORIZON=MAX_HORIZON, horizon=horizon))
    for option, value in (("--phase", phase), ("--who", who)):
        if value is not None and not value.strip():
            raise UsageError(_("{option} is empty").format(option=option))
    if today_text is None and os.environ.get("PLANCTL_TODAY") == "":
        raise UsageError(_("PLANCTL_TODAY is set but empty; unset it or give a day"))
    path = find_plan(plan_option)

    def day_view(year: int | None) -> tuple[date, int] | None:
        """The agenda's day and horizon, for a plan read for it alone (store/cache.py `day_keep`)."""
        if show_all or phase is not None:
            return None
        asked: list[bool] = []  # a day typed without its year is placed by the plan's span: the whole plan's

        def span() -> None:
            asked.append(True)

        try:
            day = parse_cli_date(today_text, real_today, year, span=span) if today_text is not None else real_today
        except UsageError:  # said below, from the whole plan
            return None
        return None if asked else (day, horizon)

    loaded, plan, _problems, readable = load_for_viewing(str(path), day_view)  # with errors: what they do not touch, exit 1
    today = parse_cli_date(today_text, real_today, plan.year, span=plan.span) if today_text is not None else real_today
    filters = Filters(phase=find_phase(plan, phase) if phase else None, who=_find_who(plan, who, path) if who else None)
    agenda = build_agenda(plan, today, horizon, filters, show_all)
    from planctl.output import due as view
    from planctl.status.missed import last_period_missed

    missed = last_period_missed(plan, today, filters)
    if as_json:
        from planctl.output import jsonshape  # only here: `due` start-up is benchmarked

        with english():  # JSON's words are codes for programs; only stdout's JSON is held in English
            data = view.to_json(plan, agenda, loaded.source.path)
            data["missed_last_period"] = missed_json(missed)
            text = jsonshape.dumps(data)
        print(text)
    else:
        from planctl.output.missed import lines
        from planctl.output.terminal import make_terminal

        terminal = make_terminal()
        view.render(terminal, plan, agenda)
        said = lines(missed, terminal.width)
        terminal.write_lines([terminal.paint(line, "bold red" if i == 0 else "") for i, line in enumerate(said)])
    if strict and agenda.needs_attention:
        overdue = len(agenda.sections.get("overdue", []))
        behind = sum(row.state in ("behind", "missed", "below") for row in agenda.quotas)
        over = sum(row.state in ("over", "over pace") for row in agenda.quotas)  # ceilings (status/quotas.py)
        line = _("planctl: --strict: {overdue} overdue, {behind} behind pace").format(overdue=overdue, behind=behind)
        if over:
            line += _(", {over} over a ceiling or its pace").format(over=over)
        print(line, file=sys.stderr)
        return EXIT_PROBLEMS
    return readable


def missed_json(missed: list[Missed]) -> list[dict[str, object]]:
    """`missed_last_period` in `due --json` and `status --json`: per quota, the period before the current
    one and each scope that missed it (`who`: a person or unit id, or null for everyone together)."""
    return [{"id": entry.quota.id, "outline": entry.quota.outline, "title": entry.quota.title,
             "period": {"start": entry.period.start.isoformat(), "end": entry.period.end.isoformat()},
             "missed": [{"who": row.scope.id or None, "name": row.scope.name, "done": row.done, "target": row.target}
                        for row in entry.rows]}
            for entry in missed]


def _find_who(plan: Plan, who: str, path: Path) -> str:
    """--who, `me` included (git/identity.py, imported only then: `due` start-up is benchmarked)."""
    from planctl.git.identity import find_who

    return find_who(plan, who, path)
