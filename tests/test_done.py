"""`planctl done` and `planctl undo` through the CLI: the exact bytes of the plan before and after.

Every expected text below is written out (or is the "before" text with the expected lines spliced in
at a named anchor line); none is produced by the code under test. The clock is pinned with
PLANCTL_NOW, so every new entry ends in `at: 2026-11-25T08:00:00+08:00`.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import BUNDLED, PLANCTL_COMMAND, run_cli, write_plan
from planctl.format.loader import load_bytes

NOW = "2026-11-25T08:00:00+08:00"
AT = f"at: {NOW}"
BOM = "\ufeff"
ENV = {"PLANCTL_NOW": NOW, "COLUMNS": "200"}


# --- helpers ---------------------------------------------------------------------------------


def cli(*args: str, env: dict[str, str] = ENV, input: str | None = None) -> object:
    return run_cli(*args, env=env, input=input)


def done(path: Path, *args: str) -> object:
    return cli("done", *args, "-f", str(path))


def undo(path: Path) -> object:
    return cli("undo", "--yes", "-f", str(path))


def put(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def splice_after(text: str, anchor: str, *lines: str, newline: str = "\n") -> str:
    """`text` with `lines` inserted after the one line equal to `anchor` (which must occur once)."""
    rows = text.split(newline)
    assert rows.count(anchor) == 1, f"anchor {anchor!r} occurs {rows.count(anchor)} times"
    at = rows.index(anchor) + 1
    return newline.join(rows[:at] + list(lines) + rows[at:])


def replace_line(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def log_of(raw: bytes, ident: str) -> list[tuple[object, ...]]:
    loaded = load_bytes("plan.yaml", raw)
    assert not loaded.errors, loaded.errors
    assert loaded.plan is not None
    item = loaded.plan.find(ident)
    assert item is not None
    return [entry.key() for entry in item.log]


def yaml_item(data: bytes, ident: str) -> dict[str, object]:
    """The item's mapping as an independent YAML reader (PyYAML's safe_load) sees the file."""
    stack: list[object] = [yaml.safe_load(data.decode("utf-8-sig"))]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("id") == ident:
                return node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise AssertionError(f"no item {ident!r}")


def stray_files(folder: Path, *keep: str) -> list[str]:
    """Files beside the plan other than it and planctl's cache folder, and temporary files in that folder."""
    out = [p.name for p in folder.iterdir() if p.name not in ("plan.yaml", ".planctl-cache", *keep)]
    cache_dir = folder / ".planctl-cache"
    if cache_dir.is_dir():
        out += [f".planctl-cache/{p.name}" for p in cache_dir.iterdir() if p.name.endswith(".tmp")]
    return sorted(out)


def ok(result: object) -> None:
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)  # type: ignore[attr-defined]


# --- the plan most tests write into ----------------------------------------------------------

HEAD = """\
# 测试计划: planctl done 的测试
title: 测试计划
year: 2009
roster:
  people:
    zhangwei: 张伟
    lina: 李娜
    wangfang: 王芳
  groups:
    leaders:
      name: 领导班子
      members: [zhangwei, lina]
    branches:
      name: 党支部
      units:
        jiguan:
          name: 机关党支部
          members: [zhangwei, wangfang]
        jixie:
          name: 机械队党支部
          members: [lina]

"""

BODY = """\
phases:
  - id: prep
    title: 活动准备
    when: 2009年3月1日至3月30日
    tasks:
      - id: mobilize
        title: 动员部署
        when: 3月30日
        who: leaders
        log:
          - {date: 2009-03-30, by: zhangwei, note: 开会}
      - id: scheme
        title: 制定实施方案
        who: leaders
        note: 结合本单位实际
  # 第二阶段
  - id: study
    title: 学习调研
    when: 2009年3月31日至4月30日
    quotas:
      - id: self-study
        title: 每周自学
        who: leaders
        per: person
        period: week
        target: 8
        unit: h
        log:
          - {date: 2009-03-31, by: zhangwei, amount: 2}
          - {date: 2009-04-01, by: lina, amount: 1.5, note: 读原著}
      - id: notes
        title: 学习笔记
        who: leaders
        per: person
        target: 3000
        unit: 字
        log: [{date: 2009-04-01, by: lina, amount: 500}]
      - id: branch-study
        title: 支部集中学习
        who: branches
        per: unit
        target: 5
        unit: 次
        log: []
    tasks:
      - id: theory
        title: 深入学习理论
        who: leaders
        log:
      - id: report
        title: 撰写调研报告
        when: 2009年4月15日-4月20日
        who: leaders
"""

PLAN = HEAD + BODY

SELF_STUDY_LAST = "          - {date: 2009-04-01, by: lina, amount: 1.5, note: 读原著}"


# --- each style of log -----------------------------------------------------------------------


def test_block_log_with_entries_gets_one_line_after_the_last(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "self-study", "--by", "zhangwei", "--amount", "2h", "--date", "2009-04-03", "--note", "初稿")
    ok(result)
    expected = splice_after(
        PLAN, SELF_STUDY_LAST, f"          - {{date: 2009-04-03, by: zhangwei, amount: 2, note: 初稿, {AT}}}")
    assert path.read_bytes() == expected.encode()
    assert "self-study" in result.stderr and "2009-04-03" in result.stderr  # a message: stderr
    assert result.stdout == ""


def test_flow_log_with_entries_is_extended_on_its_line(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "notes", "--by", "zhangwei", "--amount", "3000字", "--date", "2009-04-03"))
    expected = replace_line(
        PLAN,
        "        log: [{date: 2009-04-01, by: lina, amount: 500}]\n",
        f"        log: [{{date: 2009-04-01, by: lina, amount: 500}}, {{date: 2009-04-03, by: zhangwei, amount: 3000, {AT}}}]\n",
    )
    assert path.read_bytes() == expected.encode()


