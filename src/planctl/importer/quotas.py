"""Count and amount phrases → quotas: N次以上 / 不少于N次 / 至少N篇 / N字以上 / 每周…不少于N小时,
每名/每位 + person, 每个/各 + unit, one target per group in one sentence (处领导班子成员5000字以上,
其他党员3000字以上 → a base target and a `target_for`), and recurring duties (每周一, 每月5日前, 每季度末).

A repeat is read by the loader's own grammar (windows.repeat_at, format/recurrence.py): a duty that
starts with one (每月5日前汇总…) is a quota of 1 次 with that `repeat:`, and so is a count written
with one that names days (每季度末月28日前后召开1次); a bare 每周 / 每月 / 每季度 before a count stays a
`period`. A repeat read only in part, or not at all (每月第三周, 每两旬), is kept in the quota's
`unread` for the report."""

from __future__ import annotations

import bisect
import re

from planctl.format.units import CHARS, CHINESE_COUNT_WORDS, HOURS, TIME_AMOUNT, UnitError, canonical_unit, parse_amount
from planctl.i18n import N_, _, listed
from planctl.importer import who, windows
from planctl.importer.draft import Guess, QuotaDraft
from planctl.importer.outline import balanced, number_value, short_title

PERIOD_NAMES = (N_("week"), N_("dekad"), N_("month"), N_("quarter"), N_("half-year"), N_("year"))  # in guesses

# A count (3次, 三篇, 3千字) or an amount of time as units.TIME_AMOUNT writes it (两小时半, 一刻钟, 90分钟),
# read as `planctl done --amount` reads it (`_target`)
COUNT = re.compile(r"(?P<pre>不少于|不低于|至少|达到|达)?\s*(?:(?P<time>" + TIME_AMOUNT + r")|"
                   r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*(?P<unit>"
                   + "|".join(("千字", "字", *CHINESE_COUNT_WORDS)) + "))"
                   r"(?P<post>及?以上)?(?P<de>的)?")
STRONG_UNITS = ("次", "篇", "字", "场")  # and an amount of time
# Words a count is written in, as build.py looks for a count left unread: units.COUNT_WORDS and time.
COUNTED_WORDS = ("字", "小时", "分钟", "钟头", *CHINESE_COUNT_WORDS)
# 一批/一条/一件/一门/一轮/一本 unmarked are idioms (培养一批骨干, 抓住一条主线, 新一轮): a count only with
# 不少于/至少/以上
_IDIOM_ONE = ("批", "条", "件", "门", "轮", "本", "册")
_SENTENCES = re.compile(r"(?<=[。;；!！?？])")
RECURRING = re.compile(r"(每周|每月|每旬|每季度|每年|每天|每日)")  # a duty the loader's repeats may not read (每月第三周)
# What may stand before a duty's repeat besides its subject: 教务处每周一召开例会, 同时每月5日前汇总…
_DUTY_LEAD = re.compile(r"^(?:同时|并且|并|另外|还|要|须|都要|均要|应当|应|负责)+")
_BODY = re.compile(r"(?:处|科|室|部|组|委|办|局|中心|会|校|院|队|班)$")  # 教务处, 团委, 工会: a body no group names
# What may stand before a clause's subject (a repeat, a window, 同时…): a mention after anything else
# (组织党员学习) is an object, not the subject.
# a time of day after a repeat's day (每周五下午): no more of the repeat, and out of a title with it
TIME_OF_DAY = r"(?:[上中下]午|早上|晚上)"
_REPEAT = (r"每(?:周|星期|旬|月|季度|季|半年|年|天|日)(?:[第\d〇一二两三四五六七八九十个初末底前后左右号日旬周星期天月]|[上中下](?!午))*"
           + TIME_OF_DAY + "?")
REPEAT_WORDS = re.compile(_REPEAT)  # a repeat as a document writes it (每月下旬, 每季度末月28日前后): out of a title
SUBJECT_SKIP = re.compile(_REPEAT + r"|(?:19|20)\d{2}\s*年|[\d〇一二三四五六七八九十]{1,2}\s*[月日号](?:[上中下]旬|[初底末]|前|份)?"
                          r"|[上中下]旬|同时|并且|并|在|另外|还|由|要求|其中|自|从|起|至|到|以来|期间")
BARE_PERIODS = ("每周", "每月", "每季度")  # before a count: a `period` (PERIOD_WORDS), not a repeat
PERIOD_WORDS = (("每周", "week"), ("每旬", "dekad"), ("每月", "month"), ("每季度", "quarter"))
_MARKER = re.compile(r"不少于|不低于|至少")
PER_PERSON = re.compile(r"每名|每位|每人|每个党员|成员|个人")
PER_UNIT = re.compile(r"每个|各|为单位")
# a school term (每学期, 本学期, 上学期, 第一学期): no period planctl reads (a guess says so, not a silent year)
_TERM = re.compile(r"每学期|本学期|[上下]学期|第[一二12]学期|[春秋]季学期")
# 每篇不少于1500字, 每次学习不少于2小时: a clause that starts with "each piece / each time" states what each
# unit of the quota before it must be (a length, a duration), no count of its own
EACH_PIECE = re.compile(r"^\s*(?:且|并且|并|其中|要求)?\s*每(?:一)?(篇|份|次|场|节|期|堂|课|件|项)")
_FILLER = re.compile(r"^(?:同时|并且|并|在|另外|还|另)+|还要|都要|要|应当|必须|须|保证|确保|至少|不少于|不低于|达到|为单位")
_EACH_VERB = re.compile(r"\s*(?:都要|均要|都|要|须)?\s*(召开|举办|组织|开展)(.{2,})")
# A count planctl did not read as a quota (its measure word is not a unit: 张贴标语不少于5幅): listed in the report
UNREAD_COUNT = re.compile(r"(?:不少于|不低于|至少|达到)\s*(?:\d+|[一二两三四五六七八九十]{1,3})\s*[\u4e00-\u9fff]"
                          r"|(?:\d+|[一二两三四五六七八九十]{1,3})\s*[\u4e00-\u9fff]及?以上")
MAX_NOTE = 300  # a quota's note is its sentence, or only its clause when the sentence is longer
PREFIX_CHARACTERS = 200  # how far back a count looks for its windows (keeps a hostile sentence linear)
QUARTERS = ("1月-3月", "4月-6月", "7月-9月", "10月-12月")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s.strip()]


