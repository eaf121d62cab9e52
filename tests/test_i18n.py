"""planctl in Chinese (issue 17): the catalog is complete, the language is chosen from the environment, and the
views, help and errors read in Chinese under LANG=zh_CN.UTF-8 and stay English under LANG=C.

Golden files: tests/expected/i18n-*.txt (PLANCTL_UPDATE_GOLDEN=1 rewrites them, as in test_views.py).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import PLAN, ROOT, run_cli
from planctl import i18n

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C"}


def _tools() -> ModuleType:
    spec = importlib.util.spec_from_file_location("planctl_i18n_tools", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_has_a_chinese_translation_with_the_same_placeholders_and_the_mo_is_compiled() -> None:
    assert _tools().problems() == []


def test_the_checker_sees_a_missing_translation_and_a_wrong_placeholder(tmp_path: Path) -> None:
    tools = _tools()
    assert tools._placeholder_problems("overdue {days}", "逾期 {day}")
    assert not tools._placeholder_problems("overdue {days}", "逾期 {days}")
    assert not tools._placeholder_problems(("{n} day", "{n} days"), ("{n} 天",))
    assert not tools._all_translated("")


def test_the_chinese_catalog_keeps_the_glossary_and_its_typesetting() -> None:
    """docs/glossary.md's "不用的词" and "排版" rules, over every Chinese message (tools/i18n.py lint_problems)."""
    assert _tools().lint_problems() == []


@pytest.mark.parametrize(("text", "kind"), [
    ("错误: 任务 '{id}'", "half-width"), ("全体党员 (沙继承、张伟)", "half-width"), ("名册中,没有", "half-width"),
    ("第一行很长\n）第二行", "closing mark"), ("第一行\n，第二行", "closing mark"),
    ("任务1.3 的", "no space"), ("共5个", "no space"), ("用 git配置", "no space"),
    ("已记录：{describe}  （{display}:{line}）", "two spaces"),
    ("匹配； git 的", "beside full-width"), ("名册 （来源", "beside full-width"),
    ("没有 任务或配额", "between Chinese words"), ("今天、昨天 或 明天", "between Chinese words"),
    ("在本副本中", "副本"), ("每周期一次", "周期"), ("计数的对象", "对象"), ("组织单位", "组织单位"),
])
def test_the_lint_sees_each_kind_of_typesetting_and_glossary_fault(text: str, kind: str) -> None:
    problems = _tools().lint_text(text)
    assert any(kind in p for p in problems), problems


