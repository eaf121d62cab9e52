"""`planctl check` through the CLI: exact reports (message, LINE:COL, source line, caret) and exit codes.

Each bad input is one small file in tests/fixtures/check/. The tests run from the run's copy of that
folder (conftest.FIXTURES) so the reported paths are the bare file names.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, PLAN, run_cli

VALID_OK = "valid.yaml: OK (2 phases, 3 tasks, 2 quotas)\n"

def check(*args: str):  # type: ignore[no-untyped-def]
    return run_cli("check", *args)


# The fixture is GBK text (h102: a plan saved as "ANSI" on Windows is told how to convert it)
GBK_MESSAGE = ('not UTF-8 (byte 0xb2): it reads as GBK/GB18030, probably saved as "ANSI" on Windows; convert it to UTF-8: '
               "'iconv -f gb18030 -t utf-8 not_utf8.yaml > not_utf8.yaml.utf8 && mv not_utf8.yaml.utf8 not_utf8.yaml' "
               "(or in Notepad: Save as, Encoding: UTF-8)")

def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)


# --- one fixture per bad input: the exact report ------------------------------------------------

CASES: dict[str, tuple[int, str]] = {
    "yaml_syntax": (1, lines(
        "yaml_syntax.yaml:5:16: error: 'title' holds ': ' in unquoted text, which YAML reads as another key; "
        "put the text in quotes (title: '活动准备: 动员') or write the colon full-width (：)",
        "    5 |     title: 活动准备: 动员",
        "      |                    ^",
        "yaml_syntax.yaml: 1 error",
    )),
    "tab_indent": (1, lines(
        "tab_indent.yaml:5:1: error: tab in indentation; indent with spaces",
        "    5 |  title: 活动准备",
        "      | ^",
        "tab_indent.yaml: 1 error",
    )),
    "duplicate_key": (1, lines(
        "duplicate_key.yaml:6:5: error: duplicate key 'title'",
        "    6 |     title: 准备",
        "      |     ^",
        "duplicate_key.yaml: 1 error",
    )),
    "anchor": (1, lines(
        "anchor.yaml:5:12: error: anchors (&t) are not allowed in a plan",
        "    5 |     title: &t 活动准备",
        "      |            ^",
        "anchor.yaml: 1 error",
    )),
    # The alias is one error: what the reader then makes of it (nothing, so no title) is not a second one.
    "alias": (1, lines(
        "alias.yaml:5:12: error: aliases (*name) are not allowed in a plan; write the value out",
        "    5 |     title: *t",
        "      |            ^",
        "alias.yaml: 1 error",
    )),
    "title_list": (1, lines(
        "title_list.yaml:1:8: error: the plan's title must be text, not a list",
        "    1 | title: [测试, 计划]",
        "      |        ^",
        "title_list.yaml: 1 error",
    )),
    "year_text": (1, lines(
        "year_text.yaml:2:7: error: 'year' must be a number, not text ('二〇〇九')",
        "    2 | year: 二〇〇九",
        "      |       ^",
        "year_text.yaml: 1 error",
    )),
    "unknown_key_top": (1, lines(
        "unknown_key_top.yaml:3:1: error: unknown key 'notes' in the plan; did you mean 'note'?",
        "    3 | notes: 说明",
        "      | ^",
        "unknown_key_top.yaml: 1 error",
    )),
    "unknown_key_task": (1, lines(
        "unknown_key_task.yaml:6:5: error: unknown key 'whne' in phase 1; did you mean 'when'?",
        "    6 |     whne: 3月30日",
        "      |     ^",
        "unknown_key_task.yaml: 1 error",
    )),
    "unknown_key_quota": (1, lines(
        "unknown_key_quota.yaml:15:9: error: unknown key 'perod' in quota 1q1; did you mean 'period'?",
        "   15 |         perod: week",
        "      |         ^",
        "unknown_key_quota.yaml: 1 error",
    )),
    "unknown_key_log": (1, lines(
        "unknown_key_log.yaml:9:42: error: unknown key 'amout' in a completion; did you mean 'amount'?",
        "    9 |       - {date: 2009-03-30, by: zhangwei, amout: 2}",
        "      |                                          ^",
        "unknown_key_log.yaml: 1 error",
    )),
    "impossible_date": (1, lines(
        "impossible_date.yaml:6:11: error: phase 1's window: 2009-04 has 30 days, not 31",
        "    6 |     when: 4月31日",
        "      |           ^",
        "impossible_date.yaml: 1 error",
    )),
    "end_before_start": (1, lines(
        "end_before_start.yaml:6:11: error: phase 1's window: the window ends (2009-03-10) before it starts (2009-03-20)",
        "    6 |     when: 3月20日-3月10日",
        "      |           ^",
        "end_before_start.yaml: 1 error",
    )),
    # A task outside its phase is a warning: exit 0.
    "outside_phase": (0, lines(
        "outside_phase.yaml:10:15: warning: task 'late' (2009-04-01 … 2009-04-10)"
        " is outside phase 'prep' (2009-03-01 … 2009-03-30)",
        "   10 |         when: 4月上旬",
        "      |               ^",
        "outside_phase.yaml: 0 errors, 1 warning",
    )),
    "duplicate_id": (1, lines(
        "duplicate_id.yaml:7:13: error: duplicate id 'prep' (also phase 1)",
        "    7 |       - id: prep",
        "      |             ^",
        "duplicate_id.yaml: 1 error",
    )),
    "unknown_who": (1, lines(
        "unknown_who.yaml:10:21: error: phase 'prep': unknown person or group 'leader'; did you mean 'leaders' (领导班子)?",
        "   10 |     who: [zhangwei, leader]",
        "      |                     ^",
        "unknown_who.yaml: 1 error",
    )),
    "unknown_by": (1, lines(
        "unknown_by.yaml:9:9: error: completion by unknown person 'zhangwe'; did you mean 'zhangwei' (张伟)?",
        "    9 |       - {date: 2009-03-30, by: zhangwe}",
        "      |         ^",
        "unknown_by.yaml: 1 error",
    )),
    "unknown_target_for": (1, lines(
        "unknown_target_for.yaml:16:21: error: quota 'notes': target_for names unknown group 'leader'; did you mean 'leaders' (领导班子)?",
        "   16 |         target_for: {leader: 5000}",
        "      |                     ^",
        "unknown_target_for.yaml: 1 error",
    )),
    "target_zero": (1, lines(
        "target_zero.yaml:9:56: error: quota 'essays': the target must be more than zero, not 0",
        "    9 |       - {id: essays, title: 文章, who: zhangwei, target: 0, unit: 篇}",
        "      |                                                          ^",
        "target_zero.yaml: 1 error",
    )),
    "target_negative": (1, lines(
        "target_negative.yaml:9:56: error: quota 'essays': the target must be more than zero, not -2",
        "    9 |       - {id: essays, title: 文章, who: zhangwei, target: -2, unit: 篇}",
        "      |                                                          ^",
        "target_negative.yaml: 1 error",
    )),
    "not_utf8": (1, lines(
        "not_utf8.yaml:1:8: error: " + GBK_MESSAGE,
        "    1 | title: \ufffd\ufffd\ufffd\ufffd",
        "      |        ^",
        "not_utf8.yaml: 1 error",
    )),
    "empty": (1, lines(
        "empty.yaml:1:1: error: the plan is empty",
        "empty.yaml: 1 error",
    )),
    "binary": (1, lines(
        "binary.yaml:2:11: error: binary file (NUL byte); a plan is UTF-8 text",
        "    2 | year: 2009\\x00",  # a control character is shown escaped, never printed as it is
        "      |           ^",
        "binary.yaml: 1 error",
    )),
    # Several problems: all reported, sorted by position, then the summary.
    "several": (1, lines(
        "several.yaml:9:10: error: phase 'prep': unknown person or group 'zhangwe'; did you mean 'zhangwei' (张伟)?",
        "    9 |     who: zhangwe",
        "      |          ^",
        "several.yaml:11:13: error: duplicate id 'prep' (also phase 1)",
        "   11 |       - id: prep",
        "      |             ^",
        "several.yaml:13:15: warning: task 'prep' (2009-04-01 … 2009-04-10) is outside phase 'prep' (2009-03-01 … 2009-03-30)",
        "   13 |         when: 4月上旬",
        "      |               ^",
        "several.yaml:16:15: error: task 1.2's window: 2009-02 has 28 days, not 30",
        "   16 |         when: 2月30日",
        "      |               ^",
        "several.yaml: 3 errors, 1 warning",
    )),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_reports(name: str) -> None:
    code, expected = CASES[name]
    result = check(f"{name}.yaml")
    assert result.stdout == expected
    assert result.stderr == ""
    assert result.exit_code == code


def test_fixture_bytes_are_what_the_cases_say() -> None:
    """Guard against an editor or git normalizing the byte-level fixtures."""
    assert (FIXTURES / "empty.yaml").read_bytes() == b""
    assert b"\x00" in (FIXTURES / "binary.yaml").read_bytes()
    assert b"\t" in (FIXTURES / "tab_indent.yaml").read_bytes()
    raw = (FIXTURES / "not_utf8.yaml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    for name in ("valid", "unknown_key_task", "yaml_syntax"):
        assert b"\r" not in (FIXTURES / f"{name}.yaml").read_bytes()


# --- wrong types whose report also carries a spurious follow-on error -----------------------------


def test_target_text_is_reported_as_not_a_number() -> None:
    result = check("target_text.yaml")
    assert "target_text.yaml:9:56: error: quota 1q1's target must be a number, not text ('五')\n" in result.stdout
    assert result.exit_code == 1


def test_target_text_exact() -> None:
    result = check("target_text.yaml")
    assert result.stdout == lines(
        "target_text.yaml:9:56: error: quota 1q1's target must be a number, not text ('五')",
        "    9 |       - {id: essays, title: 文章, who: zhangwei, target: 五, unit: 篇}",
        "      |                                                          ^",
        "target_text.yaml: 1 error",
    )
    assert result.exit_code == 1


def test_missing_target_exact() -> None:
    result = check("missing_target.yaml")
    assert result.stdout == lines(
        "missing_target.yaml:9:9: error: quota 1q1 has no 'target'",
        "    9 |       - {id: essays, title: 文章, who: zhangwei, unit: 篇}",
        "      |         ^",
        "missing_target.yaml: 1 error",
    )
    assert result.exit_code == 1


# --- unknown member of a group -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "group"),
    [("unknown_member", "leaders"), ("unit_member", "branches")],
)
def test_unknown_member_is_an_error(name: str, group: str) -> None:
    result = check(f"{name}.yaml")
    assert f": error: group '{group}' lists unknown person 'lina'\n" in result.stdout
    assert result.stdout.endswith(f"{name}.yaml: 1 error\n")
    assert result.exit_code == 1


def test_unknown_member_points_at_the_member() -> None:
    result = check("unknown_member.yaml")
    assert result.stdout == lines(
        "unknown_member.yaml:8:27: error: group 'leaders' lists unknown person 'lina'",
        "    8 |       members: [zhangwei, lina]",
        "      |                           ^",
        "unknown_member.yaml: 1 error",
    )


def test_unknown_unit_member_points_at_the_member() -> None:
    result = check("unit_member.yaml")
    assert result.stdout.startswith("unit_member.yaml:9:51: error: group 'branches' lists unknown person 'lina'\n")


# --- other bugs found --------------------------------------------------------------------------------


def test_comment_only_file_is_an_error() -> None:
    result = check("comment_only.yaml")
    assert result.exit_code == 1
    assert ": error: " in result.stdout


def test_year_overflow_is_an_error() -> None:
    result = check("year_overflow.yaml")
    assert result.stderr == ""
    assert "year_overflow.yaml:2:7: error: 'year' must be a year such as 2009, not 1e400\n" in result.stdout
    assert result.exit_code == 1


def test_window_at_the_end_of_the_calendar() -> None:
    result = check("calendar_end.yaml")
    assert result.stdout == "calendar_end.yaml: OK (1 phase, 0 tasks, 1 quota)\n"
    assert result.exit_code == 0


def test_summary_counts_singular() -> None:
    result = check("single.yaml")
    assert result.stdout == "single.yaml: OK (1 phase, 1 task, 1 quota)\n"


# --- valid files: the bundled plan, BOM, CRLF ---------------------------------------------------------


def test_bundled_plan_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PLAN.parent)
    result = check("plan.yaml")
    assert result.stdout == "plan.yaml: OK (5 phases, 27 tasks, 9 quotas)\n"
    assert result.exit_code == 0


def test_valid_fixture() -> None:
    result = check("valid.yaml")
    assert result.stdout == VALID_OK
    assert result.exit_code == 0


def test_quiet_prints_nothing_when_clean() -> None:
    result = check("-q", "valid.yaml")
    assert result.stdout == ""
    assert result.exit_code == 0
    result = check("--quiet", "duplicate_id.yaml")
    assert result.stdout == CASES["duplicate_id"][1]
    assert result.exit_code == 1


@pytest.mark.parametrize(("name", "marker"), [("bom", b"\xef\xbb\xbf"), ("crlf", b"\r\n")])
def test_bom_and_crlf_valid(name: str, marker: bytes) -> None:
    raw = (FIXTURES / f"{name}.yaml").read_bytes()
    assert marker in raw
    assert raw.replace(b"\r\n", b"\n").removeprefix(b"\xef\xbb\xbf") == (FIXTURES / "valid.yaml").read_bytes()
    result = check(f"{name}.yaml")
    assert result.stdout == VALID_OK.replace("valid.yaml", f"{name}.yaml")
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("name", "plain"),
    [("bom_error", "unknown_key_task"), ("crlf_error", "unknown_key_task"), ("bom_crlf_syntax", "yaml_syntax")],
)
def test_bom_and_crlf_errors_keep_line_and_column(name: str, plain: str) -> None:
    raw = (FIXTURES / f"{name}.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") or b"\r\n" in raw
    assert raw.replace(b"\r\n", b"\n").removeprefix(b"\xef\xbb\xbf") == (FIXTURES / f"{plain}.yaml").read_bytes()
    result = check(f"{name}.yaml")
    assert result.stdout == CASES[plain][1].replace(f"{plain}.yaml", f"{name}.yaml")
    assert result.exit_code == 1


# --- size limit ------------------------------------------------------------------------------------------


def test_size_limit_is_256_mib() -> None:
    import planctl.format.source

    assert planctl.format.source.MAX_PLAN_BYTES == 256 * 1024 * 1024


def test_file_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    size = len((FIXTURES / "valid.yaml").read_bytes())
    assert size > 1000
    monkeypatch.setattr("planctl.format.source.MAX_PLAN_BYTES", 1000)
    result = check("valid.yaml")
    assert result.stdout == lines(
        f"valid.yaml:1:1: error: file is {size:,} bytes; plans are limited to 1,000 bytes",
        "valid.yaml: 1 error",
    )
    assert result.exit_code == 1


def test_file_at_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planctl.format.source.MAX_PLAN_BYTES", len((FIXTURES / "valid.yaml").read_bytes()))
    result = check("valid.yaml")
    assert result.stdout == VALID_OK
    assert result.exit_code == 0


# --- JSON --------------------------------------------------------------------------------------------------


def test_json_lists_every_problem() -> None:
    result = check("--json", "several.yaml")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert rows == [
        {"path": "several.yaml", "line": 9, "column": 10, "severity": "error",
         "message": "phase 'prep': unknown person or group 'zhangwe'; did you mean 'zhangwei' (张伟)?"},
        {"path": "several.yaml", "line": 11, "column": 13, "severity": "error",
         "message": "duplicate id 'prep' (also phase 1)"},
        {"path": "several.yaml", "line": 13, "column": 15, "severity": "warning",
         "message": "task 'prep' (2009-04-01 … 2009-04-10) is outside phase 'prep' (2009-03-01 … 2009-03-30)"},
        {"path": "several.yaml", "line": 16, "column": 15, "severity": "error",
         "message": "task 1.2's window: 2009-02 has 28 days, not 30"},
    ]


def test_json_clean_and_warning_only() -> None:
    result = check("--json", "valid.yaml")
    assert json.loads(result.stdout) == []
    assert result.exit_code == 0
    result = check("--json", "outside_phase.yaml")
    assert [(r["line"], r["column"], r["severity"]) for r in json.loads(result.stdout)] == [(10, 15, "warning")]
    assert result.exit_code == 0


def test_json_for_an_unreadable_file() -> None:
    result = check("--json", "not_utf8.yaml")
    assert json.loads(result.stdout) == [
        {"path": "not_utf8.yaml", "line": 1, "column": 8, "severity": "error",
         "message": GBK_MESSAGE},
    ]
    assert result.exit_code == 1


# --- finding the plan --------------------------------------------------------------------------------------


def test_missing_file_exits_2() -> None:
    result = check("nope.yaml")
    assert result.stdout == ""
    assert result.stderr == "planctl: error: no such plan file: nope.yaml\n"
    assert result.exit_code == 2


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path.resolve()
    shutil.copy(FIXTURES / "valid.yaml", root / "plan.yaml")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("flag", ["--plan", "-f"])
def test_plan_option(project: Path, flag: str) -> None:
    shutil.copy(FIXTURES / "duplicate_id.yaml", project / "other.yaml")
    result = check(flag, "other.yaml")
    assert result.stdout == CASES["duplicate_id"][1].replace("duplicate_id.yaml", "other.yaml")
    assert result.exit_code == 1


def test_plan_option_may_name_a_folder(project: Path) -> None:
    (project / "sub").mkdir()
    shutil.copy(FIXTURES / "valid.yaml", project / "sub" / "plan.yaml")
    result = check("-f", "sub")
    assert result.stdout == VALID_OK.replace("valid.yaml", "sub/plan.yaml")
    assert result.exit_code == 0


def test_plan_option_missing_file(project: Path) -> None:
    result = check("--plan", "nope.yaml")
    assert result.stderr == "planctl: error: no such plan file: nope.yaml\n"
    assert result.exit_code == 2


def test_env_plan(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "duplicate_id.yaml", project / "other.yaml")
    monkeypatch.setenv("PLANCTL_PLAN", str(project / "other.yaml"))
    result = check()
    assert result.stdout == CASES["duplicate_id"][1].replace("duplicate_id.yaml", "other.yaml")
    assert result.exit_code == 1


def test_plan_option_wins_over_env(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_PLAN", str(project / "nope.yaml"))
    result = check("-f", "plan.yaml")
    assert result.stdout == VALID_OK.replace("valid.yaml", "plan.yaml")
    assert result.exit_code == 0


def test_env_plan_missing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_PLAN", "nope.yaml")
    result = check()
    assert result.stdout == ""
    assert result.stderr == lines(
        "planctl: error: no such plan file: nope.yaml",
        "planctl: hint: the path comes from $PLANCTL_PLAN",
    )
    assert result.exit_code == 2


def test_plan_in_current_folder(project: Path) -> None:
    result = check()
    assert result.stdout == VALID_OK.replace("valid.yaml", "plan.yaml")
    assert result.exit_code == 0


def test_nearest_plan_upward(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "duplicate_id.yaml", project / "plan.yaml")  # the farther one is broken
    (project / "a" / "b" / "c").mkdir(parents=True)
    shutil.copy(FIXTURES / "valid.yaml", project / "a" / "plan.yaml")
    monkeypatch.chdir(project / "a" / "b" / "c")
    result = check()
    assert result.stdout == VALID_OK.replace("valid.yaml", str(project / "a" / "plan.yaml"))
    assert result.exit_code == 0


def test_no_plan_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path.resolve()
    if any((folder / "plan.yaml").is_file() for folder in (here, *here.parents)):
        pytest.skip("a plan.yaml above the temporary folder")
    monkeypatch.chdir(here)
    result = check()
    assert result.stdout == ""
    assert result.stderr == lines(
        f"planctl: error: no plan.yaml here or in any parent folder of {here}",
        "planctl: hint: start one with 'planctl init' (writes ./plan.yaml), or name one with --plan PATH or $PLANCTL_PLAN",
    )
    assert result.exit_code == 2


# --- fuzz: a mangled plan is reported, never a crash -----------------------------------------------------

PLAN_TEXT = PLAN.read_text(encoding="utf-8")
PLAN_LINES = PLAN_TEXT.splitlines(keepends=True)
NOISE = st.sampled_from(list(" :-[]{},#&*!|>?%@`'\"\n\t0123456789年月日号前上中下旬初底末至到~.\r\ufeff\x00")) | st.characters(
    codec="utf-8"
)


@st.composite
def mangled_plans(draw: st.DrawFn) -> bytes:
    text = PLAN_TEXT
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "drop_line", "copy_line", "swap_lines", "new_line"]))
        if op in ("delete", "insert", "replace"):
            at = draw(st.integers(0, max(len(text) - 1, 0)))
            noise = draw(st.text(NOISE, min_size=1, max_size=4))
            tail = text[at + 1 :] if op != "insert" else text[at:]
            text = text[:at] + ("" if op == "delete" else noise) + tail
        else:
            rows = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(rows) - 1))
            if op == "drop_line":
                del rows[i]
            elif op == "copy_line":
                rows.insert(draw(st.integers(0, len(rows))), rows[i])
            elif op == "swap_lines":
                j = draw(st.integers(0, len(rows) - 1))
                rows[i], rows[j] = rows[j], rows[i]
            else:
                rows.insert(i, draw(st.text(NOISE, max_size=30)) + "\n")
            text = "".join(rows)
    raw = text.encode("utf-8")
    if draw(st.booleans()) and raw:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=2)) + raw[at:]
    return raw


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(raw=mangled_plans(), as_json=st.booleans())
def test_fuzz_check_never_crashes(fuzz_dir: Path, raw: bytes, as_json: bool) -> None:
    path = fuzz_dir / "plan.yaml"
    path.write_bytes(raw)
    result = check(*(["--json"] if as_json else []), str(path))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "internal error" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), output
