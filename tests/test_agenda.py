"""`planctl due` on the bundled plan: which task lands in which section, how many days, and how quotas stand.

Every expectation below was worked out by hand from the seed (../shared/seed/000_e3a51efdf5460c60.txt) and the
windows plan.yaml writes for it:

    prep 03-01..03-30      lead-group, scheme (inherit the phase), mobilize 03-30
    study 03-31..05-20     theory 03-31..04-30, city-lecture 04-01..04-10 (4月上旬), tutorial/lecture 04-21..04-30,
                           consult 04-01..05-20 { forums 04-01..04-05, web-column 04-01..05-20,
                                                  letters/public-forum 04-11..05-10 },
                           research 04-01..04-30 { topics 04-01..04-05 (4月5日前), fieldwork 04-05..04-15,
                                                   report 04-15..04-20 },
                           debate 04-11..04-30, quiz 05-01..05-20
    review 05-21..06-20    dem-life/branch-life 05-21..05-30, check-report 06-01..06-10, appraisal 06-01..06-20
    rectify 06-21..08-20   fix-plan 06-21..06-30, solve/mechanism 07-01..08-20
    wrap-up 08-21..08-31   summary 08-21..08-25, survey 08-25..08-31
"""

from __future__ import annotations

import pytest

from helpers_due import (
    ALL_QUOTAS,
    ALL_TASKS,
    LEADERS,
    PEOPLE,
    PHASE_IDS,
    PLAN,
    SECTIONS,
    all_task_ids,
    days_of,
    due,
    due_json,
    ids,
    quota_by_scope,
    quota_rows,
    with_logs,
)

# --- sections by day ------------------------------------------------------------------------------------------------

