"""`planctl report`: a period's completions, quota standing, overdue and next items as text, md, csv, html or xlsx."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.commands.common import emit, load_valid_plan, parse_cli_date, refuse_binary_name, told_day
from planctl.errors import EXIT_OK, UsageError
from planctl.format.dates import Window
from planctl.i18n import _, listed
from planctl.model import Plan
from planctl.records import NamedTuple
from planctl.status import report as r

if TYPE_CHECKING:
    from planctl.format.loaded import Loaded
    from planctl.output.report_words import Words
    from planctl.store.cache import RowsOnDemand

FORMATS = ("text", "md", "html", "xlsx", "csv")
_SUFFIXES = {".txt": "text", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx",
             ".csv": "csv"}


class ReportOptions(NamedTuple):
    today_text: str | None
    real_today: date
    when: str | None = None  # the DAY of --week, the YYYY-MM of --month
    week: bool = False
    month: bool = False
    start_text: str | None = None
    end_text: str | None = None
    phase: str | None = None
    who: str | None = None
    format: str | None = None
    output: str | None = None


def run_report(plan_option: str | None, options: ReportOptions) -> int:
    fmt = choose_format(options.format, options.output)
    if fmt == "xlsx" and options.output in (None, "-") and sys.stdout.isatty():
        raise UsageError(_("an xlsx workbook is not for the terminal; give -o FILE.xlsx (or redirect the output)"))
    loaded, plan, today, period, span = _read(plan_option, options, fmt)
    who = None
    if options.who:
        from planctl.git.identity import find_who

        who = find_who(plan, options.who, loaded.source.path)
    _say_if_outside(period, span)
    report = r.build(plan, period, today, who)
    to_stdout = options.output in (None, "-")
    data = render(report, fmt, to_terminal=to_stdout and _stdout_on_terminal(), colour=to_stdout and _colour_on_stdout())
    if fmt == "csv" and options.output not in (None, "-"):
        data = b"\xef\xbb\xbf" + data  # a BOM: Excel opens a CSV file as UTF-8 only with one
    if fmt == "text" and to_stdout:  # words for a person: through the text stream, which writes what the
        sys.stdout.write(data.decode("utf-8"))  # terminal's encoding lacks as the report measured it (output/cells.py)
        return EXIT_OK
    emit(data, options.output, Path(plan.path), tuple(_SUFFIXES))
    return EXIT_OK


# Formats that show only the lines `build` picks (no list of every task or phase): a plan read through the cache
# is read for them without the plain tasks none of those lines is of (`_read`).
WITHOUT_EVERY_TASK = ("text", "md", "csv")


def _read(plan_option: str | None, options: ReportOptions, fmt: str) -> tuple[Loaded, Plan, date, r.Period, Window | None]:
    """The plan as read and made (its quotas' stored totals given them), today, the period and the whole plan's span. From the
    cache, for a format of WITHOUT_EVERY_TASK, everyone and a period of today's week or month, the plan is
    read without the plain tasks the report does not list (status/report.py `plain_tasks_shown`)."""
    loaded, plan, parts = _open(plan_option, options, fmt)
    today = told_day(options.today_text, options.real_today, plan.year, span=plan.span)
    period = choose_period(plan, options, today)
    if parts is None or parts.plain is None:
        return loaded, plan, today, period, plan.span()
    from planctl.store import cache

    plain = parts.plain
    span = plan.span()
    if plain.places:  # the plain tasks' days too: the span of the whole plan
        first, last = min(plain.starts), max(plain.ends)
        span = Window(date.fromordinal(first), date.fromordinal(last)) if span is None else Window(
            min(span.start, date.fromordinal(first)), max(span.end, date.fromordinal(last)))
    shown = r.plain_tasks_shown(plan, period, today, plain.places, plain.starts, plain.ends, plain.logged,
                                *parts.log_days())
    cache.with_plain(plan, parts, shown)
    return loaded, plan, today, period, span


def _open(plan_option: str | None, options: ReportOptions, fmt: str) -> tuple[Loaded, Plan, RowsOnDemand | None]:
    """`load_valid_plan` with the quotas' stored totals; or, when `_read` may, the plan read from the cache
    without its plain tasks (store/cache.py WITHOUT_PLAIN) with the cache's parts, whose `plain` they are."""
    if fmt not in WITHOUT_EVERY_TASK or options.who or options.phase or options.when is not None \
            or options.start_text is not None or options.end_text is not None:
        return (*load_valid_plan(plan_option, quotas=True), None)
    from planctl.commands.readable import open_without_plain
    from planctl.commands.views import _day_of
    from planctl.store import cache
    from planctl.store.planfile import as_from_cache

    day_of = _day_of(options.today_text, options.real_today)
    file = open_without_plain(plan_option, day_of, require_valid=True, quotas=True)
    as_from_cache(file.loaded)
    plan, parts = file.plan, file.parts
    if not plan.partial:
        return file.loaded, plan, None
    if not isinstance(parts, cache.RowsOnDemand) or parts.plain is None:  # read anew from a cache of other bytes
        return (*load_valid_plan(plan_option, quotas=True), None)
    return file.loaded, plan, parts


def _say_if_outside(period: r.Period, span: Window | None) -> None:
    """A note on stderr when the period has no day of the plan (`span`, the whole plan's; `--week` after it ends): its sections of
    the period are empty for that reason, not for want of work. The report is still made (its overdue
    items are as of today) and the exit is 0, as for a period inside the plan in which nothing happened."""
    if span is None or (period.window.end >= span.start and period.window.start <= span.end):
        return
    from planctl.output import messages

    said = (_("the report's days ({start} … {end}) are after the plan ends (it runs {first} … {last}): nothing of "
              "the plan falls in them") if period.window.start > span.end else
            _("the report's days ({start} … {end}) are before the plan starts (it runs {first} … {last}): nothing of "
              "the plan falls in them"))
    messages.say(said.format(start=period.window.start.isoformat(), end=period.window.end.isoformat(),
                             first=span.start.isoformat(), last=span.end.isoformat()), important=True)


def choose_format(given: str | None, output: str | None) -> str:
    """--format, else the output file's suffix (.xlsx, .html, .md, .csv), else text."""
    if given is not None:
        fmt = given.strip().lower()
        if fmt not in FORMATS:
            raise UsageError(_("--format must be one of {join}, not '{given}'").format(join=listed(FORMATS), given=given))
        return fmt
    if output and output != "-":
        return _format_of_suffix(Path(output).suffix.lower())
    return "text"


def _format_of_suffix(suffix: str) -> str:
    """The format a -o FILE's suffix names: a known one's, else text (out.txt, a FIFO, /dev/stdout); a
    binary office or print format's suffix (.xls, .docx, .pdf) is refused (common.refuse_binary_name)."""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    known = " ".join(dict.fromkeys(_SUFFIXES))
    refuse_binary_name(suffix, _("-o FILE may end in {known}; or pass --format to write one of {formats} under that name").format(
        known=known, formats=listed(FORMATS)))
    return "text"


def choose_period(plan: Plan, options: ReportOptions, today: date) -> r.Period:
    """The period asked for: --from/--to, --week [DAY], --month [YYYY-MM] or --phase; this week by default."""
    asked = [name for name, given in (("--from/--to", options.start_text or options.end_text), ("--week", options.week),
                                       ("--month", options.month), ("--phase", options.phase)) if given]
    if len(asked) > 1:
        raise UsageError(_("give one period, not {join}").format(join=_(" and ").join(asked)))
    if options.when is not None and not (options.week or options.month):
        if asked:
            raise UsageError(_("'{when}' is extra: a day goes with --week, a month with --month").format(when=options.when))
        return r.Period(r.WEEK, r.week_of(_day(options.when, today, plan, _("DAY"))))
    if options.month:
        year, month = _month(options.when, today, plan) if options.when else (today.year, today.month)
        return r.Period(r.MONTH, r.month_window(year, month))
    if options.phase:
        from planctl.status.lookup import find_phase

        phase = find_phase(plan, options.phase)
        if phase.window is None:
            raise UsageError(_("phase {outline} {title} has no dates; give --from and --to").format(
                                 outline=phase.outline, title=phase.title))
        return r.phase_period(phase)
    if options.start_text or options.end_text:
        return _range(plan, options, today)
    day = _week_day(options.when, today, plan) if options.when else today
    return r.Period(r.WEEK, r.week_of(day))


def _week_day(text: str, today: date, plan: Plan) -> date:
    """A day of the week --week names: an ISO 8601 week (2027-W13, 2027W13, any case: its Monday, read by
    the plan's grammar, dates.parse_when) or a day in it (`_day`). `2027-13` is told to write 2027-W13."""
    from planctl.format.dates import DateError, parse_when

    cleaned = text.strip()
    if m := re.fullmatch(r"(\d{4})-?[wW](\d{1,2})", cleaned):
        try:
            return parse_when(f"{m[1]}-W{int(m[2]):02d}").resolve(None, None).start
        except DateError as exc:
            raise UsageError(_("--week: {exc}").format(exc=exc)) from None
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})", cleaned)) and 1 <= int(m[2]) <= 53:
        year, week = int(m[1]), int(m[2])
        try:
            monday = date.fromisocalendar(year, week, 1).isoformat()
        except ValueError:  # a year without week 53
            monday = f"{year}-03-22"
        raise UsageError(_("--week: '{text}' is a year and a number, not a day").format(text=text),
                         hint=_("write the ISO week as {year}-W{week:02d}, or a day in the week ({monday})").format(
                             year=year, week=week, monday=monday))
    return _day(text, today, plan, "--week")


