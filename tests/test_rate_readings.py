"""Rate quotas (unit %): a bare reading at most 1 is refused as ambiguous (0.96: 96% or 0.96%?), and a
reading reads the same in every column; hand-written targets and amounts get the one right message."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format.units import display_amount, display_done

PLAN = """\
planctl: 1
title: 指标
year: 2026
roster:
  people: {wangli: 王丽}
phases:
  - id: p1
    title: 全年
    when: 2026年1月1日至12月31日
    quotas:
      - {id: rate, title: 全批全改率, who: wangli, target: ≥ 95%, period: month}
"""


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_a_bare_reading_at_most_one_on_a_rate_is_refused(plan: Path) -> None:
    before = plan.read_bytes()
    result = run_cli("done", "rate", "--amount", "0.96", "--by", "wangli", "--plan", str(plan), "--today", "2026-02-03")
    assert result.exit_code == 2
    assert "write 96% (or 0.96%)" in result.stderr
    assert plan.read_bytes() == before
    for written in ("0.96%", "96"):
        ok = run_cli("done", "rate", "--amount", written, "--by", "wangli", "--plan", str(plan), "--today", "2026-02-03",
                     "--again")
        assert ok.exit_code == 0, ok.output


def test_a_small_reading_reads_the_same_in_every_column() -> None:
    assert display_amount(0.96, "%") == "0.96%"
    assert display_done(0.96, 95, "%")[0] == display_amount(0.96, "%")


def check(tmp_path: Path, quotas: str, phase_extra: str = "") -> str:
    path = tmp_path / "c.yaml"
    path.write_text(PLAN.replace("    quotas:\n", f"{phase_extra}    quotas:\n").split("      - {id: rate")[0] + quotas,
                    encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 1, result.output
    return result.output


def test_an_unreadable_rate_amount_is_told_once(tmp_path: Path) -> None:
    said = check(tmp_path, "      - {id: rate, title: 率, who: wangli, target: ≥ 95%, "
                           "log: [{date: 2026-01-05, by: wangli, amount: 九十}]}\n")
    assert "cannot read '九十' as an amount" in said
    assert "nan" not in said and "1 error" in said


@pytest.mark.parametrize("target", ["≤ -1", "不超过-1次", "{at-most: -1}"])
def test_a_negative_ceiling_says_a_ceiling_must_be_zero_or_more(tmp_path: Path, target: str) -> None:
    said = check(tmp_path, f"      - {{id: c, title: 上限, who: wangli, target: {target}, unit: 次}}\n")
    assert "the target (at most) must be zero or more, not -1" in said


def test_repeat_on_a_phase_says_it_is_for_tasks_and_on_a_quota_is_read(tmp_path: Path) -> None:
    said = check(tmp_path, "      - {id: q, title: q, who: wangli, target: 3, unit: 次, repeat: 每月}\n",
                 phase_extra="    repeat: 每年\n")
    assert "'repeat' is for tasks (a phase does not repeat" in said
    assert "1 error" in said  # a quota repeats (tests/test_repeat_quotas_shares.py)
    assert "unknown key" not in said