# today -> {section: {task id: days}}; "quotas" -> the set of quota ids with a row.
EXPECTED: dict[str, dict[str, object]] = {
    "2009-02-21": {"overdue": {}, "due_today": {}, "in_progress": {}, "upcoming": {}, "quotas": set()},
    "2009-02-22": {
        "overdue": {}, "due_today": {}, "in_progress": {},
        "upcoming": {"lead-group": 7, "scheme": 7},
        "quotas": set(),
    },
    "2009-03-30": {
        "overdue": {},
        "due_today": {"lead-group": 0, "scheme": 0, "mobilize": 0},
        "in_progress": {},
        "upcoming": {"theory": 1, "city-lecture": 2, "consult": 2, "forums": 2, "web-column": 2, "research": 2,
                     "topics": 2, "fieldwork": 6},
        "quotas": set(),
    },
    "2009-03-31": {
        "overdue": {"lead-group": 1, "scheme": 1, "mobilize": 1},
        "due_today": {},
        "in_progress": {"theory": 30},
        "upcoming": {"city-lecture": 1, "consult": 1, "forums": 1, "web-column": 1, "research": 1, "topics": 1,
                     "fieldwork": 5},
        "quotas": {"branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections"},
    },
    "2009-04-10": {
        "overdue": {"lead-group": 11, "scheme": 11, "mobilize": 11, "forums": 5, "topics": 5},
        "due_today": {"city-lecture": 0},
        "in_progress": {"theory": 20, "consult": 40, "web-column": 40, "research": 20, "fieldwork": 5},
        "upcoming": {"letters": 1, "public-forum": 1, "debate": 1, "report": 5},
        "quotas": {"center-study", "branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections"},
    },
    "2009-04-11": {
        "overdue": {"lead-group": 12, "scheme": 12, "mobilize": 12, "forums": 6, "topics": 6, "city-lecture": 1},
        "due_today": {},
        "in_progress": {"theory": 19, "consult": 39, "web-column": 39, "research": 19, "fieldwork": 4, "letters": 29,
                        "public-forum": 29, "debate": 19},
        "upcoming": {"report": 4},
        "quotas": {"branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections"},
    },
    "2009-04-12": {
        "overdue": {"lead-group": 13, "scheme": 13, "mobilize": 13, "forums": 7, "topics": 7, "city-lecture": 2},
        "due_today": {},
        "in_progress": {"theory": 18, "consult": 38, "web-column": 38, "research": 18, "fieldwork": 3, "letters": 28,
                        "public-forum": 28, "debate": 18},
        "upcoming": {"report": 3},
        "quotas": {"branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections"},
    },
    "2009-04-30": {
        "overdue": {"lead-group": 31, "scheme": 31, "mobilize": 31, "forums": 25, "topics": 25, "city-lecture": 20,
                    "fieldwork": 15, "report": 10},
        "due_today": {"theory": 0, "tutorial": 0, "lecture": 0, "research": 0, "debate": 0},
        "in_progress": {"consult": 20, "web-column": 20, "letters": 10, "public-forum": 10},
        "upcoming": {"quiz": 1},
        "quotas": {"branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections"},
    },
    "2009-05-20": {
        "overdue": {"lead-group": 51, "scheme": 51, "mobilize": 51, "forums": 45, "topics": 45, "city-lecture": 40,
                    "fieldwork": 35, "report": 30, "theory": 20, "tutorial": 20, "lecture": 20, "research": 20,
                    "debate": 20, "letters": 10, "public-forum": 10},
        "due_today": {"consult": 0, "web-column": 0, "quiz": 0},
        "in_progress": {},
        "upcoming": {"dem-life": 1, "branch-life": 1},
        "quotas": set(),
    },
    "2009-05-21": {
        "overdue": {"lead-group": 52, "scheme": 52, "mobilize": 52, "forums": 46, "topics": 46, "city-lecture": 41,
                    "fieldwork": 36, "report": 31, "theory": 21, "tutorial": 21, "lecture": 21, "research": 21,
                    "debate": 21, "letters": 11, "public-forum": 11, "consult": 1, "web-column": 1, "quiz": 1},
        "due_today": {},
        "in_progress": {"dem-life": 9, "branch-life": 9},
        "upcoming": {},
        "quotas": {"branch-life-held"},
    },
    "2009-06-01": {
        "overdue": {"lead-group": 63, "scheme": 63, "mobilize": 63, "forums": 57, "topics": 57, "city-lecture": 52,
                    "fieldwork": 47, "report": 42, "theory": 32, "tutorial": 32, "lecture": 32, "research": 32,
                    "debate": 32, "letters": 22, "public-forum": 22, "consult": 12, "web-column": 12, "quiz": 12,
                    "dem-life": 2, "branch-life": 2},
        "due_today": {},
        "in_progress": {"check-report": 9, "appraisal": 19},
        "upcoming": {},
        "quotas": set(),
    },
    "2009-06-25": {
        "overdue": {"lead-group": 87, "scheme": 87, "mobilize": 87, "forums": 81, "topics": 81, "city-lecture": 76,
                    "fieldwork": 71, "report": 66, "theory": 56, "tutorial": 56, "lecture": 56, "research": 56,
                    "debate": 56, "letters": 46, "public-forum": 46, "consult": 36, "web-column": 36, "quiz": 36,
                    "dem-life": 26, "branch-life": 26, "check-report": 15, "appraisal": 5},
        "due_today": {},
        "in_progress": {"fix-plan": 5},
        "upcoming": {"solve": 6, "mechanism": 6},
        "quotas": set(),
    },
    "2009-08-20": {
        "overdue": {"lead-group": 143, "scheme": 143, "mobilize": 143, "forums": 137, "topics": 137,
                    "city-lecture": 132, "fieldwork": 127, "report": 122, "theory": 112, "tutorial": 112,
                    "lecture": 112, "research": 112, "debate": 112, "letters": 102, "public-forum": 102,
                    "consult": 92, "web-column": 92, "quiz": 92, "dem-life": 82, "branch-life": 82,
                    "check-report": 71, "appraisal": 61, "fix-plan": 51},
        "due_today": {"solve": 0, "mechanism": 0},
        "in_progress": {},
        "upcoming": {"summary": 1, "survey": 5},
        "quotas": set(),
    },
    "2009-08-31": {
        "overdue": {"lead-group": 154, "scheme": 154, "mobilize": 154, "forums": 148, "topics": 148,
                    "city-lecture": 143, "fieldwork": 138, "report": 133, "theory": 123, "tutorial": 123,
                    "lecture": 123, "research": 123, "debate": 123, "letters": 113, "public-forum": 113,
                    "consult": 103, "web-column": 103, "quiz": 103, "dem-life": 93, "branch-life": 93,
                    "check-report": 82, "appraisal": 72, "fix-plan": 62, "solve": 11, "mechanism": 11, "summary": 6},
        "due_today": {"survey": 0},
        "in_progress": {},
        "upcoming": {},
        "quotas": set(),
    },
    "2009-09-01": {
        "overdue": {"lead-group": 155, "scheme": 155, "mobilize": 155, "forums": 149, "topics": 149,
                    "city-lecture": 144, "fieldwork": 139, "report": 134, "theory": 124, "tutorial": 124,
                    "lecture": 124, "research": 124, "debate": 124, "letters": 114, "public-forum": 114,
                    "consult": 104, "web-column": 104, "quiz": 104, "dem-life": 94, "branch-life": 94,
                    "check-report": 83, "appraisal": 73, "fix-plan": 63, "solve": 12, "mechanism": 12, "summary": 7,
                    "survey": 1},
        "due_today": {},
        "in_progress": {},
        "upcoming": {},
        "quotas": set(),
    },
}


