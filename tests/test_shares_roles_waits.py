"""Issue 15: tasks owed by each unit or person, roles besides `who`, and what waits on what.

The two examples of docs/examples/ are run through `due` and `status` on three days each (golden text in
tests/expected/, regenerated with PLANCTL_UPDATE_GOLDEN=1 as tests/test_views.py says); the rest are the
boundaries of the relative-window grammar, the checks, the cache and the merge driver.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from planctl.format import relative
from planctl.format.dates import Window
from planctl.format.loader import load_bytes
from planctl.format.relative import AFTER, BEFORE, ON_DAY_AFTER, WITHIN_AFTER, Relative
from planctl.status import states
from test_git_integration import env  # noqa: F401 - the fixture of a private git environment
from test_views import check_golden

EXAMPLES = ROOT / "docs" / "examples"
NOW = {"PLANCTL_NOW": "2026-03-05T09:00:00+08:00"}


def copy_example(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(EXAMPLES / name, path)
    return path


def ok(*args: str) -> str:
    result = run_cli(*args, env=NOW)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def load(text: str):  # type: ignore[no-untyped-def]
    return load_bytes("plan.yaml", text.encode("utf-8"))


# --- the grammar ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("7 days before dem-life", ("dem-life", BEFORE, 7)),
    ("1 day before dem-life", ("dem-life", BEFORE, 1)),
    ("before dem-life", ("dem-life", BEFORE, 1)),
    ("2 weeks before dem-life", ("dem-life", BEFORE, 14)),
    ("3 days after dem-life", ("dem-life", ON_DAY_AFTER, 3)),
    ("within 3 days after dem-life", ("dem-life", WITHIN_AFTER, 3)),
    ("Within 3 Days After dem-life", ("dem-life", WITHIN_AFTER, 3)),
    ("after dem-life", ("dem-life", AFTER, 0)),
    ("dem-life前7天", ("dem-life", BEFORE, 7)),
    ("dem-life之前七天", ("dem-life", BEFORE, 7)),
    ("dem-life前", ("dem-life", BEFORE, 1)),
    ("dem-life后3天内", ("dem-life", WITHIN_AFTER, 3)),
    ("dem-life以后十五日以内", ("dem-life", WITHIN_AFTER, 15)),
    ("dem-life后两周", ("dem-life", ON_DAY_AFTER, 14)),
    ("dem-life后", ("dem-life", AFTER, 0)),
    ("民主生活会前7天", ("民主生活会", BEFORE, 7)),
])
def test_relative_windows_read_in_english_and_chinese(text: str, expected: tuple[str, str, int]) -> None:
    assert relative.parse(text) == Relative(text, *expected)


@pytest.mark.parametrize("text", ["4月上旬", "2009-04-01", "4月上旬后", "before", "7 days before", "3 days"])
def test_text_that_is_no_relative_window_is_left_to_the_date_grammar(text: str) -> None:
    assert relative.parse(text) is None


@pytest.mark.parametrize("text", ["within 3 days before dem-life", "within after dem-life"])
def test_within_needs_a_count_after_a_task(text: str) -> None:
    with pytest.raises(relative.RelativeError, match="'within' needs a count"):
        relative.parse(text)


D = date.fromisoformat
MEETING = Window(D("2026-01-20"), D("2026-01-21"))
MONTH = Window(D("2026-01-01"), D("2026-01-31"))


@pytest.mark.parametrize("text, parent, expected", [
    ("7 days before m", MONTH, ("2026-01-01", "2026-01-13")),  # from the parent's start, to 7 days before the start
    ("before m", MONTH, ("2026-01-01", "2026-01-19")),
    ("7 days before m", Window(D("2026-01-15"), D("2026-01-31")), ("2026-01-13", "2026-01-13")),  # parent starts later
    ("7 days before m", None, ("2026-01-13", "2026-01-13")),
    ("3 days after m", MONTH, ("2026-01-24", "2026-01-24")),  # after the anchor's last day
    ("within 3 days after m", MONTH, ("2026-01-22", "2026-01-24")),
    ("within 1 day after m", MONTH, ("2026-01-22", "2026-01-22")),
    ("after m", MONTH, ("2026-01-22", "2026-01-31")),
    ("after m", Window(D("2026-01-01"), D("2026-01-21")), ("2026-01-22", "2026-01-22")),  # parent ends first
    ("after m", None, ("2026-01-22", "2026-01-22")),
])
def test_a_relative_window_is_placed_from_the_anchor_at_the_boundaries(text: str, parent: Window | None,
                                                                         expected: tuple[str, str]) -> None:
    spec = relative.parse(text)
    assert spec is not None
    assert relative.place(spec, MEETING, parent) == Window(D(expected[0]), D(expected[1]))


def test_a_relative_window_crosses_month_and_year_ends() -> None:
    spec = relative.parse("within 3 days after m")
    assert spec is not None
    assert relative.place(spec, Window(D("2026-12-30"), D("2026-12-30")), None) == Window(D("2026-12-31"), D("2027-01-02"))
    before = relative.parse("1 day before m")
    assert before is not None
    assert relative.place(before, Window(D("2028-03-01"), D("2028-03-01")), None) == Window(D("2028-02-29"), D("2028-02-29"))


# --- the plan: checks ------------------------------------------------------------------------------

BASE = """\
title: t
year: 2026
roster:
  people:
    zhang: 张伟
    li: 李娜
  groups:
    branches:
      name: 党支部
      units:
        b1: {name: 第一支部, members: [zhang]}
        b2: {name: 第二支部, members: [li]}