def test_empty_flow_log_gets_its_first_entry_inside_the_brackets(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "branch-study", "--by", "lina", "--date", "2009-04-03"))
    expected = replace_line(PLAN, "        log: []\n", f"        log: [{{date: 2009-04-03, by: lina, unit: jixie, {AT}}}]\n")
    assert path.read_bytes() == expected.encode()


def test_log_key_with_nothing_gets_the_entry_below_it(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "theory", "--date", "2009-04-03"))
    expected = PLAN.replace(
        "        who: leaders\n        log:\n      - id: report",
        f"        who: leaders\n        log:\n          - {{date: 2009-04-03, {AT}}}\n      - id: report",
    )
    assert expected != PLAN
    assert path.read_bytes() == expected.encode()


def test_task_without_log_in_the_middle_of_the_file(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--by", "zhangwei", "--date", "2009-03-20"))
    expected = splice_after(PLAN, "        note: 结合本单位实际",
                            "        log:", f"          - {{date: 2009-03-20, by: zhangwei, {AT}}}")
    assert path.read_bytes() == expected.encode()


def test_last_task_of_the_file_without_log(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "report", "--date", "2009-04-16"))
    expected = PLAN + f"        log:\n          - {{date: 2009-04-16, {AT}}}\n"
    assert path.read_bytes() == expected.encode()


def test_file_without_final_newline_stays_without(tmp_path: Path) -> None:
    before = PLAN.rstrip("\n")
    path = put(tmp_path, before)
    ok(done(path, "report", "--date", "2009-04-16"))
    assert path.read_bytes() == (before + f"\n        log:\n          - {{date: 2009-04-16, {AT}}}").encode()


def test_block_log_at_the_end_of_a_file_without_final_newline(tmp_path: Path) -> None:
    before = "title: T\nyear: 2009\nphases:\n  - id: p\n    title: P\n    log:\n      - {date: 2009-03-01}"
    path = put(tmp_path, before)
    ok(done(path, "p", "--date", "2009-03-02", "--again"))
    assert path.read_bytes() == (before + f"\n      - {{date: 2009-03-02, {AT}}}").encode()


def test_crlf_file_gets_crlf_lines(tmp_path: Path) -> None:
    before = crlf(PLAN)
    path = put(tmp_path, before)
    ok(done(path, "self-study", "--by", "lina", "--amount", "1h", "--date", "2009-04-03"))
    ok(done(path, "scheme", "--date", "2009-03-20"))
    expected = splice_after(before, SELF_STUDY_LAST, f"          - {{date: 2009-04-03, by: lina, amount: 1, {AT}}}",
                            newline="\r\n")
    expected = splice_after(expected, "        note: 结合本单位实际", "        log:", f"          - {{date: 2009-03-20, {AT}}}",
                            newline="\r\n")
    data = path.read_bytes()
    assert data == expected.encode()
    assert data.count(b"\n") == data.count(b"\r\n")


def test_crlf_file_without_final_newline(tmp_path: Path) -> None:
    before = crlf(PLAN).rstrip("\r\n")
    path = put(tmp_path, before)
    ok(done(path, "report", "--date", "2009-04-16"))
    assert path.read_bytes() == (before + f"\r\n        log:\r\n          - {{date: 2009-04-16, {AT}}}").encode()


