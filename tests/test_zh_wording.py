"""What a Chinese office worker found in planctl's words and layout (issue 17, a fresh tester under
LANG=zh_CN.UTF-8): the merge driver's language under `sync`, `check`'s hints during a merge, `report` on a
paged terminal, names and numbers kept whole when folded, people named with their ids, Chinese words for the
plan's keys, English words left in Chinese help, one form for "done of target", and a day of more than 24 hours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLAN, run_cli
from planctl.output.cells import cell_width
from sync_helpers import sync_env  # noqa: F401
from terminal import screen_after, terminal_env

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C"}
TODAY = "2009-04-12"


# --- report on a terminal through the pager -------------------------------------------------------------


def test_a_paged_report_on_a_60_column_terminal_fits_it(tmp_path: Path) -> None:
    """In tmux (a real terminal) with the pager on: the pager's pipe is no tty, yet the text is shown in the
    terminal, so the report is fitted to its 60 columns (it was written whole, each quota row 130 wide)."""
    env = terminal_env(LANG="zh_CN.UTF-8", NO_COLOR="1", PLANCTL_PAGER="cat -u")  # a pager that is not plain `cat`
    planctl = shutil.which("planctl", path=str(Path(sys.executable).parent)) or "planctl"
    shown = screen_after(f"{planctl} report --today {TODAY} --plan {PLAN}", env, width=60, done="REPORT-DONE")
    assert "REPORT-DONE" in shown and "逾期未完成" in shown, shown
    body = shown[:shown.index("REPORT-DONE")]
    assert all(cell_width(line) <= 60 for line in body.splitlines()), body  # -J joins wrapped lines back


# --- the merge driver under sync speaks the reader's language --------------------------------------------


def _conflicting_clones(root: Path) -> tuple[Path, Path]:
    """Two clones that both renamed task 'talk' and committed; the first has pushed."""
    from sync_helpers import clone, git, make_remote

    bare = make_remote(root)
    a, b = clone(bare, root / "a"), clone(bare, root / "b")
    for where, title in ((a, "座谈会(一)"), (b, "座谈会(二)")):
        plan = where / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(where, "commit", "-q", "-am", "rename")
    git(a, "push", "-q", "origin", "main")
    return a, b


@pytest.mark.parametrize("inprocess", ["0", "1"])
@pytest.mark.parametrize(("language", "said"), [("zh_CN.UTF-8", "处冲突标记"), ("C", "conflict left with markers")])
def test_sync_on_a_real_conflict_shows_the_merge_driver_in_the_readers_language(
        language: str, said: str, inprocess: str, tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """git runs the driver with sync's LC_ALL=C; its lines were English under a Chinese shell."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _, b = _conflicting_clones(tmp_path)
    env = {**os.environ, "LANG": language, "PLANCTL_SYNC_INPROCESS": inprocess}
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "PLANCTL_LANG"):
        env.pop(key, None)
    result = subprocess.run([sys.executable, "-m", "planctl", "sync", "-f", str(b / "plan.yaml")], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert said in result.stdout + result.stderr, result.stderr
    if language != "C":
        assert "conflict left with markers" not in result.stderr and "resolve the conflict markers" not in result.stderr


@pytest.mark.parametrize(("language", "hint"), [("zh_CN.UTF-8", "\n  提示："), ("C", "\n  hint: ")])
def test_check_during_an_unfinished_merge_words_its_hint_as_every_diagnostic(language: str, hint: str, tmp_path: Path,
                                                                            sync_env: None) -> None:  # noqa: F811
    """The one formatter of diagnostics (output/diagnostics.py): `plan.yaml: 错误：…` then `  提示：…` (the
    hint was `  hint:` and the colons ASCII under Chinese)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from sync_helpers import git

    _, b = _conflicting_clones(tmp_path)
    git(b, "pull", "-q", "--no-rebase", "origin", "main", check=False)  # the driver leaves markers: unmerged
    env = {**os.environ, "LANG": language}
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "PLANCTL_LANG"):
        env.pop(key, None)
    result = subprocess.run([sys.executable, "-m", "planctl", "check", "-f", str(b / "plan.yaml")], env=env,
                            capture_output=True, text=True, timeout=120, check=False, cwd=b)
    assert result.returncode != 0
    shown = result.stdout
    warning = "警告：" if language != "C" else "warning: "  # the unfinished merge: a warning, check still exits 1
    assert f"plan.yaml: {warning}" in shown and hint in shown, shown
    assert ("hint:" not in shown and "错误:" not in shown) if language != "C" else "提示" not in shown, shown


# --- people: names with their ids, close names, 我 ----------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    from conftest import write_plan

    return write_plan(tmp_path)


def test_a_hint_about_people_names_them_with_their_ids_in_both_languages() -> None:
    zh = run_cli("due", "--who", "李明", "--today", TODAY, "--plan", str(PLAN), env=ZH)
    assert zh.exit_code != 0
    assert "李娜（lina）" in zh.stderr and "沙继承（sha）、张伟（zhangwei）" in zh.stderr, zh.stderr
    assert "你是不是想写" not in zh.stderr  # 李明 (liming) is nobody's name nor sound
    en = run_cli("due", "--who", "李明", "--today", TODAY, "--plan", str(PLAN), env=EN)
    assert "李娜 (lina)" in en.stderr and "沙继承 (sha), 张伟 (zhangwei)" in en.stderr, en.stderr


@pytest.mark.parametrize(("typed", "said"), [("李那", "你是不是想写 '李娜'（lina）？"), ("lian", "你是不是想写 'lina'（李娜）？")])
def test_a_name_that_sounds_like_a_roster_name_is_suggested(typed: str, said: str, tmp_path: Path) -> None:
    """李那 is read li na, as 李娜 and her id lina: planctl suggests her (it said nothing)."""
    plan = _copy(tmp_path)
    result = run_cli("done", "self-study", "--by", typed, "--amount", "1h", "--today", TODAY, "--plan", str(plan), env=ZH)
    assert result.exit_code != 0
    assert said in result.stderr and "名册中的人员：沙继承（sha）" in result.stderr, result.stderr


def test_wo_is_me_for_who(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    me = run_cli("due", "--who", "me", "--today", TODAY, "--plan", str(plan), env={**ZH, "PLANCTL_BY": "lina"})
    wo = run_cli("due", "--who", "我", "--today", TODAY, "--plan", str(plan), env={**ZH, "PLANCTL_BY": "lina"})
    assert me.exit_code == wo.exit_code == 0, wo.stderr
    assert wo.stdout == me.stdout
    help_text = run_cli("due", "--help", env=ZH).stdout
    assert "'我'" in help_text


# --- plan keys written in Chinese -------------------------------------------------------------------------


def _checked(tmp_path: Path, text: str, env: dict[str, str]) -> str:
    from conftest import write_plan

    plan = write_plan(tmp_path, text)
    result = run_cli("check", "--plan", str(plan), env=env)
    assert result.exit_code != 0
    return result.stdout


def test_a_chinese_word_for_a_key_gets_a_hint_of_the_key(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace("title: 环卫处", "标题: 环卫处", 1).replace("        who: leaders\n", "        负责人: leaders\n", 1)
    zh = _checked(tmp_path, text, ZH)
    assert "未知的键 '标题'；你是不是想写 'title'？" in zh, zh
    assert "未知的键 '负责人'；你是不是想写 'who'？" in zh, zh
    en = _checked(tmp_path, text, EN)
    assert "unknown key '负责人' in task 1.1; did you mean 'who'?" in en, en


def test_an_unknown_person_says_how_to_add_them_to_the_roster(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace("        who: leaders\n", "        who: 王小明\n", 1)
    zh = _checked(tmp_path, text, ZH)
    assert "`roster:` 下的 `people:` 里加一行，例如 `wangxiaoming: 王小明`" in zh, zh
    en = _checked(tmp_path, text, EN)
    assert "add a line under 'roster:' → 'people:', e.g. `wangxiaoming: 王小明`" in en, en


# --- no English planctl does not need under Chinese --------------------------------------------------------


def test_chinese_help_and_hints_give_chinese_forms_only() -> None:
    help_text = " ".join(run_cli("due", "--help", env=ZH).stdout.split())
    assert "今天、昨天、明天" in help_text
    assert "today（" not in help_text and "'Apr" not in help_text and "yesterday" not in help_text
    from planctl.format.dates import DateError
    from planctl.format.recurrence import parse_repeat
    from planctl.i18n import reset

    os.environ["PLANCTL_LANG"] = "zh_CN"
    reset()
    try:
        with pytest.raises(DateError) as caught:
            parse_repeat("每逢周八")
        assert "每周一、" in str(caught.value.hint) and "every" not in str(caught.value.hint)
        os.environ["PLANCTL_LANG"] = "en"
        reset()
        with pytest.raises(DateError) as caught:
            parse_repeat("每逢周八")
        assert "every monday" in str(caught.value.hint)  # English keeps both
    finally:
        del os.environ["PLANCTL_LANG"]
        reset()
    due = run_cli("due", "--today", TODAY, "--plan", str(PLAN), env=ZH).stdout
    assert "id " in due and "ID" not in due  # the glossary's id, as the plan's key


# --- one form of done/target, the note of a done without --by ------------------------------------------------


@pytest.mark.parametrize("env", [ZH, EN])
def test_due_status_and_the_missed_lines_write_done_of_target_one_way(env: dict[str, str]) -> None:
    unit = "小时" if env is ZH else "h"
    due = run_cli("due", "--today", "2009-04-14", "--plan", str(PLAN), env=env).stdout
    status = run_cli("status", "--today", "2009-04-14", "--plan", str(PLAN), env=env).stdout
    form = f"0/8 {unit}"
    assert form in due and form in status
    missed = due[due.index("上一时期未完成" if env is ZH else "Missed last period"):]
    assert f"陈静 {form}" in missed, missed
    for text in (due, status):
        assert f"0 {unit} / 8 {unit}" not in text and f"0 {unit}/8 {unit}" not in text and "of 8" not in text


@pytest.mark.parametrize("env", [ZH, EN])
def test_done_without_by_says_why_in_a_few_short_lines(env: dict[str, str], tmp_path: Path) -> None:
    from sync_helpers import git

    plan = _copy(tmp_path)
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "wangwu@example.com")
    git(tmp_path, "config", "user.name", "王五")
    result = run_cli("done", "lead-group", "--today", TODAY, "--plan", str(plan), columns=60,
                     env={**env, "PLANCTL_BY": None, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)})
    assert result.exit_code == 0, result.stderr
    note = [line for line in result.stderr.splitlines() if line.startswith("planctl")]
    assert note, result.stderr
    text = result.stderr[result.stderr.index(note[0]):]
    assert "wangwu@example.com" in text and "--by" in text
    assert text.count("（") + text.count("(") <= 1, text  # no parentheses inside parentheses
    assert len(text.splitlines()) <= 4, text


# --- more hours than a day has --------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "said"), [(ZH, "超过了一天的 24 小时"), (EN, "more than the 24 hours a day has")])
def test_an_entry_of_more_than_24_hours_is_recorded_with_a_warning(env: dict[str, str], said: str, tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    one = run_cli("done", "self-study", "--by", "lina", "--amount", "25h", "--date", TODAY, "--today", TODAY,
                  "--plan", str(plan), env=env)
    assert one.exit_code == 0 and said in one.stderr, one.stderr
    assert "by: lina, amount: 25," in plan.read_text(encoding="utf-8")  # recorded: a warning, not a refusal
    check = run_cli("check", "--plan", str(plan), env=env)
    assert said in check.stdout, check.stdout


@pytest.mark.parametrize(("env", "said"), [(ZH, "合计超过一天的 24 小时"), (EN, "logged more than the 24 hours a day")])
def test_a_persons_day_of_more_than_24_hours_is_warned_of(env: dict[str, str], said: str, tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    for amount, quiet in (("20h", True), ("5h", False)):
        result = run_cli("done", "self-study", "--by", "lina", "--amount", amount, "--date", "2009-04-11",
                         "--today", TODAY, "--plan", str(plan), env=env)
        assert result.exit_code == 0
        assert (said in result.stderr) is not quiet, result.stderr
    check = run_cli("check", "--plan", str(plan), env=env)
    assert check.stdout.count(said) == 1, check.stdout  # once for the day, with its entries (h89)
    assert "2 条记录" in check.stdout or "2 entries" in check.stdout
    other = run_cli("done", "self-study", "--by", "zhangwei", "--amount", "5h", "--date", "2009-04-11",
                    "--today", TODAY, "--plan", str(plan), env=env)
    assert said not in other.stderr  # another person's day


# --- names, numbers and words kept whole at 60 columns ----------------------------------------------------


def test_show_and_status_break_chinese_after_a_mark_not_inside_a_name_or_a_phrase() -> None:
    show = run_cli("show", "self-study", "--today", TODAY, "--plan", str(PLAN), env=ZH, columns=60).stdout
    lines = show.splitlines()
    assert not any(line.endswith("杨") for line in lines) and not any(line.strip() == "帆）" for line in lines), show
    assert not any(line.endswith("折") for line in lines), show
    status = run_cli("status", "--today", TODAY, "--plan", str(PLAN), env=ZH, columns=60).stdout
    assert not any(line.rstrip().endswith(("，18", "18 天")) for line in status.splitlines()), status
    assert any(line.strip().endswith("，18 天后结束") or line.strip().startswith("18 天后结束")
               for line in status.splitlines()), status
