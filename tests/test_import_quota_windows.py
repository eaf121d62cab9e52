"""`planctl import` never writes a window the loader refuses, on a quota as on an item: a quota's `when`
and `periods` (第3周 without `week1:`, 9月31日, 2月30日, an end before its start, periods that overlap), a
window without an end that the plan's end comes before, a repeat that never falls in the quota's own
window are each left out with the loader's reason in the report and a comment, and the rest imports
(exit 0), where it used to stop with exit 70 ("a bug in planctl import") and write nothing.

A seeded generator of small documents mixing these phrases with quotas, duties and headings of every
style checks that no path is left that writes such a window (import_document raises exit 70 on any)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from planctl.errors import EXIT_INTERNAL, PlanctlError
from planctl.format.loader import load_path
from planctl.importer.plan import import_document

W7 = "教务处2025年秋季学期工作计划\n一、常规教学管理\n1、第3周开展教案检查，每位教师提交教案不少于5篇。\n"


def _import(tmp_path: Path, text: str) -> tuple[int, str, str, dict[str, Any]]:
    """(exit code, plan text, stderr, JSON report) of importing `text`."""
    document = tmp_path / "w.txt"
    document.write_text(text, encoding="utf-8")
    out, report = tmp_path / "w.yaml", tmp_path / "w.json"
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report), "--force")
    written = out.read_text(encoding="utf-8") if out.exists() else ""
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return result.exit_code, written, result.stderr, data


def _only_quota(tmp_path: Path) -> Any:
    plan = load_path(tmp_path / "w.yaml").plan
    assert plan is not None
    [quota] = plan.quotas()
    return quota


@pytest.mark.parametrize("window", ["第3周", "第3-4周", "9月31日", "2月30日"])
def test_a_quota_beside_a_window_that_does_not_resolve_imports_without_it(tmp_path: Path, window: str) -> None:
    code, plan, err, report = _import(tmp_path, W7.replace("第3周", window))
    assert code == 0, err
    quota = _only_quota(tmp_path)
    assert quota.target == 5 and quota.when is None
    assert f"'{window}' left out:" in plan  # the comment on the quota (and on the task) says why
    reasons = [x["reason"] for x in report["not_imported"]]
    assert any(r.startswith("a window that does not resolve: ") for r in reasons)
    assert len(reasons) == len(set(reasons))  # said once, not once for the task and once for its quota
    assert run_cli("check", "-f", str(tmp_path / "w.yaml")).exit_code == 0


def test_week_window_of_a_quota_tells_to_add_week1(tmp_path: Path) -> None:
    _code, _plan, _err, report = _import(tmp_path, W7)
    assert any("week1" in x["reason"] for x in report["not_imported"])


def test_periods_the_loader_refuses_are_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    text = "2026年支部计划\n一、学习\n1、集中学习。在9月31日,10月上旬,11月上旬，党支部安排集中学习3次。\n"
    code, plan, err, _report = _import(tmp_path, text)
    assert code == 0, err
    quota = _only_quota(tmp_path)
    assert [p.text for p in quota.periods] == ["10月上旬", "11月上旬"]
    assert "'9月31日' left out: 2026-09 has 30 days, not 31" in plan


def test_overlapping_periods_keep_the_first_and_report_the_other(tmp_path: Path) -> None:
    text = "2026年支部计划\n一、学习\n1、集中学习。在第一季度,3月，党支部安排集中学习2次。\n"
    code, plan, err, _report = _import(tmp_path, text)
    assert code == 0, err
    quota = _only_quota(tmp_path)
    assert [p.text for p in quota.periods] == ["第一季度"]
    assert "overlaps period '第一季度'" in plan


def test_a_window_without_an_end_after_the_plans_end_is_left_out(tmp_path: Path) -> None:
    # The plan's end is the last end of its windows (5月上旬): 2025年8月10日起 would end before it starts.
    text = "2025年工作计划\n一、检查（2025年8月10日起）\n在4月上旬,5月上旬安排2次。\n"
    code, plan, err, _report = _import(tmp_path, text)
    assert code == 0, err
    assert "'2025年8月10日起' left out" in plan


def test_a_repeat_that_never_falls_in_the_quotas_own_window_is_left_out(tmp_path: Path) -> None:
    text = "2025年工作计划\n（一）常规教学管理（12月）\n教务处4月中下旬在每季度末月28日前后召开1次。\n"
    code, plan, err, _report = _import(tmp_path, text)
    assert code == 0, err
    assert "'每季度末月28日前后' never falls in the item's window: left out" in plan


WINDOWS = ("第3周", "第3-4周", "9月31日", "2月30日", "4月31日", "3月上旬", "6月底前", "第20周", "全年", "上半年", "第一季度",
           "10月份", "4月中下旬", "9.1-9.7", "2月29日", "12月-3月", "5月1日至4月1日", "2025年8月10日起", "年底", "11月31日前")
QUOTAS = ("每位教师提交教案不少于5篇", "开展活动3次以上", "每名党员每月自学不少于8小时", "撰写心得不少于4篇，每篇不少于1500字",
          "组织集中学习2次", "每季度召开1次协调会", "每周一召开例会", "每月5日前报送学习情况", "各支部每月召开1次支委会",
          "每季度末月28日前后召开1次", "每年12月底前总结", "每月第三周检查", "每周组织学习不少于2次", "在4月上旬,5月上旬安排2次",
          "每月下旬组织党员集中学习", "机关党支部、教务处党支部每月召开1次支委会")
SUBJECTS = ("", "教务处", "党支部", "各科室", "全体党员")
TITLES = ("2025年秋季学期工作计划", "教务处工作计划", "2026年党支部计划")


def _numbering(rng: random.Random, counters: dict[int, int]) -> str:
    style = rng.randrange(7)
    n = counters[style] = counters.get(style, 0) + 1
    return ("一二三四五六七八九"[n % 9] + "、", "（" + "一二三四五六七八九"[n % 9] + "）", f"{n}、", f"({n})", "①②③④⑤⑥⑦⑧⑨"[n % 9],
            f"第{n}周 | ", f"第{n}周 | 9.{7 * n - 6}-9.{7 * n} | 1. ")[style]


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(SUBJECTS) + (rng.choice(WINDOWS) if rng.random() < 0.7 else "") + rng.choice(("", "，", "在"))
             + rng.choice(QUOTAS) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        parts.insert(0, f"在{rng.choice(WINDOWS)},{rng.choice(WINDOWS)}")
    return "，".join(parts) + "。"


def _document(seed: int) -> str:
    rng = random.Random(seed)
    lines, counters = [rng.choice(TITLES)], {}
    for _ in range(rng.randint(1, 6)):
        head = _numbering(rng, counters) + rng.choice(("常规教学管理", "组织建设", rng.choice(WINDOWS) + "开展检查"))
        head += f"（{rng.choice(WINDOWS)}）" if rng.random() < 0.3 else ""
        lines += [head + "。" + _sentence(rng)] if rng.random() < 0.5 else [head, _sentence(rng)]
    return "\n".join(lines) + "\n"


def test_generated_documents_never_make_import_fail_as_a_bug(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    for seed in range(40):
        text = _document(seed)
        document.write_text(text, encoding="utf-8")
        try:
            import_document(document, year=None)  # reads its plan back with the loader: exit 70 if it would not pass
        except PlanctlError as error:
            assert error.exit_code != EXIT_INTERNAL, f"seed {seed}: {error}\n{text}"