def test_bom_is_kept(tmp_path: Path) -> None:
    path = put(tmp_path, BOM + PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20"))
    expected = splice_after(PLAN, "        note: 结合本单位实际", "        log:", f"          - {{date: 2009-03-20, {AT}}}")
    data = path.read_bytes()
    assert data == (BOM + expected).encode()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")


def test_bom_crlf_flow_log(tmp_path: Path) -> None:
    before = BOM + crlf(PLAN)
    path = put(tmp_path, before)
    ok(done(path, "branch-study", "--by", "zhangwei", "--date", "2009-04-03"))
    expected = replace_line(before, "        log: []\r\n",
                            f"        log: [{{date: 2009-04-03, by: zhangwei, unit: jiguan, {AT}}}]\r\n")
    assert path.read_bytes() == expected.encode()


COMMENTED = """\
title: T
year: 2009
phases:
  - id: p
    title: P
    tasks:
      - id: a
        title: A
        log:
          - {date: 2009-03-01, note: 第一次}  # 手写的
          # 以后的都由 planctl 写
          #   - {date: 2009-03-02}

      # 下一个任务
      - id: b
        title: B  # 注释
      - id: c
        title: C
        note: |
          第一行
          第二行

      - id: d
        title: D
"""


def test_comment_on_the_same_line_and_on_following_lines_stay_after_the_new_entry(tmp_path: Path) -> None:
    path = put(tmp_path, COMMENTED)
    ok(done(path, "a", "--again", "--date", "2009-03-03"))
    expected = splice_after(COMMENTED, "          - {date: 2009-03-01, note: 第一次}  # 手写的",
                            f"          - {{date: 2009-03-03, {AT}}}")
    assert path.read_bytes() == expected.encode()


@pytest.mark.parametrize("comment", ["# 手写", "# by: lina", "#note: {x}"])
def test_comment_glued_to_the_last_entry(tmp_path: Path, comment: str) -> None:
    # `}#…` is a comment after a flow mapping; the text after `#` may look like YAML.
    before = f"title: T\nyear: 2009\nphases:\n  - id: p\n    title: P\n    log:\n      - {{date: 2009-03-01}}{comment}\n"
    path = put(tmp_path, before)
    ok(done(path, "p", "--again", "--date", "2009-03-02"))
    assert path.read_bytes() == (before + f"      - {{date: 2009-03-02, {AT}}}\n").encode()


def test_comment_after_the_last_key_of_a_task_without_log(tmp_path: Path) -> None:
    path = put(tmp_path, COMMENTED)
    ok(done(path, "b", "--date", "2009-03-03"))
    expected = splice_after(COMMENTED, "        title: B  # 注释", "        log:", f"          - {{date: 2009-03-03, {AT}}}")
    assert path.read_bytes() == expected.encode()


def test_block_scalar_note_keeps_its_text(tmp_path: Path) -> None:
    path = put(tmp_path, COMMENTED)
    ok(done(path, "c", "--date", "2009-03-03"))
    expected = splice_after(COMMENTED, "          第二行", "        log:", f"          - {{date: 2009-03-03, {AT}}}")
    assert path.read_bytes() == expected.encode()
    loaded = load_bytes("plan.yaml", path.read_bytes())
    assert loaded.plan is not None and loaded.plan.find("c").note == "第一行\n第二行\n"  # type: ignore[union-attr]


def test_block_scalar_at_the_end_of_a_file_without_final_newline(tmp_path: Path) -> None:
    before = "title: T\nyear: 2009\nphases:\n  - id: p\n    title: P\n    note: |\n      第一行\n      第二行"
    path = put(tmp_path, before)
    result = done(path, "p", "--date", "2009-03-01")
    assert result.exit_code == 0, result.stderr
    loaded = load_bytes("plan.yaml", path.read_bytes())
    assert loaded.plan is not None and loaded.plan.find("p").note == "第一行\n第二行"  # type: ignore[union-attr]
    assert len(loaded.plan.find("p").log) == 1  # type: ignore[union-attr]


def test_nested_block_scalar_at_the_end_of_a_file_without_final_newline(tmp_path: Path) -> None:
    before = ("title: T\nyear: 2009\nphases:\n  - id: p\n    title: P\n    tasks:\n      - id: a\n        title: A\n"
              "        note: |\n          第一行")
    path = put(tmp_path, before)
    result = done(path, "p", "--date", "2009-03-01", "--yes")  # a phase: --yes, it closes task a
    assert result.exit_code == 0, result.stderr
    loaded = load_bytes("plan.yaml", path.read_bytes())
    assert loaded.plan is not None and loaded.plan.find("a").note == "第一行"  # type: ignore[union-attr]
    assert len(loaded.plan.find("p").log) == 1  # type: ignore[union-attr]


FOUR = """\
title: 四格缩进
year: 2009
roster:
    people:
        zhangwei: 张伟
phases:
    -   id: p
        title: 阶段
        tasks:
            -   id: a
                title: 有记录
                log:
                    -   date: 2009-03-01
                        by: zhangwei
                        note: 块状记录
            -   id: b
                title: 没有记录
"""


def test_four_space_indentation(tmp_path: Path) -> None:
    path = put(tmp_path, FOUR)
    ok(done(path, "a", "--again", "--date", "2009-03-02", "--by", "张伟"))
    ok(done(path, "b", "--date", "2009-03-03"))
    assert path.read_bytes() == f"""\
title: 四格缩进
year: 2009
roster:
    people:
        zhangwei: 张伟
phases:
    -   id: p
        title: 阶段
        tasks:
            -   id: a
                title: 有记录
                log:
                    -   date: 2009-03-01
                        by: zhangwei
                        note: 块状记录
                    - {{date: 2009-03-02, by: zhangwei, {AT}}}
            -   id: b
                title: 没有记录
                log:
                    - {{date: 2009-03-03, {AT}}}
""".encode()


INDENTLESS = """\
title: 不缩进的列表
year: 2009
phases:
- id: p
  title: 阶段
  tasks:
  - id: a
    title: 有记录
    log:
    - {date: 2009-03-01}
  - id: b
    title: 没有记录
  - id: c
    title: 空记录
    log:
"""


def test_indentless_sequences(tmp_path: Path) -> None:
    path = put(tmp_path, INDENTLESS)
    ok(done(path, "a", "--again", "--date", "2009-03-02"))
    ok(done(path, "b", "--date", "2009-03-03"))
    ok(done(path, "c", "--date", "2009-03-04"))
    assert path.read_bytes() == f"""\
title: 不缩进的列表
year: 2009
phases:
- id: p
  title: 阶段
  tasks:
  - id: a
    title: 有记录
    log:
    - {{date: 2009-03-01}}
    - {{date: 2009-03-02, {AT}}}
  - id: b
    title: 没有记录
    log:
    - {{date: 2009-03-03, {AT}}}
  - id: c
    title: 空记录
    log:
    - {{date: 2009-03-04, {AT}}}
""".encode()


FLOW_TASKS = """\
title: T
year: 2009
phases:
  - id: p
    title: P
    tasks:
      - {id: a, title: 甲}
      - {id: b, title: 乙, log: [{date: 2009-03-01}]}
      - {id: c, title: 丙}  # 注释
"""


def test_flow_mapping_tasks_are_extended_on_their_line(tmp_path: Path) -> None:
    path = put(tmp_path, FLOW_TASKS)
    ok(done(path, "a", "--date", "2009-03-02"))
    ok(done(path, "b", "--again", "--date", "2009-03-03"))
    ok(done(path, "c", "--date", "2009-03-04", "--note", "完成"))
    assert path.read_bytes() == f"""\
title: T
year: 2009
phases:
  - id: p
    title: P
    tasks:
      - {{id: a, title: 甲, log: [{{date: 2009-03-02, {AT}}}]}}
      - {{id: b, title: 乙, log: [{{date: 2009-03-01}}, {{date: 2009-03-03, {AT}}}]}}
      - {{id: c, title: 丙, log: [{{date: 2009-03-04, note: 完成, {AT}}}]}}  # 注释
""".encode()


def test_flow_mapping_task_with_trailing_comma(tmp_path: Path) -> None:
    before = "title: T\nyear: 2009\nphases:\n  - id: p\n    title: P\n    tasks:\n      - {id: a, title: A,}\n"
    path = put(tmp_path, before)
    result = done(path, "a", "--date", "2009-03-02")
    assert result.exit_code == 0, result.stderr
    assert log_of(path.read_bytes(), "a")[-1][0].isoformat() == "2009-03-02"  # type: ignore[attr-defined]


# --- notes -------------------------------------------------------------------------------------

NOTES = [
    ("初稿", "初稿"),
    ("读《摘编》第三章", "读《摘编》第三章"),
    ("#", '"#"'),
    ("第1章 #重点", '"第1章 #重点"'),
    ("时间: 上午", '"时间: 上午"'),
    ("-开头是横线", '"-开头是横线"'),
    ("- 列表样", '"- 列表样"'),
    ("yes", '"yes"'),
    ("No", '"No"'),
    ("null", '"null"'),
    ("~", '"~"'),
    ("12", '"12"'),
    ("3.5", '"3.5"'),
    ("2009-04-03", '"2009-04-03"'),
    ("第一行\n第二行", '"第一行\\n第二行"'),
    ("tab\there", '"tab\\there"'),
    ('他说"好"', '他说"好"'),
    ('"引号开头"', '"\\"引号开头\\""'),
    ("{花括号}", '"{花括号}"'),
    ("a, b", '"a, b"'),
    ("结尾冒号:", '"结尾冒号:"'),
    (" 前后空格 ", '" 前后空格 "'),
]


@pytest.mark.parametrize(("note", "written"), NOTES, ids=[repr(n) for n, _ in NOTES])
def test_note_is_written_readably_and_reads_back_identical(tmp_path: Path, note: str, written: str) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20", "--note", note))
    expected = splice_after(PLAN, "        note: 结合本单位实际", "        log:",
                            f"          - {{date: 2009-03-20, note: {written}, {AT}}}")
    assert path.read_bytes() == expected.encode()
    assert log_of(path.read_bytes(), "scheme")[-1][4] == note
    assert yaml_item(path.read_bytes(), "scheme")["log"][-1]["note"] == note  # type: ignore[index]


@pytest.mark.parametrize("note", ["=", "<<"])
def test_note_that_yaml_1_1_reads_as_a_tag_is_quoted(tmp_path: Path, note: str) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20", "--note", note))
    assert log_of(path.read_bytes(), "scheme")[-1][4] == note
    assert yaml_item(path.read_bytes(), "scheme")["log"][-1]["note"] == note  # type: ignore[index]


@pytest.mark.parametrize("note", ["a\ufffeb", "\uffff"])  # U+2028, U+0085, U+FEFF: hidden, refused (h89, h98)
def test_note_with_characters_yaml_refuses_or_breaks_on_is_escaped(tmp_path: Path, note: str) -> None:
    # U+FFFE/U+FFFF were written literally at 1fcb710 (the write was refused as invalid YAML); fixed in 1e393e1.
    path = put(tmp_path, PLAN)
    result = done(path, "scheme", "--date", "2009-03-20", "--note", note)
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes()
    assert log_of(data, "scheme")[-1][4] == note
    assert yaml_item(data, "scheme")["log"][-1]["note"] == note  # type: ignore[index]
    line = next(row for row in data.decode("utf-8").split("\n") if AT in row)
    assert "\\u" in line and not any(ch in line for ch in "\ufffe\uffff\u2028\x85\ufeff"), line


def test_note_that_is_not_utf8_is_recorded_or_refused_never_an_internal_error(tmp_path: Path) -> None:
    # A note from argv that is not UTF-8 arrives as a lone surrogate. At 1fcb710 this was
    # "internal error: UnicodeEncodeError … this is a bug in planctl" (exit 70); fixed in 1e393e1.
    path = put(tmp_path, PLAN)
    env = {**os.environ, "PLANCTL_NOW": NOW, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}
    run = subprocess.run([*PLANCTL_COMMAND, "done", "scheme", "-f", str(path),
                          "--date", "2009-03-20", "--note", b"bad\x85"], capture_output=True, env=env, timeout=60)
    assert b"bug in planctl" not in run.stderr and b"Traceback" not in run.stderr, run.stderr
    assert run.returncode in (0, 2), run.stderr
    if run.returncode == 2:
        assert path.read_bytes() == PLAN.encode()
    else:
        assert log_of(path.read_bytes(), "scheme")[-1][4] == "bad\udc85"


# --- finding the target ----------------------------------------------------------------------


def test_target_by_id_by_outline_and_by_unique_title_part(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    before = path.read_text(encoding="utf-8")
    ok(done(path, "动员", "--date", "2009-03-30", "--by", "sha"))  # 动员部署 (mobilize)
    ok(done(path, "2.6.1", "--date", "2009-04-05"))  # 拟定调研课题 (topics)
    ok(done(path, "survey", "--date", "2009-08-31", "--note", "满意"))
    expected = splice_after(before, "        note: 召开全处学习实践活动动员大会,对全处党员干部进行思想动员和活动总体安排。"
                                    "使全处党员干部和离退休党员了解开展学习实践活动的重大意义、指导思想、目标要求、基本原则和方法步骤。",
                            "        log:", f"          - {{date: 2009-03-30, by: sha, {AT}}}")
    expected = splice_after(expected, "            note: 针对本单位存在的突出问题,拟定具体的调研题目,"
                                      "并将调研题目分解到人,排出具体的调研时间表。",
                            "            log:", f"              - {{date: 2009-04-05, {AT}}}")
    expected += f"        log:\n          - {{date: 2009-08-31, note: 满意, {AT}}}\n"
    assert path.read_text(encoding="utf-8") == expected


def test_target_by_quota_outline(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "2q3", "--by", "lina", "--date", "2009-04-03"))  # branch-study, the third quota of phase 2
    assert log_of(path.read_bytes(), "branch-study")[-1][:3] == (date(2009, 4, 3), "lina", "jixie")


def test_ambiguous_title_part_lists_the_candidates(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = done(path, "党支部")
    assert result.exit_code == 2
    for ident, outline in [("branch-study", "2.1q1"), ("branch-lecture", "2.1q2"), ("branch-life", "3.2"),
                           ("branch-life-held", "3.2q1")]:
        assert re.search(rf"^\s+{re.escape(ident)}\s+{re.escape(outline)}\s", result.stderr, re.M), result.stderr
    assert path.read_bytes() == BUNDLED.read_bytes()


def test_unknown_target_suggests_the_closest(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = done(path, "mobilise")
    assert result.exit_code == 2
    assert "no task or quota 'mobilise'" in result.stderr
    assert "did you mean 'mobilize'?" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == BUNDLED.read_bytes()


# --- amounts and units -----------------------------------------------------------------------

AMOUNTS = [
    ("self-study", "2h", "2"),
    ("self-study", "90min", "1.5"),
    ("self-study", "1.5小时", "1.5"),
    ("self-study", "3", "3"),
    ("notes", "3000字", "3000"),
    ("notes", "3000chars", "3000"),
    ("notes", "2千字", "2000"),
]


@pytest.mark.parametrize(("quota", "amount", "written"), AMOUNTS)
def test_amount_with_units(tmp_path: Path, quota: str, amount: str, written: str) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, quota, "--by", "zhangwei", "--amount", amount, "--date", "2009-04-03"))
    data = path.read_bytes()
    new = f"{{date: 2009-04-03, by: zhangwei, amount: {written}, {AT}}}"
    if quota == "self-study":
        expected = splice_after(PLAN, SELF_STUDY_LAST, f"          - {new}")
    else:
        expected = replace_line(PLAN, "amount: 500}]", f"amount: 500}}, {new}]")
    assert data == expected.encode()
    assert log_of(data, quota)[-1][3] == float(written)


def test_amount_in_minutes_that_is_not_a_round_number_of_hours(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "self-study", "--by", "zhangwei", "--amount", "20min", "--date", "2009-04-03")
    assert result.exit_code == 0, result.stderr
    assert log_of(path.read_bytes(), "self-study")[-1][3] == pytest.approx(1 / 3, abs=1e-6)


@pytest.mark.parametrize(("quota", "amount"), [("self-study", "3000字"), ("self-study", "3000chars"), ("notes", "2h"),
                                               ("notes", "90min"), ("branch-study", "2h"), ("self-study", "0"),
                                               ("self-study", "-1h"), ("self-study", "lots")])
def test_mismatched_or_bad_amount_is_refused(tmp_path: Path, quota: str, amount: str) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, quota, "--by", "lina", "--amount", amount, "--date", "2009-04-03")
    assert result.exit_code == 2, result.stderr
    assert "--amount" in result.stderr
    assert path.read_bytes() == PLAN.encode()


