"""Issue 17's last faults, each a kind: a --json run's messages, placeholders and brackets of --help, stray spaces
and separators in Chinese messages, narrow tables, and the language of commit messages.

Each test is what a Chinese office reader (or a team sharing one git history) would notice.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import BUNDLED_FIXTURES, PLAN, run_cli
from sync_helpers import sync_env  # noqa: F401

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C"}
TODAY = "2009-04-12"


def ascii_words(text: str) -> set[str]:
    """ASCII words of three letters or more outside paths and options: what a Chinese screen should not hold."""
    return {m.group() for m in re.finditer(r"(?<![\w./$-])[A-Za-z]{3,}(?![\w./-])", text)}


# --- 1. a --json run: only stdout's JSON stays English ---------------------------------------------------------


def test_a_json_runs_errors_follow_the_language(tmp_path: Path) -> None:
    missing = str(tmp_path / "nonexistent.yaml")
    for args in (["due", "--json", "-f", missing], ["status", "--json", "-f", missing], ["check", "--json", missing]):
        chinese = run_cli(*args, env=ZH)
        assert chinese.exit_code != 0 and ("没有" in chinese.stderr or "找不到" in chinese.stderr), chinese.stderr
        assert not ascii_words(chinese.stderr.replace(missing, "")) - {"planctl"}, chinese.stderr
        english = run_cli(*args, env=EN)
        assert "no such plan file" in english.stderr, english.stderr


def test_check_json_messages_are_sentences_in_the_readers_language_and_codes_stay(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED_FIXTURES / "alias.yaml", plan)
    rows = json.loads(run_cli("check", "--json", str(plan), env=ZH).stdout)
    assert rows and all(row["severity"] in ("error", "warning") for row in rows)
    assert all(re.search(r"[\u4e00-\u9fff]", row["message"]) for row in rows), rows
    english = json.loads(run_cli("check", "--json", str(plan), env=EN).stdout)
    assert [row["severity"] for row in english] == [row["severity"] for row in rows]
    assert "not allowed" in english[0]["message"]
    # the cache keyed the problems by language while a --json run worded them in English: the next
    # plain `check` under zh_CN showed English problems
    shown = run_cli("check", str(plan), env=ZH)
    assert "not allowed" not in shown.stdout and "不允许" in shown.stdout, shown.stdout


def test_json_on_stdout_is_the_same_in_both_languages_but_its_labels() -> None:
    def without_labels(data: object) -> object:
        if isinstance(data, dict):
            return {k: without_labels(v) for k, v in data.items() if not k.endswith("_label")}
        return [without_labels(v) for v in data] if isinstance(data, list) else data

    for command in (["due", "--all"], ["status"], ["list"], ["show", "self-study"], ["timeline"]):
        args = [*command, "--json", "--today", TODAY, "--plan", str(PLAN)]
        chinese, english = (json.loads(run_cli(*args, env=env).stdout) for env in (ZH, EN))
        assert without_labels(chinese) == without_labels(english), command


# --- 8. commit messages in the plan's language, the same from every clone -----------------------------------------


def _team(tmp_path: Path, title: str) -> tuple[Path, Path]:
    from sync_helpers import clone, make_remote, plan_text

    bare = make_remote(tmp_path, plan_text(["p01"]).replace("title: 同步测试", f"title: {title}", 1))
    return clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")


def _log_and_sync(where: Path, env: dict[str, str], *, commit: bool = False) -> None:
    from sync_helpers import run

    plan = str(where / "plan.yaml")
    code, said = run("done", "reading", "-f", plan, "--by", "p01", "--amount", "1h", "--date", "2009-04-03",
                     *(["--commit"] if commit else []), env=env)
    assert code == 0, said
    code, said = run("sync", "-f", plan, env=env)
    assert code == 0, said


def test_a_chinese_plans_history_is_chinese_whoever_syncs(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    from sync_helpers import git

    a, b = _team(tmp_path, "同步测试")
    _log_and_sync(a, {"LANG": "C"}, commit=True)  # a laptop set to English
    _log_and_sync(b, {"LANG": "zh_CN.UTF-8"})
    _log_and_sync(a, {"LANG": "C"})  # its merge of b's commit
    subjects = git(a, "log", "--format=%s").splitlines()[:-1]  # the seed commit aside
    assert subjects and all(not ascii_words(s) - {"planctl", "sync", "origin", "main"} for s in subjects), subjects
    assert any(s.startswith("完成 ") for s in subjects) and any("合并 origin/main" in s for s in subjects), subjects
    assert "up to date with origin/main" in _said_by_sync(a)  # the screen still follows the reader's LANG


def test_an_english_plans_history_is_english_under_a_chinese_lang(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    from sync_helpers import git

    a, _ = _team(tmp_path, "Sync test")
    _log_and_sync(a, {"LANG": "zh_CN.UTF-8"}, commit=True)
    _log_and_sync(a, {"LANG": "zh_CN.UTF-8"})
    subjects = git(a, "log", "--format=%s").splitlines()
    assert subjects[0].startswith("planctl sync: log 1 completion"), subjects
    assert subjects[1].startswith("done ") and "（" not in subjects[1], subjects


def _said_by_sync(where: Path) -> str:
    from sync_helpers import run

    return run("sync", "-f", str(where / "plan.yaml"), env={"LANG": "C"})[1]


# --- 5. no stray space between Chinese and a Chinese value -----------------------------------------------------------


def test_a_chinese_value_in_a_chinese_message_takes_no_space(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED_FIXTURES / "title_list.yaml", plan)
    said = run_cli("check", str(plan), env=ZH).stdout
    assert "计划的标题必须是文字，不能是列表" in said, said
    for args in (["show", "nothing-like-it"], ["done", "nothing-like-it", "--by", "zhangwei"]):
        said = run_cli(*args, "--plan", str(PLAN), "--today", TODAY, env=ZH).stderr
        assert "没有" in said and not re.search(r"没有 [\u4e00-\u9fff]", said), said
    late = run_cli("due", "--today", TODAY, "--plan", str(PLAN), env=ZH).stdout
    assert "逾期 13 天" in late  # a number keeps its spaces


def test_spaced_drops_only_the_space_between_chinese_and_a_chinese_edge() -> None:
    from planctl.i18n import Spaced

    template = Spaced("{what} 必须是文字，不能是 {node}")
    assert template.format(what="阶段 1 的标题", node="列表") == "阶段 1 的标题必须是文字，不能是列表"
    assert template.format(what="任务 1.3", node="null") == "任务 1.3 必须是文字，不能是 null"
    assert Spaced("{a} {b} 的").format(a="张伟", b="李娜") == "张伟 李娜的"
    assert Spaced("共 {n} 个").format(n=5) == "共 5 个"


# --- 2, 3. --help: each option says what it takes; Chinese brackets and ranges ---------------------------------------


def test_each_option_names_what_it_takes_in_both_languages() -> None:
    chinese = run_cli("done", "--help", env=ZH, columns=100).stdout
    for shown in ("--plan 文件", "--date 日期", "--by 人员", "--unit 单位", "--amount 数量", "--note 备注"):
        assert shown in chinese, chinese
    english = run_cli("done", "--help", env=EN, columns=100).stdout
    for shown in ("--plan FILE", "--date DATE", "--by PERSON", "--unit UNIT", "--amount AMOUNT", "--note NOTE"):
        assert shown in english, english
    assert "--days 天数" in run_cli("due", "--help", env=ZH, columns=100).stdout
    for command in ("due", "done", "log", "status", "report", "timeline", "merge-driver", "export"):
        for env in (ZH, EN):
            text = run_cli(*command.split(), "--help", env=env, columns=160).stdout
            assert not re.search(r"<(文字|整数|str|int)>|\b(TEXT|INTEGER)\b", text), (command, text)


def test_default_and_range_brackets_are_chinese_under_zh_and_clicks_under_c() -> None:
    chinese = run_cli("merge-driver", "--help", env=ZH, columns=160).stdout
    assert "［默认：7；至少 1］" in chinese and "x>=1" not in chinese and "; " not in chinese, chinese
    assert "［默认：7］" in run_cli("due", "--help", env=ZH, columns=160).stdout
    assert "[default: 7; x>=1]" in run_cli("merge-driver", "--help", env=EN, columns=160).stdout
    said = run_cli("merge-driver", "a", "b", "c", "--marker-size", "0", env=ZH).stderr
    assert "至少 1" in said and "x>=1" not in said, said


# --- 4, 6, 7. narrow screens: recurring tasks folded, lists joined with 、, 《names》 kept whole -----------------------

SCHOOL = """\
planctl: 1
title: 教务处工作计划
year: 2025
roster:
  people:
    zhangwei: 张伟
    lina: 李娜
