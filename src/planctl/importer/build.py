"""From the document's lines to a complete `Draft`: outline, year, who, quotas, windows, ids."""

from __future__ import annotations

from datetime import date, timedelta

from planctl.errors import UsageError
from planctl.format.dates import Window
from planctl.i18n import _
from planctl.importer import quotas as quota_reading
from planctl.importer import who, windows
from planctl.importer.draft import Document, DocumentRefused, Draft, Guess, Item, Leftover, Line, QuotaDraft
from planctl.importer.ids import IdMaker
from planctl.importer.outline import Outliner, headline, split_table_rows

EVERYONE = "everyone"
MAX_SENTENCE = 2000  # characters; a longer "sentence" is not prose (the seed's longest is 300)
MAX_ITEMS = 5000  # phases, tasks and quotas: a 100-page plan has about 1,200; more is not a plan document


def build_draft(document: Document, name: str, year: int | None) -> Draft:
    """The plan a document describes. Raises UsageError when its windows need a year it never writes."""
    search = windows.reset_budget()
    draft = Draft("")
    lines = split_table_rows(document.lines, draft)
    Outliner(draft).feed(lines)
    draft.title = draft.title or name
    if not draft.phases:
        _refuse_only_empty_tables(draft, lines, name)
        draft = _one_phase(lines, draft)
    draft.notices[:0] = document.notices
    draft.note = "".join(text for _, text in draft.preamble)
    _year(draft, lines, year)
    _week1(draft)
    items = walk(draft.phases)
    _refuse_beyond(len(items), name)
    counted = [len(items)]
    for item in items:
        _read_item(draft, item, counted, name)
    for item in items:
        _quota_heading_to_parent(item)
    _people(draft, lines)
    for phase in draft.phases:
        _phase_window(draft, phase)
        _resolve(draft, phase, None)
    for item in walk(draft.phases):
        _place_quotas(draft, item)
    _open_windows(draft)
    _headlines(draft)
    _ids(draft)
    if draft.year is None:  # a quota's window (全年, 上半年) is known only now
        _refuse_without_year([w for item in walk(draft.phases)
                              for w in (item.when, *(q.when for q in item.quotas), *(p for q in item.quotas for p in q.periods))
                              if w])
    if search.exhausted:
        draft.notices.append(_("the document is dense with date-like text: after {tries:,} phrases tried, "
                               "the rest was not searched for windows").format(tries=windows.MAX_TRIES))
    return draft


def _refuse_beyond(count: int, name: str) -> None:
    if count > MAX_ITEMS:
        raise DocumentRefused(_("{name}: more than {most:,} phases, tasks and quotas; this is not a plan document "
                                "planctl can import (split it, or import the part that is the plan)").format(name=name, most=MAX_ITEMS))


def _refuse_only_empty_tables(draft: Draft, lines: list[Line], name: str) -> None:
    """DocumentRefused when the document holds nothing but its title and tables with a header row and no
    other row (周次 | 时间 | 重点工作, never filled in): a plan of one empty phase would import nothing it says."""
    if draft.empty_tables and all(line.number == draft.title_line for line in lines):
        raise DocumentRefused(_("{name}: nothing to import: the document's table has a header row and no other rows "
                                "(line {line})").format(name=name, line=draft.empty_tables[0]),
                              hint=_("fill in the table's rows (第1周 | 9.1-9.7 | 工作内容), or import the document that has them"))


def _one_phase(lines: list[Line], read: Draft) -> Draft:
    """A document without numbered headings is one phase named by its title (dated paragraphs its tasks);
    the lines the first reading left out (a table's header row, page details) stay out, in the report."""
    title, title_line = read.title, read.title_line
    draft = Draft(title)
    draft.leftovers, draft.notices = list(read.leftovers), list(read.notices)
    dropped = {leftover.line for leftover in read.leftovers} | {title_line}
    number = title_line or (lines[0].number if lines else 1)
    Outliner(draft).feed([Line(number, "一、" + title), *(line for line in lines if line.number not in dropped)])
    draft.phases[0].guesses.append(Guess(_("no numbered headings (一、 1、 …): the whole document is one phase"), number))
    draft.notices.append(_("no numbered headings: the whole document was read as one phase"))
    return draft