@pytest.mark.parametrize("cache", ["warm", "off"])
def test_an_amount_that_rounds_to_zero_is_refused(tmp_path: Path, cache: str) -> None:
    """Hours are counted to the second; an amount under a second is refused, cache or not."""
    path = put(tmp_path, PLAN)
    env = {**ENV, "PLANCTL_CACHE": "0" if cache == "off" else "1"}
    cli("due", "-f", str(path), "--today", "2009-04-12", env=env)
    result = cli("done", "self-study", "-f", str(path), "--by", "lina", "--amount", "0.0000004",
                 "--date", "2009-04-03", env=env)
    assert result.exit_code == 2
    assert result.stderr == "planctl: error: --amount: '0.0000004' is less than a second; planctl counts time to the second\n"
    assert path.read_bytes() == PLAN.encode()


def test_amount_is_refused_for_a_task(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "scheme", "--amount", "2h")
    assert result.exit_code == 2
    assert path.read_bytes() == PLAN.encode()


def test_hours_quota_needs_an_amount(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "self-study", "--by", "lina")
    assert result.exit_code == 2
    assert "--amount" in result.stderr
    assert path.read_bytes() == PLAN.encode()


# --- who: per person, per unit ---------------------------------------------------------------


def test_per_person_quota_requires_by(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "self-study", "--amount", "1h")
    assert result.exit_code == 2
    assert "--by" in result.stderr and "zhangwei" in result.stderr and "lina" in result.stderr
    assert path.read_bytes() == PLAN.encode()


