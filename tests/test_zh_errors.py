"""Errors a Chinese office meets, in Chinese with the fix for their cause (issue 17, a fresh tester's findings):
the YAML reader's problems, the system's reasons for a refused file, dates typed on the command line, the
language chosen beside LANGUAGE, control characters in excerpts, several plans checked at once, -o into a folder
that does not exist. Each case keeps LANG=C's English as it was where English was right."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from conftest import PLAN, run_cli

ZH = {"LANG": "zh_CN.UTF-8"}
C = {"LANG": "C"}
PLAN_TEXT = PLAN.read_text(encoding="utf-8")
NOTE_LINE = next(i for i, line in enumerate(PLAN_TEXT.split("\n"), 1) if line.strip().startswith("note:"))


def english(text: str, allowed: frozenset[str] = frozenset({"YAML", "Word", "WPS", "docx", "planctl", "Tab"})) -> list[str]:
    """ASCII words of three letters or more outside quotes and paths: what a Chinese reader would meet in English."""
    text = re.sub(r"'[^'\n]*'|\S+\.(?:yaml|docx|md|ics|txt)\b|/\S+|--?[a-z]+|\$\w+|U\+[0-9A-F]+|\\x[0-9a-f]+", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in allowed]


def note_plan(tmp_path: Path, note: str) -> Path:
    """The bundled plan with its first note's line holding `note` (as a tester pasted it)."""
    lines = PLAN_TEXT.split("\n")
    indent = lines[NOTE_LINE - 1][: len(lines[NOTE_LINE - 1]) - len(lines[NOTE_LINE - 1].lstrip())]
    lines[NOTE_LINE - 1] = f"{indent}note: {note}"
    path = tmp_path / "q3.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def first_message(stdout: str) -> str:
    return stdout.split("\n", 1)[0]


# --- 3. the YAML reader's problems ------------------------------------------------------------------

@pytest.mark.parametrize(("note", "hint_words"), [
    ('"见 D:\\资料\\动员.docx"', ("单引号", "/")),  # a backslash in double quotes: single quotes or /
    ("@沙继承 负责", ("“@”", "引号")),  # @ cannot start a plain value: quote it
    ("`title` 写进标题", ("“`”", "引号")),
    ("|x", ("下一行",)),  # a block scalar's header holds only its indicators
])
def test_a_yaml_syntax_error_is_chinese_with_the_fix_for_its_cause(tmp_path: Path, note: str,
                                                                    hint_words: tuple[str, ...]) -> None:
    path = note_plan(tmp_path, note)
    result = run_cli("check", str(path), env=ZH)
    assert result.exit_code == 1
    message = first_message(result.stdout)
    assert message.startswith(f"{path}:{NOTE_LINE}:"), message
    assert english(message.split(": ", 1)[-1]) == [], message
    assert all(word in message for word in hint_words), message
    assert "制表符" not in message and "全角" not in message, message  # not the tab/full-width guess of old


def test_the_same_errors_stay_the_parsers_english_under_lang_c(tmp_path: Path) -> None:
    result = run_cli("check", str(note_plan(tmp_path, "@沙继承 负责")), env=C)
    assert "while scanning for the next token: found character that cannot start any token" in result.stdout
    assert "'@' cannot start an unquoted value" in result.stdout


@pytest.mark.parametrize("stray", ["%YAML 1.1", "..."])
def test_a_line_that_ends_the_document_is_named_where_it_is(tmp_path: Path, stray: str) -> None:
    path = note_plan(tmp_path, f"见文件\n{stray}")
    result = run_cli("check", str(path), env=ZH)
    message = first_message(result.stdout)
    assert message.startswith(f"{path}:{NOTE_LINE + 1}:1:"), message  # the stray line, not the next task
    assert english(message.split(": ", 1)[-1]) == [] and "删掉这一行" in message, message


def test_a_control_character_from_word_is_located_named_and_never_printed(tmp_path: Path) -> None:
    path = note_plan(tmp_path, "见\x0c资料")
    for env in (ZH, C):
        result = run_cli("check", str(path), env=env)
        assert result.stdout.startswith(f"{path}:{NOTE_LINE}:"), result.stdout  # not 1:1
        assert "U+000C" in result.stdout and "\x0c" not in result.stdout and "\\x0c" in result.stdout
    assert english(first_message(run_cli("check", str(path), env=ZH).stdout).split(": ", 1)[-1]) == []


def test_a_binary_file_prints_no_bytes_of_it(make_plan) -> None:  # type: ignore[no-untyped-def]
    path = make_plan(b"title: x\r\n\x0b\x08" + bytes(range(1, 32)) * 90 + b"\x00\x0c rest")
    result = run_cli("check", str(path), env=ZH)
    assert result.exit_code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", result.stdout + result.stderr), repr(result.stdout[:200])
    assert len(result.stdout.replace(str(path), "plan.yaml")) < 400  # the bytes shown around the NUL, not the path