def quotas_in(sentence: str, line: int) -> list[QuotaDraft]:
    """Every quota one sentence states (the subject of a clause carries over to the next ones).
    The sentence's windows are found once; a count takes those written after the previous count."""
    found: list[QuotaDraft] = []
    subject: str | None = None
    subject_text = ""  # the subject as written (每名党员): a clause without one carries its 每名 too
    per_unit_said = False
    dated = windows.in_sentence(sentence)
    starts = [f.start for f in dated]
    since = 0  # where the previous count ended
    for at, clause in clauses(sentence):
        count = _count_in(clause)
        head = who.subject_of(clause, SUBJECT_SKIP) or who.listed_units(clause)
        named = [head] if head is not None and (count is None or head.start < count.start()) else []
        carried = not named and subject is not None
        if named:
            subject, per_unit_said, subject_text = named[0].group, bool(PER_UNIT.search(clause)), named[0].text
        if count is not None and not named and (piece := EACH_PIECE.match(clause)) is not None:
            _each_piece(found, clause, piece[1], line)
            since = at + count.end()
            continue
        if count is not None:
            inside = _between(dated, starts, at, at + len(clause))
            quota = _quota(clause, count, line, subject, per_unit_said, subject_text, inside)
            quota.note = sentence.rstrip("。;；") if len(sentence) <= MAX_NOTE else clause
            quota.clause = clause
            quota.subject_text = named[0].text if named else ""
            quota.units = named[0].units if named else ()
            if carried:
                quota.guesses.append(Guess(_("who: {name}, the subject of an earlier clause of the sentence").format(name=subject), line))
            start = max(since, at + count.start() - PREFIX_CHARACTERS)
            before = _between(dated, starts, start, at + count.start())
            _periods(quota, before, sentence[start: at + count.start()], count, line)
            since = at + count.end()
            found.append(quota)
        elif (duty := _duty(clause, line, named[0] if named else None)) is not None:
            found.append(duty)
        elif (recurring := _recurring_at(clause, named[0] if named else None)) is not None:
            found.extend(_recurring(clause, recurring, line, named[0] if named else None))
        elif (each := _each_unit(clause, line)) is not None:
            found.append(each)
    return _merge_overrides(found, sentence, line)