phases:
  - id: p
    title: 阶段
    when: 2026-01-01..2026-01-31
    tasks:
      - id: meet
        title: 会议
        when: 1月20日
"""


def problems(extra: str) -> list[tuple[int, int, str]]:
    loaded = load(BASE + extra)
    return [(p.line, p.column, p.message) for p in loaded.problems]


def test_waiting_for_an_unknown_task_is_a_located_error() -> None:
    assert problems("      - id: x\n        title: x\n        after: [meet, meat]\n") == [
        (23, 23, "task 'x' waits for unknown task 'meat'; did you mean 'meet'?")]


def test_a_window_relative_to_an_unknown_task_is_a_located_error() -> None:
    assert problems("      - id: x\n        title: x\n        when: within 3 days after meat\n") == [
        (23, 15, "task 1.2's window: 'within 3 days after meat' names no task 'meat'; did you mean 'meet'? (and is not a date either)")]


def test_tasks_that_wait_for_each_other_are_one_located_error_naming_the_circle() -> None:
    extra = ("      - id: a\n        title: a\n        when: after c\n"
             "      - id: b\n        title: b\n        after: a\n"
             "      - id: c\n        title: c\n        when: b后3天内\n")
    errors = [(p.line, p.column, p.message) for p in load(BASE + extra).problems if p.is_error]
    assert errors == [(23, 15, "tasks wait for each other in a circle: a → c → b → a")]  # (c and a land after the phase: warnings)


def test_a_task_waiting_for_itself_is_an_error() -> None:
    assert problems("      - id: x\n        title: x\n        after: x\n") == [(23, 16, "task 'x' waits for itself")]


def test_roles_are_checked_and_display_names_read_as_ids() -> None:
    extra = "      - id: x\n        title: x\n        牵头: 张伟\n        helpers: [b1, lii]\n        主讲: 王教授\n"
    assert problems(extra) == [(24, 23, "task 'x': helpers: unknown person or group 'lii'; did you mean 'li' (李娜)?")]
    plan = load(BASE + extra.replace("lii", "李娜")).plan
    assert plan is not None
    assert plan.find("x").roles == (("lead", ("zhang",)), ("helpers", ("b1", "li")), ("speakers", ("王教授",)))  # type: ignore[union-attr]


def test_a_role_written_in_english_and_chinese_is_an_error() -> None:
    extra = "      - id: x\n        title: x\n        lead: zhang\n        牵头: li\n"
    assert problems(extra) == [(24, 13, "task 1.2 gives 'lead' twice (as 'lead' and as a Chinese key); keep one")]


def test_a_per_unit_task_needs_a_group_with_units() -> None:
    assert problems("      - id: x\n        title: x\n        who: zhang\n        per: unit\n") == [
        (24, 14, "task 'x' is owed by each unit, but its 'who' names no group with units")]


# --- states ---------------------------------------------------------------------------------------

SHARED = BASE + """\
      - id: each
        title: 各支部
        when: 1月20日
        who: branches
        per: unit
        log:
          - {date: 2026-01-18, by: zhang}
          - {date: 2026-01-22, unit: b2}
      - id: follow
        title: 会后
        when: within 3 days after each
