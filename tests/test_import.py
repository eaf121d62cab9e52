"""`planctl import`: plan documents (text, GBK text, .docx with automatic numbering, .html) → plan.yaml.

The seed document must import to the bundled plan's tree (titles, shape, resolved windows) and
its quotas; hostile documents are refused with exit 1 (2 for a format to convert), quickly.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, TESTS, run_cli
from planctl.format.loader import load_path

DOCS = TESTS / "fixtures" / "import"
SEED = DOCS / "seed.txt"

def run(*args: str) -> tuple[int, str, str]:
    result = run_cli(*args)
    return result.exit_code, result.stdout, result.stderr


def imported(document: Path, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"{document.stem}.yaml"
    code, _, err = run("import", str(document), "-o", str(out), *extra)
    assert code == 0, err
    return out


def listing(plan: Path) -> dict[str, Any]:
    code, out, err = run("list", "--json", "-f", str(plan))
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def tree(node: dict[str, Any]) -> tuple[Any, ...]:
    window = node.get("window") or {}
    return node["title"], window.get("start"), window.get("end"), tuple(tree(t) for t in node["tasks"])


def check_ok(plan: Path) -> None:
    code, out, err = run("check", str(plan))
    assert code == 0, out + err
    assert ": error:" not in out


def quotas_of(plan: Path) -> list[Any]:
    loaded = load_path(plan)
    assert loaded.plan is not None
    return loaded.plan.quotas()


# --- the seed document ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported(SEED, tmp_path_factory.mktemp("seed"))


def test_the_seed_imports_to_the_bundled_plans_tree_and_windows(seed_plan: Path, tmp_path: Path) -> None:
    plan = seed_plan
    check_ok(plan)
    mine = [tree(p) for p in listing(plan)["phases"]]
    bundled_copy = tmp_path / "bundled.yaml"  # so that its cache is not written into the repository
    bundled_copy.write_bytes(BUNDLED.read_bytes())
    bundled = [tree(p) for p in listing(bundled_copy)["phases"]]
    assert mine == bundled


def _quota_key(quota: Any, plan_groups: dict[str, str]) -> tuple[Any, ...]:
    names = tuple(sorted(plan_groups[g] for g in quota.who))
    overrides = tuple(sorted((plan_groups[g], t) for g, t in quota.target_for.items()))
    return quota.target, quota.unit, quota.per, names, overrides, quota.period


def test_the_seed_finds_six_of_the_seven_study_quotas(seed_plan: Path) -> None:
    plan = seed_plan
    bundled_plan = load_path(BUNDLED).plan
    mine_plan = load_path(plan).plan
    assert bundled_plan is not None and mine_plan is not None
    # Groups compared by meaning: the bundled roster names 处领导班子 etc.; ours may name them as written.
    meaning = {"leaders": "leaders", "center": "center", "branches": "branches", "members": "members"}
    bundled = {_quota_key(q, meaning) for q in bundled_plan.quotas() if q.id in
               ("center-study", "branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections")}
    mine = {_quota_key(q, {g: g for g in mine_plan.roster.groups}) for q in mine_plan.quotas()}
    assert len(bundled) == 7
    assert len(bundled & mine) >= 6, sorted(bundled - mine)


def test_the_repeated_numbering_is_read_by_position_with_a_note(seed_plan: Path) -> None:
    plan = seed_plan
    text = plan.read_text(encoding="utf-8")
    assert "# import: numbered 2 after 2; read by position as number 3 (document line 32)" in text
    assert [p["title"] for p in listing(plan)["phases"]][2] == "分析检查阶段"


def test_every_guess_is_a_comment_naming_its_document_line(seed_plan: Path) -> None:
    text = seed_plan.read_text(encoding="utf-8")
    assert ('# import: read "在4月上旬,5月上旬处中心组要安排…2次" as 1 次 in each of 4月上旬, 5月上旬 '
            "(document line 15)") in text
    assert "periods: [4月上旬, 5月上旬]" in text
    assert "target_for: {leaders: 5000}" in text
    assert "when: 2009年4月初-4月5日" in text  # as the document writes it


def test_importing_twice_gives_the_same_bytes(seed_plan: Path, tmp_path: Path) -> None:
    assert imported(SEED, tmp_path).read_bytes() == seed_plan.read_bytes()


def test_the_report_lists_what_was_not_imported_on_stderr_and_as_json(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, out, err = run("import", str(SEED), "-o", str(tmp_path / "plan.yaml"), "--report", str(report))
    assert code == 0
    assert "line 2: page or source details before the plan: 时间:2022-04-16 08:21:00" in err
    data = json.loads(report.read_text(encoding="utf-8"))
    lines = {entry["line"] for entry in data["not_imported"]}
    assert {2, 3} <= lines
    assert all(set(entry) == {"line", "text", "reason"} for entry in data["not_imported"])
    assert data["counts"] == {"phases": 5, "tasks": 27, "quotas": 7, "groups": 4}


# --- writing -------------------------------------------------------------------------------------


def test_an_existing_plan_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("mine\n", encoding="utf-8")
    code, _, err = run("import", str(SEED), "-o", str(out))
    assert code == 2
    assert "already exists; nothing was written" in err
    assert out.read_text(encoding="utf-8") == "mine\n"
    code, _, _ = run("import", str(SEED), "-o", str(out), "--force")
    assert code == 0
    check_ok(out)


def test_a_document_that_cannot_be_read_is_told_before_the_existing_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # --force would not help a .pdf: say what would (convert it), not "plan.yaml exists … --force".
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n")
    code, _, err = run("import", "x.pdf")
    assert code == 2
    assert "cannot read .pdf files" in err and "--force" not in err
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == "mine\n"


def test_refusals_of_the_default_plan_name_no_option_the_user_did_not_type(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text("mine\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("一、学习（3月）\n", encoding="utf-8")
    code, _, err = run("import", "d.txt")
    assert code == 2
    assert "plan.yaml already exists here" in err and "-o plan.yaml" not in err
    code, _, err = run("import", "plan.yaml")  # the plan itself, given as the document
    assert code == 2
    assert "plan.yaml is a plan (YAML), not a document to import" in err and "-o" not in err.splitlines()[0]
    (tmp_path / "plan.yaml").unlink()
    (tmp_path / "plan.yaml").symlink_to(tmp_path / "d.txt")
    code, _, err = run("import", "d.txt", "--force")  # ./plan.yaml is the document: never written over
    assert code == 2
    assert "d.txt is the file planctl import writes the plan to when no -o is given" in err
    assert (tmp_path / "d.txt").read_text(encoding="utf-8") == "一、学习（3月）\n"


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("import", str(SEED), "--dry-run")
    assert code == 0
    assert out.startswith("# planctl plan imported from seed.txt")
    assert list(tmp_path.iterdir()) == []


def test_year_option_sets_the_year_of_dates_without_one(tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_text("某处工作计划\n一、准备(3月1日-3月10日)\n1、制定方案(3月5日前)。\n", encoding="utf-8")
    code, _, err = run("import", str(doc), "-o", str(tmp_path / "a.yaml"))
    assert code == 2 and "--year" in err
    plan = imported(doc, tmp_path, "--year", "2027")
    phase = listing(plan)["phases"][0]
    assert (phase["window"]["start"], phase["tasks"][0]["window"]["end"]) == ("2027-03-01", "2027-03-05")


# --- the two shared sample documents -------------------------------------------------------------


def test_the_office_annual_plan_imports_and_passes_check(tmp_path: Path) -> None:
    plan = imported(DOCS / "office-annual-2026.txt", tmp_path)
    check_ok(plan)
    data = listing(plan)
    assert [t["title"] for t in data["phases"][0]["tasks"]] == ["完善跨部门协作机制", "优化重点工作推进机制", "规范会议活动管理"]
    text = plan.read_text(encoding="utf-8")
    assert "periods: [1月-3月, 4月-6月, 7月-9月, 10月-12月]" in text  # 每季度召开1次协调会
    assert "repeat: 每月5日前" in text and "repeat: 每季度末" in text  # 每月5日前汇总…, 每季度末组织现场调研


def test_the_school_week_plan_imports_and_reports_the_week_dates_it_cannot_read(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    plan = imported(DOCS / "school-weeks-2025.txt", tmp_path, "--report", str(report))
    check_ok(plan)
    data = listing(plan)
    # the table's dotted day ranges are windows now (issue 14)
    assert [(p["title"], p["window"]["written"], p["window"]["start"], p["window"]["end"]) for p in data["phases"]] == [
        ("第1周", "9.1-9.7", "2025-09-01", "2025-09-07"), ("第2周", "9.8-9.14", "2025-09-08", "2025-09-14"),
        ("第3周", "9.15-9.21", "2025-09-15", "2025-09-21")]
    assert [t["title"] for t in data["phases"][0]["tasks"]] == ["开学准备", "会议部署", "教学检查"]
    assert data["phases"][0]["tasks"][0]["window"]["written"] != "2025年"  # 《2025年秋季学期…》 names no window
    reasons = " ".join(e["reason"] for e in json.loads(report.read_text(encoding="utf-8"))["not_imported"])
    assert "9.1-9.7" not in reasons


# --- our own documents: GBK text, html with boilerplate, docx with automatic numbering ------------


def test_a_gbk_text_is_detected_and_imported(tmp_path: Path) -> None:
    doc = DOCS / "branch-study-2026-gbk.txt"
    with pytest.raises(UnicodeDecodeError):
        doc.read_bytes().decode("utf-8")
    code, _, err = run("import", str(doc), "-o", str(tmp_path / "plan.yaml"))
    assert code == 0
    assert "read as GB18030/GBK" in err
    plan = tmp_path / "plan.yaml"
    check_ok(plan)
    data = listing(plan)
    assert [p["title"] for p in data["phases"]] == ["学习准备阶段", "集中学习阶段", "总结阶段"]
    assert data["phases"][0]["tasks"][0]["window"]["end"] == "2026-03-05"
    keys = {(q.target, q.unit, q.per, tuple(q.who), tuple(q.target_for.items()), q.period) for q in quotas_of(plan)}
    assert keys == {(4, "次", "unit", ("branches",), (), "once"), (3, "h", "person", ("members",), (), "week"),
                    (3000, "字", "person", ("members",), (("leaders", 5000),), "once")}


def test_an_html_page_keeps_its_main_text_only(tmp_path: Path) -> None:
    plan = imported(DOCS / "notice.html", tmp_path)
    check_ok(plan)
    text = plan.read_text(encoding="utf-8")
    for boilerplate in ("首页", "热点新闻", "上一篇", "下一篇", "版权所有", "脚本", "fetch", "分享到"):
        assert boilerplate not in text
    data = listing(plan)
    assert data["title"] == "办公室2026年第二季度工作安排"
    assert [(p["title"], p["window"]["start"], p["window"]["end"]) for p in data["phases"]] == [
        ("文电管理", "2026-04-01", "2026-06-30"), ("会议保障", "2026-04-01", "2026-06-30")]
    assert [t["title"] for t in data["phases"][1]["tasks"]] == ["筹备季度工作会", "组织业务培训"]


def _numbered_docx(path: Path) -> None:
    """A .docx whose outline numbers exist only as Word automatic numbering (not in the text)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def item(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_paragraph("科室2026年上半年工作计划")
    item("准备阶段(2026年3月1日至3月31日)", 0)
    item("制定方案(3月10日前)", 1)
    document.add_paragraph("由办公室起草,报领导审定。")
    item("召开动员会(3月31日)", 1)
    item("实施阶段(2026年4月1日-6月30日)", 0)
    item("集中学习(4月上旬-4月底)", 1)
    document.add_paragraph("全体干部每周学习不少于2小时。")
    document.save(str(path))


def test_a_docx_with_automatic_numbering_imports_its_outline(tmp_path: Path) -> None:
    doc = tmp_path / "计划.docx"
    _numbered_docx(doc)
    plan = imported(doc, tmp_path)
    check_ok(plan)
    data = listing(plan)
    shape = [(p["title"], [(t["title"], t["window"]["start"], t["window"]["end"]) for t in p["tasks"]]) for p in data["phases"]]
    assert shape == [("准备阶段", [("制定方案", "2026-03-01", "2026-03-10"), ("召开动员会", "2026-03-31", "2026-03-31")]),
                     ("实施阶段", [("集中学习", "2026-04-01", "2026-04-30")])]
    assert [(q.target, q.unit, q.period) for q in quotas_of(plan)] == [(2, "h", "week")]


# --- hostile and unsupported documents -----------------------------------------------------------


def _refused(document: Path, tmp_path: Path, code: int, words: str) -> None:
    start = time.perf_counter()
    got, _, err = run("import", str(document), "-o", str(tmp_path / "out.yaml"))
    assert time.perf_counter() - start < 5
    assert got == code, err
    assert words in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.yaml").exists()


def test_doc_and_pdf_say_how_to_convert(tmp_path: Path) -> None:
    for suffix, words in ((".doc", "save it as .docx"), (".pdf", "pdftotext")):
        doc = tmp_path / f"plan{suffix}"
        doc.write_bytes(b"%PDF-1.4 whatever")
        _refused(doc, tmp_path, 2, words)


def test_a_binary_renamed_txt_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "plan.txt"
    doc.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    _refused(doc, tmp_path, 1, "a binary file")
    doc.write_bytes(bytes(range(1, 32)) * 40)
    _refused(doc, tmp_path, 1, "a binary file")


def test_a_gigabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    doc = tmp_path / "huge.txt"
    with doc.open("wb") as handle:
        handle.truncate(1 << 30)  # sparse: no disk used
    _refused(doc, tmp_path, 1, "too large for a plan document")


def _docx_with(document_xml: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="x"/>')
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "bomb.docx"
    doc.write_bytes(_docx_with(b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>"))
    assert doc.stat().st_size < 100_000
    _refused(doc, tmp_path, 1, "a zip bomb")


def test_a_docx_with_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
              + b']><w:document xmlns:w="x">&lol9;</w:document>')
    doc = tmp_path / "laughs.docx"
    doc.write_bytes(_docx_with(laughs))
    _refused(doc, tmp_path, 1, "entity expansion")
    external = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'
    doc.write_bytes(_docx_with(external))
    _refused(doc, tmp_path, 1, "entity expansion")


def test_a_text_renamed_docx_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "plan.docx"
    doc.write_text("一、准备\n", encoding="utf-8")
    _refused(doc, tmp_path, 1, "not a zip archive")


def test_scripts_in_html_are_neither_run_nor_kept(tmp_path: Path) -> None:
    doc = tmp_path / "page.html"
    doc.write_text("<html><body><script>一、脚本阶段(2026年1月1日)</script><p>计划</p>"
                   "<p>一、准备(2026年3月1日-3月9日)</p><img src='http://example.invalid/x.png' onerror='alert(1)'>"
                   "</body></html>", encoding="utf-8")
    plan = imported(doc, tmp_path)
    assert [p["title"] for p in listing(plan)["phases"]] == ["准备"]
    assert "alert" not in plan.read_text(encoding="utf-8")


def test_a_missing_document_is_a_usage_error(tmp_path: Path) -> None:
    _refused(tmp_path / "nope.txt", tmp_path, 2, "no such file")


@pytest.mark.parametrize("name", ["minutes", "minutes.txt"])
def test_a_folder_is_named_a_folder(tmp_path: Path, name: str) -> None:  # tester h119, 6: was "unknown document type '(none)'"
    (tmp_path / name).mkdir()
    _refused(tmp_path / name, tmp_path, 2, f"{tmp_path / name} is a folder, not a document")


# --- outline forms -------------------------------------------------------------------------------


def _titles(node: dict[str, Any]) -> Any:
    return (node["title"], [_titles(t) for t in node["tasks"]]) if node["tasks"] else node["title"]


def test_numbering_styles_nest_by_rank_not_by_first_use(tmp_path: Path) -> None:
    doc = tmp_path / "stages.txt"
    doc.write_text("某局2026年活动方案\n"
                   "第一阶段：动员部署（2026年3月1日-3月15日）\n"
                   "（一）召开动员会（3月5日）。\n"
                   "1.印发通知（3月3日前）。\n"
                   "①起草通知。\n"
                   "2.布置会场。\n"
                   "（二）制定方案。\n"
                   "第二阶段：组织实施（2026年3月16日-5月31日）\n"
                   "（一）集中学习。\n", encoding="utf-8")
    plan = imported(doc, tmp_path)
    check_ok(plan)
    assert [_titles(p) for p in listing(plan)["phases"]] == [
        ("动员部署", [("召开动员会", [("印发通知", ["起草通知"]), "布置会场"]), "制定方案"]),
        ("组织实施", ["集中学习"])]


def test_a_document_without_numbered_headings_is_one_phase(tmp_path: Path) -> None:
    doc = tmp_path / "flat.txt"
    doc.write_text("值班安排\n全体干部轮流值班。\n节前检查(2026年4月30日前)。各科室检查安全。\n", encoding="utf-8")
    plan = imported(doc, tmp_path)
    check_ok(plan)
    text = plan.read_text(encoding="utf-8")
    assert "# import: no numbered headings (一、 1、 …): the whole document is one phase (document line 1)" in text
    assert [_titles(p) for p in listing(plan)["phases"]] == [("值班安排", ["节前检查"])]


def test_a_document_of_endless_quotas_is_refused_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.importer import build

    monkeypatch.setattr(build, "MAX_ITEMS", 50)
    doc = tmp_path / "flood.txt"
    doc.write_text("一、阶段(2026年3月1日)\n" + "每名党员学习1次。" * 500 + "\n", encoding="utf-8")
    _refused(doc, tmp_path, 1, "more than 50 phases, tasks and quotas")


def test_a_sentence_too_long_to_be_prose_is_kept_but_not_read_for_quotas(tmp_path: Path) -> None:
    doc = tmp_path / "long.txt"
    doc.write_text("一、阶段(2026年3月1日)\n" + "每名党员1次,4月上旬," * 300 + "\n", encoding="utf-8")
    report = tmp_path / "r.json"
    plan = imported(doc, tmp_path, "--report", str(report))
    assert quotas_of(plan) == []
    reasons = [e["reason"] for e in json.loads(report.read_text(encoding="utf-8"))["not_imported"]]
    assert "kept in the note; a sentence of more than 2,000 characters is not read for quotas" in reasons


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t != ""))
def test_any_title_is_written_so_that_the_loader_reads_it_back(title: str) -> None:
    from planctl.format.loader import load_bytes
    from planctl.importer.yamlout import scalar

    text = f"planctl: 1\ntitle: {scalar(title)}\nphases:\n  - id: p\n    title: {scalar(title)}\n"
    loaded = load_bytes("plan.yaml", text.encode("utf-8"))
    assert loaded.plan is not None, loaded.problems
    assert (loaded.plan.title, loaded.plan.phases[0].title) == (title, title)


def test_the_importer_reads_whatever_the_loaders_date_grammar_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One grammar: teach the loader's parser the table form 9.1-9.7 and the importer writes it as `when`."""
    import re

    from planctl.format import dates

    real = dates.parse_when

    def with_dotted_days(text: str) -> dates.WhenSpec:
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})-(\d{1,2})\.(\d{1,2})", text.strip())
        if m is None:
            return real(text)
        spec = real(f"{m[1]}月{m[2]}日-{m[3]}月{m[4]}日")
        return dates.WhenSpec(text, spec.start, spec.end)

    monkeypatch.setattr(dates, "parse_when", with_dotted_days)
    plan = imported(DOCS / "school-weeks-2025.txt", tmp_path)
    check_ok(plan)
    assert "    when: 9.1-9.7\n" in plan.read_text(encoding="utf-8")
    weeks = [(p["title"], p["window"]["start"], p["window"]["end"]) for p in listing(plan)["phases"]]
    assert weeks == [("第1周", "2025-09-01", "2025-09-07"), ("第2周", "2025-09-08", "2025-09-14"),
                     ("第3周", "2025-09-15", "2025-09-21")]


