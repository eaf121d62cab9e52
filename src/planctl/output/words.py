"""Words for dates, windows, amounts and pace, shared by text and JSON output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from planctl.format.dates import Window, marked
from planctl.format.units import HOURS, PERCENT, display_amount, display_done, hours_suffix, is_rate
from planctl.i18n import N_, _, current_language, ngettext, speaking
from planctl.i18n import listed as i18n_listed
from planctl.model import Plan
from planctl.status import quotas as q
from planctl.status.agenda import DUE_TODAY, IN_PROGRESS, OVERDUE, UPCOMING, TaskRow
from planctl.status.states import ACTIVE, DONE, FINISHED, LATE

amount = display_amount  # the name the views use

# The label of each state code (status/states.py, status/quotas.py) in the reader's language; JSON keeps the code.
# The one set of state words: `list`, `status`, `show`, `timeline`, reports and `due`'s headings all say these
# (a late task is "overdue" everywhere, an active one "in progress", a finished one "done").
STATE_WORDS = {"finished": N_("done"), "active": N_("in progress"), "late": N_("overdue"), "not started": N_("not started"),
               "met": N_("met"), "on pace": N_("on pace"), "behind": N_("behind"), "missed": N_("missed"),
               "open": N_("open"), "within": N_("within"), "over pace": N_("over pace"), "over": N_("over"),
               "below": N_("below")}
# `due`'s sections (status/agenda.py): a section that is a state says that state's word (SECTION_STATES).
SECTION_WORDS = {OVERDUE: STATE_WORDS[LATE], DUE_TODAY: N_("due today"), IN_PROGRESS: STATE_WORDS[ACTIVE],
                 UPCOMING: N_("upcoming"), DONE: STATE_WORDS[FINISHED]}


def state_word(code: str) -> str:
    """The label of a state code: "late" → "overdue" in English, 逾期 in Chinese."""
    return _(STATE_WORDS.get(code, code))


def heading(section: str, translated: Callable[[str], str] = _) -> str:
    """A `due` section's heading, its word as a title: "Overdue", "In progress", "Done" (逾期, 进行中, 已完成);
    `translated` is i18n._ (the reader's language) or i18n.label (JSON's label beside the code)."""
    word = translated(SECTION_WORDS[section])
    return word[:1].upper() + word[1:]


def state_words_in(lang: str) -> dict[str, str]:
    """code -> state word in `lang` (i18n.ENGLISH or i18n.CHINESE) whatever the reader's language: the words
    of a report or chart, which speak the plan's language."""
    with speaking(lang):
        return {code: _(word) for code, word in STATE_WORDS.items()}


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
        return ends_in(count)
    if section == UPCOMING:
        return _("starts in {days}").format(days=days(count)) if count else _("starts today")
    return ""


def ends_in(count: int) -> str:
    """ends in 2 days, ends today: the one wording of the days to an end (`count` from
    states.days_to_end), a task's in `due` and a quota's pace alike."""
    return _("ends in {days}").format(days=days(count)) if count else _("ends today")


MISSED_LISTED = 3  # the missed occurrences a table cell names (JSON lists states.MISSED_SHOWN)


def missed_also(row: TaskRow, today: date) -> str:
    """For a recurring task's overdue row: on a line of its own, how many occurrences were missed and
    the latest days ("12 missed: 03-23, 03-16, 03-09 …"); "" when only this one was."""
    if row.missed_count <= 1:
        return ""
    listed = [one_day(m.occurrence.day, today) for m in row.missed[:MISSED_LISTED]]
    more = " …" if row.missed_count > len(listed) else ""
    return "\n" + _("{count} missed: {days}").format(count=row.missed_count, days=i18n_listed(listed) + more)


def occurrences_so_far(done: int, so_far: int, missed: int, upcoming: date | None, today: date,
                       current: date | None = None) -> str:
    """`3 of 9 done so far, 6 missed; this one due 03-05; next 04-05` (occurrences) (a recurring task in
    `status` and `show`): `current` is the last day of the occurrence under way and not done, if any."""
    text = _("{done} of {so_far} done so far").format(done=done, so_far=so_far)
    if missed:
        text += _(", {count} missed").format(count=missed)
    if current is not None:
        text += _("; this one due {day}").format(day=one_day(current, today))
    return text + (_("; next {day}").format(day=one_day(upcoming, today)) if upcoming else "")


def one_day(day: date, today: date) -> str:
    """A day as the views write it: MM-DD in today's year, ISO otherwise."""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def short_window(window: Window | None, today: date, written: str | None = None, *, compact: bool = False) -> str:
    """MM-DD (or ISO in another year) … MM-DD; a `written` window that is approximate or open says so
    (约4月20日 (±3 d), 08-10起 … 12-31). `compact` (a narrow view): MM-DD…MM-DD, two cells less."""
    if window is None:
        return "—"

    def one(day: date) -> str:
        return day.strftime("%m-%d") if day.year == today.year else day.isoformat()

    if (spec := marked(written)) is not None:
        return spec.describe(window) if spec.approx else f"{one(window.start)}起 … {one(window.end)}"

    dots = "…" if compact else " … "
    return one(window.start) if window.start == window.end else f"{one(window.start)}{dots}{one(window.end)}"


