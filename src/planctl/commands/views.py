"""`planctl status`, `show`, `list` and `timeline`: views of the whole plan (they never write it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from planctl.commands.common import parse_cli_date, told_day
from planctl.commands.narrow import narrow
from planctl.commands.readable import WithoutPlain, load_for_viewing, load_without_plain
from planctl.errors import UsageError
from planctl.format.loaded import Loaded
from planctl.format.source import PlanInvalid
from planctl.i18n import _, english
from planctl.model import Plan, Quota, Task
from planctl.output import messages

TYPE_CHECKING = False
if TYPE_CHECKING:
    from planctl.status.states import PlainOn


# What the last view built: kept until the process ends, which cli/streams.py `leave` ends without freeing the heap
# object by object (a large plan's view builds a hundred thousand rows and lines; freeing them one by one on the
# way out cost a tenth of `timeline`). One view's at most: a process running many (the tests) lets go of the last.
_last_view: list[object] = []


def _keep_until_exit(*built: object) -> None:
    _last_view[:] = built


def _today(text: str | None, real_today: date, plan: Plan) -> date:
    return told_day(text, real_today, plan.year, span=plan.span)


def _day_of(today_text: str | None, real_today: date, *days: str | None) -> Callable[[int | None], date | None]:
    """The view's day for `load_without_plain`, given the plan's year: None when it, or another day typed for the
    view (`days`), is placed by the whole plan's span (a day without its year) or is not a day (said later)."""

    def day_of(year: int | None) -> date | None:
        asked: list[bool] = []

        def span() -> None:
            asked.append(True)

        try:
            day = told_day(today_text, real_today, year, span=span)
            for text in days:
                if text is not None:
                    parse_cli_date(text, day, year, span=span)
        except UsageError:
            return None
        return None if asked else day

    return day_of


def _plain_on(plan: Plan, today: date, without: WithoutPlain | None) -> PlainOn | None:
    """The plain tasks of a plan read without them (`load_without_plain`) on `today`, for the view's builder."""
    if without is None:
        return None
    from planctl.status.states import plain_on

    plain = without.plain
    return plain_on(plan, today, plain.items, plain.places, plain.starts, plain.ends, plain.logged)


def _print_json(data: Callable[[], dict[str, Any]]) -> None:
    """Print the JSON `data()` builds, built in English: its words are codes for programs (README "Language")."""
    from planctl.output import jsonshape

    with english():
        text = jsonshape.dumps(data())
    print(text)


def run_status(plan_option: str | None, *, today_text: str | None, real_today: date, as_json: bool,
               phase: str | None = None, who: str | None = None) -> int:
    # With errors: what they do not touch, exit 1. The whole plan: its plain tasks counted from their columns.
    if phase is None and who is None:
        (loaded, plan, _problems, code), without = load_without_plain(plan_option, _day_of(today_text, real_today),
                                                                      quotas=True)
    else:
        (loaded, plan, _problems, code), without = load_for_viewing(plan_option, quotas=True), None
    filters = narrow(plan, phase, who, loaded.source.path)
    today = _today(today_text, real_today, plan)
    from planctl.output import status as view
    status = view.build(plan, today, _plain_on(plan, today, without))
    from planctl.commands.due import missed_json
    from planctl.output.missed import lines
    from planctl.status.missed import last_period_missed

    missed = last_period_missed(plan, today, filters)
    if as_json:
        _print_json(lambda: {**view.to_json(plan, status, loaded.source.path), "missed_last_period": missed_json(missed)})
    else:
        from planctl.output.console import make_screen

        screen = make_screen()
        view.render(screen, plan, status)
        view.print_missed(screen, lines(missed, screen.width))
    _keep_until_exit(plan, status, without)
    return code


def run_show(plan_option: str | None, query: str, *, today_text: str | None, real_today: date, as_json: bool) -> int:
    loaded, plan, left_out, code = load_for_viewing(plan_option)
    today = _today(today_text, real_today, plan)
    from planctl.output import show as view
    item = _find_shown(loaded, plan, left_out, query)
    if as_json:
        _print_json(lambda: {"plan": loaded.source.path, "today": today.isoformat(), **view.to_json(plan, item, today)})
    else:
        from planctl.output.console import make_console

        view.render(make_console(), plan, item, today)
    return code