phases:
  - id: p1
    title: 开学准备阶段
    when: 2025年9月1日-9月30日
    tasks:
      - id: t1
        title: 印发《2025年秋季学期教学工作安排》并组织各教研室学习讨论
        when: 2025年9月1日-9月10日
        who: zhangwei
      - id: t2
        title: 组织2025年秋季学期期初教学检查工作
        when: 2025年9月5日-9月20日
        who: lina
        repeat: 每周一
    quotas:
      - id: q1
        title: 每周听课
        who: [zhangwei, lina]
        per: person
        period: week
        target: 2
        unit: 次
"""


def _school(tmp_path: Path) -> str:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SCHOOL, encoding="utf-8")
    return str(plan)


def test_status_folds_a_recurring_task_at_60_columns_rather_than_cutting_it(tmp_path: Path) -> None:
    for env in (ZH, EN):
        text = run_cli("status", "-f", _school(tmp_path), "--today", "2025-09-08", env=env, columns=60).stdout
        block = text[text.index("重复任务" if env is ZH else "Recurring"):]
        block = block[:block.index("\n\n")]
        assert "…" not in block, block
        assert all(len(line) <= 60 for line in block.splitlines())
        assert "09-15" in block and "2025年" in block, block


def test_a_name_in_book_title_marks_is_kept_whole_on_a_line_when_it_fits(tmp_path: Path) -> None:
    text = run_cli("due", "-f", _school(tmp_path), "--today", "2025-09-08", env=ZH, columns=60).stdout
    assert "《2025年秋季学期教学工作安排》" in text, text
    text = run_cli("list", "-f", _school(tmp_path), "--today", "2025-09-08", env=ZH, columns=60).stdout
    assert "《2025年秋季" in text, text  # a name wider than the column folds, never 2025 | 年


def test_breaks_keep_a_name_whole_when_avoidable_and_fold_a_wider_one() -> None:
    from planctl.output.breaks import fold

    assert fold("印发《2025年秋季学期教学工作安排》并组织各教研室学习讨论", 30) == [
        "印发", "《2025年秋季学期教学工作安排》", "并组织各教研室学习讨论"]
    wide = fold("印发《2025年秋季学期教学工作安排》并组织", 20)
    assert all(not line.startswith(("年", "》")) and not line.endswith("《") for line in wide), wide


def test_lists_are_joined_with_the_chinese_list_mark(tmp_path: Path) -> None:
    text = run_cli("due", "-f", _school(tmp_path), "--today", "2025-09-15", env=ZH, columns=100).stdout
    assert "李娜 0/2次、张伟 0/2次" in text, text
    assert "， " not in text and "、 " not in text
    said = run_cli("done", "q1", "-f", _school(tmp_path), "--by", "nobody", "--today", "2025-09-08", env=ZH).stderr
    assert not re.search(r"[\u4e00-\u9fff], [\u4e00-\u9fff]", said), said
    english = run_cli("due", "-f", _school(tmp_path), "--today", "2025-09-15", env=EN, columns=100).stdout
    assert "李娜 0/2次, 张伟 0/2次" in english, english


def test_chinese_help_wraps_by_the_views_rule_never_inside_a_date() -> None:
    for width in (60, 80):
        text = run_cli("due", "--help", env=ZH, columns=width).stdout
        assert not re.search(r"\d月\n|月\n\s*\d|\d\n\s*日", text), text


def test_shows_heading_folds_a_long_title_rather_than_cutting_it(tmp_path: Path) -> None:
    text = run_cli("show", "t1", "-f", _school(tmp_path), "--today", "2025-09-08", env=ZH, columns=60).stdout
    assert "学习讨论" in text and " …" not in text.splitlines()[0], text