def _each_piece(found: list[QuotaDraft], clause: str, piece: str, line: int) -> None:
    """每篇不少于1500字, 每次不少于2小时: what each piece (篇, 次, 份…) of the quota before it must be, not a
    quota of its own; it stays in that quota's note (its sentence), said in a comment."""
    if found:
        each_piece_of(found[-1], clause, piece, line)


def each_piece(sentence: str) -> str | None:
    """The piece word (篇, 次, 份…) of a sentence that only says what each piece of a quota must be
    (每篇不少于1500字。, written as a sentence of its own after the quota's), else None."""
    m = EACH_PIECE.match(sentence)
    return m[1] if m is not None and _count_in(sentence) is not None and len(clauses(sentence)) == 1 else None


def each_piece_of(quota: QuotaDraft, text: str, piece: str, line: int) -> None:
    """Say in a comment that `text` (每篇不少于1500字) describes each `piece` of `quota`, and keep it in its note."""
    text = text.strip(" 。;；")
    if text not in quota.note:
        quota.note = f"{quota.note}。{text}" if quota.note else text
    quota.guesses.append(Guess(_('read "{clause}" as what each {unit} must be, not a quota of its own; '
                                 'kept in the note').format(clause=text, unit=piece), line))


def clauses(sentence: str) -> list[tuple[int, str]]:
    """The sentence's clauses with where each starts: split at commas, but not at one inside brackets
    (召开教研会(制定《进度表》,不少于2次) is one clause)."""
    out: list[tuple[int, str]] = []
    depth, start = 0, 0
    for i, ch in enumerate(sentence + ","):
        if ch in "(（《【〔[“":
            depth += 1
        elif ch in ")）》】〕]”" and depth:
            depth -= 1
        elif ch in ",，" and (depth == 0 or i == len(sentence)):
            if i > start:
                out.append((start, sentence[start:i]))
            start = i + 1
    return out


def _between(dated: list[windows.Found], starts: list[int], first: int, end: int) -> list[str]:
    """The phrases of `dated` (sorted by start) lying wholly within [first, end)."""
    low, high = bisect.bisect_left(starts, first), bisect.bisect_left(starts, end)
    return [f.phrase for f in dated[low:high] if f.end <= end]


def _count_in(clause: str) -> re.Match[str] | None:
    repeats: list[tuple[int, int]] | None = None
    for m in COUNT.finditer(clause):
        amount = "time" if m["time"] else "n"
        repeats = windows.repeat_spans(clause) if repeats is None else repeats
        if any(start <= m.start(amount) < end for start, end in repeats):
            continue  # 每月最后一个周五, 每月第一个周一: part of the repeat, no count
        before = clause[: m.start(amount)].rstrip()
        arabic = m[amount][0].isdigit()
        marked = bool(m["pre"] or m["post"] or _MARKER.search(before)) or "每" in clause or "各" in clause
        if before.endswith(("第", "提前", "同比", ".", "+", "新")) or (before and before[-1].isdigit()):
            continue
        if m["n"] == "一" and m["unit"] in _IDIOM_ONE and not (m["pre"] or m["post"] or _MARKER.search(before)):
            continue
        if clause[m.end(amount if m["time"] else "unit"):].startswith(("日", "月", "工作日", "层面", "方面", "百分点", "数")):
            continue
        if ((arabic and (m["time"] or m["unit"] in STRONG_UNITS)) or marked) and _readable(m):
            return m
    return None


def _readable(count: re.Match[str]) -> bool:
    """Whether `planctl done --amount` would take the amount (一一小时 or 0.0001小时 it would not)."""
    try:
        _target(count)
    except UnitError:
        return False
    return True


