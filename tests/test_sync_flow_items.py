"""Completions `planctl done` writes into a one-line `{…}` item, or into a log whose entries run over
several lines: sync commits them as completions, the merge driver joins both sides' (real git), and a
refusal names the plan's own lines."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from sync_helpers import clone, git, make_remote, notes, plan_text, remote_notes, run, sync_env, team_of  # noqa: F401

SURVEY = "      - id: survey\n        title: 调研\n        when: 2009年4月1日-4月20日\n"
OLD = "{date: 2009-04-02, by: p03, note: old}"
NOW = "2009-04-05T09:00:00+08:00"

# What stands where the task `survey` was: the items `f1`… are logged on.
KEEPS_FORM = [  # forms the driver writes into as `done` does
    "      - {id: f1, title: 写总结}\n",
    "      - {id: f2, title: 写总结, log: []}\n",
    f"      - {{id: f3, title: 写总结, log: [{OLD}]}}\n",
    "      - {id: f4,\n         title: 写总结}\n",
    f"      - id: f0\n        title: 组\n        tasks: [{{id: f5, title: 写提纲}}, {{id: f6, title: 写总结, log: [{OLD}]}}]\n",
]
REWRITTEN = [  # flow logs of block items: a log the merge changes is written one `- {date: …}` line an entry
    "      - id: f1\n        title: 写总结\n        log: [{date: 2009-04-02,\n               by: p03, note: old}]\n",
    f"      - id: f2\n        title: 写总结\n        log:\n          [{OLD}]\n",
]
FLOW_LIST = KEEPS_FORM[4]


def team(tmp_path: Path, form: str) -> tuple[Path, Path, Path]:
    text = plan_text()
    assert SURVEY in text
    return team_of(tmp_path, text.replace(SURVEY, form, 1))


def done(plan: Path, task: str, note: str, by: str) -> None:
    code, said = run("done", task, "-f", str(plan), "--by", by, "--note", note, "--date", "2009-04-03", "--again")
    assert code == 0, said


def sync(where: Path) -> tuple[int, str]:
    return run("sync", "-f", str(where / "plan.yaml"))


def tasks(forms: list[str]) -> list[str]:
    return [f"f{n}" for n in range(1, 7) if any(f"id: f{n}," in form or f"id: f{n}\n" in form for form in forms)]


@pytest.mark.parametrize("forms, keeps_form", [(KEEPS_FORM, True), (REWRITTEN, False)])
def test_two_clones_completing_the_same_items_both_keep_both(tmp_path: Path, sync_env: None,  # noqa: F811
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             forms: list[str], keeps_form: bool) -> None:
    monkeypatch.setenv("PLANCTL_NOW", NOW)
    bare, a, b = team(tmp_path, "".join(forms))
    ids = tasks(forms)
    for task in ids:
        done(a / "plan.yaml", task, f"a-{task}", "p01")
    code, said = sync(a)
    assert code == 0 and "committed" in said and "hand edit" not in said, said
    expected = tmp_path / "expected.yaml"  # b's plan, then a's completions written by `done` as well
    for task in ids:
        done(b / "plan.yaml", task, f"b-{task}", "p02")
    shutil.copy(b / "plan.yaml", expected)
    for task in ids:
        done(expected, task, f"a-{task}", "p01")
    code, said = sync(b)
    assert code == 0 and f"received {len(ids)} completions" in said and f"sent {len(ids)} completions" in said, said
    assert sync(a)[0] == 0
    both = Counter({"old": "".join(forms).count("note: old")}) + Counter(f"{who}-{t}" for t in ids for who in "ab")
    assert notes(a / "plan.yaml") == notes(b / "plan.yaml") == remote_notes(bare, tmp_path) == both
    assert (a / "plan.yaml").read_bytes() == (b / "plan.yaml").read_bytes()
    if keeps_form:  # what `done` would have written had both clones' completions been logged in one
        assert (b / "plan.yaml").read_bytes() == expected.read_bytes()


def test_a_completion_in_a_one_line_item_is_committed_not_refused(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    bare, a, _ = team(tmp_path, FLOW_LIST)
    done(a / "plan.yaml", "f5", "a1", "p01")
    done(a / "plan.yaml", "f6", "a2", "p01")
    code, said = sync(a)
    assert code == 0 and "committed the plan" in said and "2 completions" in said, said
    assert remote_notes(bare, tmp_path) == Counter({"old": 1, "a1": 1, "a2": 1})


def test_a_hand_edit_of_a_one_line_item_is_still_refused(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    _, a, _ = team(tmp_path, KEEPS_FORM[2])
    done(a / "plan.yaml", "f3", "a1", "p01")
    plan = a / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: 写总结", "title: 写总结报告"), encoding="utf-8")
    code, said = sync(a)
    assert code == 1 and "hand edit" in said and "1 completion not yet sent" in said, said


def test_a_completion_deleted_by_hand_from_a_one_line_item_is_refused(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    _, a, _ = team(tmp_path, KEEPS_FORM[2])
    plan = a / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(n for n, written in enumerate(text.splitlines(), 1) if "{id: f3," in written)
    plan.write_text(text.replace(f", log: [{OLD}]", ""), encoding="utf-8")
    code, said = sync(a)
    assert code == 1 and "lacks 1 completion line" in said and f"line {line}: - {OLD}" in said, said


LONG_LOG = ("        log: [{date: 2009-04-02, by: p03, note: t1}, {date: 2009-04-02, by: p04, note: t2},\n"
            "              {date: 2009-04-02, by: p05, note: t3}]\n")


@pytest.mark.parametrize("gone", ["note: t2", "note: s1"])
def test_the_lines_a_refusal_names_are_the_plans_own(tmp_path: Path, sync_env: None, gone: str) -> None:  # noqa: F811
    # A flow log of three entries over two lines, which sync reads as four lines: a refusal still names
    # the lines of the file as it is (an entry in the list, or one after it).
    talk = "        title: 座谈会\n"
    survey = SURVEY + "        log:\n          - {date: 2009-04-02, by: p03, note: s1}\n"
    bare = make_remote(tmp_path, plan_text().replace(talk, talk + LONG_LOG, 1).replace(SURVEY, survey, 1))
    a = clone(bare, tmp_path / "a")
    plan = a / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(n for n, written in enumerate(text.splitlines(), 1) if gone in written)
    edited = text.replace(", {date: 2009-04-02, by: p04, note: t2}", "") if gone == "note: t2" else \
        text.replace("          - {date: 2009-04-02, by: p03, note: s1}\n", "")
    plan.write_text(edited, encoding="utf-8")
    code, said = sync(a)
    assert code == 1 and "lacks 1 completion line" in said, said
    assert f"line {line}: " in said and gone in said, said


def test_a_log_form_sync_cannot_read_is_named_with_its_item(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    _, a, _ = team(tmp_path, f"      - {{id: f1, title: 写总结, log: [{OLD},  # 补记\n          {OLD}]}}\n")
    done(a / "plan.yaml", "f1", "a1", "p01")
    code, said = sync(a)
    assert code == 1, said
    assert "写总结 (f1)" in said and "a comment among its entries" in said, said
    assert "git restore" not in said.replace("not 'git restore", ""), said


def test_an_undo_in_a_flow_list_is_sent_as_taken_back(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    # undo's journal records such an entry with the rest of its line (`{…}]}`): sync still knows it.
    bare, a, b = team(tmp_path, KEEPS_FORM[0] + FLOW_LIST + f"      - id: f7\n        title: 写总结\n        log: [{OLD}]\n")
    for round in (1, 2):
        for task in ("f1", "f6", "f7"):
            done(a / "plan.yaml", task, f"{task}-{round}", "p01")
    assert sync(a)[0] == 0
    for _task in range(3):
        code, said = run("undo", "-f", str(a / "plan.yaml"), "--yes")
        assert code == 0, said
    code, said = sync(a)
    assert code == 0 and "3 completions taken back" in said, said
    code, said = sync(b)
    assert code == 0, said
    kept = Counter({"old": 2, "f1-1": 1, "f6-1": 1, "f7-1": 1})
    assert notes(b / "plan.yaml") == remote_notes(bare, tmp_path) == kept


def test_two_completions_after_block_mapping_entries_merge_with_a_third(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    # The plan reader reads a run of one-line entries as one: the driver finds each entry by its place.
    form = "      - id: f1\n        title: 写总结\n        log:\n          - date: 2009-04-02\n            by: p03\n" \
           "            note: old\n"
    bare, a, b = team(tmp_path, form)
    done(a / "plan.yaml", "f1", "a1", "p01")
    done(a / "plan.yaml", "f1", "a2", "p01")
    assert sync(a)[0] == 0
    done(b / "plan.yaml", "f1", "b1", "p02")
    code, said = sync(b)
    assert code == 0, said
    assert notes(b / "plan.yaml") == remote_notes(bare, tmp_path) == Counter({"old": 1, "a1": 1, "a2": 1, "b1": 1})


def test_a_title_edit_and_a_completion_in_one_line_item_merge_cleanly() -> None:
    from planctl.git.merge import merge_plans

    base = plan_text().replace(SURVEY, KEEPS_FORM[2], 1)
    ours = base.replace(f"{OLD}]}}", f"{OLD}, {{date: 2009-04-03, by: p01, note: a1}}]}}")
    theirs = base.replace("title: 写总结", "title: 写总结报告")
    result = merge_plans(base.encode(), ours.encode(), theirs.encode())
    assert result.clean, result.notes
    assert result.data.decode() == theirs.replace(f"{OLD}]}}", f"{OLD}, {{date: 2009-04-03, by: p01, note: a1}}]}}")


def test_a_plan_ending_in_a_flow_list_without_a_final_newline_sends_its_completion(  # tester h88, finding 4
        tmp_path: Path, sync_env: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("PLANCTL_NOW", NOW)
    last = ("  - id: end\n    title: 收尾\n    when: 2009年4月\n"
            "    tasks: [{id: f7, title: 甲}, {id: f8, title: 乙, log: [{date: 2009-04-02}]}]")
    bare = make_remote(tmp_path, plan_text() + last)  # no line break after the last line
    a = clone(bare, tmp_path / "a")
    done(a / "plan.yaml", "f7", "a-f7", "p01")
    code, said = sync(a)
    assert code == 0 and "hand edit" not in said, said
    assert notes(a / "plan.yaml") == remote_notes(bare, tmp_path) == Counter(["a-f7", ""])  # "": the old entry