def walk(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        out.append(item)
        out.extend(walk(item.children))
    return out


def _year(draft: Draft, lines: list[Line], year: int | None) -> None:
    if year is not None:
        draft.year = year
        return
    dropped = {leftover.line for leftover in draft.leftovers}  # not the page's own date (时间:2022-04-16)
    read = [line for line in lines if line.number not in dropped]
    term = windows.school_term_year([line.text for line in read])
    if term is not None:
        draft.year = term[0]
        draft.year_guess = Guess(_("the year of the school term: {term} is in {year}").format(term=term[2], year=term[0]),
                                 read[term[1]].number)
        return
    found = windows.most_common_year([line.text for line in read])
    if found is not None:
        draft.year = found[0]
        draft.year_guess = Guess(_("the year written most often: {year}").format(year=found[0]), read[found[1]].number)
        return
    _refuse_without_year([item.when for item in walk(draft.phases) if item.when])


def _week1(draft: Draft) -> None:
    """The plan's `week1:` from the rows of a table of weeks that give their dates (第1周 | 9.1-9.7), so
    that 第N周 written elsewhere resolves: a guess, with the row it came from. An autumn term's rows
    cross New Year (第17周 | 12.28-1.3, 第18周 | 1.4-1.10): a row whose days fit its week only in the next
    year is written as that week (`_week_row_across_new_year`)."""
    rows = [(n, item) for item in walk(draft.phases) if item.when and (n := windows.week_number(item.title))]
    starts = [(n, item, start) for n, item in rows if (start := windows.first_day(item.when or "", draft.year)) is not None]
    found = windows.first_week_day([(n, start) for n, _item, start in starts])
    if found is None:
        return
    day, agreeing = found
    n, item, _start = next(row for row in starts if row[2] == day + timedelta(weeks=row[0] - 1))
    draft.week1 = day
    window = windows.resolve(item.when or "", draft.year, None)
    shown = f"{window.start.isoformat()} … {window.end.isoformat()}" if window else item.when
    text = _("第1周 starts {day}, as the table's 第{n}周 is {shown}").format(day=day.isoformat(), n=n, shown=shown)
    late = [row for row in starts if row[2] != day + timedelta(weeks=row[0] - 1)
            and windows.next_year(row[2]) == day + timedelta(weeks=row[0] - 1)]  # 1.4-1.10 read in this year
    if agreeing + len(late) < len(starts):
        text += _(" ({agreeing} of {rows} rows agree)").format(agreeing=agreeing + len(late), rows=len(starts))
    unread = [row for row in starts if row[2] == day + timedelta(weeks=row[0] - 1)
              and windows.resolve(row[1].when or "", draft.year, None) is None]  # 12.28-1.3: the grammar refuses it
    crossing = sorted(late + unread, key=lambda row: row[0])
    draft.week1_guess = Guess(text, item.line)
    for n, item, _start in crossing:
        _week_row_across_new_year(item, n)


def _week_row_across_new_year(item: Item, n: int) -> None:
    """A row of a table of weeks whose days (12.28-1.3, 1.4-1.10) are its week's only in the next year:
    `when: 第N周`, counted from `week1:`, with the dates as written in a comment."""
    item.guesses.append(Guess(_("'{written}' is 第{n}周 of the term, into the next year: written as 第{n}周").format(
        written=item.when, n=n), item.line))
    item.when = f"第{n}周"


def _refuse_without_year(phrases: list[str]) -> None:
    """UsageError when a window the plan will hold needs a year (全年, 4月) and the document never writes one."""
    if any(windows.needs_year(p) for p in phrases):
        raise UsageError(_("the document's dates have no year and it never writes one"), hint=_("give it: --year 2026"))


def _read_item(draft: Draft, item: Item, counted: list[int], name: str) -> None:
    """Who, unreadable dates in the title, and the quotas of the item's text; `counted` is the running
    count of items and quotas (refused beyond MAX_ITEMS as soon as it is reached)."""
    own = " ".join(text for line, text in item.notes if line == item.line)
    if named := who.labelled(draft, item.title + "。" + own, item.line):  # 责任科室：督导室, 责任人：王丽
        groups = [name for name in named if name in draft.groups]
        item.who = groups or named
        item.guesses.append(Guess(_("who: {names}, as the text names who is responsible").format(
            names="、".join(draft.groups[g].name if g in draft.groups else g for g in item.who)), item.line))
    for mention in [] if item.who else who.subjects(item.title + "。" + own)[:1]:
        item.who = [who.register(draft, mention.group, item.line, mention.text)]
        item.subject_each = mention.text.startswith(("各", "每个")) and who.is_units(mention.group)
        item.subject_person = bool(quota_reading.PER_PERSON.search(mention.text))
        item.guesses.append(Guess(_("who: {name}, the subject of its text").format(name=mention.text), item.line))
    for phrase in [] if item.when else windows.unreadable_dates(item.title):
        draft.leftovers.append(Leftover(item.line, item.title, _("'{phrase}' is not a window planctl reads yet; left in the title").format(
            phrase=phrase)))
        by_hand = _("'{phrase}' is not a window planctl reads yet: write `when:` by hand").format(phrase=phrase)
        item.guesses.append(Guess(by_hand, item.line))
    if not item.children and not any(quota_reading.quotas_in(sentence, line) for line, text in item.notes
                                     for sentence in quota_reading.sentences(text)[:1]):
        _title_quotas(draft, item, counted, name)  # 1.每人每周自学不少于3小时。 as a heading of its own
    for line, text in item.notes:
        for sentence in quota_reading.sentences(text):
            if len(sentence) > MAX_SENTENCE:
                draft.leftovers.append(Leftover(line, sentence, _("kept in the note; a sentence of more than {most:,} "
                                                                  "characters is not read for quotas").format(most=MAX_SENTENCE)))
                continue
            found = quota_reading.quotas_in(sentence, line)
            counted[0] += len(found)
            _refuse_beyond(counted[0], name)
            for quota in found:
                for group in quota.who:
                    who.register(draft, group, line, quota.subject_text)
                    who.register_units(draft, group, quota.units)
            if not found and item.quotas and (piece := quota_reading.each_piece(sentence)) is not None:
                quota_reading.each_piece_of(item.quotas[-1], sentence, piece, line)  # 每次不少于2小时。 of the quota before
                continue
            item.quotas.extend(found)
            _unread_repeats(draft, line, sentence, found)
            if not found:
                _unread(draft, item, line, sentence)


def _title_quotas(draft: Draft, item: Item, counted: list[int], name: str) -> None:
    """The quotas a heading states itself (每人每周自学不少于3小时), read as a note's sentence is."""
    if len(item.title) > MAX_SENTENCE:
        return
    found = [quota for sentence in quota_reading.sentences(item.title)  # 各支部每月5日前…;每季度末…: two duties
             for quota in quota_reading.quotas_in(sentence, item.line)]
    counted[0] += len(found)
    _refuse_beyond(counted[0], name)
    for quota in found:
        for group in quota.who:
            who.register(draft, group, item.line, quota.subject_text)
            who.register_units(draft, group, quota.units)
    item.quotas.extend(found)
    item.title_states_quotas = bool(found)
    _unread_repeats(draft, item.line, item.title, found)


def _quota_heading_to_parent(item: Item) -> None:
    """A heading that only states quotas (2.每月集中学习不少于2次: one clause, nothing under it, no one named, no
    date, not a duty of its own): its quotas go to the item above it, and it is no task of its own: as a task it
    would be one more thing to tick off once, owned by no one."""
    parent = item.parent
    if (parent is None or not item.title_states_quotas or item.children or item.who or item.when or item.repeat or item.speakers
            or item.notes or any(quota.repeat for quota in item.quotas) or any(mark in item.title for mark in "，,：:；;")):
        return  # it says more than its quota (a person, a date, a second clause, text under it): a task of its own
    for quota in item.quotas:
        quota.guesses.append(Guess(_("the heading states this quota and nothing else: a quota of '{title}', not a task "
                                     "of its own").format(title=parent.title), item.line))
    parent.quotas.extend(item.quotas)
    parent.children.remove(item)


def _unread_repeats(draft: Draft, line: int, sentence: str, found: list[QuotaDraft]) -> None:
    """Repeats the loader reads in part or not at all (每月第三周, 每两旬), for the report: those of the
    quotas read from the sentence, else those of the sentence itself."""
    unread = [text for quota in found for text in quota.unread] + quota_reading.unread_repeats(sentence)
    for text in dict.fromkeys(unread):
        draft.leftovers.append(Leftover(line, sentence, _("'{text}' is not a repeat planctl reads yet; write `repeat:` "
                                                          "by hand (docs/plan-format.md, Recurring tasks)").format(text=text)))
    written = {quota.repeat for quota in found} | {word for quota in found if quota.period or quota.periods
                                                    for word in quota_reading.BARE_PERIODS}
    for start, end in windows.repeat_spans(sentence):
        phrase = sentence[start:end]
        if phrase not in written and not any(text.startswith(phrase) for text in unread):
            draft.leftovers.append(Leftover(line, sentence, _("'{phrase}' is a repeat the importer did not read as a duty "
                                                              "of any item; write `repeat:` by hand").format(phrase=phrase)))


def _unread(draft: Draft, item: Item, line: int, sentence: str) -> None:
    """A sentence kept only in a note that holds a date or count the importer could not read."""
    odd = windows.unreadable_dates(sentence)
    dated = [f.phrase for f in windows.in_sentence(sentence)]
    if odd:
        draft.leftovers.append(Leftover(line, sentence, _("kept in the note; '{phrase}' is not a window planctl reads yet").format(
            phrase=odd[0])))
    elif dated and dated != [item.when]:
        draft.leftovers.append(Leftover(line, sentence, _("kept in the note; its date is not the item's window")))
    elif (quota_reading.COUNT.search(sentence) and any(u in sentence for u in quota_reading.COUNTED_WORDS)
          or quota_reading.UNREAD_COUNT.search(sentence)):
        draft.leftovers.append(Leftover(line, sentence, _("kept in the note; a count that was not read as a quota")))


def _people(draft: Draft, lines: list[Line]) -> None:
    for line in lines:
        for person in who.named_people(line.text):
            if person not in draft.people.values():
                draft.people[f"~{len(draft.people)}"] = person
                draft.people_lines[person] = line.number


def _phase_window(draft: Draft, phase: Item) -> None:
    """A phase the document gives no window spans its items' windows, or the document's year when they
    fit in it (`2026年`): without one, `due` shows it "not started" while its duties already fall due."""
    if phase.when is not None or draft.year is None:
        return
    spans = [windows.resolve(item.when, draft.year, None, draft.week1) for item in walk(phase.children) if item.when]
    known = [span for span in spans if span is not None]
    year = f"{draft.year}年"
    if all(span.start.year == span.end.year == draft.year for span in known) and windows.is_window(year):
        phase.when = year
    elif known:
        first, last = min(span.start for span in known), max(span.end for span in known)
        phase.when = f"{first.year}年{first.month}月{first.day}日至{last.year}年{last.month}月{last.day}日"
    else:
        return
    phase.guesses.append(Guess(_("no window in the document: {window}, the span of its items or the document's year").format(
        window=phase.when), phase.line))


def _resolve(draft: Draft, item: Item, parent: Window | None, plan_end: date | None = None) -> None:
    """Keep a `when` only where the loader resolves it in place (a window without an end stops at
    `plan_end`); an unresolvable one goes to the report."""
    window = parent
    if item.when is not None:
        window = windows.resolve(item.when, draft.year, parent, draft.week1, plan_end)
        if window is None:
            why = windows.why_unresolved(item.when, draft.year, parent, draft.week1, plan_end)
            draft.leftovers.append(Leftover(item.line, item.when, _("a window that does not resolve: {why}").format(why=why)))
            item.guesses.append(Guess(_("'{when}' left out: {why}").format(when=item.when, why=why), item.line))
            item.when, window = None, parent
    item.window = window
    for child in item.children:
        _resolve(draft, child, window, plan_end)


def _open_windows(draft: Draft) -> None:
    """Windows without an end (2025年8月10日起) run until the plan's end, which only the whole plan gives
    (windows.plan_end): resolved again once every window is known, and left out (reported) where that end
    comes before their start, so the plan still passes `check`."""
    items = walk(draft.phases)
    phrases = [p for item in items for p in (item.when, *(q.when for q in item.quotas),
                                             *(p for q in item.quotas for p in q.periods)) if p]
    if not any(windows.is_open(p) for p in phrases):
        return
    end = windows.plan_end(phrases, draft.year, draft.week1)
    for phase in draft.phases:
        _resolve(draft, phase, None, end)
    for item in items:
        for quota in item.quotas:
            _resolve_quota(draft, quota, item.window, end)


def _place_quotas(draft: Draft, item: Item) -> None:
    """Give each quota a who, its periods, and a home whose window holds them (climbing up if needed);
    a task's only duty becomes the task's own repeat (`_duty_as_task`)."""
    for quota in list(item.quotas):
        if quota.period == "quarter" and quota.repeat is None:
            quota.period, quota.periods = None, quota_reading.quarter_periods()
            quota.guesses.append(Guess(_("read 每季度 as the four quarters of {year}").format(year=draft.year), quota.line))
        _settle_pace(quota)
        home = _repeat_home(draft, item, quota) if quota.repeat else _home(draft, item, quota)
        _resolve_quota(draft, quota, home.window)
        if quota.unknown_subject:
            draft.leftovers.append(Leftover(quota.line, quota.note, _("'{subject}' is the subject, but no group planctl "
                                                                      "knows: write `who:` by hand").format(subject=quota.unknown_subject)))
        if home is item and quota.repeat and quota.duty and _duty_as_task(draft, item, quota):
            continue
        if not quota.who:
            quota.who = _inherited_who(draft, item, quota)
            _inherited_per(item, quota)
        if home is not item:
            item.quotas.remove(quota)
            home.quotas.append(quota)
            quota.guesses.append(Guess(_("placed on '{title}': its window holds the quota's periods").format(title=home.title), quota.line))
        unbounded = home.window is None and quota.when is None and not quota.periods
        if unbounded and (quota.period is not None or quota.repeat is not None) and draft.year is not None:
            quota.when = "1月-12月"
            quota.guesses.append(Guess(_("no window above it: counted over the whole of {year}").format(year=draft.year), quota.line))
        _repeat_falls(draft, quota, home)


def _resolve_quota(draft: Draft, quota: QuotaDraft, parent: Window | None, plan_end: date | None = None) -> None:
    """Keep a quota's `when` and `periods` only where the loader resolves them under `parent` (the
    window of the item that holds it), as `_resolve` does an item's: a phrase that does not resolve
    (第3周 without `week1:`, 9月31日, an end before its start, a period overlapping an earlier one) is
    left out, with the loader's reason in the report and a comment. A phrase that needs the year the
    document never writes is kept: the import then asks for `--year` (`_refuse_without_year`)."""
    def unresolved(phrase: str, why: str) -> None:
        leftover = Leftover(quota.line, phrase, _("a window that does not resolve: {why}").format(why=why))
        if leftover not in draft.leftovers:  # the item of the same sentence may have said it already
            draft.leftovers.append(leftover)
        quota.guesses.append(Guess(_("'{when}' left out: {why}").format(when=phrase, why=why), quota.line))

    if draft.year is None and any(windows.needs_year(p) for p in (quota.when, *quota.periods) if p):
        return
    if quota.when is not None and windows.resolve(quota.when, draft.year, parent, draft.week1, plan_end) is None:
        unresolved(quota.when, windows.why_unresolved(quota.when, draft.year, parent, draft.week1, plan_end))
        quota.when = None
    written = len(quota.periods)
    while (refused := _first_refused_period(draft, quota.periods, parent, plan_end)) is not None:
        unresolved(quota.periods[refused[0]], refused[1])
        del quota.periods[refused[0]]
    if written and not quota.periods:  # no period left to share the target: the document's whole count
        quota.target *= written


def _first_refused_period(draft: Draft, periods: list[str], parent: Window | None,
                          plan_end: date | None) -> tuple[int, str] | None:
    """(index, the loader's reason) of the first of `periods` the loader refuses: one that does not
    resolve, or that shares a day with an earlier one (loader.resolve_quota); None when it takes them all."""
    resolved = windows.resolve_periods(periods, draft.year, parent, draft.week1, plan_end)
    for i, window in enumerate(resolved):
        if isinstance(window, str):
            return i, window
        for j, earlier in enumerate(resolved[:i]):
            if isinstance(earlier, Window) and earlier.start <= window.end and window.start <= earlier.end:
                return i, _("period '{text}' overlaps period '{text2}'; the periods of a list must not share a day").format(
                    text=periods[i], text2=periods[j])
    return None


def _repeat_falls(draft: Draft, quota: QuotaDraft, home: Item) -> None:
    """Keep a quota's `repeat` only where it falls in the quota's own window at least once (what `check`
    asks: validate.repeats_bounded): its `when` can be narrower than the item's window `_repeat_home`
    placed it by (4月中下旬 … 每季度末月28日前后). Else the repeat goes to the report."""
    from planctl.format.dates import DateError
    from planctl.format.recurrence import Series, parse_repeat

    window = windows.resolve(quota.when, draft.year, home.window, draft.week1) if quota.when else home.window
    if quota.repeat is None or window is None:
        return
    try:
        if Series(parse_repeat(quota.repeat), window).count:
            return
    except DateError:
        pass
    _drop_repeat(draft, quota, quota.when or home.title)


def _settle_pace(quota: QuotaDraft) -> None:
    """One event a period (每季度召开1次协调会) is held or not: judged at the period's end (`pace: none`),
    not paced through it; a document's 每周 is a calendar week (Monday to Sunday)."""
    from planctl.format.recurrence import parse_repeat

    spread = quota.period or quota.periods or (quota.repeat and parse_repeat(quota.repeat).is_span)
    if quota.target == 1 and quota.unit == "次" and spread:
        quota.pace = "none"
    if quota.period == "week":
        quota.weeks = "calendar"


def _duty_as_task(draft: Draft, item: Item, quota: QuotaDraft) -> bool:
    """A task whose only content is one recurring duty (例会。教务处每周一召开例会。) is that duty: the
    task itself repeats (`repeat:`, `per:`), with no quota of 1 次 (docs/plan-format.md, Recurring
    tasks; Tasks owed by each unit or person). False (nothing changed) for any other task."""
    if item.children or item.repeat or len(item.quotas) != 1 or quota.line != item.line or quota.when:
        return False
    if item.depth == 0:
        item = _task_of_phase(item, quota)
    if item.window is None and draft.year is not None:
        item.when = "1月-12月"
        item.window = windows.resolve(item.when, draft.year, None, draft.week1)
        item.guesses.append(Guess(_("no window above it: repeats over the whole of {year}").format(year=draft.year), quota.line))
    item.quotas.remove(quota)
    item.repeat = quota.repeat
    if quota.who:
        item.who = list(quota.who)
    if quota.per != "all":
        item.per = quota.per
    item.guesses.extend(quota.guesses)
    return True


def _task_of_phase(phase: Item, quota: QuotaDraft) -> Item:
    """A phase whose only content is one recurring duty (a document of one line: 每月5日前报送学习情况) holds
    it as a task named by the duty: a phase does not repeat and is owed by no unit (docs/plan-format.md,
    Phases). The task has the phase's window (`_phase_window` gave it the document's year if it had none)."""
    task = Item(quota.title or phase.title, phase.line, 1)
    phase.add(task)
    phase.quotas.remove(quota)
    task.quotas.append(quota)
    task.guesses.append(Guess(_("a phase does not repeat: the duty is a task of its own in the phase"), quota.line))
    task.window = phase.window
    return task


def _repeat_home(draft: Draft, item: Item, quota: QuotaDraft) -> Item:
    """The item (this one, else the nearest above) whose window the quota's repeat falls in at least
    once, without too many (what `check` asks: validate.repeats_bounded); with none, the repeat is
    dropped for the report, so the plan still passes `check`. An item without a window takes the
    plan's year (`_place_quotas`), where every repeat falls."""
    from planctl.format.dates import DateError
    from planctl.format.recurrence import Series, parse_repeat

    assert quota.repeat is not None
    for node in [item, *item.ancestors()]:
        if node.window is None:
            return node
        try:
            if Series(parse_repeat(quota.repeat), node.window).count:
                return node
        except DateError:
            continue
    _drop_repeat(draft, quota, item.title)
    return item


def _drop_repeat(draft: Draft, quota: QuotaDraft, window_of: str) -> None:
    """Leave out a quota's `repeat` that never falls in its window (the window of `window_of`), for the report."""
    draft.leftovers.append(Leftover(quota.line, quota.note, _("'{repeat}' never falls in the window of '{title}'; "
                                                              "write `repeat:` by hand").format(repeat=quota.repeat, title=window_of)))
    quota.guesses.append(Guess(_("'{repeat}' never falls in the item's window: left out").format(repeat=quota.repeat),
                               quota.line))
    quota.repeat = None


def _inherited_per(item: Item, quota: QuotaDraft) -> None:
    """A quota of the item's own text whose subject is the item's, written 各…/每个… (各支部每月5日前报送…;
    每季度末报送…): owed by each unit too, as the clause that names the subject is (quotas._duty_subject);
    written 每名…/每位… (每名党员每月自学…。全年撰写心得不少于4篇): counted for each person, as that clause's is."""
    if quota.per != "all" or quota.who != item.who:
        return
    if item.subject_each:
        quota.per = "unit"
        quota.guesses.append(Guess(_("owed by each unit, as the subject of an earlier sentence of its text"), quota.line))
    elif item.subject_person:
        quota.per = "person"
        quota.guesses.append(Guess(_("counted for each person, as the subject of an earlier sentence of its text"), quota.line))


def _inherited_who(draft: Draft, item: Item, quota: QuotaDraft) -> list[str]:
    for node in [item, *item.ancestors()]:
        if node.who:
            return list(node.who)
    who.register(draft, EVERYONE, quota.line)
    quota.guesses.append(Guess(_("no one is named: counted for everyone (fill in the group)"), quota.line))
    return [EVERYONE]


def _home(draft: Draft, item: Item, quota: QuotaDraft) -> Item:
    phrases = quota.periods or ([quota.when] if quota.when else [])
    if not phrases:
        return item
    for node in [item, *item.ancestors()]:
        window = node.window
        spans = [windows.resolve(p, draft.year, window, draft.week1) for p in phrases]
        if window is None or all(s is not None and window.covers(s) for s in spans):
            return node
    return item


def _headlines(draft: Draft) -> None:
    """Titles of more than `HEADLINE_MOST` characters (a heading that is a whole sentence) cut to their
    first clause, the whole text kept at the start of the note: `due` shows titles on one line."""
    for item in walk(draft.phases):
        short = headline(item.title)
        if short != item.title:
            item.notes.insert(0, (item.line, item.title + "。"))
            cut = (_("title cut to its first clause; the whole heading begins the note") if not short.endswith("…") else
                   _("title cut to {most} characters (no clause ends sooner); the whole heading begins the note").format(
                       most=len(short)))
            item.guesses.append(Guess(cut, item.line))
            item.title = short
        for quota in item.quotas:
            short = headline(quota.title)
            if short != quota.title:
                quota.note = quota.note if quota.title in quota.note else (quota.title + "。" + quota.note).rstrip("。")
                quota.title = short


def _ids(draft: Draft) -> None:
    maker = IdMaker()
    for group in draft.groups:
        maker.reserve(group)
    people = {maker.make(name, "person", whole=True): name for name in draft.people.values()}
    draft.people = people
    person_ids = {name: pid for pid, name in people.items()}
    for item in walk(draft.phases):
        item.who = [person_ids.get(name, name) for name in item.who]  # who.labelled's people, by name until now
        item.id = maker.make(item.title, "phase" if item.depth == 0 else "task")
        for quota in item.quotas:
            quota.id = maker.make(quota.title, "quota")