def _day(text: str, today: date, plan: Plan, what: str) -> date:
    """A day typed for the period; today/yesterday/tomorrow count from the day planctl is told it is."""
    return parse_cli_date(text, today, plan.year, what, plan.span)


def _range(plan: Plan, options: ReportOptions, today: date) -> r.Period:
    if not options.start_text:
        raise UsageError(_("--to needs --from"))
    start = _day(options.start_text, today, plan, "--from")
    end = _day(options.end_text, today, plan, "--to") if options.end_text else today
    if end < start:
        raise UsageError(_("--to ({isoformat}) is before --from ({isoformat2})").format(
                             isoformat=end.isoformat(), isoformat2=start.isoformat()))
    return r.Period(r.RANGE, Window(start, end))


_MONTH = re.compile(r"(?:(\d{4})\s*[-/年.]\s*)?(\d{1,2})\s*月?")


def _month(text: str, today: date, plan: Plan) -> tuple[int, int]:
    """2009-04, 2009/4, 2009年4月, 4月 (in the plan's year, else this year's)."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12 or (match[1] is None and "月" not in text):
        raise UsageError(_("--month: cannot read '{text}' as a month").format(text=text), hint=_("write 2009-04, 2009年4月 or 4月"))
    year = int(match[1]) if match[1] else (plan.year or today.year)
    if not 1 <= year <= 9999:
        raise UsageError(_("--month: no year {year}").format(year=year))
    return year, int(match[2])


def _stdout_on_terminal() -> bool:
    """Whether stdout reaches a terminal, directly or through the pager planctl started on one (the pager's
    pipe is no tty, yet the text is shown in the terminal's width)."""
    from planctl.output.colour import is_terminal

    return is_terminal(sys.stdout)


def _colour_on_stdout() -> bool:
    from planctl.output.colour import colour_wanted

    return colour_wanted(sys.stdout)


def render(report: r.Report, fmt: str, *, to_terminal: bool = False, colour: bool = False) -> bytes:
    """The report in `fmt` as the bytes to write (UTF-8; a workbook for xlsx); text is fitted to the
    terminal's width only when `to_terminal`, else it is whole (nothing cut), and coloured only with
    `colour` (stdout that output.colour colours: a file written with -o never is, FORCE_COLOR or not).
    Written whole in the plan's language (i18n.plan_language, as its words: docs/report.md "Language"),
    the words planctl shares with its views too (hours: h, 小时), whatever the reader's language."""
    from planctl.i18n import plan_language, speaking

    with speaking(plan_language(report.plan)):
        return _rendered(report, fmt, to_terminal, colour)


def _rendered(report: r.Report, fmt: str, to_terminal: bool, colour: bool) -> bytes:
    """`render`, in the language in force."""
    from planctl.output.report_words import words_for

    w = words_for(report)
    if fmt == "xlsx":
        from planctl.output import report_xlsx

        return report_xlsx.workbook(report, w)
    if fmt == "html":
        from planctl.output import report_html

        return report_html.page(report, w).encode("utf-8")
    if fmt == "md":
        from planctl.output import report_md

        return report_md.document(report, w).encode("utf-8")
    if fmt == "csv":
        from planctl.output import report_csv

        return report_csv.ledger(report, w).encode("utf-8")
    return _text(report, w, to_terminal, colour).encode("utf-8")


def _text(report: r.Report, w: Words, to_terminal: bool, colour: bool) -> str:
    """On a terminal: fitted to its width (long titles cut with "…"). Piped or written with -o: the
    full text, nothing cut, each line as long as it needs: it is pasted or kept (README "report")."""
    from planctl.output import report_text
    from planctl.output.colour import output_width
    from planctl.output.console import make_screen

    buffer = io.StringIO()
    if to_terminal:
        console = make_screen(buffer, width=output_width(), colour=colour)
        report_text.render(console, report, w)
    else:
        console = make_screen(buffer, width=report_text.FULL_WIDTH, colour=colour)
        report_text.render(console, report, w, full=True)
    return buffer.getvalue()