@pytest.fixture(scope="module")
def agendas() -> dict[str, dict]:
    return {day: due_json(day) for day in EXPECTED}


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_sections_by_day(agendas: dict[str, dict], day: str) -> None:
    data = agendas[day]
    assert data["today"] == day
    assert data["horizon_days"] == 7
    for section in SECTIONS:
        assert days_of(data, section) == EXPECTED[day][section], section
    assert {r["id"] for r in quota_rows(data)} == EXPECTED[day]["quotas"]
    assert "done" not in data["sections"]


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_each_task_at_most_once_and_never_a_phase(agendas: dict[str, dict], day: str) -> None:
    data = agendas[day]
    listed = [row["id"] for s in SECTIONS for row in data["sections"][s]]
    assert len(listed) == len(set(listed))
    assert not set(listed) & PHASE_IDS
    assert set(listed) <= ALL_TASKS
    assert {r["id"] for r in quota_rows(data)} <= ALL_QUOTAS


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_relation_words_match_days(agendas: dict[str, dict], day: str) -> None:
    words = {"overdue": "overdue {} day", "in_progress": "ends in {} day", "upcoming": "starts in {} day"}
    for section in SECTIONS:
        for row in agendas[day]["sections"][section]:
            assert row["section"] == section
            assert row["done"] is False
            if section == "due_today":
                assert row["relation"] == "due today"
            else:
                n = row["days"]
                expected = words[section].format(n) + ("" if n == 1 else "s")
                assert row["relation"] == expected


def test_after_the_plan_everything_is_overdue(agendas: dict[str, dict]) -> None:
    assert ids(agendas["2009-09-01"], "overdue") == ALL_TASKS
    assert len(ALL_TASKS) == 27


def test_task_rows_carry_phase_who_and_window(agendas: dict[str, dict]) -> None:
    rows = {row["id"]: row for s in SECTIONS for row in agendas["2009-04-12"]["sections"][s]}
    topics = rows["topics"]
    assert topics["phase"] == {"id": "study", "title": "学习调研阶段"}
    assert topics["who"] == [{"id": "leaders", "name": "处领导班子"}]  # inherited from 开展专题调研
    assert topics["window"]["start"] == "2009-04-01" and topics["window"]["end"] == "2009-04-05"
    assert topics["outline"] == "2.6.1"
    assert topics["title"] == "拟定调研课题"
    assert topics["window"]["written"] == "2009年4月5日前"
    assert rows["research"]["window"] == {"start": "2009-04-01", "end": "2009-04-30", "days": 30,
                                       "written": "2009年4月初-4月底"}
    assert rows["theory"]["who"] == [{"id": "members", "name": "全体党员"}]
    assert rows["lead-group"]["window"]["start"] == "2009-03-01"
    assert rows["lead-group"]["phase"]["id"] == "prep"


# --- --days -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("horizon", "expected"), [
    ("0", set()),
    ("1", {"theory"}),
    ("5", {"theory", "city-lecture", "consult", "forums", "web-column", "research", "topics"}),
    ("6", {"theory", "city-lecture", "consult", "forums", "web-column", "research", "topics", "fieldwork"}),
    ("22", {"theory", "city-lecture", "consult", "forums", "web-column", "research", "topics", "fieldwork",
            "letters", "public-forum", "debate", "report", "tutorial", "lecture"}),
])
def test_days_sets_the_upcoming_horizon(horizon: str, expected: set[str]) -> None:
    data = due_json("2009-03-30", "--days", horizon)
    assert data["horizon_days"] == int(horizon)
    assert ids(data, "upcoming") == expected
    assert ids(data, "due_today") == {"lead-group", "scheme", "mobilize"}


def test_long_horizon_from_before_the_plan() -> None:
    data = due_json("2009-02-01", "--days", "204")
    upcoming = days_of(data, "upcoming")
    assert set(upcoming) == ALL_TASKS - {"survey"}
    # 02-01 -> 03-01 is 28 days, -> 04-01 59, -> 05-01 89, -> 06-01 120, -> 07-01 150, -> 08-21 201.
    assert upcoming["lead-group"] == 28 and upcoming["theory"] == 58 and upcoming["city-lecture"] == 59
    assert upcoming["quiz"] == 89 and upcoming["dem-life"] == 109 and upcoming["solve"] == 150
    assert upcoming["summary"] == 201
    assert all(r["relation"] == f"starts in {r['days']} days" for r in data["sections"]["upcoming"])
    assert set(days_of(due_json("2009-02-01", "--days", "205"), "upcoming")) == ALL_TASKS
    assert quota_rows(data) == []


def test_huge_days_is_not_an_internal_error() -> None:
    result = due(PLAN, "--days", "999999999", today="2009-04-12")
    assert result.exit_code in (0, 2)
    assert "internal error" not in result.stderr


def test_negative_days_is_a_usage_error() -> None:
    result = due(PLAN, "--days", "-1", today="2009-03-30")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


# --- --phase ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["prep", "1", "活动准备", "准备"])
def test_phase_filter_prep(query: str) -> None:
    data = due_json("2009-04-12", "--phase", query)
    assert days_of(data, "overdue") == {"lead-group": 13, "scheme": 13, "mobilize": 13}
    assert all_task_ids(data) == {"lead-group", "scheme", "mobilize"}
    assert quota_rows(data) == []


@pytest.mark.parametrize("query", ["study", "2", "学习调研"])
def test_phase_filter_study(query: str) -> None:
    data = due_json("2009-04-10", "--phase", query)
    assert ids(data, "overdue") == {"forums", "topics"}
    assert ids(data, "due_today") == {"city-lecture"}
    assert ids(data, "in_progress") == {"theory", "consult", "web-column", "research", "fieldwork"}
    assert ids(data, "upcoming") == {"letters", "public-forum", "debate", "report"}
    assert {r["id"] for r in quota_rows(data)} == {
        "center-study", "branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections"}
    assert all(r["phase"]["id"] == "study" for r in quota_rows(data))


