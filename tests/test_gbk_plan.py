"""A plan saved as GBK ("ANSI" on a Chinese Windows) is named as such, with the command that converts it: by
`planctl check`, and by `planctl sync` when a teammate's commit brought it in (tester h101, finding 2).
Real git for sync."""

from __future__ import annotations

import json
from pathlib import Path

from sync_helpers import clone, git, make_remote, plan_text, run, sync_env  # noqa: F401


def test_check_names_a_gbk_plan_and_the_command_that_converts_it(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(plan_text().encode("gbk"))
    code, said = run("check", "-f", str(plan))
    assert code == 1, said
    assert "reads as GBK/GB18030" in said and "ANSI" in said
    assert f"iconv -f gb18030 -t utf-8 {plan} > {plan}.utf8 && mv {plan}.utf8 {plan}" in said
    # the command it gives makes a plan that checks clean
    plan.write_text(plan.read_bytes().decode("gb18030"), encoding="utf-8")
    assert run("check", "-f", str(plan))[0] == 0


def test_a_file_that_is_neither_utf8_nor_gbk_is_not_called_gbk(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(plan_text().encode("utf-8").replace("同步测试".encode(), b"caf\xe9 x"))
    code, said = run("check", "-f", str(plan))
    assert code == 1 and "not UTF-8 (byte 0xe9)" in said and "GBK" not in said, said


def test_sync_names_the_incoming_commit_whose_plan_is_gbk(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    bare = make_remote(tmp_path)
    a, windows = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "e", driver=None)
    text = (windows / "plan.yaml").read_text(encoding="utf-8")
    (windows / "plan.yaml").write_bytes(text.replace("title: 调研", "title: 调研报告").encode("gbk"))
    git(windows, "commit", "-q", "-am", "edited in Notepad")
    git(windows, "push", "-q", "origin", "main")
    commit = git(windows, "rev-parse", "--short", "HEAD").strip()
    assert run("done", "survey", "-f", str(a / "plan.yaml"), "--by", "p01", "--date", "2009-04-03")[0] == 0
    code, said = run("sync", "--json", "-f", str(a / "plan.yaml"))
    assert code == 1, said
    refused = json.loads(said[:said.index("\n}\n") + 2])  # stdout; the error follows on stderr
    assert refused["reason"] == "conflict"
    hint = refused["hint"]
    assert hint.startswith("the file that came in is the cause: origin/main's plan.yaml")
    assert commit in hint and "Tester" in hint and "edited in Notepad" in hint
    assert "reads as GBK/GB18030" in hint and "iconv -f gb18030 -t utf-8 plan.yaml" in hint