def _target(count: re.Match[str]) -> tuple[float, str]:
    """(target, canonical unit) of a COUNT match: an amount of time in hours, read by units.parse_amount (the
    reading of `planctl done --amount`: 两小时半 is 2.5, 一刻钟 0.25), a count in its count word."""
    if count["time"]:
        return parse_amount(count["time"], HOURS), HOURS
    if count["unit"].endswith(CHARS):  # 3000字, 3千字, 五千字: as done --amount reads them
        return parse_amount(count["n"] + count["unit"], CHARS), CHARS
    target = float(count["n"]) if count["n"][0].isdigit() else float(number_value(count["n"]))
    try:
        return target, canonical_unit(count["unit"])
    except UnitError:  # pragma: no cover - every unit COUNT matches is known
        return target, "次"


def _quota(clause: str, count: re.Match[str], line: int, subject: str | None, per_unit_said: bool,
           subject_text: str, dated: list[str]) -> QuotaDraft:
    target, unit = _target(count)
    quota = QuotaDraft(_title(clause, count, dated), line, target, unit)
    quota.note = clause
    if subject is not None:
        quota.who = [subject]
        if PER_PERSON.search(subject_text) or PER_PERSON.search(clause[: count.start()]):
            quota.per = "person"
        elif who.is_units(subject) and (per_unit_said or PER_UNIT.search(clause)):
            quota.per = "unit"
        elif who.is_units(subject):
            quota.per = "unit"
            quota.guesses.append(Guess(_("read {subject} as each unit counting for itself").format(subject=subject_text), line))
    elif PER_PERSON.search(clause[: count.start()]):  # 每人每周自学…: each person, whoever the group turns out to be
        quota.per = "person"
    for word, period in PERIOD_WORDS:
        if word in clause:
            quota.period = period
    _count_repeat(quota, clause[: count.start()], line)
    if (term := _TERM.search(clause[: count.start()])) is not None and quota.period is None and quota.repeat is None:
        quota.guesses.append(Guess(_('"{term}" not read: planctl has no school term; the target is for the whole '
                                     'window (write `periods:` with the terms\' months by hand)').format(term=term[0]), line))
    return quota


def _count_repeat(quota: QuotaDraft, before: str, line: int) -> None:
    """每季度末月28日前后召开1次: a repeat naming days, written before the count, is the quota's `repeat`
    (each occurrence one period); a bare 每周 / 每月 / 每季度 stays its `period`."""
    for m in re.finditer("每", before):
        phrase = windows.repeat_at(before, m.start())
        unread = windows.unread_repeat(before, m.start(), phrase)
        if unread is not None:
            quota.unread.append(unread)
        if phrase is not None and phrase not in BARE_PERIODS:
            quota.repeat, quota.period = phrase, None
            quota.guesses.append(Guess(_('read "{phrase}" as how it repeats: {target} {unit} each time').format(
                phrase=phrase, target=f"{quota.target:g}", unit=quota.unit), line))
            return


def _repeat_start(clause: str, subject: who.Mention | None) -> tuple[int, str] | None:
    """Where a duty's repeat starts and what stands before it (its subject as written, or ""): the
    clause starts with the repeat (每月5日前汇总…), or with its subject (教务处每周一召开例会, 各支部每月
    5日前报送…; a subject no group names is kept as written). None when something else comes first."""
    at = clause.find("每")
    if at < 0:
        return None
    lead = _DUTY_LEAD.sub("", clause[:at].strip(" ,，"))
    if subject is not None and subject.start + len(subject.text) <= at:
        lead = lead.replace(subject.text, "", 1)
        lead = _DUTY_LEAD.sub("", lead)
        return (at, subject.text) if not lead else None
    if not lead or not re.fullmatch(r"[\u4e00-\u9fff]{1,8}", lead):
        return (at, "") if not lead else None
    return at, (lead if _BODY.search(lead) else "")  # 我们将每周一…: no body, not the title either


def _duty(clause: str, line: int, subject: who.Mention | None) -> QuotaDraft | None:
    """每月5日前汇总各科室任务进展 → a duty of 1 次 that repeats 每月5日前 (the builder makes it the task's
    own `repeat:` when it is the task's duty); 各支部每月5日前报送… → owed by each unit (`per: unit`).
    None when the clause does not start with a repeat the loader reads (after its subject), or is
    nothing but one."""
    start = _repeat_start(clause, subject)
    if start is None:
        return None
    at, written = start
    phrase = windows.repeat_at(clause, at)
    if phrase is None or len(clause) <= at + len(phrase) + 1:
        return None
    if windows.unread_repeat(clause, at, phrase) is not None:
        return None  # read only in part (每月第三周): not this repeat; `_recurring` and the report
    rest = _DUTY_LEAD.sub("", re.sub("^" + TIME_OF_DAY, "", clause[at + len(phrase):]).strip(" ,，。;；"))
    title = written + rest
    quota = QuotaDraft(short_title(title), line, 1, "次")
    quota.note = clause.strip(" ,，。;；")
    quota.repeat, quota.duty = phrase, True
    quota.guesses.append(Guess(_('read "{phrase}" as a recurring duty: once each time (repeat: {phrase})').format(phrase=phrase), line))
    _duty_subject(quota, subject, written, line)
    return quota