def test_phase_filter_review_keeps_its_quota() -> None:
    data = due_json("2009-05-21", "--phase", "review")
    assert days_of(data, "in_progress") == {"dem-life": 9, "branch-life": 9}
    assert ids(data, "overdue") == set()
    assert {r["id"] for r in quota_rows(data)} == {"branch-life-held"}
    data = due_json("2009-05-21", "--phase", "study")
    assert quota_rows(data) == []
    assert ids(data, "overdue") == set(EXPECTED["2009-05-21"]["overdue"]) - {"lead-group", "scheme", "mobilize"}


def test_phase_filter_can_leave_nothing() -> None:
    data = due_json("2009-04-12", "--phase", "wrap-up")
    assert all_task_ids(data) == set() and quota_rows(data) == []


@pytest.mark.parametrize("query", ["阶段", "nosuchphase", "theory"])
def test_phase_filter_unknown_or_ambiguous_is_a_usage_error(query: str) -> None:
    result = due(PLAN, "--phase", query, today="2009-04-12")
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


# --- --who ------------------------------------------------------------------------------------------------------------

MEMBER_TASKS_0412 = {"theory", "debate"}  # members' tasks on 04-12 (in progress)
LEADER_TASKS_0412 = {"lead-group", "scheme", "mobilize", "forums", "topics", "city-lecture", "fieldwork", "research",
                     "letters", "public-forum", "consult", "web-column", "report"}


def test_who_person_outside_the_leaders_gets_member_and_branch_work() -> None:
    data = due_json("2009-04-12", "--who", "chenjing")
    assert all_task_ids(data) == MEMBER_TASKS_0412
    assert ids(data, "in_progress") == {"theory", "debate"}
    scopes = {(r["id"], r["scope"]["id"]) for r in quota_rows(data)}
    assert scopes == {("self-study", "chenjing"), ("notes", "chenjing"), ("reflections", "chenjing"),
                      ("branch-study", "jixie"), ("branch-lecture", "jixie")}


def test_who_person_by_name_in_the_leaders() -> None:
    by_name = due_json("2009-04-12", "--who", "张伟")
    by_id = due_json("2009-04-12", "--who", "zhangwei")
    assert by_name["sections"] == by_id["sections"]
    assert all_task_ids(by_id) == MEMBER_TASKS_0412 | LEADER_TASKS_0412
    scopes = {(r["id"], r["scope"]["id"]) for r in quota_rows(by_id)}
    assert scopes == {("self-study", "zhangwei"), ("notes", "zhangwei"), ("reflections", "zhangwei"),
                      ("essay", "zhangwei"), ("branch-study", "jiguan"), ("branch-lecture", "jiguan")}


@pytest.mark.parametrize("query", ["leaders", "处领导班子"])
def test_who_group_gets_its_own_tasks_and_its_members_rows(query: str) -> None:
    data = due_json("2009-04-12", "--who", query)
    assert all_task_ids(data) == LEADER_TASKS_0412
    assert ids(data, "upcoming") == {"report"}
    for row in quota_rows(data):
        assert row["scope"]["kind"] == "person"
        assert row["scope"]["id"] in LEADERS
    assert {r["id"] for r in quota_rows(data)} == {"self-study", "notes", "reflections", "essay"}
    assert len(quota_rows(data)) == 12


def test_who_branches_on_branch_life_day() -> None:
    data = due_json("2009-05-21", "--who", "branches")
    assert all_task_ids(data) == {"branch-life"}
    assert {r["scope"]["id"] for r in quota_rows(data, "branch-life-held")} == {"jiguan", "jixie"}


def test_who_person_gets_their_branch_row_only() -> None:
    data = due_json("2009-05-21", "--who", "yangfan")
    assert ids(data, "in_progress") == {"branch-life"}
    assert "dem-life" not in all_task_ids(data)
    assert [(r["id"], r["scope"]["id"]) for r in quota_rows(data)] == [("branch-life-held", "jixie")]


def test_who_center_sees_the_center_study_quota() -> None:
    data = due_json("2009-04-05", "--who", "center")
    assert "center-study" in {r["id"] for r in quota_rows(data)}
    data = due_json("2009-04-05", "--who", "chenjing")
    assert "center-study" not in {r["id"] for r in quota_rows(data)}
    assert "forums-held" not in {r["id"] for r in quota_rows(data)}


def test_who_unit_gets_its_groups_tasks() -> None:
    data = due_json("2009-05-21", "--who", "jixie")
    assert [(r["id"], r["scope"]["id"]) for r in quota_rows(data)] == [("branch-life-held", "jixie")]
    assert ids(data, "in_progress") == {"branch-life"}


def test_who_unknown_is_a_usage_error() -> None:
    result = due(PLAN, "--who", "nobody", today="2009-04-12")
    assert result.exit_code == 2
    assert "nobody" in result.stderr
    assert "Traceback" not in result.stderr