# Broken YAML of each kind a plan's writer can make; every problem and context both readers (libyaml and PyYAML's
# pure-Python one) give for them is one the tables know.
BROKEN = ["a: \"x\\q\"", "a: @b", "a: `b`", "a: |x\n  t", "a: 1\n%YAML 1.1\n---\nb: 2", "a: 1\n...\nb: 2",
          "a: 'open", "a: [1, 2", "a: {b: 1", "a:\n  b: 1\n c: 2", "- a\nb: 1", "a: b: c", "a: !foo x",
          "a: &x 1\nb: *y", "a:\n\t- b", "a: \"x\\u12\"", "%FOO\n---\na: 1", "a: >0\n  x", "? a\n? b\n: c: d",
          "a: |\n  x\n b", "[a, b]: c\n- d", "a: b\n- c", "a: *", "%YAML 2.0\n---\na: 1"]


def _errors_of(text: str, loader: type) -> yaml.MarkedYAMLError | None:
    try:
        list(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        return exc
    return None


@pytest.mark.parametrize("loader", [getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader],
                         ids=["libyaml", "pure-python"])
def test_every_reader_text_of_broken_yaml_is_in_the_tables(loader: type, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl import i18n
    from planctl.format.yamlwords import CONTEXTS, PROBLEMS, key_of, syntax_problem

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    try:
        for text in BROKEN:
            exc = _errors_of(text, loader)
            if exc is None:
                continue
            assert key_of(exc.problem) in PROBLEMS, (text, exc.problem)
            assert exc.context is None or key_of(exc.context) in CONTEXTS, (text, exc.context)
            message = syntax_problem(exc, text).message
            assert english(message) == [], (text, message)
    finally:
        i18n.reset()


def test_a_reader_text_the_tables_lack_is_chinese_in_chinese_and_itself_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl import i18n
    from planctl.format.yamlwords import syntax_problem

    mark = SimpleNamespace(index=3)
    exc = SimpleNamespace(problem="found a brand new libyaml complaint", context=None, problem_mark=mark, context_mark=None)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    chinese = syntax_problem(exc, "a: b").message
    monkeypatch.setenv("LANG", "C")
    i18n.reset()
    assert "brand new" not in chinese and english(chinese) == [] and "YAML" in chinese
    assert "found a brand new libyaml complaint" in syntax_problem(exc, "a: b").message
    i18n.reset()


# --- 6. the system's reasons -------------------------------------------------------------------------

@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EROFS, errno.EISDIR,
                                  errno.ENOTDIR, errno.EEXIST, errno.EDQUOT, errno.EIO, errno.ELOOP,
                                  errno.ENAMETOOLONG, errno.EPROTO])
def test_an_os_error_is_told_by_its_errno_in_chinese(code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl import i18n
    from planctl.errors import os_reason

    exc = OSError(code, os.strerror(code), "/x")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    chinese = os_reason(exc)
    monkeypatch.setenv("LANG", "C")
    i18n.reset()
    assert english(chinese) == [] and chinese != os.strerror(code)
    assert os_reason(exc) == os.strerror(code)  # English: the system's own words, as before
    i18n.reset()


def test_a_full_disk_is_said_in_chinese() -> None:
    with open(os.devnull if not Path("/dev/full").exists() else "/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "planctl", "due", "--plan", str(PLAN), "--today", "2009-04-12"],
                                stdout=full, stderr=subprocess.PIPE, text=True, env={**os.environ, **ZH, "NO_COLOR": "1"})
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    assert result.returncode == 1 and "磁盘空间已满" in result.stderr and "No space" not in result.stderr


@pytest.mark.parametrize("args", [("report", "-o", "{missing}/r.md"), ("export", "ics", "-o", "{missing}/r.ics"),
                                  ("import", "{document}", "-o", "{missing}/x.yaml")])
def test_every_o_refuses_a_folder_that_does_not_exist_and_names_it(tmp_path: Path, args: tuple[str, ...]) -> None:
    document = tmp_path / "x.txt"
    document.write_text("学习计划\n一、动员\n1. 召开动员大会（3月30日）\n", encoding="utf-8")
    missing = tmp_path / "nonexist"
    argv = [a.format(missing=missing, document=document) for a in args]
    result = run_cli(*argv, "--plan", str(PLAN), env=ZH) if args[0] != "import" else run_cli(*argv, env=ZH)
    assert result.exit_code == 2, result.stderr
    assert f"文件夹 {missing} 不存在" in result.stderr and english(result.stderr) == [], result.stderr
    assert not missing.exists()


def test_a_word_document_laid_out_wrong_names_no_python_exception(tmp_path: Path) -> None:
    document = tmp_path / "plan.docx"
    body = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>学习计划</w:t></w:r></w:p></w:body></w:document>')
    package = "http://schemas.openxmlformats.org/package/2006"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a document part whose XML lacks the r: namespace Word declares
        archive.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types xmlns="{package}/content-types">'
                         '<Default Extension="xml" ContentType="application/xml"/></Types>')
        archive.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{package}/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", body)
    document.write_bytes(buffer.getvalue())
    result = run_cli("import", str(document), "-n", env=ZH)
    assert result.exit_code == 1 and "无法读取这个 Word 文档" in result.stderr, result.stderr
    assert "Error" not in result.stderr and english(result.stderr) == [], result.stderr