@pytest.mark.parametrize("who", ["nobody", "zhangwe", "张"])
def test_by_must_be_in_the_roster(tmp_path: Path, who: str) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "self-study", "--by", who, "--amount", "1h")
    assert result.exit_code == 2
    assert f"no person '{who}' in the roster" in result.stderr
    assert path.read_bytes() == PLAN.encode()
    result = done(path, "scheme", "--by", who)
    assert result.exit_code == 2
    assert path.read_bytes() == PLAN.encode()


def test_by_must_be_counted_by_the_quota(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "self-study", "--by", "wangfang", "--amount", "1h")  # in the roster, not a leader
    assert result.exit_code == 2
    assert "wangfang" in result.stderr
    assert path.read_bytes() == PLAN.encode()


def test_by_a_persons_name(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "self-study", "--by", "李娜", "--amount", "30min", "--date", "2009-04-03"))
    expected = splice_after(PLAN, SELF_STUDY_LAST, f"          - {{date: 2009-04-03, by: lina, amount: 0.5, {AT}}}")
    assert path.read_bytes() == expected.encode()


@pytest.mark.parametrize(("who", "unit"), [("lina", "jixie"), ("wangfang", "jiguan"), ("zhangwei", "jiguan")])
def test_per_unit_quota_takes_the_unit_from_by(tmp_path: Path, who: str, unit: str) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "branch-study", "--by", who, "--date", "2009-04-03"))
    expected = replace_line(PLAN, "        log: []\n", f"        log: [{{date: 2009-04-03, by: {who}, unit: {unit}, {AT}}}]\n")
    assert path.read_bytes() == expected.encode()