# --- done tasks ---------------------------------------------------------------------------------------------------------

def test_logged_task_is_not_due_and_shows_with_all(tmp_path) -> None:
    plan = with_logs(tmp_path, {"mobilize": ["{date: 2009-03-30, by: sha, note: 动员大会}"]})
    data = due_json("2009-03-30", plan=plan)
    assert ids(data, "due_today") == {"lead-group", "scheme"}
    assert "done" not in data["sections"]
    data = due_json("2009-03-30", "--all", plan=plan)
    assert ids(data, "due_today") == {"lead-group", "scheme"}
    assert [row["id"] for row in data["sections"]["done"]] == ["mobilize"]
    row = data["sections"]["done"][0]
    assert row["done"] is True and row["relation"] == "done 2009-03-30" and row["done_on"] == "2009-03-30"
    # Later, a done task is not overdue either.
    assert "mobilize" not in ids(due_json("2009-04-12", plan=plan), "overdue")


def test_logged_future_task_leaves_upcoming(tmp_path) -> None:
    plan = with_logs(tmp_path, {"report": ["{date: 2009-04-11, by: zhangwei}"]})
    data = due_json("2009-04-12", plan=plan)
    assert ids(data, "upcoming") == set()
    assert "report" in {row["id"] for row in due_json("2009-04-12", "--all", plan=plan)["sections"]["done"]}


def test_parent_done_when_all_subtasks_logged(tmp_path) -> None:
    plan = with_logs(tmp_path, {
        "topics": ["{date: 2009-04-04, by: sha}"],
        "fieldwork": ["{date: 2009-04-11, by: zhangwei}"],
        "report": ["{date: 2009-04-12, by: lina}"],
    })
    data = due_json("2009-04-12", plan=plan)
    assert days_of(data, "overdue") == {"lead-group": 13, "scheme": 13, "mobilize": 13, "forums": 7,
                                        "city-lecture": 2}
    assert ids(data, "in_progress") == {"theory", "consult", "web-column", "debate", "letters", "public-forum"}
    assert ids(data, "upcoming") == set()
    data = due_json("2009-04-12", "--all", plan=plan)
    assert {row["id"] for row in data["sections"]["done"]} == {"research", "topics", "fieldwork", "report"}
    assert "research" not in ids(due_json("2009-05-01", plan=plan), "overdue")


def test_parent_not_done_while_a_subtask_is_open(tmp_path) -> None:
    plan = with_logs(tmp_path, {"topics": ["{date: 2009-04-04, by: sha}"], "fieldwork": ["{date: 2009-04-11, by: sha}"]})
    data = due_json("2009-04-12", plan=plan)
    assert "research" in ids(data, "in_progress")
    assert ids(data, "upcoming") == {"report"}
    assert "research" in ids(due_json("2009-05-01", plan=plan), "overdue")


def test_subtask_done_by_its_quota_and_parent_done_by_its_subtasks(tmp_path) -> None:
    consult_subtasks = {"web-column": ["{date: 2009-05-15, by: sha}"],
                        "letters": ["{date: 2009-05-08, by: sha}"],
                        "public-forum": ["{date: 2009-05-09, by: lina}"]}
    one_forum = with_logs(tmp_path, {"forums-held": ["{date: 2009-04-02, by: sha}"], **consult_subtasks}, "one.yaml")
    data = due_json("2009-04-10", plan=one_forum)
    assert "forums" in ids(data, "overdue")
    assert "consult" in ids(data, "in_progress")
    both = with_logs(tmp_path, {"forums-held": ["{date: 2009-04-02, by: sha}", "{date: 2009-04-04, by: zhangwei}"],
                                **consult_subtasks}, "two.yaml")
    data = due_json("2009-04-10", plan=both)
    # The sub-tasks of consult are logged in May: on 04-10 they are not done yet, so neither is consult.
    assert ids(data, "overdue") == {"lead-group", "scheme", "mobilize", "topics"}
    assert ids(data, "in_progress") == {"theory", "research", "fieldwork", "consult", "web-column"}
    assert ids(data, "upcoming") == {"debate", "report", "letters", "public-forum"}
    assert "consult" not in ids(due_json("2009-05-21", plan=both), "overdue")
    done = {row["id"] for row in due_json("2009-05-16", "--all", plan=both)["sections"]["done"]}
    assert {"forums", "consult", "web-column", "letters", "public-forum"} <= done


def _theory_quota_logs(skip: tuple[str, str] | None = None) -> dict[str, list[str]]:
    weeks = ["2009-04-01", "2009-04-08", "2009-04-15", "2009-04-22", "2009-04-29"]
    members = sorted(PEOPLE)
    self_study = [f"{{date: {day}, by: {p}, amount: 8}}" for p in members for day in weeks if (p, day) != skip]
    return {
        "branch-study": ["{date: 2009-04-20, unit: jiguan, amount: 5}", "{date: 2009-04-20, unit: jixie, amount: 5}"],
        "branch-lecture": ["{date: 2009-04-21, by: sha, amount: 2}", "{date: 2009-04-21, by: lina, amount: 2}"],
        "self-study": self_study,
        "notes": [f"{{date: 2009-04-25, by: {p}, amount: 5000}}" for p in members],
        "essay": [f"{{date: 2009-04-26, by: {p}}}" for p in sorted(LEADERS)],
        "reflections": [f"{{date: 2009-04-27, by: {p}, amount: 7}}" for p in members],
    }


