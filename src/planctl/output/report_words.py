"""The words of a report, in the plan's language.

planctl has no translation layer yet; a report is read by the people a plan is written for, so its
headers and state words follow the plan's own text: Chinese when the plan's title (or, without one,
its first phase's title) has CJK characters, else English.
"""

from __future__ import annotations

from planctl.i18n import CHINESE, ENGLISH, plan_language
from planctl.model import Plan
from planctl.output.words import state_words_in
from planctl.status import quotas as q
from planctl.status import report as r
from planctl.status import states as s

ZH = "zh"
EN = "en"


def language(plan: Plan) -> str:
    """zh when the plan's title or a phase's has a CJK character, else en (i18n.plan_language)."""
    return ZH if plan_language(plan) == CHINESE else EN


WORDS: dict[str, dict[str, str]] = {
    ZH: {
        # headers
        "date": "日期", "outline": "编号", "item": "事项", "phase": "阶段", "unit": "单位", "person": "人员",
        "amount": "数量", "note": "备注", "quota": "配额", "period": "周期", "period_start": "周期开始",
        "period_end": "周期结束", "scope": "对象", "target": "目标", "done": "完成", "amount_unit": "计量单位",
        "rate": "完成率", "done_target": "完成/目标",
        "state": "状态", "task": "任务", "who": "负责人", "start": "开始日期", "end": "截止日期",
        "done_on": "完成日期", "leaves": "已完成/子任务", "late_days": "逾期天数", "entries": "完成次数",
        "people": "人员", "progress": "进度",
        # sections and sheets
        "ledger": "完成台账", "quotas": "配额", "tasks": "任务", "by_unit": "按单位汇总",
        "fell_overdue": "{this}新增逾期", "still_open": "逾期未完成（截至 {day}）", "due_next": "{next}到期（{window}）",
        "quotas_due_next": "{next}到期未达标的配额（{window}）",
        "phases": "各阶段进度", "units_chart": "各单位配额达标", "timeline": "进度图", "summary": "概况",
        "nothing": "无", "no_unit": "（未分单位）", "all": "全体", "as_of": "截至", "to": "至", "who_filter": "对象",
        # report kinds
        "report.week": "周报", "report.month": "月报", "report.phase": "阶段报告", "report.range": "进度报告",
        "this.week": "本周", "this.month": "本月", "this.phase": "本阶段", "this.range": "本期",
        "next.week": "下周", "next.month": "下月", "next.phase": "下一阶段", "next.range": "下期",
        "line": "{this}完成 {done} 项，逾期 {late} 项，配额达标 {met}/{quotas}",
        "period_of": "第 {index}/{count} 期",
        # states
        r.MET: "达标", r.MISSED: "未达标", r.IN_PROGRESS: "进行中", "behind": "进行中（落后）",
        q.OVER: "超出上限", q.OVER_PACE: "进行中（超出进度）", q.BELOW: "进行中（低于目标）",
        "today": "今天",
        "occurrence": "（第 {number} 次）", "shares": "各单位（人）完成", "shares_owed": "{done}；尚未完成：{names}",
    },
    EN: {
        "date": "Date", "outline": "No.", "item": "Item", "phase": "Phase", "unit": "Unit", "person": "Person",
        "amount": "Amount", "note": "Note", "quota": "Quota", "period": "Period", "period_start": "Period start",
        "period_end": "Period end", "scope": "Who", "target": "Target", "done": "Done", "amount_unit": "Unit of amount",
        "rate": "Done %", "done_target": "Done/target",
        "state": "State", "task": "Task", "who": "Responsible", "start": "Start", "end": "End",
        "done_on": "Finished", "leaves": "Sub-tasks done", "late_days": "Days overdue", "entries": "Completions",
        "people": "People", "progress": "Progress",
        "ledger": "Completion ledger", "quotas": "Quotas", "tasks": "Tasks", "by_unit": "By unit",
        "fell_overdue": "Fell overdue {this}", "still_open": "Overdue and open on {day}", "due_next": "Due {next} ({window})",
        "quotas_due_next": "Quotas not met yet that end {next} ({window})",
        "phases": "Phases", "units_chart": "Quotas met by unit", "timeline": "Timeline", "summary": "Summary",
        "nothing": "none", "no_unit": "(no unit)", "all": "everyone", "as_of": "as of", "to": "to", "who_filter": "for",
        "report.week": "Weekly report", "report.month": "Monthly report", "report.phase": "Phase report",
        "report.range": "Progress report",
        "this.week": "this week", "this.month": "this month", "this.phase": "this phase", "this.range": "this period",
        "next.week": "next week", "next.month": "next month", "next.phase": "next phase", "next.range": "next period",
        "line": "{This}: {done} done, {late} overdue, quotas met {met}/{quotas}",
        "period_of": "period {index} of {count}",
        r.MET: "met", r.MISSED: "missed", r.IN_PROGRESS: "in progress", "behind": "in progress (behind)",
        q.OVER: "over the ceiling", q.OVER_PACE: "in progress (over pace)", q.BELOW: "in progress (below target)",
        "today": "today",
        "occurrence": " (occurrence {number})", "shares": "Done by each", "shares_owed": "{done}; not yet: {names}",
    },
}

assert WORDS[ZH].keys() == WORDS[EN].keys()
assert q.NOT_STARTED == s.NOT_STARTED  # one word serves tasks and quotas


class Words:
    """The report's words in one language: `w["date"]`, `w.this`, `w.summary(report)`."""

    def __init__(self, lang: str, kind: str) -> None:
        self.lang = lang
        self.kind = kind
        # a task's state in the one set of state words (output/words.py), in the report's language
        states = state_words_in(CHINESE if lang == ZH else ENGLISH)
        self.table = {**WORDS[lang], **{code: states[code] for code in (s.FINISHED, s.ACTIVE, s.LATE, s.NOT_STARTED)}}

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    @property
    def this(self) -> str:
        return self.table[f"this.{self.kind}"]

    @property
    def next(self) -> str:
        return self.table[f"next.{self.kind}"]

    @property
    def report_name(self) -> str:
        return self.table[f"report.{self.kind}"]

    def span(self, start: object, end: object) -> str:
        return f"{start} {self.table['to']} {end}" if start != end else str(start)

    def summary(self, report: r.Report) -> str:
        """The line to paste into a message: 本周完成 N 项，逾期 M 项，配额达标 K/L."""
        return self.table["line"].format(this=self.this, This=self.this[:1].upper() + self.this[1:],
                                         done=report.completions(), late=len(report.still_open),
                                         met=report.quotas_met, quotas=len(report.quotas))

    def quota_state(self, line: r.QuotaLine) -> str:
        """达标, 未达标, 进行中, 进行中（落后）; a ceiling: 超出上限, 进行中（超出进度）; a rate: 进行中（低于目标）."""
        if line.row.state in (q.OVER, q.OVER_PACE, q.BELOW):
            return self.table[line.row.state]
        return self.table["behind"] if line.behind else self.table[line.state]


def words_for(report: r.Report) -> Words:
    return Words(language(report.plan), report.period.kind)