def test_per_unit_quota_by_unit_name_without_by(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "branch-study", "--unit", "机械队党支部", "--date", "2009-04-03"))
    expected = replace_line(PLAN, "        log: []\n", f"        log: [{{date: 2009-04-03, unit: jixie, {AT}}}]\n")
    assert path.read_bytes() == expected.encode()


def test_per_unit_quota_without_by_or_unit_is_refused(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "branch-study", "--date", "2009-04-03")
    assert result.exit_code == 2
    assert "--unit" in result.stderr and "jiguan" in result.stderr and "jixie" in result.stderr
    assert path.read_bytes() == PLAN.encode()


# --- already done, --again -------------------------------------------------------------------


def test_already_done_task_writes_nothing_unless_again(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "mobilize", "--date", "2009-03-30")
    assert result.exit_code == 0
    assert "already done" in result.stderr and "--again" in result.stderr
    assert "recorded:" not in result.stderr
    assert path.read_bytes() == PLAN.encode()
    ok(done(path, "mobilize", "--date", "2009-03-30", "--again", "--by", "lina"))
    expected = splice_after(PLAN, "          - {date: 2009-03-30, by: zhangwei, note: 开会}",
                            f"          - {{date: 2009-03-30, by: lina, {AT}}}")
    assert path.read_bytes() == expected.encode()


