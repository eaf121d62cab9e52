"""Behaviour found by trying planctl as a new user: each test is one thing a person would notice."""

from __future__ import annotations

from pathlib import Path

from conftest import BUNDLED, run_cli, write_plan

NOW = {"PLANCTL_NOW": "2026-11-25T08:00:00+08:00"}


def plan_copy(tmp_path: Path) -> Path:
    return write_plan(tmp_path)


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return run_cli(*args, env={**NOW, **(env or {})}, input=stdin)


def test_unresolved_merge_markers_are_named(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "        title: 动员部署\n",
        "<<<<<<< ours\n        title: 动员部署大会\n=======\n        title: 动员部署会\n>>>>>>> theirs\n")
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [line.split(":")[1] for line in lines] == ["55", "57", "59"]
    assert all("unresolved merge conflict marker" in line for line in lines)


def test_check_with_plan_option_and_a_path_checks_both(tmp_path: Path) -> None:
    good = plan_copy(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nphases: 3\n", encoding="utf-8")
    result = run("check", "-f", str(bad), str(good))
    assert result.exit_code == 1
    assert "bad.yaml:2:9: error: 'phases' must be a list" in result.stdout
    assert "plan.yaml: OK" in result.stdout


def test_undo_with_no_answer_is_a_usage_error_and_changes_nothing(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    assert run("done", "mobilize", "--date", "2009-03-30", "-f", str(path)).exit_code == 0
    after = path.read_bytes()
    result = run("undo", "-f", str(path), stdin="")
    assert result.exit_code == 2 and "pass --yes" in result.stderr
    assert path.read_bytes() == after


def test_done_records_the_day_planctl_today_names(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("done", "mobilize", "-f", str(path), env={"PLANCTL_TODAY": "2009-03-30"})
    assert result.exit_code == 0
    assert "{date: 2009-03-30, at: 2026-11-25T08:00:00+08:00}" in path.read_text(encoding="utf-8")


def test_done_says_when_a_day_would_not_count(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-06-01", "-f", str(path))
    assert result.exit_code == 0
    assert "2009-06-01 is outside the periods of quota 'self-study'" in result.stderr
    checked = run("check", str(path))
    assert checked.exit_code == 0 and "warning: 2009-06-01 is outside the periods" in checked.stdout
    task = run("done", "scheme", "-f", str(path))  # no --date: 2026-11-25, far from a 2009 plan
    assert "2026-11-25 is outside the plan (2009-03-01 … 2009-08-31)" in task.stderr


def test_strict_says_why_it_fails(tmp_path: Path) -> None:
    result = run("due", "--today", "2009-04-12", "--strict", "-f", str(plan_copy(tmp_path)))
    assert result.exit_code == 1
    assert result.stderr.strip() == "planctl: --strict: 6 overdue, 28 behind pace"


def test_a_bad_planctl_today_names_the_variable(tmp_path: Path) -> None:
    result = run("due", "-f", str(plan_copy(tmp_path)), env={"PLANCTL_TODAY": "garbage"})
    assert result.exit_code == 2 and "$PLANCTL_TODAY: cannot read 'garbage' as a day" in result.stderr


def test_quiet_silences_messages_not_data_or_warnings(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    quiet = run("-q", "done", "mobilize", "--date", "2009-03-30", "-f", str(path))
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""
    again = run("-q", "done", "mobilize", "--date", "2009-03-30", "-f", str(path))
    assert "already done" in again.stderr  # why nothing happened is still said
    data = run("-q", "due", "--today", "2009-04-12", "--json", "-f", str(path))
    assert data.stdout.startswith("{")


# --- found by review -------------------------------------------------------------------------

FLOW_TASKS = """\
title: 流式
year: 2009
phases:
  - id: p
    title: 阶段
    when: 4月
    tasks: [{id: t1, title: 一}, {id: t2, title: 二}]
"""


def test_tasks_in_a_flow_list_are_logged_with_the_cache_warm(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(FLOW_TASKS, encoding="utf-8")
    assert run("check", str(path)).exit_code == 0  # fills the cache
    for target, day in (("t1", "2009-04-02"), ("t2", "2009-04-03"), ("t1", "2009-04-04")):
        assert run("done", target, "--again", "--date", day, "-f", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "tasks: [{id: t1, title: 一, log: [{date: 2009-04-02, at: 2026-11-25T08:00:00+08:00}, " \
           "{date: 2009-04-04, at: 2026-11-25T08:00:00+08:00}]}, {id: t2, title: 二, " \
           "log: [{date: 2009-04-03, at: 2026-11-25T08:00:00+08:00}]}]" in text


def test_new_lists_follow_the_file_with_the_cache_off(tmp_path: Path) -> None:
    indentless = "title: T\nyear: 2009\nphases:\n- id: p\n  title: P\n  when: 4月\n"
    for cache in ("1", "0"):
        path = tmp_path / cache / "plan.yaml"
        path.parent.mkdir()
        path.write_text(indentless, encoding="utf-8")
        result = run("done", "p", "--date", "2009-04-02", "-f", str(path), env={"PLANCTL_CACHE": cache})
        assert result.exit_code == 0
        assert path.read_text(encoding="utf-8") == indentless + "  log:\n  - {date: 2009-04-02, at: 2026-11-25T08:00:00+08:00}\n"


def _checked(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return run("check", str(path))


def test_numbers_too_large_are_errors_not_crashes(tmp_path: Path) -> None:
    base = ("title: T\nyear: 2009\nroster:\n  people: {a: 甲}\n  groups: {g: {name: 组, members: [a]}}\nphases:\n"
            "  - id: p\n    title: P\n    when: 4月\n    quotas:\n      - {id: q, title: Q, who: g, unit: h, target: TARGET}\n")
    for target in ("1e999", "1" + "0" * 400, "-1e999"):
        result = _checked(tmp_path, base.replace("TARGET", target))
        assert result.exit_code == 1 and "must be a number of at most 1,000,000,000,000" in result.stdout
    huge_year = _checked(tmp_path, base.replace("2009", "2009" + "0" * 400).replace("TARGET", "8"))
    assert huge_year.exit_code == 1 and "'year' must be a year such as 2009" in huge_year.stdout


def test_bad_log_values_are_errors(tmp_path: Path) -> None:
    base = ("title: T\nyear: 2009\nroster:\n  people: {a: 甲}\n  groups: {g: {name: 组, members: [a]}}\nphases:\n"
            "  - id: p\n    title: P\n    when: 4月\n    quotas:\n      - id: q\n        title: Q\n        who: g\n"
            "        unit: h\n        target: 8\n        log:\n          - ENTRY\n")
    cases = {
        "{date: 2009-04-02, amount: -5}": "an amount must be more than zero",
        "{date: 2009-04-02, amount: 2, at: 2026-11-25T08:00:00+25:00}": "'at' must be a timestamp",
        '{date: 2009-04-02, amount: 2, note: "\\ud800"}': "YAML syntax",
    }
    for entry, message in cases.items():
        result = _checked(tmp_path, base.replace("ENTRY", entry))
        assert result.exit_code == 1 and message in result.stdout, (entry, result.stdout)


def test_views_of_an_empty_plan_and_of_the_calendars_end(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("title: 空\nphases: []\n", encoding="utf-8")
    for view in (["list"], ["status", "--today", "2009-04-12"]):
        result = run(*view, "-f", str(path))
        assert result.exit_code == 0, (view, result.stderr)
    nothing = run("timeline", "--today", "2009-04-12", "-f", str(path))
    assert nothing.exit_code == 2 and "nothing to draw" in nothing.stderr
    path.write_text("title: 末\nphases:\n  - {id: p, title: P, when: 9999-12-01..9999-12-31}\n", encoding="utf-8")
    result = run("timeline", "--today", "2009-04-12", "-f", str(path))
    assert result.exit_code == 0 and "P" in result.stdout


def test_a_child_of_a_logged_parent_can_still_be_logged(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    assert run("done", "research", "--date", "2009-04-20", "--yes", "-f", str(path)).exit_code == 0
    result = run("done", "topics", "--date", "2009-04-03", "-f", str(path))
    assert result.exit_code == 0 and "recorded: 2.6.1 topics" in result.stderr


def test_merge_driver_leaves_ours_when_a_side_is_not_text(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_bytes(BUNDLED.read_bytes())
    ours.write_bytes(b"\x00\x01binary\x00")
    theirs.write_bytes(BUNDLED.read_bytes() + b"# theirs changed too\n")
    result = run("merge-driver", str(base), str(ours), str(theirs))
    assert result.exit_code == 1 and "ours is left as it was" in result.stderr
    assert ours.read_bytes() == b"\x00\x01binary\x00"


def test_shift_of_a_plan_with_completions_needs_keep_logs(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    assert run("done", "mobilize", "--date", "2009-03-30", "-f", str(path)).exit_code == 0
    before = path.read_bytes()
    refused = run("shift", "--to", "2010-03-01", "-f", str(path))
    assert refused.exit_code == 2 and "1 completion logged" in refused.stderr and "--keep-logs" in refused.stderr
    assert path.read_bytes() == before
    assert run("shift", "--to", "2010-03-01", "--keep-logs", "-f", str(path)).exit_code == 0
    assert b"2010" in path.read_bytes()


def test_done_commit_refuses_a_plan_with_uncommitted_changes(tmp_path: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "A",
                            "GIT_COMMITTER_EMAIL": "a@b", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})

    path = plan_copy(tmp_path)
    git("init", "-q", "-b", "main")
    git("add", "plan.yaml")
    git("commit", "-qm", "plan")
    path.write_text(path.read_text(encoding="utf-8") + "# a note not yet committed\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("done", "mobilize", "--date", "2009-03-30", "--commit", "-f", str(path))
    assert result.exit_code == 2 and "changes that are not committed" in result.stderr
    assert path.read_bytes() == before