def _find_shown(loaded: Loaded, plan: Plan, left_out: list[Task | Quota], query: str) -> Task | Quota:
    """The item `show` was asked for; one an error sits in is refused (the errors are printed already)."""
    from planctl.status.lookup import find_item

    try:
        return find_item(plan, query, what="item")
    except UsageError:
        for item in left_out:
            if query in (item.id, item.outline) or query in item.title:
                raise PlanInvalid(loaded.source, [], _("{outline} {id} has an error; fix it first ('planctl check')").format(
                    outline=item.outline, id=item.id)) from None
        raise


def run_list(plan_option: str | None, *, today_text: str | None, real_today: date, as_json: bool,
             phase: str | None = None, who: str | None = None) -> int:
    loaded, plan, _problems, code = load_for_viewing(plan_option)
    narrow(plan, phase, who, loaded.source.path)
    today = _today(today_text, real_today, plan)
    from planctl.output import listing as view
    if as_json:
        _print_json(lambda: {"plan": loaded.source.path, "today": today.isoformat(), **view.to_json(plan, today)})
    else:
        from planctl.output.console import make_console

        view.render(make_console(), plan, today)
    return code


class TimelineOptions(NamedTuple):
    today_text: str | None
    real_today: date
    phase: str | None = None
    start_text: str | None = None
    end_text: str | None = None
    width: int | None = None
    svg: str | None = None
    html: str | None = None
    as_json: bool = False
    who: str | None = None


def run_timeline(plan_option: str | None, options: TimelineOptions) -> int:
    from planctl.output import timeline as view
    if options.width is not None and options.width < view.MIN_WIDTH:
        raise UsageError(_("--width must be at least {MIN_WIDTH}, not {width}").format(MIN_WIDTH=view.MIN_WIDTH, width=options.width))
    if options.width is not None and options.width > view.MAX_WIDTH:
        raise UsageError(_("--width must be at most {MAX_WIDTH}, not {width}").format(MAX_WIDTH=view.MAX_WIDTH, width=options.width))
    drawn_here = not options.as_json and options.svg is None and options.html is None  # a chart of plain tasks not
    if options.phase is None and options.who is None and drawn_here:  # built is drawn on the terminal alone
        day_of = _day_of(options.today_text, options.real_today, options.start_text, options.end_text)
        (loaded, plan, _problems, code), without = load_without_plain(plan_option, day_of)
    else:
        (loaded, plan, _problems, code), without = load_for_viewing(plan_option), None
    narrow(plan, None, options.who, loaded.source.path)
    today = _today(options.today_text, options.real_today, plan)
    from planctl.status.lookup import find_phase

    phase = find_phase(plan, options.phase) if options.phase else None
    start = parse_cli_date(options.start_text, today, plan.year, "--from", plan.span) if options.start_text is not None else None
    end = parse_cli_date(options.end_text, today, plan.year, "--to", plan.span) if options.end_text is not None else None
    if start and end and end < start:
        raise UsageError(_("--to ({isoformat}) is before --from ({isoformat2})").format(
                             isoformat=end.isoformat(), isoformat2=start.isoformat()))
    chart = view.build(plan, today, phase=phase, start=start, end=end, plain=_plain_on(plan, today, without),
                       named=without.named() if without is not None else ())
    if chart is None:
        raise UsageError(_("nothing to draw: no phase or task has dates in that range"))
    if options.as_json:
        _print_json(lambda: view.to_json(chart))
    elif options.svg is None and options.html is None:  # a chart written to a file is the output, as report -o's is
        from planctl.output.console import make_screen

        screen = make_screen(width=options.width)  # Rich only for colour or a line it must cut
        view.render(screen, chart, screen.width)
    _save_charts(chart, options, Path(plan.path))
    _keep_until_exit(plan, chart, without)
    return code


def _save_charts(chart: Any, options: TimelineOptions, plan_path: Path) -> None:
    """--svg FILE and --html FILE, through store/output_file.py (never over the plan); both are
    checked before either is written."""
    from planctl.output import timeline as view
    from planctl.store.output_file import Existing, check_output, write_output

    wanted = [(Path(path), kind) for path, kind in ((options.svg, "svg"), (options.html, "html")) if path is not None]
    reading = [(plan_path, _("the plan"))]
    for path, kind in wanted:
        check_output(path, option=f"--{kind}", reading=reading, existing=Existing.REPLACE_UNLESS_YAML, suffixes=[f".{kind}"])
    for path, kind in wanted:
        write_output(path, view.document(chart, kind), option=f"--{kind}", reading=reading,
                     existing=Existing.REPLACE_UNLESS_YAML)
        messages.say(_("planctl: wrote {path}").format(path=path))