def test_task_made_of_met_quotas_is_done(tmp_path) -> None:
    plan = with_logs(tmp_path, _theory_quota_logs())
    data = due_json("2009-05-01", plan=plan)
    assert "theory" not in ids(data, "overdue")
    assert "theory" in {row["id"] for row in due_json("2009-05-01", "--all", plan=plan)["sections"]["done"]}


def test_task_with_one_quota_short_is_not_done(tmp_path) -> None:
    plan = with_logs(tmp_path, _theory_quota_logs(skip=("yangfan", "2009-04-15")))
    assert "theory" in ids(due_json("2009-05-01", plan=plan), "overdue")


def test_logged_task_does_not_count_for_strict(tmp_path) -> None:
    plan = with_logs(tmp_path, {t: ["{date: 2009-03-30, by: sha}"] for t in ("lead-group", "scheme", "mobilize")})
    data = due_json("2009-03-31", "--strict", plan=plan)
    assert ids(data, "overdue") == set()
    assert all(r["state"] == "on pace" for r in quota_rows(data))


# --- quotas ---------------------------------------------------------------------------------------------------------------

def test_quota_rows_on_the_first_day_of_theory(agendas: dict[str, dict]) -> None:
    rows = quota_rows(agendas["2009-03-31"])
    assert len(rows) == 2 + 2 + 7 + 7 + 3 + 7
    for row in rows:
        assert row["done"] == 0 and row["expected"] == 0
        assert row["state"] == "on pace"
    per = {r["id"]: r["scope"]["kind"] for r in rows}
    assert per == {"branch-study": "unit", "branch-lecture": "unit", "self-study": "person", "notes": "person",
                   "essay": "person", "reflections": "person"}
    assert {r["scope"]["id"] for r in quota_rows(agendas["2009-03-31"], "essay")} == LEADERS
    assert {r["scope"]["id"] for r in quota_rows(agendas["2009-03-31"], "notes")} == PEOPLE
    assert {r["scope"]["id"] for r in quota_rows(agendas["2009-03-31"], "branch-study")} == {"jiguan", "jixie"}
    week = quota_rows(agendas["2009-03-31"], "self-study")[0]["period"]
    assert week == {"start": "2009-03-31", "end": "2009-04-06", "days": 7, "written": None}


def test_notes_target_for_leaders(agendas: dict[str, dict]) -> None:
    rows = quota_by_scope(agendas["2009-04-12"], "notes")
    for person in PEOPLE:
        assert rows[person]["target"] == (5000 if person in LEADERS else 3000), person
        # 12 whole days of 03-31..04-30 (31 days) are gone on the morning of 04-12.
        assert rows[person]["expected"] == pytest.approx(rows[person]["target"] * 12 / 31, abs=1e-3)
        assert rows[person]["unit"] == "字"


def test_self_study_pace_with_logged_hours(tmp_path) -> None:
    plan = with_logs(tmp_path, {"self-study": [
        "{date: 2009-04-06, by: zhangwei, amount: 8}",  # the week before: does not count
        "{date: 2009-04-07, by: zhangwei, amount: 2}",
        "{date: 2009-04-10, by: zhangwei, amount: 4}",
        "{date: 2009-04-11, by: sha, amount: 5}",
        "{date: 2009-04-12, by: lina, amount: 8}",
        "{date: 2009-04-09, by: wangfang, amount: 2.5, note: 读《邓小平论科学发展》}",
        "{date: 2009-04-09, by: wangfang, amount: 3.5}",
    ]})
    data = due_json("2009-04-12", plan=plan)
    rows = quota_by_scope(data, "self-study")
    assert set(rows) == PEOPLE
    expected = 8 * 5 / 7  # 04-07..04-11 are gone on the morning of 04-12
    for row in rows.values():
        assert row["period"] == {"start": "2009-04-07", "end": "2009-04-13", "days": 7, "written": None}
        assert row["target"] == 8
        assert row["expected"] == pytest.approx(expected, abs=1e-3)
        assert row["days_left"] == 1  # ends on the 13th: tomorrow, as a task ending then "ends in 1 day"
    done = {p: rows[p]["done"] for p in PEOPLE}
    assert done == {"zhangwei": 6, "sha": 5, "lina": 8, "wangfang": 6, "liuyang": 0, "chenjing": 0, "yangfan": 0}
    states = {p: rows[p]["state"] for p in PEOPLE}
    assert states == {"zhangwei": "on pace", "wangfang": "on pace", "sha": "behind", "lina": "met",
                      "liuyang": "behind", "chenjing": "behind", "yangfan": "behind"}
    assert rows["sha"]["behind_by"] == pytest.approx(expected - 5, abs=1e-3)
    assert rows["liuyang"]["behind_by"] == pytest.approx(expected, abs=1e-3)
    assert rows["zhangwei"]["behind_by"] == 0