@pytest.mark.parametrize("text", [
    "错误：任务 '{id}'（来源：git）", "2009年4月12日，4月上旬，第3周", "任务 1.3 的 2 小时", "已记录：{describe}（plan.yaml:60）",
    "请给文字加上引号（`title: '活动准备: 动员'`）", "报送对象：人员 id", "数量：2h、90min、3000字", "{name}（{id}）",
    "没有 {what}", "{what} 必须是文字", "写作 4月12日 或 2009-04-12", "第N周 按教学周算",
    "，每人",  # a fragment joined to the end of another message may start with a mark
])
def test_the_lint_lets_code_dates_and_the_conventions_pass(text: str) -> None:
    assert _tools().lint_text(text) == []


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LANG": "zh_SG"}, "zh_CN"), ({"LANG": "zh"}, "zh_CN"),
    ({"LANG": "zh_Hans"}, "zh_CN"), ({"LANG": "zh_TW.UTF-8"}, "zh_CN"), ({"LANG": "zh_HK"}, "zh_CN"),
    ({"LANG": "C"}, "en"), ({"LANG": "POSIX"}, "en"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL before LANG
    ({"LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANGUAGE": "fr:zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),  # LANGUAGE's first known language
    # GNU gettext ignores LANGUAGE when the locale is C or POSIX (set or by default), as planctl does (issue 17)
    ({"LANGUAGE": "zh_CN:zh", "LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"), ({"LANGUAGE": "zh_CN:zh"}, "en"),
    ({"LANGUAGE": "zh_CN:zh", "LANG": "POSIX"}, "en"), ({"LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}, "en"),
    ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"), ({"LANGUAGE": "zh_CN:zh", "LC_MESSAGES": "en_GB.UTF-8"}, "zh_CN"),
    ({"PLANCTL_LANG": "en", "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),  # PLANCTL_LANG first
    ({"PLANCTL_LANG": "zh-CN", "LANG": "C"}, "zh_CN"),
])
def test_the_language_is_the_first_variable_set(environ: dict[str, str], expected: str) -> None:
    assert i18n.language(environ) == expected


def test_english_loads_no_catalog_and_chinese_loads_it_on_the_first_message(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n._loaded.clear()
    monkeypatch.setenv("LANG", "C")
    i18n.reset()
    assert i18n._("overdue") == "overdue" and not i18n._loaded
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    assert not i18n._loaded
    assert i18n._("overdue") == "逾期" and "zh_CN" in i18n._loaded
    with i18n.english():
        assert i18n._("overdue") == "overdue"


# --- what a Chinese reader sees ------------------------------------------------------------------------------

# ASCII words planctl may show in Chinese text: names the reader types (options, commands, ids, files).
ALLOWED = re.compile(r"(?i)^(planctl|yaml|json|schema|draft|word|export|ics|svg|csv|md|html|xlsx|docx|git|PLAN|ID|TOPIC|"
                     r"SHELL|FILE|TEXT|INTEGER|str|int|PAGER|PLANCTL_\w+|UTF|UTC|YYYY|MM|DD|shell|"
                     r"today|yesterday|tomorrow|Apr)$")  # file types, placeholders, the typed forms of --today


def english_words(text: str, allowed_ids: set[str]) -> list[str]:
    """ASCII words of two letters or more that are not options, ids, file names or ALLOWED names."""
    found = []
    for match in re.finditer(r"(?<![\w./$-])[A-Za-z][A-Za-z]+(?![\w./-])", text):
        word = match.group()
        if ALLOWED.match(word) or word in allowed_ids:
            continue
        found.append(word)
    return found


def plan_ids() -> set[str]:
    return set(re.findall(r"\b[a-z][a-z0-9_-]*\b", PLAN.read_text(encoding="utf-8")))


VIEWS = {
    "due": ["due", "--today", "2009-04-12", "--plan", str(PLAN)],
    "status": ["status", "--today", "2009-04-12", "--plan", str(PLAN)],
    "show": ["show", "2.6", "--today", "2009-04-12", "--plan", str(PLAN)],
    "list": ["list", "--today", "2009-04-12", "--plan", str(PLAN)],
    "timeline": ["timeline", "--today", "2009-04-12", "--plan", str(PLAN)],
    "help": ["--help"],
    "due-help": ["due", "--help"],
}


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("width", [60, 80, 160])
def test_views_in_both_languages_match_their_golden_files(view: str, language: str, width: int) -> None:
    from test_views import check_golden

    if view.endswith("help") and width != 80:
        pytest.skip("help is pinned at 80 columns")
    result = run_cli(*VIEWS[view], env=ZH if language == "zh" else EN, columns=width)
    assert result.exit_code == 0, result.stderr
    check_golden(f"i18n-{view}-{language}-{width}.txt", result.stdout, width)  # help too: wrapped by cells


def bad_plan(tmp_path: Path) -> Path:
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace("        who: leaders\n", "        whoo: leaders\n", 1)  # a misspelled key
    text = text.replace("when: 2009年3月1日至3月30日", "when: 2009年13月1日", 1)  # a wrong date
    text = text.replace("    who: center\n", "    who: nobody\n", 1)  # an unknown person
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["en", "zh"])
def test_check_errors_in_both_languages(tmp_path: Path, language: str) -> None:
    from test_views import check_golden

    path = bad_plan(tmp_path)
    result = run_cli("check", str(path), env=ZH if language == "zh" else EN)
    assert result.exit_code == 1
    check_golden(f"i18n-check-{language}.txt", result.stdout.replace(str(path), "plan.yaml"), 200)


def test_a_chinese_reader_meets_no_english_word_in_help_and_the_first_errors(tmp_path: Path) -> None:
    ids = plan_ids()
    path = bad_plan(tmp_path)
    screens = {
        "planctl --help": run_cli("--help", env=ZH).stdout,
        "planctl due --help": run_cli("due", "--help", env=ZH).stdout,
        "check": run_cli("check", str(path), env=ZH).stdout.replace(str(path), "plan.yaml"),
        "bad option": run_cli("due", "--bogus", env=ZH).stderr,
        "bad --today": run_cli("due", "--today", "2009-13-45", "--plan", str(PLAN), env=ZH).stderr,
    }
    from planctl.cli.main import app

    commands = {info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
                for info in app.registered_commands} | {"help", "due", "check"}
    typed = ids | commands | {"whoo", "nobody", "who", "me"}  # what the reader typed or types
    english = {name: english_words(text, typed) for name, text in screens.items()}
    assert english == {name: [] for name in screens}, english


def test_english_stays_english_under_lang_c() -> None:
    out = run_cli("due", "--today", "2009-04-12", "--plan", str(PLAN), env=EN).stdout
    assert "Overdue" in out and "逾期（" not in out


def test_json_keeps_english_words_under_chinese() -> None:
    import json

    data = json.loads(run_cli("due", "--today", "2009-04-12", "--plan", str(PLAN), "--json", env=ZH).stdout)
    row = data["sections"]["overdue"][0]
    assert row["relation"].startswith("overdue ") and row["section"] == "overdue" and row["section_label"] == "逾期"
    english = json.loads(run_cli("due", "--today", "2009-04-12", "--plan", str(PLAN), "--json", env=EN).stdout)
    assert english["sections"]["overdue"][0]["section_label"] == "Overdue"


def test_schema_speaks_chinese_and_the_committed_chinese_schema_is_current() -> None:
    import json

    chinese = run_cli("schema", env=ZH).stdout
    assert chinese == (ROOT / "schema" / "plan.schema.zh-CN.json").read_text(encoding="utf-8"), \
        "regenerate: LANG=zh_CN.UTF-8 planctl schema > schema/plan.schema.zh-CN.json"
    english = json.loads(run_cli("schema", env=EN).stdout)
    document = json.loads(chinese)
    assert document["description"].startswith("planctl 的工作计划")
    assert sorted(document["$defs"]) == sorted(english["$defs"])  # only the texts differ
    assert document["properties"].keys() == english["properties"].keys()


@pytest.mark.parametrize("day", ["2009-03-01", "2026-12-25", "2024-01-31", "2998-10-01"])
def test_init_writes_a_chinese_starter_plan_that_checks_clean(tmp_path: Path, day: str) -> None:
    path = tmp_path / "plan.yaml"
    assert run_cli("init", str(path), "--today", day, env=ZH).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "title: 我的工作计划" in text and "张伟" in text and "上旬至" in text and "月底" in text and "Alice" not in text
    result = run_cli("check", str(path), env=EN)
    assert result.exit_code == 0 and "warning" not in result.stdout, result.stdout
    assert "Alice" in (run_cli("init", str(tmp_path / "en.yaml"), "--today", day, env=EN),
                       (tmp_path / "en.yaml").read_text(encoding="utf-8"))[1]


def test_a_day_in_prose_is_written_the_chinese_way(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from planctl.output.words import prose_day

    assert prose_day(date(2009, 4, 12)) == "2009-04-12"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    assert prose_day(date(2009, 4, 12)) == "2009年4月12日"
    out = run_cli("due", "--today", "2008-01-01", "--plan", str(PLAN), env=ZH).stdout
    assert "2008年1月1日及之后 7 天内没有要办的事项。" in out  # no space between Chinese and a Chinese date


def test_cached_problems_are_shown_in_the_language_of_each_run(tmp_path: Path) -> None:
    path = bad_plan(tmp_path)
    runs = [(language, run_cli("check", str(path), env=ZH if language == "zh" else EN).stdout)
            for language in ("en", "zh", "en", "zh")]
    for language, out in runs:
        assert ("unknown key 'whoo'" in out) == (language == "en"), out
        assert ("未知的键 'whoo'" in out) == (language == "zh"), out


def test_a_plan_without_problems_shares_its_cache_between_languages(tmp_path: Path) -> None:
    from planctl.store import cache

    path = tmp_path / "plan.yaml"
    path.write_bytes(PLAN.read_bytes())
    for _ in range(2):  # the second run stores the quota totals the first one summed (h96: written when first read)
        run_cli("due", "--today", "2009-04-12", "--plan", str(path), env=EN)
    files = sorted((tmp_path / ".planctl-cache").iterdir())
    stamps = [f.stat().st_mtime_ns for f in files]
    run_cli("due", "--today", "2009-04-12", "--plan", str(path), env=ZH)
    assert [f.stat().st_mtime_ns for f in sorted((tmp_path / ".planctl-cache").iterdir())] == stamps  # not rewritten
    assert cache.code_key()


@pytest.mark.parametrize(("text", "said"), [
    ("title: t\n  year: 2009\n", "这里不能出现 `键: 值`"),
    ("title: t\nyear: 2009\nphases: [a, b\n", "列表 […] 中缺少逗号"),
    ('title: "t\nyear: 2009\n', "读取引号中的文字时"),
])
def test_the_yaml_readers_own_words_are_chinese_too(tmp_path: Path, text: str, said: str) -> None:
    """Indentation and an unclosed bracket or quote are the commonest mistakes; libyaml's words were English."""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    chinese = run_cli("check", str(path), env=ZH).stdout
    assert "YAML 语法：" in chinese and said in chinese, chinese
    assert not re.search(r"\b(?:while|found|expected|mapping|parsing|scanning)\b", chinese)
    english = run_cli("check", str(path), env=EN).stdout
    assert "YAML syntax: " in english and re.search(r"\b(?:while|found|expected|mapping)\b", english)
