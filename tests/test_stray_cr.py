"""A carriage return alone inside a line of an LF (or CR LF) plan, as pasted text brings: YAML takes it for a line
break, so the error it causes is told at the line after; check names the CR where it is (tester h119, 5)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

HEAD = "planctl: 1\ntitle: x\nyear: 2009\nphases:\n  - id: p\n    title: p\n"
CR_WORDS = "a carriage return (CR) alone inside this line"


def check(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(text.encode("utf-8"))
    result = run_cli("check", "-f", str(plan))
    return result.exit_code, [line for line in (result.stdout + result.stderr).splitlines() if ": warning: " in line or ": error: " in line]


def test_a_cr_inside_a_note_is_named_at_its_place_before_the_error_it_causes(tmp_path: Path) -> None:
    code, said = check(tmp_path, HEAD + "    note: abc\rdef\n    when: 4月\n")
    assert code == 1
    assert said[0].endswith(f"plan.yaml:7:14: warning: {CR_WORDS}: YAML reads it as a line break, so the rest of the line is read "
                            "as a line of its own; remove it (pasted text?)"), said
    assert ": error: " in said[1]


def test_a_cr_inside_quotes_is_a_warning_only(tmp_path: Path) -> None:
    code, said = check(tmp_path, HEAD + '    note: "abc\rdef"\n    when: 4月\n')
    assert code == 0 and len(said) == 1 and "plan.yaml:7:15: warning: " + CR_WORDS in said[0], said


def test_crlf_and_lf_plans_are_not_told_of_a_cr(tmp_path: Path) -> None:
    text = HEAD + "    note: abc\n    when: 4月\n"
    assert check(tmp_path, text) == (0, [])
    assert check(tmp_path, text.replace("\n", "\r\n")) == (0, [])


def test_a_plan_of_cr_line_breaks_is_told_as_such_once(tmp_path: Path) -> None:
    code, said = check(tmp_path, (HEAD + "    when: 4月\n").replace("\n", "\r"))
    assert code == 0 and len(said) == 1 and "line breaks are CR alone" in said[0], said


def test_a_space_that_is_not_ascii_in_an_id_is_shown_as_its_escape(tmp_path: Path) -> None:  # tester h121, 4
    # a no-break space or a tab shows as a space: the message names what to delete
    text = HEAD.replace("id: p\n", 'id: "p\u00a01"\n') + '    when: 4月\n    log:\n      - {date: 2009-04-01, by: "z\tw"}\n'
    code, said = check(tmp_path, text)
    assert code == 1
    assert "'p\\xa01' is not an id" in said[0] and "'z\\tw' is not an id" in said[1], said


def test_a_cr_a_pull_brings_into_a_completion_line_is_named_as_a_fresh_read_names_it(tmp_path: Path) -> None:  # tester h122, 1
    import os

    lines = "".join(f"      - {{date: 2009-04-{day:02d}, by: a, note: 第{day}次}}\n" for day in range(1, 20))
    text = HEAD.replace("    title: p\n", "    title: p\n    when: 4月\n    log:\n" + lines)
    text = text.replace("phases:", "roster:\n  people:\n    a: 甲\nphases:")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    assert run_cli("due", "-f", str(plan), "--today", "2009-04-20").exit_code == 0  # the cache, warm
    pulled = tmp_path / "pulled.yaml"
    pulled.write_bytes(text.replace("note: 第7次", "note: 第7\r次").encode("utf-8"))
    os.replace(pulled, plan)  # as git replaces it
    cached = run_cli("check", "-f", str(plan))
    fresh = run_cli("check", "-f", str(plan), env={"PLANCTL_CACHE": "0"})
    assert CR_WORDS in fresh.stdout
    assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout)
