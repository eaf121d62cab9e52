"""`planctl due` as a command: --today forms and errors, --strict, JSON shape, and the plain-text tables."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest

from helpers_due import (
    ALL_QUOTAS,
    ALL_TASKS,
    ANSI,
    PLAN,
    SECTIONS,
    all_task_ids,
    display_columns,
    display_width,
    due,
    due_json,
    ids,
    quota_rows,
    with_logs,
)

# --- --today ----------------------------------------------------------------------------------------------------------

SAME_DAY = ["2009-04-12", "2009/4/12", "2009/04/12", "Apr 12 2009", "April 12, 2009", "12 Apr 2009", "Apr 12",
            "4月12日", "4月12号", "2009年4月12日", " 2009-04-12 "]


@pytest.fixture(scope="module")
def april_12() -> dict:
    return due_json("2009-04-12")


@pytest.mark.parametrize("form", SAME_DAY)
def test_every_accepted_today_form_gives_the_same_result(april_12: dict, form: str) -> None:
    assert due_json(form) == april_12


def test_env_today(april_12: dict) -> None:
    assert due_json(None, env={"PLANCTL_TODAY": "2009-04-12"}) == april_12
    assert due_json(None, env={"PLANCTL_TODAY": "4月12日"}) == april_12


def test_option_beats_env() -> None:
    data = due_json("2009-03-30", env={"PLANCTL_TODAY": "2009-04-12"})
    assert data["today"] == "2009-03-30"


@pytest.mark.parametrize(("word", "offset"), [("today", 0), ("yesterday", -1), ("tomorrow", 1), ("Today", 0),
                                              ("今天", 0), ("明天", 1), ("昨天", -1)])
def test_relative_days(word: str, offset: int) -> None:
    before = date.today()
    data = due_json(word)
    after = date.today()
    assert data["today"] in {(before + timedelta(days=offset)).isoformat(), (after + timedelta(days=offset)).isoformat()}


def test_relative_day_from_env() -> None:
    before = date.today()
    data = due_json(None, env={"PLANCTL_TODAY": "yesterday"})
    assert data["today"] in {(before - timedelta(days=1)).isoformat(), (date.today() - timedelta(days=1)).isoformat()}


BAD_DATES = ["2009-02-30", "2009-13-01", "4月31日", "13月1日", "4月上旬", "not a date", "0", "now", "四月三十一日", "  "]


@pytest.mark.parametrize("text", BAD_DATES)
def test_bad_today_is_a_usage_error(text: str) -> None:
    for extra in ([], ["--json"]):
        result = due(PLAN, *extra, today=text)
        assert result.exit_code == 2, (text, result.stdout)
        assert result.stdout == ""
        assert "--today" in result.stderr
        assert "Traceback" not in result.stderr
        assert "error" in result.stderr


def test_bad_env_today_is_a_usage_error() -> None:
    result = due(PLAN, env={"PLANCTL_TODAY": "2009-02-30"})
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "2009-02-30" in result.stderr


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"),
    pytest.param("2009", id="year-only"),
])
def test_not_a_day_is_refused(text: str) -> None:
    result = due(PLAN, "--json", today=text)
    assert result.exit_code == 2, result.stdout[:200]


# --- --strict ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "code"), [
    ("2009-02-22", 0),  # only upcoming
    ("2009-03-30", 0),  # due today is not overdue, and no quota is open
    ("2009-03-31", 1),  # prep is overdue
    ("2009-09-01", 1),
])
def test_strict_exit_codes(day: str, code: int) -> None:
    assert due(PLAN, "--strict", today=day).exit_code == code
    assert due(PLAN, "--strict", "--json", today=day).exit_code == code
    assert due(PLAN, today=day).exit_code == 0


def test_strict_passes_when_done_and_on_pace(tmp_path) -> None:
    plan = with_logs(tmp_path, {t: ["{date: 2009-03-30, by: sha}"] for t in ("lead-group", "scheme", "mobilize")})
    assert due(plan, "--strict", today="2009-03-31").exit_code == 0  # every quota on pace on its first day
    assert due(plan, "--strict", today="2009-04-01").exit_code == 1  # a day gone, nothing logged: behind
    assert due(plan, "--strict", "--phase", "prep", today="2009-04-01").exit_code == 0


def test_strict_fails_on_behind_quota_alone(tmp_path) -> None:
    plan = with_logs(tmp_path, {t: ["{date: 2009-05-20, by: sha}"] for t in ALL_TASKS if t != "branch-life"})
    data = due_json("2009-05-25", "--strict", plan=plan, exit_code=1)
    assert ids(data, "overdue") == set()
    assert {r["state"] for r in quota_rows(data)} == {"behind"}
    ok = with_logs(tmp_path, {**{t: ["{date: 2009-05-20, by: sha}"] for t in ALL_TASKS if t != "branch-life"},
                              "branch-life-held": ["{date: 2009-05-22, unit: jiguan}", "{date: 2009-05-22, unit: jixie}"]},
                   "ok.yaml")
    data = due_json("2009-05-25", "--strict", plan=ok, exit_code=0)
    assert all_task_ids(data) == set()
    assert {r["state"] for r in quota_rows(data)} == {"met"}


# --- JSON -------------------------------------------------------------------------------------------------------------

def test_json_structure(april_12: dict) -> None:
    assert set(april_12) == {"plan", "today", "horizon_days", "sections", "missed_last_period"}
    assert april_12["plan"].endswith("plan.yaml")
    assert set(april_12["sections"]) == {*SECTIONS, "quotas"}
    task_keys = {"id", "outline", "title", "phase", "who", "window", "section", "section_label", "days", "relation", "done",
                 "done_on", "roles", "held_roles", "shares", "waiting_for"}
    for section in SECTIONS:
        for row in april_12["sections"][section]:
            assert set(row) == task_keys
    quota_keys = {"id", "title", "phase", "scope", "period", "unit", "done", "target", "expected", "state", "behind_by",
                  "days_left", "buffer_days", "pace", "buffer"}
    for row in quota_rows(april_12):
        assert set(row) == quota_keys
        assert set(row["scope"]) == {"kind", "id", "name"}
        assert row["state"] in {"met", "on pace", "behind"}


def test_json_with_all_has_a_done_section(tmp_path) -> None:
    plan = with_logs(tmp_path, {"mobilize": ["{date: 2009-03-30, by: sha}"]})
    data = due_json("2009-04-12", "--all", plan=plan)
    assert set(data["sections"]) == {*SECTIONS, "quotas", "done"}
    assert [r["id"] for r in data["sections"]["done"]] == ["mobilize"]


def test_empty_json() -> None:
    data = due_json("2009-01-01")
    assert data["sections"] == {"overdue": [], "due_today": [], "in_progress": [], "upcoming": [], "quotas": []}


# --- text -------------------------------------------------------------------------------------------------------------

HEADINGS = re.compile(r"^(Overdue|Due today|In progress|Upcoming|Done|Quotas) \((\d+)\)")
KNOWN_IDS = ALL_TASKS | ALL_QUOTAS | {"prep", "study", "review", "rectify", "wrap-up"}


def text_of(day: str, *extra: str, columns: int = 120, plan=PLAN, env: dict | None = None) -> str:
    result = due(plan, *extra, today=day, env={"COLUMNS": str(columns), **(env or {})})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def ids_in_text(text: str) -> set[str]:
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_-]*", text))
    return words & KNOWN_IDS


TEXT_DAYS = ["2009-03-30", "2009-04-10", "2009-04-12", "2009-04-30", "2009-05-21", "2009-09-01"]


@pytest.mark.parametrize("columns", [120, 80])
@pytest.mark.parametrize("day", TEXT_DAYS)
def test_text_has_the_same_ids_as_json(day: str, columns: int) -> None:
    text = text_of(day, columns=columns)
    data = due_json(day)
    assert not ANSI.search(text)
    assert "\x1b" not in text
    expected = all_task_ids(data) | {r["id"] for r in quota_rows(data)}
    assert ids_in_text(text) == expected
    for line in text.splitlines():
        assert display_width(line) <= columns, line


@pytest.mark.parametrize("columns", [120, 80])
def test_text_headings_in_order_with_counts(columns: int) -> None:
    text = text_of("2009-04-10", columns=columns)
    data = due_json("2009-04-10")
    found = [(m[1], int(m[2])) for line in text.splitlines() if (m := HEADINGS.match(line))]
    counts = {s: len(data["sections"][s]) for s in SECTIONS}
    counts["quotas"] = len({row["id"] for row in data["sections"]["quotas"]})  # quotas, not rows
    assert found == [("Overdue", counts["overdue"]), ("Due today", counts["due_today"]),
                     ("In progress", counts["in_progress"]), ("Upcoming", counts["upcoming"]),
                     ("Quotas", counts["quotas"])]
    assert text.splitlines()[0].startswith("环卫处深入学习实践科学发展观活动计划")
    assert "2009-04-10" in text.splitlines()[0]


def test_text_rows_carry_title_phase_who_window_and_timing() -> None:
    lines = text_of("2009-04-12").splitlines()
    row = next(line for line in lines if line.startswith("fieldwork "))
    for part in ("2.6.2", "深入实际调查研究", "学习调研阶段", "处领导班子", "04-05 … 04-15", "ends in 3 days"):
        assert part in row, part
    row = next(line for line in lines if line.startswith("city-lecture "))
    assert "overdue 2 days" in row
    row = next(line for line in lines if line.startswith("report "))
    assert "starts in 3 days" in row
    due_today = text_of("2009-03-30").splitlines()
    assert "due today" in next(line for line in due_today if line.startswith("mobilize "))
    quota = next(line for line in lines if line.startswith("self-study "))
    assert "5.7 h behind pace" in quota and "0/8 h" in quota


def test_text_narrow_keeps_timing_and_phase() -> None:
    text = text_of("2009-04-12", columns=80)
    assert "overdue 13 days" in text and "ends in 3 days" in text and "starts in 3 days" in text
    assert "学习调研阶段" in text and "处领导班子" in text


def test_text_done_section_with_all(tmp_path) -> None:
    plan = with_logs(tmp_path, {"mobilize": ["{date: 2009-03-30, by: sha}"]})
    text = text_of("2009-04-12", "--all", plan=plan)
    headings = [m[1] for line in text.splitlines() if (m := HEADINGS.match(line))]
    assert "Done" in headings
    assert "mobilize" in ids_in_text(text)
    assert "mobilize" not in ids_in_text(text_of("2009-04-12", plan=plan))


def test_text_filters_agree_with_json() -> None:
    for extra in (["--who", "chenjing"], ["--phase", "prep"], ["--days", "0"], ["--who", "leaders", "--phase", "2"]):
        data = due_json("2009-04-12", *extra)
        expected = all_task_ids(data) | {r["id"] for r in quota_rows(data)}
        assert ids_in_text(text_of("2009-04-12", *extra)) == expected, extra


@pytest.mark.parametrize("columns", [120, 80])
def test_empty_case_says_nothing_due(columns: int) -> None:
    text = text_of("2009-01-01", columns=columns)
    lines = [line for line in text.splitlines() if line.strip()]
    assert sum("Nothing due" in line for line in lines) == 1
    assert not any(HEADINGS.match(line) for line in lines)
    assert "│" not in text
    text = text_of("2009-04-12", "--phase", "wrap-up", columns=columns)
    assert sum("Nothing due" in line for line in text.splitlines()) == 1


def test_empty_case_message_is_one_line_at_120() -> None:
    lines = [line for line in text_of("2009-01-01").splitlines() if line.strip()]
    message = [line for line in lines if "Nothing due" in line]
    assert len(message) == 1
    assert len(lines) == 2  # the plan's title and date, then the message


def test_empty_case_message_is_one_line_at_80() -> None:
    lines = [line for line in text_of("2009-01-01", columns=80).splitlines() if line.strip()]
    assert len(lines) == 2


def test_exit_code_and_output_when_not_empty() -> None:
    assert "Nothing due" not in text_of("2009-04-12")


# --- colour -----------------------------------------------------------------------------------------------------------

class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _render_to_tty() -> str:
    from planctl.format.loader import load_path
    from planctl.output import due as view
    from planctl.output.terminal import make_terminal
    from planctl.status.agenda import build_agenda

    plan = load_path(PLAN).plan
    assert plan is not None
    stream = FakeTTY()
    view.render(make_terminal(file=stream, width=120), plan, build_agenda(plan, date(2009, 4, 12)))
    return stream.getvalue()


def test_no_color_respected_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in _render_to_tty()  # a terminal gets colour...
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _render_to_tty()
    assert "\x1b" not in plain  # ...unless NO_COLOR is set
    assert "fieldwork" in plain


@pytest.mark.parametrize("no_color", ["1", None])
def test_piped_output_has_no_escapes(no_color: str | None) -> None:
    text = text_of("2009-04-10", env={"NO_COLOR": no_color, "TERM": "xterm-256color"})
    assert "\x1b" not in text


# --- alignment --------------------------------------------------------------------------------------------------------

def _tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    for line in text.splitlines():
        if HEADINGS.match(line):
            tables.append([])
        elif tables:
            tables[-1].append(line)
    return tables


def _assert_aligned(text: str) -> int:
    tables = _tables(text)
    assert tables
    for table in tables:
        rows = [line for line in table if "│" in line]
        assert rows
        columns = {tuple(display_columns(line, "│")) for line in rows}
        assert len(columns) == 1, "\n".join(rows)
        (row_columns,) = columns
        for line in table:
            if "┃" in line:
                assert tuple(display_columns(line, "┃")) == row_columns, line
            if "╇" in line:
                assert tuple(display_columns(line, "╇")) == row_columns, line
            if "┼" in line:
                assert tuple(display_columns(line, "┼")) == row_columns, line
    return len(tables)


@pytest.mark.parametrize("columns", [120, 80])
@pytest.mark.parametrize("day", ["2009-04-10", "2009-04-12", "2009-05-21", "2009-09-01"])
def test_chinese_titles_line_up(day: str, columns: int) -> None:
    assert _assert_aligned(text_of(day, columns=columns)) >= 1


@pytest.mark.parametrize("columns", [120, 80])
def test_chinese_titles_line_up_with_done_and_pace_states(tmp_path, columns: int) -> None:
    plan = with_logs(tmp_path, {
        "mobilize": ["{date: 2009-03-30, by: sha}"],
        "self-study": ["{date: 2009-04-08, by: lina, amount: 8}", "{date: 2009-04-08, by: sha, amount: 6}"],
        "notes": ["{date: 2009-04-08, by: chenjing, amount: 2500}"],
    })
    text = text_of("2009-04-12", "--all", columns=columns, plan=plan)
    assert _assert_aligned(text) == 5  # overdue, in progress, upcoming, done, quotas
    assert "met" in text and "on pace" in text and "behind pace" in text