def pace(row: q.Progress) -> str:
    """The row's standing in words: on pace, behind pace, left by a deadline, of at most, over, missed."""
    left = ends_in(row.days_left)
    unit = row.quota.unit
    if row.state == q.MET:
        return _("met")
    if row.state == q.ON_PACE:
        return _("on pace, {left}").format(left=left)
    if row.state == q.BEHIND:
        return _("{amount} behind pace, {left}").format(amount=amount(row.deficit, unit), left=left)
    if row.state == q.MISSED:
        if unit == PERCENT:
            return _("missed: latest {done}, under {target}").format(done=reading(row), target=amount(row.target, unit))
        return _("missed by {amount}").format(amount=amount(row.target - row.done, unit))
    if row.state in (q.WITHIN, q.OVER_PACE, q.OVER):
        return ceiling(row, left)
    if row.state == q.OPEN:
        return opening(row, left)
    if row.state == q.BELOW:
        return _("latest {done}, under {target}, {left}").format(done=reading(row), target=amount(row.target, unit), left=left)
    return _("not started")


def reading(row: q.Progress) -> str:
    """A rate's latest reading as the done / target column shows it (`display_done`: 0.96% under 95% is
    0.9%, never rounded up), so the two never differ."""
    return display_done(row.done, row.target, row.quota.unit)[0]


def ceiling(row: q.Progress, left: str) -> str:
    """A ceiling: 8次 to spare, ends in 200 days · 2次 over pace, 8次 to spare, ends in 200 days · over by 2次."""
    unit = row.quota.unit
    if row.state == q.OVER:
        return _("over by {amount}").format(amount=amount(row.done - row.target, unit))
    spare = _("{amount} to spare, {left}").format(amount=amount(row.left, unit), left=left)
    if row.state == q.OVER_PACE:
        return _("{amount} over pace, {spare}").format(amount=amount(row.deficit, unit), spare=spare)
    return spare


def opening(row: q.Progress, left: str) -> str:
    """A one-off: what is left and the deadline (2次 left, due 04-05, ends in 3 days); a rate: no reading yet."""
    due = short_window(Window(row.period.end, row.period.end), row.today)
    if row.quota.unit == PERCENT:
        return _("no reading yet, due {due}, {left}").format(due=due, left=left)
    return _("{amount} left, due {due}, {left}").format(amount=amount(row.left, row.quota.unit), due=due, left=left)


def buffer(row: q.Progress) -> str:
    """met, missed, starts MM-DD, on pace, 1.5 d ahead, 2.4 d behind."""
    if row.state == q.MET:
        return _("met")
    if row.state == q.MISSED:
        return _("missed")
    if row.state == q.NOT_STARTED:
        return _("starts {day}").format(day=short_window(Window(row.period.start, row.period.start), row.today))
    if row.state in (q.OVER, q.BELOW):
        return state_word(row.state)
    if not row.paced:
        return _("due {day}").format(day=short_window(Window(row.period.end, row.period.end), row.today))
    ahead = row.buffer_days
    if row.ceiling:
        return _("within pace") if row.state == q.WITHIN else _("{days:.1f} d over pace").format(days=abs(ahead))
    if abs(ahead) < 0.05:
        return _("on pace")
    if ahead > 0:
        return _("{days:.1f} d ahead").format(days=abs(ahead))
    return _("{days:.1f} d behind").format(days=abs(ahead))


def number(value: float, unit: str) -> str:
    """An amount as `units.display_amount` shows it everywhere, without the quota's unit: "3" for 3 h, "1000"
    for 1000字; an amount of hours too small for 0.1 h keeps its own unit ("1 min", "<1 min"), never "0"."""
    return _bare(display_amount(value, unit), unit)


def _bare(text: str, unit: str) -> str:
    """An amount's text without the quota's unit ("3 h" → "3"); another unit ("1 min") is kept."""
    suffix = unit_suffix(unit)
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def unit_suffix(unit: str) -> str:
    return hours_suffix() if unit == HOURS else unit


def done_of(done: float, target: float, unit: str) -> str:
    """3/8 h, 1000/5000字, 0/1次, 1 min/8 h: short enough for a narrow terminal; a done short of its
    target never reads as it (7.96 of 8 h is 7.9/8 h: units.display_done). Each distinct one is worded
    once a run in each language (a large plan's `due` shows hundreds of people's 0/8 h)."""
    key = (repr(done), repr(target), unit, current_language())
    text = _DONE_OF.get(key)
    if text is None:
        shown_done, shown_target = display_done(done, target, unit)
        text = f"{_bare(shown_done, unit)}/{_bare(shown_target, unit)}{unit_suffix(unit)}"
        if len(_DONE_OF) >= 4096:  # a long-lived process (the tests): start again
            _DONE_OF.clear()
        _DONE_OF[key] = text
    return text


_DONE_OF: dict[tuple[str, str, str, str], str] = {}


def done_of_target(row: q.Progress) -> str:
    """The one form of a quota's done of its target in due, status and show (issue 17: it was written three
    ways): 3/8 h; a ceiling 12 of at most 20次 (format/targets.py); a rate without a reading yet —/95%."""
    if row.state == q.OPEN and is_rate(row.quota.unit):
        return f"—/{display_amount(row.target, row.quota.unit)}"
    if row.ceiling:
        return done_of_at_most(row.done, row.target, row.quota.unit)
    return done_of(row.done, row.target, row.quota.unit)


def done_of_at_most(done: float, target: float, unit: str) -> str:
    """A ceiling's form of done_of: 12 of at most 20次 (zh 12/至多 20次)."""
    shown_done, shown_target = display_done(done, target, unit)
    return _("{done} of at most {target}{unit}").format(done=_bare(shown_done, unit), target=_bare(shown_target, unit),
                                                       unit=unit_suffix(unit))


def who_names(plan: Plan, refs: list[str]) -> str:
    return i18n_listed(plan.roster.name_of(r) for r in refs) or "—"
