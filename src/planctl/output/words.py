"""Words for dates, windows, amounts and pace, shared by text and JSON output."""

from __future__ import annotations

from datetime import date

from planctl.format.dates import Window, marked
from planctl.format.units import PERCENT, display_amount, display_done
from planctl.model import Plan
from planctl.status import quotas as q
from planctl.status.agenda import DUE_TODAY, IN_PROGRESS, OVERDUE, UPCOMING, TaskRow

amount = display_amount  # the name the views use


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def relation(row: TaskRow) -> str:
    if row.done:
        return f"done {row.done_on.isoformat()}" if row.done_on else "done"
    return section_words(row.section, row.days)


def section_words(section: str, count: int) -> str:
    """overdue 3 days, due today, ends in 2 days, starts in 5 days (a section and its days)."""
    if section == OVERDUE:
        return f"overdue {days(count)}"
    if section == DUE_TODAY:
        return "due today"
    if section == IN_PROGRESS:
        return f"ends in {days(count)}"
    if section == UPCOMING:
        return f"starts in {days(count)}" if count else "starts today"
    return ""


MISSED_LISTED = 3  # the missed occurrences a table cell names (JSON lists states.MISSED_SHOWN)


def missed_also(row: TaskRow, today: date) -> str:
    """For a recurring task's overdue row: on a line of its own, how many occurrences were missed and
    the latest days ("12 missed: 03-23, 03-16, 03-09 …"); "" when only this one was."""
    if row.missed_count <= 1:
        return ""
    listed = [one_day(m.occurrence.day, today) for m in row.missed[:MISSED_LISTED]]
    more = " …" if row.missed_count > len(listed) else ""
    return f"\n{row.missed_count} missed: " + ", ".join(listed) + more


def occurrences_so_far(done: int, so_far: int, missed: int, upcoming: date | None, today: date) -> str:
    """`3 of 9 done so far, 6 missed; next 03-09` (occurrences) (a recurring task in `status` and `show`)."""
    text = f"{done} of {so_far} done so far"
    if missed:
        text += f", {missed} missed"
    return text + (f"; next {one_day(upcoming, today)}" if upcoming else "")


def one_day(day: date, today: date) -> str:
    """A day as the views write it: MM-DD in today's year, ISO otherwise."""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def short_window(window: Window | None, today: date, written: str | None = None) -> str:
    """MM-DD (or ISO in another year) … MM-DD; a `written` window that is approximate or open says so
    (约4月20日 (±3 d), 08-10起 … 12-31)."""
    if window is None:
        return "—"

    def one(day: date) -> str:
        return day.strftime("%m-%d") if day.year == today.year else day.isoformat()

    if (spec := marked(written)) is not None:
        return spec.describe(window) if spec.approx else f"{one(window.start)}起 … {one(window.end)}"

    return one(window.start) if window.start == window.end else f"{one(window.start)} … {one(window.end)}"


def pace(row: q.Progress) -> str:
    """The row's standing in words: on pace, behind pace, left by a deadline, of at most, over, missed."""
    left = f"{days(row.days_left)} left"
    unit = row.quota.unit
    if row.state == q.MET:
        return "met"
    if row.state == q.ON_PACE:
        return f"on pace, {left}"
    if row.state == q.BEHIND:
        return f"{amount(row.deficit, unit)} behind pace, {left}"
    if row.state == q.MISSED:
        return f"missed: latest {reading(row)}, under {amount(row.target, unit)}" if unit == PERCENT \
            else f"missed by {amount(row.target - row.done, unit)}"
    if row.state in (q.WITHIN, q.OVER_PACE, q.OVER):
        return ceiling(row, left)
    if row.state == q.OPEN:
        return opening(row, left)
    if row.state == q.BELOW:
        return f"latest {reading(row)}, under {amount(row.target, unit)}, {left}"
    return "not started"


def reading(row: q.Progress) -> str:
    """A rate's latest reading as the done / target column shows it (`display_done`: 0.96% under 95% is
    0.9%, never rounded up), so the two never differ."""
    return display_done(row.done, row.target, row.quota.unit)[0]


def ceiling(row: q.Progress, left: str) -> str:
    """A ceiling: 8次 to spare, 200 days left · 2次 over pace, 8次 to spare, 200 days left · over by 2次."""
    unit = row.quota.unit
    if row.state == q.OVER:
        return f"over by {amount(row.done - row.target, unit)}"
    spare = f"{amount(row.left, unit)} to spare, {left}"
    return f"{amount(row.deficit, unit)} over pace, {spare}" if row.state == q.OVER_PACE else spare


def opening(row: q.Progress, left: str) -> str:
    """A one-off: what is left and the deadline (2次 left, due 04-05, 3 days left); a rate: no reading yet."""
    due = short_window(Window(row.period.end, row.period.end), row.today)
    if row.quota.unit == PERCENT:
        return f"no reading yet, due {due}, {left}"
    return f"{amount(row.left, row.quota.unit)} left, due {due}, {left}"


def buffer(row: q.Progress) -> str:
    """met, missed, starts MM-DD, on pace, 1.5 d ahead, 2.4 d behind."""
    if row.state == q.MET:
        return "met"
    if row.state == q.MISSED:
        return "missed"
    if row.state == q.NOT_STARTED:
        return f"starts {short_window(Window(row.period.start, row.period.start), row.today)}"
    if row.state in (q.OVER, q.BELOW):
        return row.state
    if not row.paced:
        return f"due {short_window(Window(row.period.end, row.period.end), row.today)}"
    ahead = row.buffer_days
    if row.ceiling:
        return "within pace" if row.state == q.WITHIN else f"{abs(ahead):.1f} d over pace"
    if abs(ahead) < 0.05:
        return "on pace"
    return f"{abs(ahead):.1f} d {'ahead' if ahead > 0 else 'behind'}"


def done_of_target(row: q.Progress) -> str:
    """0次 / 2次; a ceiling 12次 of at most 20次; a rate without a reading — / 95%."""
    done, target = display_done(row.done, row.target, row.quota.unit)
    if row.ceiling:
        return f"{done} of at most {target}"
    return f"{done} / {target}" if row.state != q.OPEN or row.quota.unit != PERCENT else f"— / {target}"


def who_names(plan: Plan, refs: list[str]) -> str:
    return "、".join(plan.roster.name_of(r) for r in refs) or "—"