"""


def test_a_per_unit_task_is_done_when_every_unit_has_logged_its_share() -> None:
    plan = load(SHARED).plan
    assert plan is not None
    each = plan.find("each")
    assert states.share_days(plan, each, D("2026-01-21")) == {"b1": D("2026-01-18"), "b2": None}  # type: ignore[arg-type]
    assert not states.is_done(plan, each, D("2026-01-21"))  # type: ignore[arg-type]
    assert states.is_done(plan, each, D("2026-01-22"))  # type: ignore[arg-type]
    assert states.done_date(plan, each, D("2026-01-31")) == D("2026-01-22")  # type: ignore[arg-type]


def test_a_window_after_a_task_follows_its_window_then_its_completion_day() -> None:
    plan = load(SHARED).plan
    assert plan is not None
    follow = plan.find("follow")
    assert follow.window == Window(D("2026-01-21"), D("2026-01-23"))  # type: ignore[union-attr]
    assert states.window_on(plan, follow, D("2026-01-21")) == Window(D("2026-01-21"), D("2026-01-23"))  # type: ignore[arg-type]
    assert [i.id for i in states.waiting_for(plan, follow, D("2026-01-21"))] == ["each"]  # type: ignore[arg-type]
    assert states.window_on(plan, follow, D("2026-01-22")) == Window(D("2026-01-23"), D("2026-01-25"))  # type: ignore[arg-type]
    assert states.waiting_for(plan, follow, D("2026-01-22")) == []  # type: ignore[arg-type]


# --- the cache ------------------------------------------------------------------------------------


def test_the_cache_gives_what_a_fresh_read_gives_for_shares_roles_and_waits(tmp_path: Path) -> None:
    from planctl.store.planfile import open_plan
    from planctl.store.writer import signature

    path = copy_example(tmp_path, "review-meeting.yaml")
    first = open_plan(path, "plan.yaml", require_valid=True)
    assert not first.from_cache
    cached = open_plan(path, "plan.yaml", require_valid=True)
    assert cached.from_cache
    fresh = load_bytes("plan.yaml", path.read_bytes()).plan
    assert fresh is not None

    def facts(plan):  # type: ignore[no-untyped-def]
        return [(t.id, t.per, t.roles, t.after, t.relative, t.window) for t in plan.walk()]

    assert facts(cached.plan) == facts(fresh)
    assert signature(cached.plan) == signature(fresh)
    assert fresh.find("dem-life").roles  # the example does give roles  # type: ignore[union-attr]


# --- the CLI: the examples on three days ------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-01-12", "2026-01-21", "2026-01-23"])
def test_review_meeting_due_and_status(tmp_path: Path, day: str) -> None:
    path = copy_example(tmp_path, "review-meeting.yaml")
    ok("done", "dem-life", "--date", "2026-01-22", "-f", str(path))  # held two days late
    for view in ("due", "status"):
        check_golden(f"example-review-{view}-{day}.txt", ok(view, "--today", day, "-f", str(path)), 120)


@pytest.mark.parametrize("day", ["2026-02-10", "2026-03-05", "2026-03-25"])
def test_branch_campaign_due_and_status(tmp_path: Path, day: str) -> None:
    path = copy_example(tmp_path, "branch-campaign.yaml")
    ok("done", "plan-submit", "--by", "zhangwei", "--date", "2026-02-09", "-f", str(path))
    ok("done", "plan-submit", "--by", "教务处党支部", "--date", "2026-02-12", "-f", str(path))
    ok("done", "branch-life", "--by", "jiguan", "--date", "2026-02-26", "-f", str(path))
    ok("done", "branch-life", "--by", "wangli", "--date", "2026-03-04", "-f", str(path))
    ok("done", "essay", "--by", "lina", "--date", "2026-02-16", "-f", str(path))
    for view in ("due", "status"):
        check_golden(f"example-campaign-{view}-{day}.txt", ok(view, "--today", day, "-f", str(path)), 120)


def test_done_records_a_units_share_once(tmp_path: Path) -> None:
    path = copy_example(tmp_path, "branch-campaign.yaml")
    before = path.read_text(encoding="utf-8")
    done = run_cli("done", "branch-life", "--by", "后勤党支部", "--date", "2026-03-02", "-f", str(path), env=NOW)
    assert done.exit_code == 0
    assert done.stderr.splitlines()[0] == f"recorded: 1.3 branch-life 召开组织生活会: 2026-03-02, for 后勤党支部  ({path}:51)"
    added = [line for line in path.read_text(encoding="utf-8").splitlines() if line not in before.splitlines()]
    assert added == ["        log:", "          - {date: 2026-03-02, unit: houqin, at: 2026-03-05T09:00:00+08:00}"]
    again = run_cli("done", "branch-life", "--by", "sunyan", "--date", "2026-03-03", "-f", str(path), env=NOW)
    assert again.exit_code == 0
    assert again.stderr.splitlines()[0] == ("branch-life 召开组织生活会: the share of 后勤党支部 is already logged "
                                            "(logged 2026-03-02); nothing recorded (use --again to log it again)")
    assert path.read_text(encoding="utf-8").count("unit: houqin") == 1


def test_done_refuses_a_person_who_owes_no_share(tmp_path: Path) -> None:
    path = copy_example(tmp_path, "branch-campaign.yaml")
    result = run_cli("done", "essay", "--by", "xiaoming", "-f", str(path), env=NOW)
    assert result.exit_code == 2
    assert "no person 'xiaoming'" in result.stderr


def test_due_who_shows_the_roles_a_person_holds(tmp_path: Path) -> None:
    path = copy_example(tmp_path, "review-meeting.yaml")
    out = ok("due", "--today", "2026-01-19", "--who", "wangfang", "--days", "3", "-f", str(path))
    assert "as responsible, takes part" in out  # dem-life: 领导班子 is responsible and takes part
    assert "as responsible, lead" in out  # rectify: 王芳 leads it
    data = json.loads(ok("due", "--today", "2026-01-19", "--who", "office", "--json", "-f", str(path)))
    rows = {row["id"]: row for name in ("overdue", "due_today", "in_progress", "upcoming")
            for row in data["sections"][name]}
    assert rows["dem-life"]["held_roles"] == ["helpers"]
    assert rows["dem-life"]["roles"]["guests"] == ["市委第二督导组"]
    assert rows["dem-life"]["roles"]["lead"] == [{"id": "liming", "name": "李明"}]
    assert rows["follow-up"]["waiting_for"] == ["dem-life"]


def test_due_who_a_unit_shows_only_what_that_unit_still_owes(tmp_path: Path) -> None:
    path = copy_example(tmp_path, "branch-campaign.yaml")
    ok("done", "plan-submit", "--by", "jiaowu", "--date", "2026-02-09", "-f", str(path))
    mine = ok("due", "--today", "2026-02-10", "--who", "jiaowu", "-f", str(path))
    others = ok("due", "--today", "2026-02-10", "--who", "xuegong", "-f", str(path))
    assert "plan-submit" not in mine and "plan-submit" in others
    assert "1/4 units done" in others


def test_the_calendar_carries_roles_honestly(tmp_path: Path) -> None:
    from icalendar import Calendar

    path = copy_example(tmp_path, "review-meeting.yaml")
    out = tmp_path / "plan.ics"
    ok("export", "ics", "-o", str(out), "--today", "2026-01-12", "-f", str(path))
    todos = {str(c["UID"]).split("@")[0]: c for c in Calendar.from_ical(out.read_bytes()).walk("VTODO")}
    meeting = todos["dem-life"]
    assert str(meeting["ORGANIZER"]) == "mailto:liming@example.cn"  # the lead has an email
    assert "ATTENDEE" not in meeting  # participants and helpers have none: only in the description
    assert "Participants: 领导班子" in str(meeting["DESCRIPTION"])
    assert "Guests: 市委第二督导组" in str(meeting["DESCRIPTION"])
    follow = todos["follow-up"]
    assert "ORGANIZER" not in follow
    related = follow.get("RELATED-TO")
    depends = [r for r in (related if isinstance(related, list) else [related]) if r.params.get("RELTYPE") == "DEPENDS-ON"]
    assert [str(r).split("@")[0] for r in depends] == ["dem-life"]


def test_shift_keeps_relative_windows_and_moves_them_with_their_anchor(tmp_path: Path) -> None:
    path = copy_example(tmp_path, "review-meeting.yaml")
    ok("shift", "--to", "2027-01-01", "-f", str(path))
    text = path.read_text(encoding="utf-8")
    assert "when: 7 days before dem-life" in text and "when: within 3 days after dem-life" in text
    plan = load(text).plan
    assert plan is not None
    assert plan.find("report").window == Window(D("2027-01-01"), D("2027-01-13"))  # type: ignore[union-attr]


def test_the_timeline_draws_a_waiting_task_after_what_it_waits_for(tmp_path: Path) -> None:
    text = BASE + "      - id: follow\n        title: 会后\n        when: within 3 days after late\n" \
                  "      - id: late\n        title: 后开的会\n        when: 1月25日\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    out = ok("timeline", "--today", "2026-01-10", "-f", str(path))
    labels = [line.split()[0:2] for line in out.splitlines() if "1." in line]
    assert labels == [["1.1", "会议"], ["1.3", "后开的会"], ["↳", "1.2"]]


# --- the merge driver, with real git -----------------------------------------------------------------


def test_shares_logged_in_two_clones_merge_as_a_multiset(tmp_path: Path, env: dict[str, str]) -> None:  # noqa: F811
    from test_git_integration import commit_and_push, git, logs, planctl, pull, two_clones

    plan = (EXAMPLES / "branch-campaign.yaml").read_text(encoding="utf-8")
    a, b = two_clones(tmp_path, env, plan)
    planctl(a, env, "done", "branch-life", "--by", "jiguan", "--date", "2026-02-26")
    commit_and_push(a, env, "jiguan")
    planctl(b, env, "done", "branch-life", "--by", "wangli", "--date", "2026-03-04")
    planctl(b, env, "done", "branch-life", "--by", "jiguan", "--date", "2026-02-27", "--again")
    git(b, env, "commit", "-q", "-am", "jiaowu")
    assert pull(b, env).returncode == 0
    merged = logs(b)["branch-life"]
    assert sorted((k[0].isoformat(), k[2]) for k in merged) == [  # type: ignore[attr-defined]
        ("2026-02-26", "jiguan"), ("2026-02-27", "jiguan"), ("2026-03-04", "jiaowu")]
    shares = json.loads(planctl(b, env, "status", "--today", "2026-03-05", "--json").stdout)["shares"]
    life = next(row for row in shares if row["id"] == "branch-life")
    assert [(r["id"], r["date"]) for r in life["done"]] == [("jiguan", "2026-02-26"), ("jiaowu", "2026-03-04")]
    assert [r["id"] for r in life["owed"]] == ["xuegong", "houqin"]


def test_show_gives_the_relative_window_the_roles_the_shares_and_the_waits(tmp_path: Path) -> None:
    path = copy_example(tmp_path, "review-meeting.yaml")
    lines = ok("show", "follow-up", "--today", "2026-01-21", "-f", str(path)).splitlines()
    assert lines[2:7] == ["Window   within 3 days after dem-life → 2026-01-21 … 2026-01-23 (3 days)",
                          "State    in progress, ends in 2 days", "Who      办公室 (陈静)", "Sent to  市委组织部",
                          "After    dem-life 召开专题民主生活会 (waiting)"]
    path.write_text((EXAMPLES / "branch-campaign.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    ok("done", "branch-life", "--by", "jiguan", "--date", "2026-02-26", "-f", str(path))
    shown = ok("show", "branch-life", "--today", "2026-03-01", "-f", str(path))
    assert "Shares   1/4 units done: 机关党支部 2026-02-26; not yet: 教务处党支部, 学生工作党支部, 后勤党支部" in shown


def chain_plan(count: int, *, after: bool = False, circle: bool = False) -> str:
    """`count` tasks, each relative to (or, with `after`, waiting for) the one before; `circle` closes it."""
    lines = []
    for i in range(1, count + 1):
        ref = f"t{i - 1}" if i > 1 else (f"t{count}" if circle else "meet")
        lines.append(f"      - id: t{i}\n        title: t{i}\n" +
                     (f"        after: {ref}\n" if after else f"        when: 1 day after {ref}\n"))
    return BASE + "".join(lines)


def test_a_chain_of_relative_windows_longer_than_the_limit_is_one_located_error() -> None:
    loaded = load(chain_plan(relative.MAX_CHAIN + 20))
    assert [(p.line, p.message) for p in loaded.errors] == [
        (21 + 3 * relative.MAX_CHAIN + 2, "task 1.102's window: '1 day after t100' is the 101th in a chain of windows relative to one "
                                          "another; at most 100")]
    plan = loaded.plan
    assert plan is not None
    last = D("2026-01-20") + timedelta(days=100)  # each a day after the one before
    assert plan.find("t100").window == Window(last, last)  # type: ignore[union-attr]
    assert plan.find("t101").window is None  # type: ignore[union-attr]


def test_long_chains_and_circles_of_waits_are_checked_without_recursion() -> None:
    assert load(chain_plan(3000, after=True)).errors == []
    circle = load(chain_plan(1500, after=True, circle=True))
    assert [p.message for p in circle.errors] == [
        "tasks wait for each other in a circle: t1 → t1500 → t1499 → t1498 → … (1494 more) … → t3 → t2 → t1"]
