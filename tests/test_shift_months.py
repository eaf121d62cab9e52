"""`planctl shift` by whole months: windows keep their length when a day is clipped, and the move
is anchored on the plan's phases, not on a stray task before them (tester's report, h19)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

MONTH_ENDS = """\
title: 月底
year: 2026
phases:
  - id: p
    title: 一季度
    when: 2026年1月1日至3月31日
    tasks:
      - {id: a, title: 月末三天, when: 1月29日至1月31日}
      - {id: b, title: 月底一天, when: 1月31日}
      - {id: c, title: ISO, when: 2026-01-29..2026-01-31}
      - {id: d, title: 跨月, when: 1月30日至2月5日}
      - {id: e, title: 旬, when: 1月下旬}
"""


def shift(tmp_path: Path, text: str, to: str) -> tuple[int, str, str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("shift", "--plan", str(path), "--to", to)
    return result.exit_code, path.read_text(encoding="utf-8"), result.stdout + result.stderr


def test_a_month_shift_keeps_the_length_of_a_window_whose_start_the_new_month_lacks(tmp_path: Path) -> None:
    code, text, out = shift(tmp_path, MONTH_ENDS, "2026-02-01")
    assert code == 0, out
    assert "forward 1 month" in out
    assert "when: 2026年2月1日至4月30日" in text  # whole months stay whole months
    assert "when: 2月28日至3月2日" in text  # three days, from the day 1月29日 moved to
    assert "when: 2月28日\n" in text or "when: 2月28日}" in text  # a month's last day stays its last day
    assert "when: 2026-02-28..2026-03-02" in text
    assert "when: 2月28日至3月6日" in text  # seven days from the clipped start
    assert "when: 2月下旬" in text


def test_a_window_from_the_29th_keeps_its_three_days_where_the_29th_is_the_last(tmp_path: Path) -> None:
    assert "when: 2月29日至3月2日" in shift(tmp_path, MONTH_ENDS, "2028-02-01")[1]
    assert "when: 11月29日至11月30日" in shift(tmp_path, MONTH_ENDS, "2027-11-01")[1]  # 29th to the month's end


def test_a_deadline_under_a_window_from_the_29th_moves_with_it(tmp_path: Path) -> None:
    text = MONTH_ENDS + "      - id: g\n        title: 父\n        when: 1月29日至2月10日\n" \
                        "        tasks:\n          - {id: h, title: 子, when: 2月3日前}\n"
    code, moved, out = shift(tmp_path, text, "2026-02-01")
    assert code == 0, out
    assert "when: 2月28日至3月12日" in moved and "when: 3月3日前" in moved


def test_a_month_shift_without_clipping_keeps_days_of_the_month(tmp_path: Path) -> None:
    code, text, out = shift(tmp_path, MONTH_ENDS, "2026-03-01")
    assert code == 0, out
    assert "when: 3月29日至3月31日" in text and "when: 3月30日至4月5日" in text and "when: 3月下旬" in text


EARLY_TASK = """\
title: 早
year: 2026
phases:
  - id: p
    title: 春季
    when: 3月1日至4月30日
    tasks:
      - {id: early, title: 提前, when: 2月中下旬}
      - {id: t, title: 任务, when: 4月上旬}
      - {id: q, title: 月份, when: 4月份}
"""


def test_the_shift_is_anchored_on_the_phases_not_on_a_task_before_them(tmp_path: Path) -> None:
    code, text, out = shift(tmp_path, EARLY_TASK, "2027-03-01")
    assert code == 0, out
    assert "forward 12 months: 2026-03-01 → 2027-03-01" in out
    assert "task 'early' starts earlier (2026-02-11)" in out
    assert "year: 2027" in text and "when: 2月中下旬" in text and "when: 4月上旬" in text and "when: 4月份" in text


def test_a_phase_is_anchored_on_its_own_start(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(EARLY_TASK, encoding="utf-8")
    result = run_cli("shift", "--plan", str(path), "--phase", "p", "--to", "2026-04-01")
    assert result.exit_code == 0, result.stderr
    assert "forward 1 month: 2026-03-01 → 2026-04-01" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "when: 4月1日至5月31日" in text and "when: 3月中下旬" in text and "when: 5月份" in text