# --- 7, 8, 20. dates typed on the command line --------------------------------------------------------

def test_a_days_argument_and_its_source_are_named_in_chinese() -> None:
    result = run_cli("report", "2009-13-40", "--plan", str(PLAN), env=ZH)
    assert result.exit_code == 2 and "DAY" not in result.stderr and "日期：'2009-13-40' 中没有 13 月" in result.stderr
    week = run_cli("report", "--week", "2009-13-40", "--plan", str(PLAN), env=ZH)
    assert "--week：" in week.stderr, week.stderr  # full-width, as --month's
    told = run_cli("status", "--plan", str(PLAN), env={**ZH, "PLANCTL_TODAY": "4月35日"})
    assert "$PLANCTL_TODAY：'4月35日' 中没有 35 日" in told.stderr, told.stderr
    both = run_cli("report", "--week", "--month", "--plan", str(PLAN), env=ZH)
    assert " and " not in both.stderr and "--week、--month" in both.stderr


@pytest.mark.parametrize("day", ["4月35日", "13月1日", "4月32号"])
def test_a_day_typed_gives_the_reason_a_plan_gives(tmp_path: Path, day: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(re.sub(r"(?m)^(\s+when: )3月30日$", rf"\g<1>{day}", PLAN_TEXT, count=1), encoding="utf-8")
    in_plan = run_cli("check", str(plan), env=ZH).stdout
    reason = re.search(r"'[^']+' 中没有 \d+ [月日]", in_plan)
    assert reason is not None, in_plan
    typed = run_cli("due", "--today", day, "--plan", str(PLAN), env=ZH)
    assert typed.exit_code == 2 and reason.group() in typed.stderr, typed.stderr
    assert "请写某一天" not in typed.stderr  # not told the very form they typed


# --- 10. the workbook's unit ---------------------------------------------------------------------------

def test_the_workbook_names_an_hour_quota_s_unit_as_the_text_report_does(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "week.xlsx"
    assert run_cli("report", "--month", "2009-04", "-o", str(out), "--plan", str(PLAN), env=ZH).exit_code == 0
    sheet = next(ws for ws in load_workbook(out).worksheets if ws.title == "配额")
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    units = {row[header.index("计量单位")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "小时" in units and "h" not in units, units
    text = run_cli("report", "--month", "2009-04", "--plan", str(PLAN), env=ZH).stdout
    assert "小时" in text


# --- 12. LANGUAGE beside a C locale ----------------------------------------------------------------------

def test_language_is_ignored_under_the_c_locale_as_gnu_gettext_does() -> None:
    english_run = run_cli("due", "--who", "x", "--plan", str(PLAN), env={"LANGUAGE": "zh_CN:zh", "LC_ALL": "C"})
    assert "no person or group 'x'" in english_run.stderr, english_run.stderr
    chinese_run = run_cli("due", "--who", "x", "--plan", str(PLAN), env={"LANGUAGE": "zh_CN:zh", "LANG": "en_US.UTF-8"})
    assert "planctl：错误" in chinese_run.stderr
    forced = run_cli("due", "--who", "x", "--plan", str(PLAN), env={"PLANCTL_LANG": "zh_CN", "LC_ALL": "C"})
    assert "planctl：错误" in forced.stderr


# --- 22. a duplicate key ------------------------------------------------------------------------------------

def test_after_a_duplicate_key_messages_point_at_the_value_used(tmp_path: Path) -> None:
    lines = PLAN_TEXT.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == "when: 3月30日")
    lines.insert(at + 1, lines[at].replace("3月30日", "2009-04-01"))
    plan = tmp_path / "plan.yaml"
    plan.write_text("\n".join(lines), encoding="utf-8")
    out = run_cli("check", str(plan), env=ZH).stdout
    warning = next(line for line in out.split("\n") if "2009-04-01" in line and "警告" in line)
    assert warning.startswith(f"{plan}:{at + 2}:"), out  # the second `when:`, whose date it quotes


# --- 23. several plans ------------------------------------------------------------------------------------

def test_check_goes_on_past_a_missing_file_and_exits_with_the_worst_code(tmp_path: Path) -> None:
    good, empty = tmp_path / "good.yaml", tmp_path / "empty.yaml"
    good.write_text(PLAN_TEXT, encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    missing = str(tmp_path / "nofile.yaml")
    result = run_cli("check", str(good), missing, str(empty), env=ZH)
    assert result.exit_code == 2
    assert "计划是空的" in result.stdout and "nofile.yaml" in result.stderr
    rows = json.loads(run_cli("check", "--json", str(good), missing, str(empty), env=ZH).stdout)
    assert [row["path"] for row in rows] == [missing, str(empty)]