def test_a_docx_table_of_weeks_is_read_row_by_row(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2026年春季学期教务处工作安排")
    table = document.add_table(rows=3, cols=3)
    rows = [("周次", "时间", "工作内容"),
            ("第1周", "2026年3月2日-3月8日", "1. 开学准备:检查教室设备。 2. 课表编排:完成课表。"),
            ("第2周", "3月9日-3月15日", "1. 教研启动:各教研组召开第一次教研会。")]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc = tmp_path / "weeks.docx"
    document.save(str(doc))
    report = tmp_path / "r.json"
    plan = imported(doc, tmp_path, "--report", str(report))
    check_ok(plan)
    weeks = [(p["title"], p["window"]["start"], p["window"]["end"], [t["title"] for t in p["tasks"]])
             for p in listing(plan)["phases"]]
    assert weeks == [("第1周", "2026-03-02", "2026-03-08", ["开学准备", "课表编排"]),
                     ("第2周", "2026-03-09", "2026-03-15", ["教研启动"])]
    dropped = json.loads(report.read_text(encoding="utf-8"))["not_imported"]
    assert [e["text"] for e in dropped] == ["| 周次 | 时间 | 工作内容 |"]  # a table row as an .xlsx row reads


# --- a tester's document: per person without a group, names, unread counts, unclosed brackets --------

TESTER_DOCUMENT = """2026年教研工作计划
一、组织领导
成立领导小组，局党组书记王建国任组长，局长李明任副组长。各科室负责人参加。
二、学习安排(3月1日-6月30日)
1.个人自学。每人每周自学不少于3小时。
2.宣传氛围。每个科室张贴标语不少于5幅。
3.召开第一次教研会(制定《学科教学进度表》
4.教研会。各教研组召开教研会(制定《学科教学进度表》,不少于2次)。
"""


@pytest.fixture(scope="module")
def tester_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("tester")
    document = folder / "plan-doc.txt"
    document.write_text(TESTER_DOCUMENT, encoding="utf-8")
    plan = imported(document, folder, "--report", str(folder / "report.json"))
    check_ok(plan)
    return plan, json.loads((folder / "report.json").read_text(encoding="utf-8"))


def test_each_person_without_a_named_group_is_per_person(tester_import: tuple[Path, dict[str, Any]]) -> None:
    study = next(q for q in quotas_of(tester_import[0]) if q.unit == "h")
    assert study.per == "person" and study.target == 3


def test_names_after_titles_become_people_and_words_after_them_do_not(tester_import: tuple[Path, dict[str, Any]]) -> None:
    loaded = load_path(tester_import[0])
    assert loaded.plan is not None
    names = set(loaded.plan.roster.people.values())
    assert {"王建国", "李明"} <= names
    assert "参加" not in names


def test_a_count_in_a_word_that_is_no_unit_is_listed_as_not_imported(tester_import: tuple[Path, dict[str, Any]]) -> None:
    listed = json.dumps(tester_import[1], ensure_ascii=False)
    assert "每个科室张贴标语不少于5幅" in listed


def test_titles_close_the_brackets_they_open(tester_import: tuple[Path, dict[str, Any]]) -> None:
    loaded = load_path(tester_import[0])
    assert loaded.plan is not None
    titles = [i.title for i in loaded.plan.walk()] + [q.title for q in loaded.plan.quotas()]
    assert "召开第一次教研会(制定《学科教学进度表》)" in titles
    assert any(t.endswith("召开教研会(制定《学科教学进度表》)") for t in titles), titles
    assert not any(t.count("(") != t.count(")") for t in titles), titles
    assert ")" not in titles


# --- numbered items that start with a date, quotas stated by a heading, the report's "not read" -----


MINI = """一、准备阶段（3月1日-3月15日）
1.成立领导小组。
二、实施阶段（3月16日-5月31日）
1.每人每周自学不少于3小时。
2.4月中下旬召开座谈会。
3.10月份完成总结，年底前上报。
4.第一季度完成调研。
"""


def test_items_numbered_before_a_month_are_items_with_their_window(tmp_path: Path) -> None:
    """2.4月中下旬… is item 2 in April, not a sub-number 2.4 swallowed into item 1's note."""
    document = tmp_path / "mini.txt"
    document.write_text(MINI, encoding="utf-8")
    plan = imported(document, tmp_path, "--year", "2026")
    check_ok(plan)
    tasks = listing(plan)["phases"][1]["tasks"]  # 1.每人每周自学… is the phase's quota, no task
    assert [(t["title"], t["window"]["start"], t["window"]["end"]) for t in tasks] == [
        ("4月中下旬召开座谈会", "2026-04-11", "2026-04-30"),
        ("10月份完成总结，年底前上报", "2026-10-01", "2026-10-31"),
        ("第一季度完成调研", "2026-01-01", "2026-03-31"),
    ]


def test_a_heading_that_states_a_quota_gives_the_quota(tmp_path: Path) -> None:
    document = tmp_path / "mini.txt"
    document.write_text(MINI, encoding="utf-8")
    quotas = quotas_of(imported(document, tmp_path, "--year", "2026"))
    assert [(q.period, q.target, q.unit, q.per) for q in quotas] == [("week", 3, "h", "person")]


@pytest.mark.parametrize("name", ["mini", "office-annual-2026.txt", "school-weeks-2025.txt"])
def test_the_report_calls_unread_only_what_the_loader_refuses(tmp_path: Path, name: str) -> None:
    """Every "'X' is not a window planctl reads yet" names text the date grammar really refuses, and
    not a part of a window it reads (中下旬 of 4月中下旬, 一季度 of 第一季度)."""
    from planctl.format import dates

    if name == "mini":
        document = tmp_path / "mini.txt"
        document.write_text(MINI.replace("2.4月中下旬召开座谈会", "2.召开座谈会。4月中下旬召开座谈会"), encoding="utf-8")
    else:
        document = DOCS / name
    report = tmp_path / "report.txt"
    imported(document, tmp_path, "--year", "2026", "--report", str(report))
    reasons = [row["reason"] for row in json.loads(report.read_text(encoding="utf-8"))["not_imported"]]
    unread = [reason.split("'")[1] for reason in reasons if "is not a window planctl reads yet" in reason]
    for phrase in unread:
        with pytest.raises(dates.DateError):
            dates.parse_when(phrase)
    if name == "mini":
        assert not unread, reasons
