"""Shell completion: the callbacks in planctl.cli.completion, the line scanner for large plans, and Typer's machinery.

The callbacks are tested directly, through a small Typer app that wires them as cli.py is to (so
Typer's own filtering and shell formats are exercised), and through the real `planctl` once cli.py
passes them as `autocompletion=` (skipped until then, naming what is missing).
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FIXTURES, PLAN, PLANCTL_COMMAND
from planctl.cli import completion
from planctl.cli.completion import (
    SCAN_ABOVE,
    Unsure,
    all_items,
    complete_groups,
    complete_items,
    complete_people,
    complete_phases,
    complete_units,
    scan_items,
)
from planctl.cli.main import app as planctl_app


@pytest.fixture(autouse=True)
def _bundled_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_PLAN", str(PLAN))


def values(candidates: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in candidates]


# --- the callbacks -------------------------------------------------------------------------------


def test_items_by_id_prefix_with_outline_and_title_as_help() -> None:
    assert complete_items("mob") == [("mobilize", "1.3 动员部署")]
    assert values(complete_items("re")) == ["reflections", "research", "report", "review", "rectify"]  # plan order


def test_items_by_title_substring_and_by_title_prefix() -> None:
    # `动员` is in one title: the title itself, which `done` accepts (so the shell completes it at once);
    # its id only when the title cannot be offered (issue 21: planctl lifts Typer's prefix filter).
    assert complete_items("动员") == [("动员部署", "mobilize 1.3")]
    # In the middle of titles too: each title that is a unique part.
    assert complete_items("座谈会") == [
        ("处内部两个座谈会", "forums 2.5.1"), ("处内部座谈会", "forums-held 2.5.1q1"),
        ("召开社会有关人员座谈会", "public-forum 2.5.4"),
    ]


def test_a_title_inside_another_title_is_not_offered() -> None:
    # 处内部座谈会 (quota 2.5.1q1) is not a substring of another title, so it is offered; 处内部两个座谈会 too.
    titles = values(complete_items("处内部"))
    assert "处内部座谈会" in titles and "处内部两个座谈会" in titles
    # 讲师辅导讲座 is unique; 党支部 starts several titles, each offered only if unique as a part.
    for value in values(complete_items("党")):
        if not value.isascii():
            assert sum(value in other for other in [t for _, _, t, _ in all_items(PLAN.read_text())]) == 1


def test_items_by_outline_number() -> None:
    assert complete_items("2.6") == [
        ("2.6", "research 开展专题调研"), ("2.6.1", "topics 拟定调研课题"), ("2.6.2", "fieldwork 深入实际调查研究"),
        ("2.6.3", "report 撰写调研报告"),
    ]
    assert ("2.1q3", "self-study 党员每周自学") in complete_items("2.1q")


def test_every_item_is_offered_for_nothing_typed() -> None:
    ids = values(complete_items(""))
    assert len(ids) == 5 + 27 + 9 and ids[:3] == ["prep", "lead-group", "scheme"]


def test_people_groups_units_phases() -> None:
    assert complete_people("z") == [("zhangwei", "张伟")]
    assert complete_people("张") == [("张伟", "zhangwei")]
    assert values(complete_groups("")) == [
        "leaders", "center", "branches", "jiguan", "jixie", "members",
        "sha", "zhangwei", "lina", "wangfang", "liuyang", "chenjing", "yangfan",
    ]
    assert complete_groups("机") == [("机关党支部", "jiguan"), ("机械队党支部", "jixie")]
    assert complete_units("") == [("jiguan", "机关党支部"), ("jixie", "机械队党支部")]
    assert complete_phases("r") == [("review", "3 分析检查阶段"), ("rectify", "4 整改落实阶段")]
    assert complete_phases("4") == [("4", "rectify 整改落实阶段")]
    assert complete_phases("活动") == [("活动准备", "prep 1"), ("活动总结", "wrap-up 5")]


def test_the_plan_is_discovered_upward_from_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANCTL_PLAN")
    (tmp_path / "plan.yaml").write_text("title: t\nphases:\n  - {id: only, title: 唯一}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert complete_items("") == [("only", "1 唯一")]


def test_plan_given_on_the_command_line_wins(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("title: t\nphases:\n  - {id: elsewhere, title: 别处}\n", encoding="utf-8")

    class Ctx:
        params: dict[str, Any] = {"plan": str(other)}

    assert complete_items("", Ctx()) == [("elsewhere", "1 别处")]
    assert complete_items("", None) != [("elsewhere", "1 别处")]


@pytest.mark.parametrize("content", [
    None,  # no plan at all
    b"title: [unclosed\n",
    b"- a list\n",
    b"\xff\xfe not utf-8",
    b"",
    b"title: t\nphases: 3\nroster: 4\n",
])
def test_any_problem_gives_no_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None) -> None:
    path = tmp_path / "plan.yaml"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("PLANCTL_PLAN", str(path))
    for callback in (complete_items, complete_people, complete_groups, complete_phases, complete_units):
        assert callback("") == []
        assert callback("x") == []


def test_an_unreadable_plan_gives_no_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_PLAN", str(tmp_path))  # a folder without plan.yaml
    assert complete_items("") == []


# --- the line scanner agrees with the YAML tree ------------------------------------------------------


def tree_items(text: str) -> list[tuple[str, str, str, int]]:
    tree = completion._compose(text)
    assert tree is not None
    return completion._items(tree)


def test_scanner_reads_the_bundled_plan_as_the_tree_does() -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert scan_items(text) == tree_items(text)


def test_scanner_reads_every_valid_fixture_as_the_tree_does() -> None:
    from planctl.format.loader import load_path

    compared = 0
    for path in sorted(FIXTURES.glob("*.yaml")):
        loaded = load_path(path)
        if loaded.errors or loaded.plan is None:
            continue
        assert scan_items(loaded.source.text) == tree_items(loaded.source.text), path.name
        compared += 1
    assert compared >= 3


@st.composite
def plans(draw: st.DrawFn) -> str:
    """Plans in the layouts people write: indented or not, flow quotas, block notes, comments, logs."""
    step = draw(st.sampled_from([0, 2]))  # how far a list is indented under its key
    lines = ["# generated", "title: 测试", "year: 2009", "roster:", "  people: {a: 甲}", "phases:"]
    counter = [0]

    def ident() -> str:
        counter[0] += 1
        return f"i{counter[0]}"

    def title() -> str:
        return draw(st.sampled_from(["动员部署", "'引号 标题'", '"双引号: 标题"', "plain title # comment", "讲座"]))

    def item(col: int, depth: int) -> None:
        pad = " " * col
        inner = " " * (col + 2)
        order = draw(st.sampled_from(["id-first", "title-first", "when-first"]))
        first, *rest = {"id-first": ["id", "title", "when"], "title-first": ["title", "id", "when"],
                        "when-first": ["when", "id", "title"]}[order]
        values = {"id": ident(), "title": title(), "when": "4月上旬"}
        lines.append(f"{pad}- {first}: {values[first]}")
        lines.extend(f"{inner}{key}: {values[key]}" for key in rest)
        if draw(st.booleans()):
            lines.extend([f"{inner}note: |", f"{inner}  - id: not-an-item", f"{inner}  tasks:", ""])
        if draw(st.booleans()):
            lines.append(f"{inner}# a comment")
        if draw(st.booleans()):
            lines.append(f"{inner}log:")
            lines.append(f"{inner}{' ' * step}- {{date: 2009-04-03, note: '- id: nope'}}")
            lines.append(f"{inner}{' ' * step}- date: 2009-04-04")
            lines.append(f"{inner}{' ' * step}  note: block style")
        quotas = draw(st.integers(0, 2))
        if quotas:
            lines.append(f"{inner}quotas:")
            for _ in range(quotas):
                if draw(st.booleans()):
                    lines.append(f"{inner}{' ' * step}- {{id: {ident()}, title: {title().split(' #')[0]}, target: 1, unit: 次}}")
                else:
                    lines.append(f"{inner}{' ' * step}- id: {ident()}")
                    lines.append(f"{inner}{' ' * step}  title: 配额")
        subtasks = draw(st.integers(0, 3)) if depth < 3 else 0
        if subtasks or draw(st.booleans()):
            lines.append(f"{inner}tasks:" + ("" if subtasks else draw(st.sampled_from(["", " []", "  # none yet"]))))
            for _ in range(subtasks):
                item(col + 2 + step, depth + 1)
        if draw(st.booleans()):
            lines.append("")

    for _ in range(draw(st.integers(1, 3))):
        item(step, 1)
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_scanner_reads_generated_plans_as_the_tree_does(text: str) -> None:
    try:
        scanned = scan_items(text)
    except Unsure:
        return
    assert scanned == tree_items(text)


@pytest.mark.parametrize("text", [
    "title: t\nphases: [{id: a, title: b}]\n",
    "title: t\nphases:\n  - id: a\n    title: b\n    tasks: [{id: c, title: d}]\n",
    "title: t\nphases:\n  - {id: a,\n     title: b}\n",
])
def test_scanner_gives_way_where_it_is_not_sure(text: str) -> None:
    with pytest.raises(Unsure):
        scan_items(text)
    assert all_items(text + "#" * SCAN_ABOVE) == tree_items(text)


def large_plan(tasks: int, completions_per_task: int) -> str:
    lines = ["title: 大计划", "year: 2009", "roster:", "  people:", "    zhangwei: 张伟", "phases:"]
    for p in range(tasks // 100):
        lines += [f"  - id: phase{p}", f"    title: 阶段{p}", "    when: 3月", "    tasks:"]
        for t in range(100):
            lines += [f"      - id: t{p}-{t}", f"        title: 任务{p}-{t}", "        note: 召开全处学习实践活动动员大会",
                      "        log:"]
            lines += [f"          - {{date: 2009-03-{1 + i % 28:02d}, by: zhangwei, note: 完成}}"
                      for i in range(completions_per_task)]
    return "\n".join(lines) + "\n"


def test_a_large_plan_completes_quickly_and_as_the_tree_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = large_plan(3000, 10)  # 3,000 tasks, 30,000 completion lines, about 2 MB
    assert len(text) > SCAN_ABOVE
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PLANCTL_PLAN", str(path))
    from planctl.format import yamltree

    composed: list[int] = []
    compose = yamltree.compose
    monkeypatch.setattr(yamltree, "compose", lambda text, *rest: composed.append(len(text)) or compose(text, *rest))
    found = complete_items("t29-9")
    people = complete_people("")
    assert values(found) == ["t29-9", *(f"t29-9{i}" for i in range(10))]
    assert people == [("zhangwei", "张伟")]
    assert all(size < 1000 for size in composed), composed  # scanned: only the roster is read as YAML
    smaller = large_plan(300, 10)
    assert scan_items(smaller) == tree_items(smaller)


# --- through Typer's completion machinery -------------------------------------------------------------

demo = typer.Typer()


@demo.command()
def done(
    target: Annotated[str, typer.Argument(autocompletion=complete_items)],
    by: Annotated[str | None, typer.Option("--by", autocompletion=complete_people)] = None,
) -> None:
    pass


@demo.command()
def due(
    who: Annotated[str | None, typer.Option("--who", autocompletion=complete_groups)] = None,
    phase: Annotated[str | None, typer.Option("--phase", autocompletion=complete_phases)] = None,
) -> None:
    pass


def complete_demo(shell: str, words: str) -> str:
    env = {"_DEMO_COMPLETE": f"complete_{shell}", "PLANCTL_PLAN": str(PLAN)}
    if shell == "bash":
        parts = words.split(" ")
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = CliRunner().invoke(demo, [], env=env, prog_name="demo")
    assert result.exit_code == 0, result.output
    return result.output


def test_typer_calls_the_callbacks_for_each_shell() -> None:
    assert complete_demo("bash", "demo done mob") == "mobilize\n"
    assert complete_demo("bash", "demo done 动员") == "动员部署\n"  # Typer drops `mobilize`: not a prefix
    assert complete_demo("bash", "demo done 2.6.") == "2.6.1\n2.6.2\n2.6.3\n"
    assert complete_demo("bash", "demo done --by zh") == "zhangwei\n"
    assert complete_demo("bash", "demo due --who 机") == "机关党支部\n机械队党支部\n"
    assert complete_demo("bash", "demo due --phase re") == "review\nrectify\n"
    assert complete_demo("zsh", "demo done mob") == "_arguments '*: :((\"mobilize\":\"1.3 动员部署\"))'\n"
    assert complete_demo("fish", "demo done mob") == "mobilize\t1.3 动员部署\n"


# --- the real planctl --------------------------------------------------------------------------------

WIRING = {  # command, parameter name -> the callback cli.py should pass as autocompletion=
    ("done", "target"): complete_items,
    ("done", "by"): complete_people,
    ("done", "unit"): complete_units,
    ("due", "who"): complete_groups,
    ("due", "phase"): complete_phases,
    ("show", "target"): complete_items,
    ("timeline", "phase"): complete_phases,
    ("shift", "phase"): complete_phases,
}


@functools.cache
def _planctl_group() -> Any:
    return typer.main.get_command(planctl_app)


def _param(command: str, name: str) -> Any:
    cmd = _planctl_group().commands.get(command)
    if cmd is None:
        return None
    return next((p for p in cmd.params if p.name == name), None)


def test_show_completion_prints_a_bash_script(monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer otherwise guesses the shell from the parent processes and takes no shell name, so the
    # test would depend on what runs pytest (it failed when started from a background job).
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = CliRunner().invoke(planctl_app, ["--show-completion", "bash"], prog_name="planctl")
    assert result.exit_code == 0
    assert "_PLANCTL_COMPLETE=complete_bash" in result.output
    assert "complete -o default -F _planctl_completion planctl" in result.output


def run_completion(words: str) -> list[str]:
    """What the installed planctl answers bash's completion request for `words` (the last one being typed)."""
    env = {**os.environ, "_PLANCTL_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split(" ")) - 1), "PLANCTL_PLAN": str(PLAN)}
    out = subprocess.run(PLANCTL_COMMAND, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_shift_phase_completes_from_the_plan() -> None:
    # cli_extra.py wires its own `shift --phase`: the whole path works from an installed planctl.
    assert run_completion("planctl shift --phase re") == ["review", "rectify"]
    assert run_completion("planctl shift --phase 活动") == ["活动准备", "活动总结"]


def test_commands_complete_with_no_plan_callbacks() -> None:
    env = {**os.environ, "_PLANCTL_COMPLETE": "complete_bash", "COMP_WORDS": "planctl du", "COMP_CWORD": "1"}
    out = subprocess.run(PLANCTL_COMMAND, env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.split() == ["due"]


@pytest.mark.parametrize("words, expected", [
    ("planctl done mob", ["mobilize"]),
    ("planctl done 动员", ["动员部署"]),
    ("planctl done 2.6.", ["2.6.1", "2.6.2", "2.6.3"]),
    ("planctl done self-study --by zh", ["zhangwei"]),
    ("planctl done branch-study --unit ji", ["jiguan", "jixie"]),
    ("planctl due --who lea", ["leaders"]),
    ("planctl due --phase rec", ["rectify"]),
    ("planctl show mob", ["mobilize"]),
    ("planctl timeline --phase 2", ["2"]),
])
def test_the_installed_planctl_completes_from_the_plan(words: str, expected: list[str]) -> None:
    parts = words.split()
    command, name = parts[1], parts[-2].lstrip("-") if parts[-2].startswith("--") else "target"
    param = _param(command, name)
    if param is None:
        pytest.skip(f"planctl has no `{command}` with {name}")
    if getattr(param, "_custom_shell_complete", None) is None:
        pytest.skip(f"not wired yet: `planctl {command}` {name} needs autocompletion=completion."
                    f"{WIRING[(command, name)].__name__} (in cli.py or cli_views.py)")
    assert run_completion(words) == expected
