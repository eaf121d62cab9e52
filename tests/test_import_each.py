"""`planctl import` and what each one owes: a clause without a subject carries the earlier clause's
每名… (counted for each person) as it carries its group, and so does a later sentence of the same text;
每篇/每份/每次…不少于N字/小时 says what each piece of the quota before it must be (a length, a
duration): kept in the note, never a quota of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import run_cli
from planctl.format.loader import load_path

PP = "2026年计划\n一、学习\n（一）个人自学。每名党员每月自学不少于8小时，全年撰写学习心得不少于4篇，每篇不少于1500字。\n"


def _quotas(tmp_path: Path, text: str) -> tuple[dict[str, Any], str]:
    document = tmp_path / "pp.txt"
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "pp.yaml"
    result = run_cli("import", str(document), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    plan = load_path(out).plan
    assert plan is not None
    return {quota.title: quota for quota in plan.quotas()}, out.read_text(encoding="utf-8")


def test_a_clause_without_a_subject_is_counted_for_each_person_too(tmp_path: Path) -> None:
    quotas, _plan = _quotas(tmp_path, PP)
    assert quotas["撰写学习心得"].per == "person"
    assert quotas["撰写学习心得"].target == 4


def test_the_length_of_each_piece_is_no_quota_and_stays_in_the_note(tmp_path: Path) -> None:
    quotas, plan = _quotas(tmp_path, PP)
    assert sorted(quotas) == ["撰写学习心得", "每名党员自学"]
    assert all(quota.unit != "字" for quota in quotas.values())
    assert "每篇不少于1500字" in quotas["撰写学习心得"].note
    assert 'read "每篇不少于1500字" as what each 篇 must be, not a quota of its own' in plan


def test_each_time_and_each_copy_describe_the_quota_before_them(tmp_path: Path) -> None:
    text = ("2026年计划\n一、学习\n1、集中学习。党支部全年组织集中学习不少于12次，每次不少于2小时。\n"
            "2、调研。党支部撰写调研报告不少于2份，每份不少于3000字。\n")
    quotas, _plan = _quotas(tmp_path, text)
    assert {quota.unit for quota in quotas.values()} == {"次", "份"}
    assert len(quotas) == 2


def test_a_later_sentence_of_the_text_is_counted_for_each_person(tmp_path: Path) -> None:
    quotas, _plan = _quotas(tmp_path, PP.replace("小时，全年", "小时。全年"))
    assert quotas["撰写学习心得"].per == "person"


def test_a_sentence_of_its_own_about_each_piece_goes_to_the_quota_before_it(tmp_path: Path) -> None:
    text = "2026年计划\n一、学习\n1、集中学习。党支部每月组织集中学习1次。每次不少于2小时。\n"
    document = tmp_path / "pp.txt"
    document.write_text(text, encoding="utf-8")
    result = run_cli("import", str(document), "-o", str(tmp_path / "pp.yaml"))
    assert result.exit_code == 0, result.output
    assert "not read as a quota" not in result.stderr  # it was read: as what each 次 must be
    quotas, _plan = _quotas(tmp_path, text)
    assert [quota.unit for quota in quotas.values()] == ["次"]
    assert "每次不少于2小时" in quotas["党支部组织集中学习"].note


def test_each_teacher_is_the_teachers_group_counted_for_each_person(tmp_path: Path) -> None:
    text = "教务处2025年秋季学期工作计划\n一、常规教学管理\n1、第3周开展教案检查，每位教师提交教案不少于5篇。\n"
    document = tmp_path / "pp.txt"
    document.write_text(text, encoding="utf-8")
    assert run_cli("import", str(document), "-o", str(tmp_path / "pp.yaml")).exit_code == 0
    plan = load_path(tmp_path / "pp.yaml").plan
    assert plan is not None
    [quota] = plan.quotas()
    assert (quota.who, quota.per) == (["teachers"], "person")