def test_task_done_twice_the_second_time_says_so(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20"))
    after_first = path.read_bytes()
    result = done(path, "scheme", "--date", "2009-03-21")
    assert result.exit_code == 0 and "already done" in result.stderr
    assert path.read_bytes() == after_first


def test_phase_whose_tasks_are_all_done_is_already_done(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20"))  # mobilize is logged already: now all of prep's tasks are
    before = path.read_bytes()
    result = done(path, "prep")
    assert result.exit_code == 0 and "already done" in result.stderr
    assert path.read_bytes() == before


def test_hand_edits_between_dones_are_respected(tmp_path: Path) -> None:
    """Whatever planctl keeps beside the plan, the next done splices into the text as it is now."""
    path = put(tmp_path, PLAN)
    ok(cli("check", str(path)))
    ok(done(path, "self-study", "--by", "lina", "--amount", "1h", "--date", "2009-04-03"))
    ok(cli("due", "-f", str(path), "--today", "2009-04-03"))
    first = path.read_text(encoding="utf-8")
    # by hand: a comment above the quotas, a longer title, one entry's note changed (same length)
    edited = replace_line(first, "    quotas:\n", "    # 定额\n    quotas:\n")
    edited = replace_line(edited, "        title: 每周自学\n", "        title: 党员每周自学（个人）\n")
    edited = replace_line(edited, "note: 读原著}", "note: 读经典}")
    path.write_text(edited, encoding="utf-8")
    ok(done(path, "self-study", "--by", "zhangwei", "--amount", "2h", "--date", "2009-04-04"))
    expected = splice_after(edited, f"          - {{date: 2009-04-03, by: lina, amount: 1, {AT}}}",
                            f"          - {{date: 2009-04-04, by: zhangwei, amount: 2, {AT}}}")
    assert path.read_text(encoding="utf-8") == expected
    # the same size, the same modification time: only the content tells
    same_size = expected.replace("by: lina, amount: 1,", "by: lina, amount: 3,")
    stat_before = path.stat()
    path.write_text(same_size, encoding="utf-8")
    os.utime(path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    ok(done(path, "scheme", "--date", "2009-03-20"))
    assert path.read_text(encoding="utf-8") == splice_after(
        same_size, "        note: 结合本单位实际", "        log:", f"          - {{date: 2009-03-20, {AT}}}")
    assert [e[3] for e in log_of(path.read_bytes(), "self-study")] == [2.0, 1.5, 3.0, 2.0]


# --- a plan with errors ----------------------------------------------------------------------


def test_plan_with_errors_is_not_written(tmp_path: Path) -> None:
    broken = replace_line(PLAN, "        who: leaders\n        note: 结合本单位实际\n",
                          "        who: leaderz\n        note: 结合本单位实际\n")
    broken = broken.replace("      - id: report\n", "      - id: report\n        owner: lina\n")
    path = put(tmp_path, broken)
    result = done(path, "scheme", "--date", "2009-03-20")
    assert result.exit_code == 1
    assert re.search(r"plan\.yaml:\d+:\d+: error: .*leaderz", result.stderr), result.stderr
    assert re.search(r"plan\.yaml:\d+:\d+: error: unknown key 'owner'", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == broken.encode()


def test_yaml_syntax_error_is_not_written(tmp_path: Path) -> None:
    broken = PLAN.replace("        title: 制定实施方案\n", "        title: [制定实施方案\n")
    path = put(tmp_path, broken)
    result = done(path, "mobilize", "--again")
    assert result.exit_code == 1
    assert "error" in result.stderr
    assert path.read_bytes() == broken.encode()


def test_missing_plan_file(tmp_path: Path) -> None:
    result = done(tmp_path / "nope.yaml", "scheme")
    assert result.exit_code == 2
    assert not (tmp_path / "nope.yaml").exists()


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, "scheme", "--date", "not a day")
    assert result.exit_code == 2
    assert path.read_bytes() == PLAN.encode()


# --- due after done --------------------------------------------------------------------------


def due_ids(path: Path, today: str) -> set[str]:
    result = cli("due", "-f", str(path), "--today", today, "--json")
    ok(result)
    data = json.loads(result.stdout)
    return {row["id"] for rows in data["sections"].values() for row in rows}


def test_due_today_no_longer_lists_the_task_after_done(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    assert "mobilize" in due_ids(path, "2009-03-30")
    text = cli("due", "-f", str(path), "--today", "2009-03-30")
    assert "动员部署" in text.stdout
    ok(done(path, "mobilize", "--date", "2009-03-30", "--by", "sha"))
    assert "mobilize" not in due_ids(path, "2009-03-30")
    assert "lead-group" in due_ids(path, "2009-03-30")  # the others stay
    text = cli("due", "-f", str(path), "--today", "2009-03-30")
    ok(text)
    assert "动员部署" not in text.stdout


# --- the line the message points at ----------------------------------------------------------


@pytest.mark.parametrize(("target", "args"), [("self-study", ("--by", "lina", "--amount", "1h")), ("scheme", ()),
                                              ("branch-study", ("--by", "lina"))])
def test_recorded_message_points_at_the_new_line(tmp_path: Path, target: str, args: tuple[str, ...]) -> None:
    path = put(tmp_path, PLAN)
    result = done(path, target, "--date", "2009-04-03", *args)
    ok(result)
    match = re.search(r"\(.*plan\.yaml:(\d+)\)", result.stderr)
    assert match, result.stderr
    lines = path.read_text(encoding="utf-8").split("\n")
    assert AT in lines[int(match[1]) - 1], (match[1], lines[int(match[1]) - 1])


# --- undo --------------------------------------------------------------------------------------

UNDO_CASES = {
    "block log": ("self-study", "--by", "lina", "--amount", "2h", "--date", "2009-04-03"),
    "created log (middle)": ("scheme", "--date", "2009-03-20", "--note", "第一行\n第二行"),
    "created log (last task)": ("report", "--date", "2009-04-16"),
    "task again": ("mobilize", "--again", "--date", "2009-03-30"),
}
UNDO_STYLES = {
    "lf": lambda t: t,
    "crlf": crlf,
    "bom": lambda t: BOM + t,
    "no final newline": lambda t: t.rstrip("\n"),
    "bom crlf no final newline": lambda t: BOM + crlf(t).rstrip("\r\n"),
}


@pytest.mark.parametrize("style", UNDO_STYLES)
@pytest.mark.parametrize("case", UNDO_CASES)
def test_undo_restores_the_file_byte_for_byte(tmp_path: Path, case: str, style: str) -> None:
    before = UNDO_STYLES[style](PLAN).encode()
    path = tmp_path / "plan.yaml"
    path.write_bytes(before)
    ok(done(path, *UNDO_CASES[case]))
    assert path.read_bytes() != before
    result = undo(path)
    ok(result)
    assert "took back" in result.stderr
    assert path.read_bytes() == before


def test_undo_takes_back_the_last_done_byte_for_byte(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    steps = [("2026-11-25T08:00:01", ("self-study", "--by", "lina", "--amount", "1h")),
             ("2026-11-25T08:00:03", ("scheme",)),
             ("2026-11-25T08:00:02", ("report",))]  # a clock set back: the journal, not `at`, knows the order
    versions = [path.read_bytes()]
    for now, args in steps:
        ok(cli("done", *args, "--date", "2009-04-03", "-f", str(path), env={**ENV, "PLANCTL_NOW": now}))
        versions.append(path.read_bytes())
    for back in (2, 1, 0):
        ok(undo(path))
        assert path.read_bytes() == versions[back]
    result = undo(path)
    assert result.exit_code == 2 and "nothing to undo" in result.stderr


def test_undo_after_the_file_changed_takes_back_the_last_done_made_here(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    steps = [("2026-11-25T08:00:01", ("self-study", "--by", "lina", "--amount", "1h")),
             ("2026-11-25T08:00:03", ("scheme",)),
             ("2026-11-25T08:00:02", ("report",))]
    for now, args in steps:
        ok(cli("done", *args, "--date", "2009-04-03", "-f", str(path), env={**ENV, "PLANCTL_NOW": now}))
    # Someone else's completion arrives (a pull), with a later `at`, and a comment is edited by hand.
    theirs = "          - {date: 2009-04-05, by: lina, amount: 2, at: 2026-11-25T09:00:00}\n"
    text = path.read_text(encoding="utf-8").replace(SELF_STUDY_LAST + "\n", SELF_STUDY_LAST + "\n" + theirs, 1)
    path.write_text(text + "# edited by hand\n", encoding="utf-8")
    ok(undo(path))  # report: the last `done` made here, found where it is now; theirs stays
    data = path.read_bytes()
    assert log_of(data, "report") == [] and len(log_of(data, "scheme")) == 1
    assert "by: lina, amount: 2, at: 2026-11-25T09:00:00" in data.decode() and data.endswith(b"# edited by hand\n")
    ok(undo(path))  # then scheme
    assert log_of(path.read_bytes(), "scheme") == []


def test_undo_without_a_journal_takes_back_the_latest_by_at(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    env = {**ENV, "PLANCTL_CACHE": "0"}
    for now, args in [("2026-11-25T08:00:03+08:00", ("scheme",)), ("2026-11-25T08:00:02+08:00", ("report",))]:
        ok(cli("done", *args, "--date", "2009-04-03", "-f", str(path), env={**env, "PLANCTL_NOW": now}))
    shutil.rmtree(tmp_path / ".planctl-cache")  # as in a fresh clone: no journal, so the `at` stamps decide
    ok(cli("undo", "-f", str(path), env=env, input="y\n"))  # 08:00:03: scheme, not the last done
    data = path.read_bytes()
    assert log_of(data, "scheme") == [] and len(log_of(data, "report")) == 1


def test_undo_with_nothing_to_undo(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)  # its entries were written by hand: no `at`
    result = undo(path)
    assert result.exit_code == 2
    assert "nothing to undo" in result.stderr
    assert path.read_bytes() == PLAN.encode()


def test_undo_asks_and_no_changes_nothing(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20"))
    after = path.read_bytes()
    result = cli("undo", "-f", str(path), input="n\n")
    assert result.exit_code == 0
    assert path.read_bytes() == after


def test_undo_after_done_into_empty_log_key(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "theory", "--date", "2009-04-03"))
    ok(undo(path))
    assert path.read_bytes() == PLAN.encode()


@pytest.mark.parametrize(("target", "args"), [("branch-study", ("--by", "lina")),
                                              ("notes", ("--by", "lina", "--amount", "100字"))])
def test_undo_after_done_into_a_flow_log(tmp_path: Path, target: str, args: tuple[str, ...]) -> None:
    # At 1fcb710 undo refused these ("the entry is not on a line of its own … remove it by hand").
    path = put(tmp_path, PLAN)
    ok(done(path, target, "--date", "2009-04-03", *args))
    result = undo(path)
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == PLAN.encode()


FLOW_UNDO = """\
title: T
year: 2009
phases:
  - id: p
    title: P
    tasks:
      - {id: a, title: 甲}
      - {id: b, title: 乙, log: [{date: 2009-03-01}]}
      - id: c
        title: C
        log: [{date: 2009-03-01}, {date: 2009-03-02}]
      - id: d
        title: D
        log: [ ]  # 空
"""


@pytest.mark.parametrize("target", ["a", "b", "c", "d"])
def test_undo_after_done_into_flow_styles_restores_the_bytes(tmp_path: Path, target: str) -> None:
    path = put(tmp_path, FLOW_UNDO)
    ok(done(path, target, "--again", "--date", "2009-03-05"))
    assert path.read_bytes() != FLOW_UNDO.encode()
    ok(undo(path))
    assert path.read_bytes() == FLOW_UNDO.encode()


# --- the file itself: symlinks and mode --------------------------------------------------------


def test_symlinked_plan_is_written_through(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    link_dir = tmp_path / "work"
    real_dir.mkdir()
    link_dir.mkdir()
    target = put(real_dir, PLAN)
    link = link_dir / "plan.yaml"
    link.symlink_to(os.path.relpath(target, link_dir))
    ok(done(link, "scheme", "--date", "2009-03-20"))
    assert link.is_symlink()
    assert os.readlink(link) == os.path.relpath(target, link_dir)
    expected = splice_after(PLAN, "        note: 结合本单位实际", "        log:", f"          - {{date: 2009-03-20, {AT}}}")
    assert target.read_bytes() == expected.encode()
    assert sorted(p.name for p in link_dir.iterdir() if p.name != ".planctl-cache") == ["plan.yaml"]
    assert stray_files(link_dir) == [] and stray_files(real_dir) == []
    ok(undo(link))
    assert link.is_symlink()
    assert target.read_bytes() == PLAN.encode()


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_file_mode_is_kept(tmp_path: Path, mode: int) -> None:
    path = put(tmp_path, PLAN)
    path.chmod(mode)
    ok(done(path, "scheme", "--date", "2009-03-20"))
    assert stat.S_IMODE(path.stat().st_mode) == mode
    ok(undo(path))
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_no_temporary_or_lock_files_are_left(tmp_path: Path) -> None:
    path = put(tmp_path, PLAN)
    ok(done(path, "scheme", "--date", "2009-03-20"))
    ok(done(path, "self-study", "--by", "lina", "--amount", "1h", "--date", "2009-04-03"))
    ok(undo(path))
    assert stray_files(tmp_path) == []


# --- the bundled plan, in each style ---------------------------------------------------------

BUNDLED_STYLES = {
    "as is": lambda t: t,
    "crlf": crlf,
    "bom": lambda t: BOM + t,
    "no final newline": lambda t: t.rstrip("\n"),
}
BUNDLED_TARGETS = {
    "mobilize": ("--by", "sha", "--date", "2009-03-30"),  # a task in the middle
    "survey": ("--date", "2009-08-31", "--note", "满意度 95%"),  # the last task of the file
    "self-study": ("--by", "zhangwei", "--amount", "90min", "--date", "2009-04-08", "--note", "读《摘编》"),
    "branch-study": ("--by", "lina", "--date", "2009-04-09"),  # per unit
    "topics": ("--date", "2009-04-04"),  # a sub-sub-task
}


def line_diff(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    def lines(data: bytes) -> list[str]:
        return data.decode("utf-8").replace("\r\n", "\n").split("\n")

    diff = list(difflib.ndiff(lines(old), lines(new)))
    return [d[2:] for d in diff if d.startswith("+ ")], [d[2:] for d in diff if d.startswith("- ")]


@pytest.mark.parametrize("target", BUNDLED_TARGETS)
@pytest.mark.parametrize("style", BUNDLED_STYLES)
def test_bundled_plan_gets_log_plus_entry_then_one_line(tmp_path: Path, style: str, target: str) -> None:
    original = BUNDLED_STYLES[style](BUNDLED.read_text(encoding="utf-8")).encode("utf-8")
    path = tmp_path / "plan.yaml"
    path.write_bytes(original)
    args = BUNDLED_TARGETS[target]

    ok(done(path, target, *args))
    first = path.read_bytes()
    added, removed = line_diff(original, first)
    assert removed == []
    assert [line.strip() for line in added[:1]] == ["log:"]
    assert len(added) == 2 and added[1].lstrip().startswith("- {date: ") and added[1].endswith(f"{AT}}}")

    ok(done(path, target, "--again", *args))
    second = path.read_bytes()
    added, removed = line_diff(first, second)
    assert removed == []
    assert len(added) == 1 and added[0].lstrip().startswith("- {date: ")

    for data in (first, second):
        assert data.startswith(b"\xef\xbb\xbf") == (style == "bom")
        assert data.endswith(b"\n") == original.endswith(b"\n")
        if style == "crlf":
            assert data.count(b"\n") == data.count(b"\r\n")
        else:
            assert b"\r" not in data
    assert len(log_of(second, target)) == 2
    check = cli("check", str(path))
    assert check.exit_code == 0, check.stderr