def test_self_study_first_week_and_prorated_last_week(tmp_path) -> None:
    plan = with_logs(tmp_path, {"self-study": ["{date: 2009-04-02, by: liuyang, amount: 1}",
                                               "{date: 2009-04-29, by: liuyang, amount: 2}",
                                               "{date: 2009-04-28, by: chenjing, amount: 3.5}"]})
    rows = quota_by_scope(due_json("2009-04-03", plan=plan), "self-study")
    assert rows["liuyang"]["period"] == {"start": "2009-03-31", "end": "2009-04-06", "days": 7, "written": None}
    assert rows["liuyang"]["expected"] == pytest.approx(8 * 3 / 7, abs=1e-3)
    assert rows["liuyang"]["done"] == 1 and rows["liuyang"]["state"] == "behind"
    rows = quota_by_scope(due_json("2009-04-30", plan=plan), "self-study")
    last_target = 8 * 3 / 7  # 04-28..04-30: three days of a week
    for row in rows.values():
        assert row["period"] == {"start": "2009-04-28", "end": "2009-04-30", "days": 3, "written": None}
        assert row["target"] == pytest.approx(last_target, abs=1e-3)
        assert row["expected"] == pytest.approx(last_target * 2 / 3, abs=1e-3)
        assert row["days_left"] == 0  # today is the period's last day: "ends today"
    assert rows["liuyang"]["done"] == 2 and rows["liuyang"]["state"] == "behind"
    assert rows["chenjing"]["state"] == "met"
    assert rows["sha"]["state"] == "behind"


def test_notes_pace_leaders_and_others(tmp_path) -> None:
    plan = with_logs(tmp_path, {"notes": [
        "{date: 2009-04-05, by: sha, amount: 3000}",
        "{date: 2009-04-05, by: chenjing, amount: 3000}",
        "{date: 2009-04-08, by: wangfang, amount: 1000}",
        "{date: 2009-04-08, by: zhangwei, amount: 1500}",
        "{date: 2009-04-11, by: zhangwei, amount: 500}",
    ]})
    rows = quota_by_scope(due_json("2009-04-12", plan=plan), "notes")
    assert rows["sha"]["done"] == 3000 and rows["sha"]["target"] == 5000
    assert rows["sha"]["state"] == "on pace"  # 3000 of a leader's 5000 is not met
    assert rows["chenjing"]["state"] == "met"
    assert rows["wangfang"]["state"] == "behind"
    assert rows["wangfang"]["behind_by"] == pytest.approx(3000 * 12 / 31 - 1000, abs=1e-3)
    assert rows["zhangwei"]["done"] == 2000 and rows["zhangwei"]["state"] == "on pace"
    assert rows["lina"]["state"] == "behind"
    assert rows["lina"]["behind_by"] == pytest.approx(5000 * 12 / 31, abs=1e-3)


def test_branch_quota_counts_by_unit(tmp_path) -> None:
    plan = with_logs(tmp_path, {"branch-study": [
        "{date: 2009-04-03, by: zhangwei}",  # zhangwei's one unit is jiguan; a count of 1
        "{date: 2009-04-08, unit: jixie, amount: 2}",
        "{date: 2009-04-09, by: lina}",  # jixie
        "{date: 2009-04-10, by: sha, unit: jixie}",  # the entry's unit wins over sha's own
    ]})
    rows = quota_by_scope(due_json("2009-04-12", plan=plan), "branch-study")
    assert set(rows) == {"jiguan", "jixie"}
    assert rows["jiguan"]["scope"] == {"kind": "unit", "id": "jiguan", "name": "机关党支部"}
    assert rows["jixie"]["scope"]["name"] == "机械队党支部"
    expected = 5 * 12 / 31
    assert rows["jiguan"]["done"] == 1 and rows["jixie"]["done"] == 4
    assert rows["jiguan"]["expected"] == pytest.approx(expected, abs=1e-3)
    assert rows["jiguan"]["state"] == "behind"
    assert rows["jiguan"]["behind_by"] == pytest.approx(expected - 1, abs=1e-3)
    assert rows["jixie"]["state"] == "on pace"
    # The worse branch comes first.
    assert [r["scope"]["id"] for r in quota_rows(due_json("2009-04-12", plan=plan), "branch-study")] == ["jiguan", "jixie"]


