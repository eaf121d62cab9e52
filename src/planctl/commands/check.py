"""`planctl check`: report every problem in a plan, sorted by position."""

from __future__ import annotations

from planctl.commands.common import load_plan
from planctl.errors import EXIT_OK, EXIT_PROBLEMS
from planctl.output.diagnostics import format_problems, plural, problems_json, summary


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


def run_many(plan_options: list[str | None], *, as_json: bool, quiet: bool = False) -> int:
    """Check each plan (pre-commit passes every matching file at once); the worst exit code wins."""
    if len(plan_options) == 1:
        return run(plan_options[0], as_json=as_json, quiet=quiet)
    if as_json:
        import json

        rows = []
        worst = EXIT_OK
        for option in plan_options:
            loaded = load_plan(option)
            rows += json.loads(problems_json(loaded.source, loaded.problems))
            worst = max(worst, EXIT_PROBLEMS if loaded.errors else EXIT_OK)
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return worst
    return max(run(option, as_json=False, quiet=quiet) for option in plan_options)