def _duty_subject(quota: QuotaDraft, subject: who.Mention | None, written: str, line: int) -> None:
    """Who owes a duty: its subject's group (each unit of it when written 各…/每个…), or, for a subject
    no group names (教务处), the text kept for the report."""
    if subject is None:
        quota.unknown_subject = written
        return
    quota.who, quota.subject_text, quota.units = [subject.group], subject.text, subject.units
    if (subject.text.startswith(("各", "每个")) or subject.units) and who.is_units(subject.group):
        quota.per = "unit"
        quota.guesses.append(Guess(_('read "{subject}" as owed by each unit').format(subject=subject.text), line))


def _recurring_at(clause: str, subject: who.Mention | None) -> re.Match[str] | None:
    """A duty whose repeat the loader does not read, or reads only in part (每两旬报送…, 每月第三周…,
    每周一前…): its 每… word where the clause starts with it (after its subject)."""
    start = _repeat_start(clause, subject)
    if start is None:
        return None
    recurring = RECURRING.match(clause, start[0])
    if recurring is None or len(clause) <= recurring.end() + 1:
        return None
    if windows.unread_repeat(clause, recurring.start(), windows.repeat_at(clause, recurring.start())) is None:
        return None
    return recurring


def unread_repeats(sentence: str) -> list[str]:
    """The repeats of a sentence the loader reads only in part or not at all (windows.unread_repeat)."""
    found = []
    for m in re.finditer("每", sentence):
        unread = windows.unread_repeat(sentence, m.start(), windows.repeat_at(sentence, m.start()))
        if unread is not None:
            found.append(unread)
    return found


def _title(clause: str, count: re.Match[str], dated: list[str]) -> str:
    """The clause without its count, windows, 每周-style words and modal filler: 处中心组安排集中学习."""
    text = clause[: count.start()] + clause[count.end():]
    for phrase in dated:
        text = text.replace(phrase, "")
    if dated:  # 上半年、下半年各组织1次: the list's marks and its 各 go with the windows
        text = re.sub(r"^[、,，及和\s]+各?(?=\S)", "", text.strip())
    text = REPEAT_WORDS.sub("", text).replace("时间", "")
    text = _FILLER.sub("", text.strip())
    text = re.sub(r"[,，、\s]+(?=[)）])", "", text)  # what the count leaves inside brackets: (…,不少于2次)
    text = re.sub(r"\(\)|（）", "", text)
    return balanced(text.strip(" ,，;；。的") or clause.strip())  # a clause may end inside brackets


def _each_period(before: str, last: str) -> bool:
    """上半年、下半年各组织1次: the count is each period's (各 after the last window), not shared among them."""
    return "各" in before[before.rfind(last) + len(last):] if last in before else False


def _periods(quota: QuotaDraft, phrases: list[str], before: str, count: re.Match[str], line: int) -> None:
    """Windows written before the count: one → the quota's `when`; several that divide the
    target evenly → `periods` with a share each (在4月上旬,5月上旬…安排2次 → 1 in each)."""
    shown = f"{before.strip(' ,，')}…{count[0]}"
    if len(phrases) == 1:
        quota.when = phrases[0]
        quota.guesses.append(Guess(_('read "{shown}" as due within {window}').format(shown=shown, window=phrases[0]), line))
    elif len(phrases) > 1 and (_each_period(before, phrases[-1]) or quota.target % len(phrases) == 0):
        quota.periods = phrases
        share = quota.target if _each_period(before, phrases[-1]) else quota.target / len(phrases)
        quota.target = share
        quota.guesses.append(Guess(_('read "{shown}" as {share} {unit} in each of {windows}').format(
            shown=shown, share=f"{share:g}", unit=quota.unit, windows=listed(phrases)), line))