def test_branch_life_quota_makes_the_task_done(tmp_path) -> None:
    one = with_logs(tmp_path, {"branch-life-held": ["{date: 2009-05-22, by: chenjing}"]}, "one.yaml")
    data = due_json("2009-05-25", plan=one)
    rows = quota_by_scope(data, "branch-life-held")
    assert rows["jixie"]["state"] == "met" and rows["jixie"]["done"] == 1
    assert rows["jiguan"]["state"] == "behind"
    assert rows["jiguan"]["expected"] == pytest.approx(4 / 10, abs=1e-3)
    assert [r["scope"]["id"] for r in quota_rows(data, "branch-life-held")] == ["jiguan", "jixie"]
    assert days_of(data, "in_progress") == {"dem-life": 5, "branch-life": 5}
    both = with_logs(tmp_path, {"branch-life-held": ["{date: 2009-05-22, by: chenjing}",
                                                     "{date: 2009-05-23, by: liuyang}"]}, "both.yaml")
    data = due_json("2009-05-25", plan=both)
    assert days_of(data, "in_progress") == {"dem-life": 5}
    assert {r["state"] for r in quota_rows(data, "branch-life-held")} == {"met"}
    assert "branch-life" not in ids(due_json("2009-06-01", plan=both), "overdue")


def test_center_study_two_dekads(tmp_path) -> None:
    plan = with_logs(tmp_path, {"center-study": ["{date: 2009-04-03, by: sha, note: 4月上旬集中学习}"]})
    bare = due_json("2009-04-05")
    row = quota_by_scope(bare, "center-study")[None]
    assert row["scope"] == {"kind": "all", "id": None, "name": "处中心组"}
    assert row["period"] == {"start": "2009-04-01", "end": "2009-04-10", "days": 10, "written": None}
    assert row["expected"] == pytest.approx(0.4, abs=1e-3) and row["state"] == "behind"
    assert quota_by_scope(due_json("2009-04-05", plan=plan), "center-study")[None]["state"] == "met"
    # 5月上旬 is a period of its own: the April session does not count.
    may = quota_by_scope(due_json("2009-05-05", plan=plan), "center-study")[None]
    assert may["period"] == {"start": "2009-05-01", "end": "2009-05-10", "days": 10, "written": None}
    assert may["done"] == 0 and may["state"] == "behind"
    assert may["expected"] == pytest.approx(0.4, abs=1e-3)
    # Between the two periods it is not listed.
    assert quota_rows(due_json("2009-04-20", plan=plan), "center-study") == []


def test_forums_held_all_together(tmp_path) -> None:
    plan = with_logs(tmp_path, {"forums-held": ["{date: 2009-04-02, by: zhangwei}"]})
    row = quota_by_scope(due_json("2009-04-03", plan=plan), "forums-held")[None]
    assert row["target"] == 2 and row["done"] == 1
    assert row["expected"] == pytest.approx(2 * 2 / 5, abs=1e-3)
    assert row["state"] == "on pace"
    row = quota_by_scope(due_json("2009-04-04", plan=plan), "forums-held")[None]
    assert row["state"] == "behind"  # 2 × 3/5 = 1.2 expected


def test_log_dates_written_in_chinese(tmp_path) -> None:
    plan = with_logs(tmp_path, {"essay": ["{date: 4月8日, by: lina}"]})
    rows = quota_by_scope(due_json("2009-04-12", plan=plan), "essay")
    assert rows["lina"]["state"] == "met"
    assert rows["sha"]["state"] == "behind"


def test_quotas_grouped_and_worst_first(tmp_path) -> None:
    plan = with_logs(tmp_path, {
        "self-study": [f"{{date: 2009-04-08, by: {p}, amount: 8}}" for p in PEOPLE],
        "notes": ["{date: 2009-04-08, by: lina, amount: 5000}", "{date: 2009-04-08, by: sha, amount: 4000}"],
        "branch-study": ["{date: 2009-04-08, unit: jiguan, amount: 1}"],
    })
    rank = {"missed": 0, "behind": 1, "on pace": 2, "not started": 3, "met": 4}
    for data in (due_json("2009-04-12", plan=plan), due_json("2009-04-12")):
        rows = quota_rows(data)
        order = [r["id"] for r in rows]
        blocks = [qid for i, qid in enumerate(order) if i == 0 or order[i - 1] != qid]
        assert len(blocks) == len(set(blocks)), f"a quota's rows are split: {order}"
        for qid in blocks:
            states = [rank[r["state"]] for r in quota_rows(data, qid)]
            assert states == sorted(states), qid
        firsts = [rank[quota_rows(data, qid)[0]["state"]] for qid in blocks]
        assert firsts == sorted(firsts)
    rows = quota_rows(due_json("2009-04-12", plan=plan))
    assert rows[-7:] == [r for r in rows if r["id"] == "self-study"]
    assert {r["state"] for r in rows[-7:]} == {"met"}
    notes = [r["scope"]["id"] for r in quota_rows(due_json("2009-04-12", plan=plan), "notes")]
    assert notes[-2:] == ["sha", "lina"]  # on pace, then met


def test_strict_follows_quota_pace(tmp_path) -> None:
    plan = with_logs(tmp_path, {t: ["{date: 2009-03-30, by: sha}"] for t in ("lead-group", "scheme", "mobilize")})
    # On 04-01 a whole day of theory is gone and nothing is logged: behind.
    data = due_json("2009-04-01", "--strict", plan=plan, exit_code=1)
    assert ids(data, "overdue") == set()
    assert "behind" in {r["state"] for r in quota_rows(data)}
