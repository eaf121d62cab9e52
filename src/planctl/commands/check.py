"""`planctl check`: report every problem in a plan, sorted by position."""

from __future__ import annotations

from planctl.commands.common import load_plan
from planctl.diagnostics import format_problems, plural, problems_json, summary
from planctl.errors import EXIT_OK, EXIT_PROBLEMS


def run(plan_option: str | None, *, as_json: bool, quiet: bool = False) -> int:
    loaded = load_plan(plan_option)
    problems = loaded.problems
    if as_json:
        print(problems_json(loaded.source, problems))
    else:
        if problems:
            print(format_problems(loaded.source, problems))
        if not quiet or problems:
            counts = ""
            if loaded.plan is not None:
                plan = loaded.plan
                counts = (f" ({plural(len(plan.phases), 'phase')}, {plural(len(plan.walk()) - len(plan.phases), 'task')}, "
                          f"{plural(len(plan.quotas()), 'quota')})")
            print(summary(loaded.source, problems, counts))
    return EXIT_PROBLEMS if loaded.errors else EXIT_OK
