"""Words for dates, windows, amounts and pace, shared by text and JSON output."""

from __future__ import annotations

from datetime import date

from planctl.format.dates import Window
from planctl.format.units import display_amount, display_done
from planctl.i18n import N_, _, ngettext
from planctl.model import Plan
from planctl.status import quotas as q
from planctl.status.agenda import DUE_TODAY, IN_PROGRESS, OVERDUE, UPCOMING, TaskRow

amount = display_amount  # the name the views use

# The label of each state code (status/states.py, status/quotas.py) in the reader's language; JSON keeps the code.
STATE_WORDS = {"finished": N_("finished"), "active": N_("active"), "late": N_("late"), "not started": N_("not started"),
               "met": N_("met"), "on pace": N_("on pace"), "behind": N_("behind"), "missed": N_("missed")}


def state_word(code: str) -> str:
    """The label of a state code: "late" → 逾期 in Chinese, itself in English."""
    return _(STATE_WORDS.get(code, code))


def days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def prose_day(day: date) -> str:
    """A day inside a sentence: 2009-04-12 in English, 2009年4月12日 in Chinese (tables keep ISO or MM-DD)."""
    return _("{year}-{month:02d}-{day:02d}").format(year=day.year, month=day.month, day=day.day)


def relation(row: TaskRow) -> str:
    if row.done:
        return _("done {day}").format(day=row.done_on.isoformat()) if row.done_on else _("done")
    return section_words(row.section, row.days)


def section_words(section: str, count: int) -> str:
    """overdue 3 days, due today, ends in 2 days, starts in 5 days (a section and its days)."""
    if section == OVERDUE:
        return _("overdue {days}").format(days=days(count))
    if section == DUE_TODAY:
        return _("due today")
    if section == IN_PROGRESS:
        return _("ends in {days}").format(days=days(count))
    if section == UPCOMING:
        return _("starts in {days}").format(days=days(count)) if count else _("starts today")
    return ""


MISSED_LISTED = 3  # the missed occurrences a table cell names (JSON lists states.MISSED_SHOWN)


def missed_also(row: TaskRow, today: date) -> str:
    """For a recurring task's overdue row: on a line of its own, how many occurrences were missed and
    the latest days ("12 missed: 03-23, 03-16, 03-09 …"); "" when only this one was."""
    if row.missed_count <= 1:
        return ""
    listed = [one_day(m.occurrence.day, today) for m in row.missed[:MISSED_LISTED]]
    more = " …" if row.missed_count > len(listed) else ""
    return "\n" + _("{count} missed: {days}").format(count=row.missed_count, days=_(", ").join(listed) + more)


def occurrences_so_far(done: int, so_far: int, missed: int, upcoming: date | None, today: date) -> str:
    """`3 of 9 done so far, 6 missed; next 03-09` (occurrences) (a recurring task in `status` and `show`)."""
    text = _("{done} of {so_far} done so far").format(done=done, so_far=so_far)
    if missed:
        text += _(", {count} missed").format(count=missed)
    return text + (_("; next {day}").format(day=one_day(upcoming, today)) if upcoming else "")


def one_day(day: date, today: date) -> str:
    """A day as the views write it: MM-DD in today's year, ISO otherwise."""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def short_window(window: Window | None, today: date) -> str:
    if window is None:
        return "—"

    def one(day: date) -> str:
        return day.strftime("%m-%d") if day.year == today.year else day.isoformat()

    return one(window.start) if window.start == window.end else f"{one(window.start)} … {one(window.end)}"


def pace(row: q.Progress) -> str:
    left = _("{days} left").format(days=days(row.days_left))
    if row.state == q.MET:
        return _("met")
    if row.state == q.ON_PACE:
        return _("on pace, {left}").format(left=left)
    if row.state == q.BEHIND:
        return _("{amount} behind pace, {left}").format(amount=amount(row.deficit, row.quota.unit), left=left)
    if row.state == q.MISSED:
        return _("missed by {amount}").format(amount=amount(row.target - row.done, row.quota.unit))
    return _("not started")


def buffer(row: q.Progress) -> str:
    """met, missed, starts MM-DD, on pace, 1.5 d ahead, 2.4 d behind."""
    if row.state == q.MET:
        return _("met")
    if row.state == q.MISSED:
        return _("missed")
    if row.state == q.NOT_STARTED:
        return _("starts {day}").format(day=short_window(Window(row.period.start, row.period.start), row.today))
    ahead = row.buffer_days
    if abs(ahead) < 0.05:
        return _("on pace")
    if ahead > 0:
        return _("{days:.1f} d ahead").format(days=abs(ahead))
    return _("{days:.1f} d behind").format(days=abs(ahead))


def done_of_target(row: q.Progress) -> str:
    done, target = display_done(row.done, row.target, row.quota.unit)
    return f"{done} / {target}"


def who_names(plan: Plan, refs: list[str]) -> str:
    return "、".join(plan.roster.name_of(r) for r in refs) or "—"