def _recurring(clause: str, recurring: re.Match[str], line: int, subject: who.Mention | None) -> list[QuotaDraft]:
    """每两旬报送… (no repeat the loader reads), 每月第三周… / 每周一前… (read only in part): a quota of
    1 次 each period (每周 → week, 每旬 → dekad, 每月 → month), named without the repeat, which is kept
    whole in `unread` for the report. None (an empty list) for a word that is no period (每年, 每天): only the
    report."""
    at = recurring.start(1)
    unread = windows.unread_repeat(clause, at, windows.repeat_at(clause, at)) or recurring[1]
    period = next((p for w, p in PERIOD_WORDS if unread.startswith(w)), None)
    if period is None:
        return []
    lead = clause[:at] if subject is not None else ""
    title = _DUTY_LEAD.sub("", (lead + re.sub("^" + TIME_OF_DAY, "", clause[at + len(unread):])).strip(" ,，。;；"))
    quota = QuotaDraft(short_title(title) or short_title(clause.strip(" ,，。;；")), line, 1, "次")
    quota.note = clause.strip(" ,，。;；")
    quota.period, quota.duty = period, True
    quota.unread.append(unread)
    quota.guesses.append(Guess(_('read "{word}" as a recurring duty, once each {period}; the rest of "{unread}" '
                                 'is not read (see the report)').format(word=recurring[1], period=_(period), unread=unread)
                         if unread != recurring[1] else
                         _('read "{word}" as a recurring duty, once each {period}').format(word=unread, period=_(period)), line))
    _duty_subject(quota, subject, clause[:at].strip(" ,，"), line)
    return [quota]


def _each_unit(clause: str, line: int) -> QuotaDraft | None:
    """每个党支部都要召开…组织生活会 → once for each unit (a meeting each unit holds)."""
    named = who.mentions(clause)
    if not named or named[0].start > 2 or not named[0].text.startswith(("每个", "各")) or not who.is_units(named[0].group):
        return None
    m = _EACH_VERB.match(clause, named[0].start + len(named[0].text))
    if m is None:
        return None
    quota = QuotaDraft(short_title((m[1] + m[2]).strip(" ,，。;；")), line, 1, "次")
    quota.who, quota.per, quota.note, quota.subject_text = [named[0].group], "unit", clause.strip(" ,，。;；"), named[0].text
    quota.guesses.append(Guess(_('read "{shown}" as once for each unit').format(shown=f"{named[0].text}…{m[1]}"), line))
    return quota


def _merge_overrides(found: list[QuotaDraft], sentence: str, line: int) -> list[QuotaDraft]:
    """处领导班子成员…5000字以上, 其他党员…3000字以上 → target 3000 for 全体党员, 5000 for 领导班子."""
    out: list[QuotaDraft] = []
    for quota in found:
        base = out[-1] if out else None
        if (base is not None and "其他" in quota.clause and base.unit == quota.unit and base.who and quota.who
                and base.who != quota.who and not base.target_for):
            base.target_for = {base.who[0]: base.target}
            base.guesses.append(Guess(_("read one target per group: {target} for {group}, "
                                        "{other} for everyone else in {others}").format(
                target=f"{base.target:g}", group=base.who[0], other=f"{quota.target:g}", others=quota.who[0]), line))
            base.who, base.target = quota.who, quota.target
            base.title = _without_subject(base.title)
            base.per = "person" if "person" in (base.per, quota.per) else base.per
            base.note = sentence.rstrip("。;；") if len(sentence) <= MAX_NOTE else base.clause + "," + quota.clause
            continue
        out.append(quota)
    return out


def _without_subject(title: str) -> str:
    """撰写学习笔记 from 处领导班子成员撰写学习笔记: a quota for several groups is named by what is counted."""
    named = who.mentions(title)
    if named and named[0].start == 0 and len(title) > len(named[0].text) + 1:
        return title[len(named[0].text):]
    return title


def quarter_periods() -> list[str]:
    """每季度 as the four calendar quarters of the plan's year (written in the loader's month-range form)."""
    return [q for q in QUARTERS if windows.is_window(q)]
