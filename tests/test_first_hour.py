"""Issue 21: the rough edges a new user hits in the first hour. Each test is one thing a person would notice.

Most run planctl in-process; what depends on real file descriptors (a closed pipe, an ASCII-only stdout, a
terminal for the pager) runs it as a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import PLAN, planctl_on_pty
from planctl.cli.main import app
from planctl.output.colour import colour_wanted, output_width

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PLANCTL_NOW": "2026-11-25T08:00:00+08:00", "NO_COLOR": "1", "COLUMNS": "120", "PLANCTL_TODAY": None,
       "PLANCTL_PLAN": None, "FORCE_COLOR": None, "CLICOLOR_FORCE": None, "PLANCTL_CACHE": "0"}
runner = CliRunner()


def plan_copy(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(ROOT / "plan.yaml", path)
    return path


def run(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), env={**ENV, **(env or {})}, input=stdin)


def planctl(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """planctl in a child process of its own session (so no controlling terminal either)."""
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE",
                                                               "PLANCTL_PLAN", "PLANCTL_TODAY", "PAGER", "PLANCTL_PAGER")}
    merged = {**base, "PLANCTL_CACHE": "0", **(env or {})}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "planctl", *args], env=merged, timeout=60, start_new_session=True,
                          check=False, **kwargs)


# --- command line conventions ------------------------------------------------------------------------------

def test_root_options_before_the_command(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("-f", str(path), "--today", "2009-04-10", "due", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["today"] == "2009-04-10"
    missing = run("-f", str(tmp_path / "nope.yaml"), "list")
    assert missing.exit_code == 2 and "no such plan file" in missing.stderr
    # the command's own option still wins over the root one
    assert run("-f", str(tmp_path / "nope.yaml"), "list", "-f", str(path)).exit_code == 0


def test_root_options_before_the_command_in_a_real_process(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = planctl("-f", str(path), "--today", "2009-04-10", "status", "--json", cwd=tmp_path / "..")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["today"] == "2009-04-10"


@pytest.mark.parametrize("args", [["list"], ["status"], ["--help"], ["export", "json"]])
def test_a_closed_pipe_exits_quietly_with_0(tmp_path: Path, args: list[str]) -> None:
    plan_copy(tmp_path)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before planctl writes a byte: every write meets a closed pipe
    try:
        result = planctl(*args, stdout=write_end, cwd=tmp_path)
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == b""


def test_a_closed_pipe_does_not_hide_errors_in_the_plan(tmp_path: Path) -> None:
    """`planctl due | head -1` on a plan with errors exits 1 as `planctl due` does, not 0."""
    path = plan_copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("who: leaders", "who: nobody-at-all", 1),
                    encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = planctl("due", "--today", "2009-04-10", stdout=write_end, cwd=tmp_path)
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert b"nobody-at-all" in result.stderr


def _closing(fd: int) -> Any:
    return lambda: os.close(fd)


def test_done_with_stdout_closed_records_once_and_exits_0(tmp_path: Path) -> None:
    """A closed stdout (`>&-`) is not a failure after the entry is written (a script would log it twice),
    and the git that --commit runs cannot write into the plan that took descriptor 1."""
    path = plan_copy(tmp_path)
    for args in (["init", "-q"], ["add", "plan.yaml"], ["-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "p"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    result = planctl("done", "mobilize", "--by", "sha", "--date", "2009-03-30", "--commit", cwd=tmp_path,
                     preexec_fn=_closing(1), env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                                                  "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8").count("by: sha") == 1
    assert planctl("check", cwd=tmp_path).returncode == 0
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, capture_output=True, text=True)
    assert status.stdout == ""  # committed whole, nothing written into it afterwards


def test_views_with_stdout_closed_and_undo_with_stdin_closed(tmp_path: Path) -> None:
    plan_copy(tmp_path)
    listed = planctl("list", cwd=tmp_path, preexec_fn=_closing(1))
    assert listed.returncode == 0 and listed.stderr == b""
    planctl("done", "mobilize", "--by", "sha", "--date", "2009-03-30", cwd=tmp_path)
    undone = planctl("undo", cwd=tmp_path, stdin=None, preexec_fn=_closing(0))
    assert undone.returncode == 2
    assert b"no answer" in undone.stderr and b"internal error" not in undone.stderr
    assert any(line.startswith(b"planctl: error: no answer") for line in undone.stderr.splitlines())  # own line


def test_an_ascii_only_stdout_gets_escapes_not_an_internal_error(tmp_path: Path) -> None:
    plan_copy(tmp_path)
    for args in (["list", "--today", "2009-04-10"], ["due", "--today", "2009-04-10"], ["show", "动员"]):
        result = planctl(*args, env={"PYTHONIOENCODING": "ascii"}, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "\\u52a8\\u5458" in result.stdout.decode("ascii") or "\\u73af\\u536b" in result.stdout.decode("ascii")
    bad = planctl("show", "不存在的任务", env={"PYTHONIOENCODING": "ascii"}, cwd=tmp_path)
    assert bad.returncode == 2  # the error message itself has Chinese in it, escaped on stderr
    assert b"\\u4e0d" in bad.stderr


@pytest.mark.parametrize(("env", "tty", "wanted"), [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": "1"}, True, False),
    ({"TERM": "dumb"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True),
    ({"FORCE_COLOR": "0"}, False, False),
    ({"CLICOLOR_FORCE": "1"}, False, True),
    ({"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
])
def test_one_colour_decision(env: dict[str, str], tty: bool, wanted: bool) -> None:
    class Stream:
        def isatty(self) -> bool:
            return tty

    assert colour_wanted(Stream(), env) is wanted  # type: ignore[arg-type]


@pytest.mark.parametrize("args", [["due", "--today", "2009-04-10"], ["status", "--today", "2009-04-10"],
                                  ["list", "--today", "2009-04-10"], ["timeline", "--today", "2009-04-10"],
                                  ["show", "self-study", "--today", "2009-04-10"]])
def test_every_view_follows_force_color_and_term_dumb(tmp_path: Path, args: list[str]) -> None:
    path = plan_copy(tmp_path)
    forced = run(*args, "-f", str(path), env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert forced.exit_code == 0 and "\x1b[" in forced.stdout
    clicolor = run(*args, "-f", str(path), env={"NO_COLOR": None, "CLICOLOR_FORCE": "1"})
    assert "\x1b[" in clicolor.stdout
    dumb = run(*args, "-f", str(path), env={"NO_COLOR": None, "TERM": "dumb"})
    assert "\x1b[" not in dumb.stdout


def test_no_plan_found_names_init_and_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if any((folder / "plan.yaml").is_file() for folder in (tmp_path, *tmp_path.parents)):
        pytest.skip("a plan.yaml above the temporary folder")
    result = run("due")
    assert result.exit_code == 2
    assert "planctl init" in result.stderr and "--plan" in result.stderr


def test_done_and_undo_json_say_what_and_where(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    done = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-04-08", "--json", "-f", str(path))
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["action"] == "recorded" and data["item"]["id"] == "self-study"
    assert data["entry"] == {"date": "2009-04-08", "by": "lina", "unit": None, "amount": 2.0, "note": None,
                             "at": "2026-11-25T08:00:00+08:00"}
    assert path.read_text(encoding="utf-8").splitlines()[data["line"] - 1].strip().startswith("- {date: 2009-04-08")
    assert "recorded:" not in done.stderr
    undo = run("undo", "--yes", "--json", "-f", str(path))
    assert undo.exit_code == 0
    assert json.loads(undo.stdout)["action"] == "took back"
    assert json.loads(undo.stdout)["entry"]["by"] == "lina"


def test_shift_json_says_what_moved(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("shift", "--to", "2010-03-01", "--json", "-f", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["action"], data["old_start"], data["new_start"]) == ("shifted", "2009-03-01", "2010-03-01")
    dry = run("shift", "--to", "2011-03-01", "--json", "--dry-run", "-f", str(path))
    assert json.loads(dry.stdout)["action"] == "would shift"


# --- piped width and the pager -----------------------------------------------------------------------------

def test_columns_still_sets_the_width() -> None:
    assert output_width({"COLUMNS": "100"}) == 100


def test_piped_output_is_80_columns_not_120(tmp_path: Path) -> None:
    plan_copy(tmp_path)
    result = planctl("list", "--today", "2009-04-10", cwd=tmp_path)
    widths = [len(line) for line in result.stdout.decode().splitlines()]
    assert max(widths) <= 80 < 120


def _in_a_terminal(args: list[str], tmp_path: Path, env: dict[str, str]) -> bytes:
    """Run planctl with stdout on a pseudo-terminal; return what the terminal shows."""
    return planctl_on_pty(args, tmp_path, {**os.environ, "PLANCTL_CACHE": "0", **env})[0]


def test_long_output_on_a_terminal_goes_to_the_pager(tmp_path: Path) -> None:
    plan_copy(tmp_path)
    paged = tmp_path / "paged.txt"
    _in_a_terminal(["list", "--today", "2009-04-10"], tmp_path, {"PAGER": f"cat > {paged}", "NO_COLOR": "1"})
    assert "环卫处" in paged.read_text(encoding="utf-8")
    paged.unlink()
    shown = _in_a_terminal(["--no-pager", "list"], tmp_path, {"PAGER": f"cat > {paged}", "NO_COLOR": "1"})
    assert not paged.exists() and "环卫处".encode() in shown


# --- the morning view with one teammate's typo ---------------------------------------------------------------

def _with_typo(tmp_path: Path) -> Path:
    path = plan_copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    title = "title: 制定处学习实践活动实施方案\n        who: "
    typo = text.replace(title + "leaders", title + "leaderz")
    assert typo != text
    path.write_text(typo, encoding="utf-8")
    return path


@pytest.mark.parametrize("view", [["due"], ["status"], ["list"], ["timeline"], ["show", "prep"]])
def test_a_typo_does_not_stop_the_morning_view(tmp_path: Path, view: list[str]) -> None:
    path = _with_typo(tmp_path)
    result = run(*view, "--today", "2009-03-25", "-f", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("plan.yaml:") or ":52:14: error: task 'scheme': unknown person" in result.stderr
    assert "without 1.2 scheme" in result.stderr
    untouched = "活动准备" if view == ["status"] else "动员部署"  # status shows phases, not tasks
    assert untouched in result.stdout  # what the error does not touch is shown
    assert "制定处学习实践活动实施方案" not in result.stdout  # the one it does is left out


def test_a_typo_leaves_the_rest_in_json_and_writes_still_refuse(tmp_path: Path) -> None:
    path = _with_typo(tmp_path)
    result = run("list", "--json", "--today", "2009-03-25", "-f", str(path))
    assert result.exit_code == 1
    assert "mobilize" in result.stdout and "\"scheme\"" not in result.stdout
    shown = run("show", "scheme", "-f", str(path))
    assert shown.exit_code == 1 and "1.2 scheme has an error" in shown.stderr
    before = path.read_bytes()
    assert run("done", "mobilize", "--date", "2009-03-30", "-f", str(path)).exit_code == 1
    assert path.read_bytes() == before


# --- logging -----------------------------------------------------------------------------------------------

def test_done_prefers_the_task_to_the_phase_around_it(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("done", "活动总结", "--date", "2009-08-20", "--json", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["item"]["id"] == "summary"  # 5.1 做好活动总结, not phase 5 活动总结
    shown = run("show", "活动总结", "--json", "-f", str(path))
    assert json.loads(shown.stdout)["id"] == "wrap-up"  # a view still takes the whole title


def test_done_on_a_phase_names_what_it_closes_and_asks(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    before = path.read_bytes()
    no_answer = run("done", "wrap-up", "--date", "2009-08-20", "-f", str(path), stdin="")
    assert no_answer.exit_code == 2 and "pass --yes" in no_answer.stderr
    assert "also closes 2 sub-tasks: 5.1 做好活动总结, 5.2 开展群众满意度测评" in no_answer.stderr
    declined = run("done", "wrap-up", "--date", "2009-08-20", "-f", str(path), stdin="n\n")
    assert declined.exit_code == 0 and "nothing recorded" in declined.stderr
    assert path.read_bytes() == before
    agreed = run("done", "wrap-up", "--date", "2009-08-20", "-f", str(path), stdin="y\n")
    assert agreed.exit_code == 0 and "planctl: note: phase 5 wrap-up 活动总结: also closes 2 sub-tasks" in agreed.stderr
    assert path.read_bytes() != before


def test_done_with_yes_does_not_ask_and_a_leaf_never_asks(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    assert run("done", "mobilize", "--date", "2009-03-30", "-f", str(path), stdin="").exit_code == 0
    result = run("done", "prep", "--date", "2009-03-30", "--yes", "-f", str(path), stdin="")
    assert result.exit_code == 0
    assert "also closes 2 sub-tasks: 1.1 成立处活动领导小组和工作机构, 1.2 制定处学习实践活动实施方案" in result.stderr


def test_a_future_date_is_noted_and_far_ahead_needs_future(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    env = {"PLANCTL_NOW": "2009-04-08T08:00:00"}
    near = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-04-10", "-f", str(path), env=env)
    assert near.exit_code == 0 and "2009-04-10 is 2 days after today (2009-04-08)" in near.stderr
    before = path.read_bytes()
    far = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-05-08", "-f", str(path), env=env)
    assert far.exit_code == 2 and "30 days after today" in far.stderr and "--future" in far.stderr
    assert path.read_bytes() == before
    forced = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-05-08", "--future", "-f",
                 str(path), env=env)
    assert forced.exit_code == 0
    told = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-04-12", "-f", str(path),
               env={"PLANCTL_TODAY": "2009-04-12"})  # the day planctl is told it is, not the clock's
    assert told.exit_code == 0 and "after today" not in told.stderr


def test_the_nth_alike_entry_is_said(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    args = ("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-04-08", "-f", str(path))
    assert "this is the" not in run(*args).stderr
    assert "this is the 2nd entry of 2 h by 李娜 on 2009-04-08" in run(*args).stderr
    assert "this is the 3rd entry" in run(*args).stderr
    other = run("done", "self-study", "--by", "lina", "--amount", "1h", "--date", "2009-04-08", "-f", str(path))
    assert "this is the" not in other.stderr  # another amount is another entry


def test_waiting_on_the_lock_is_said_after_a_second(tmp_path: Path) -> None:
    import fcntl

    path = plan_copy(tmp_path)
    with path.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        process = subprocess.Popen([sys.executable, "-m", "planctl", "done", "mobilize", "--date", "2009-03-30", "-f",
                                    str(path)], stderr=subprocess.PIPE, env={**os.environ, "PLANCTL_CACHE": "0"})
        assert process.stderr is not None
        first = process.stderr.readline().decode()  # held until it says so: however slow its start, it must wait
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 0
    assert first.startswith("planctl: waiting for another planctl to finish writing")
    assert "recorded" in rest.decode().splitlines()[0]


# --- help topics and the man page ----------------------------------------------------------------------------

@pytest.mark.parametrize(("topic", "page"), [("format", "plan-format.md"), ("due", "due.md"), ("git", "git.md"),
                                             ("export", "export.md")])
def test_help_topic_prints_the_shipped_page(topic: str, page: str) -> None:
    result = run("help", topic)
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "docs" / page).read_text(encoding="utf-8")


def test_help_command_is_its_help_and_unknown_topics_are_named() -> None:
    assert run("help", "done").stdout == run("done", "--help").stdout
    listing = run("help")
    assert all(topic in listing.stdout for topic in ("format", "due", "git", "export"))
    wrong = run("help", "formt")
    assert wrong.exit_code == 2 and "did you mean 'format'" in wrong.stderr


def test_the_man_page_is_made_from_the_help() -> None:
    result = run("help", "--man")
    assert result.exit_code == 0
    roff = result.stdout
    assert roff.startswith(".TH PLANCTL 1")
    import typer

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f'.SS "planctl {name}"' in roff
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("-"):
                    assert opt.replace("-", "\\-") in roff, (name, opt)
    if shutil.which("man"):
        page = subprocess.run(["man", "-l", "-"], input=roff.encode(), capture_output=True, timeout=60,
                              env={**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": ""})
        assert page.returncode == 0 and b"planctl done" in page.stdout


# --- the JSON Schema in editors --------------------------------------------------------------------------------

def _schema() -> dict[str, Any]:
    from planctl.format.schema import build_schema

    return build_schema()


def _walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [found for item in node for found in _walk(item)]
    if not isinstance(node, dict):
        return []
    return [node, *(found for value in node.values() for found in _walk(value))]


def test_every_pattern_has_a_message_for_people() -> None:
    patterned = [node for node in _walk(_schema()) if "pattern" in node and "type" in node]
    assert len(patterned) >= 4
    for node in patterned:
        assert node.get("patternErrorMessage") and len(node["patternErrorMessage"]) < 160
        assert node["patternErrorMessage"] == node.get("errorMessage")
    when = _schema()["$defs"]["task"]["properties"]["when"]
    assert "4月上旬" in when["patternErrorMessage"] and "(?:" not in when["patternErrorMessage"]


def _errors(data: dict[str, Any]) -> list[Any]:
    import jsonschema

    return list(jsonschema.Draft202012Validator(_schema()).iter_errors(data))


def _quota(**keys: Any) -> dict[str, Any]:
    quota = {"id": "q", "title": "Q", "who": "a", "target": 8, "unit": "h", **keys}
    return {"title": "T", "phases": [{"id": "p", "title": "P", "when": "4月", "quotas": [quota]}]}


def test_period_with_periods_says_use_one_of_them() -> None:
    errors = _errors(_quota(period="week", periods=["4月上旬"]))
    assert [error.schema.get("errorMessage") for error in errors] == ["use one of period or periods, not both"]


def test_schema_and_check_agree_on_grouped_digits_zero_amounts_and_timestamps(tmp_path: Path) -> None:
    assert _errors(_quota(target="1_000")) == []  # an editor's YAML 1.2 reads 1_000 as text; check reads 1000
    assert _errors(_quota(target=1000)) == []
    assert _errors(_quota(target=0)) and _errors(_quota(target="0_0"))
    logged = _quota(log=[{"date": "2009-04-03", "amount": 0}])
    assert _errors(logged)  # check: "an amount must be more than zero"
    stamped = _quota(log=[{"date": "2009-04-03", "at": "2026-11-25T08:30:00+08:00"}])
    assert _errors(stamped) == []  # a zone on `at` (what planctl writes once it records one)
    assert _errors(_quota(log=[{"date": "2009-04-03", "at": "2026"}]))
    path = tmp_path / "plan.yaml"
    path.write_text("title: T\nyear: 2009\nroster: {people: {a: A}}\nphases:\n  - id: p\n    title: P\n    when: 4月\n"
                    "    quotas:\n      - {id: q, title: Q, who: a, target: 1_000, unit: h}\n", encoding="utf-8")
    assert run("check", str(path)).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("unit: h}", "unit: h, log: [{date: 4月3日, amount: 0}]}"),
                    encoding="utf-8")
    assert run("check", str(path)).exit_code == 1


def test_hovers_have_no_literal_backticks() -> None:
    described = [node for node in _walk(_schema()) if isinstance(node.get("description"), str)]
    assert all("`" not in node["description"] for node in described)
    marked = [node for node in described if "markdownDescription" in node]
    assert marked and all("`" in node["markdownDescription"] for node in marked)


def test_docs_schema_md_no_longer_says_editors_read_grouped_digits_as_numbers() -> None:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert "`1_000` is a number" not in text
    assert "1_000" in text and "patternErrorMessage" in text


# --- completion in real shells ---------------------------------------------------------------------------------

SPACED_PLAN = ("title: T\nyear: 2009\nphases:\n  - id: p\n    title: Phase one\n    when: 4月\n    tasks:\n"
               "      - {id: w, title: Write the report}\n      - {id: r, title: Read it}\n")


def _shell_env(tmp_path: Path, plan: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    bin_dir = str(Path(sys.executable).parent)
    env = {"HOME": str(home), "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}", "PLANCTL_PLAN": str(plan),
           "PLANCTL_CACHE": "0", "TERM": "xterm", "LANG": "C.UTF-8"}
    if "PYTHONPATH" in os.environ:  # the planctl under test, when it is not the installed one
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (scripts/install-test-tools installs them)")


def test_show_and_install_completion_honour_the_named_shell(tmp_path: Path) -> None:
    env = _shell_env(tmp_path, PLAN)
    shown = subprocess.run(["bash", "-c", "planctl --show-completion zsh"], env=env, capture_output=True, text=True,
                           timeout=60)
    assert shown.returncode == 0 and shown.stdout.startswith("#compdef planctl")
    fish = subprocess.run(["bash", "-c", "planctl --show-completion=fish"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert "complete --command planctl" in fish.stdout
    installed = subprocess.run(["bash", "-c", "planctl --install-completion zsh"], env=env, capture_output=True,
                               text=True, timeout=60)
    assert installed.returncode == 0 and "zsh completion installed" in installed.stdout
    script = (Path(env["HOME"]) / ".zfunc" / "_planctl").read_text(encoding="utf-8")
    assert '_planctl_completion "$@"' in script  # autoloaded on the first TAB: it completes


def _bash_candidates(env: dict[str, str], words: str) -> list[str]:
    script = ('source <(planctl --show-completion bash); COMP_WORDS=(' + words + '); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); '
              '_planctl_completion planctl; printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_bash_completes_the_middle_of_a_title_and_quotes_spaces(tmp_path: Path) -> None:
    env = _shell_env(tmp_path, PLAN)
    found = _bash_candidates(env, "planctl done 调研")
    assert {"拟定调研课题", "撰写调研报告"} <= set(found) and "topics" not in found  # the titles, not their ids
    spaced = tmp_path / "spaced.yaml"
    spaced.write_text(SPACED_PLAN, encoding="utf-8")
    assert "Write\\ the\\ report" in _bash_candidates(_shell_env(tmp_path, spaced), "planctl done report")


def test_fish_completes_the_middle_of_a_title(tmp_path: Path) -> None:
    _needs("fish")
    env = _shell_env(tmp_path, PLAN)
    done = subprocess.run(["fish", "-c", 'planctl --show-completion fish | source; complete -C "planctl done 调研"'],
                          env=env, capture_output=True, text=True, timeout=60)
    offered = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert {"拟定调研课题", "撰写调研报告"} <= set(offered)


def _tmux_zsh(env: dict[str, str], keys: list[str], tmp_path: Path) -> str:
    """Type `keys` into a fresh interactive zsh in tmux (its own server); what the screen shows then."""
    import time

    socket = f"planctl-test-{os.getpid()}-{tmp_path.name}-{len(keys[0])}"  # a server of its own per call
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-x", "150", "-y", "30", "zsh"], env=env, check=True, timeout=30)

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], env=env, capture_output=True, text=True, timeout=30).stdout

    try:
        for _ in range(200):  # up to 20 s for zsh to read .zshrc (compinit) and show the prompt
            if "READY>" in screen():
                break
            time.sleep(0.1)
        for key in keys:
            subprocess.run([*tmux, "send-keys", key], env=env, check=True, timeout=30)
        shown = ""
        for _ in range(200):  # up to 20 s for the completion to appear
            time.sleep(0.1)
            shown = screen()
            if "mobilize" in shown or "撰写调研报告" in shown:
                break
        return shown
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True, timeout=30)


def test_zsh_completes_on_the_first_tab_after_install_and_in_the_middle_of_titles(tmp_path: Path) -> None:
    _needs("zsh", "tmux")
    env = _shell_env(tmp_path, PLAN)
    subprocess.run(["planctl", "--install-completion", "zsh"], env=env, check=True, capture_output=True, timeout=60)
    with (Path(env["HOME"]) / ".zshrc").open("a", encoding="utf-8") as zshrc:
        zshrc.write("PROMPT='READY> '\n")  # the test waits for it: compinit has run
    first = _tmux_zsh(env, ["planctl done mob", "Tab"], tmp_path)
    assert "planctl done mobilize" in first
    middle = _tmux_zsh(env, ["planctl done 撰写调研", "Tab"], tmp_path)
    assert "planctl done 撰写调研报告" in middle


# --- --who and --phase on every view; last period's missed quotas ----------------------------------------------

@pytest.mark.parametrize("view", ["status", "list", "timeline"])
def test_views_take_who_and_phase_as_due_does(view: str) -> None:
    plan = str(PLAN)
    everything = run(view, "--today", "2009-04-12", "--json", "-f", plan)
    phase = run(view, "--today", "2009-04-12", "--json", "--phase", "2", "-f", plan)
    who = run(view, "--today", "2009-04-12", "--json", "--who", "yangfan", "-f", plan)
    assert everything.exit_code == phase.exit_code == who.exit_code == 0, (phase.output, who.output)
    assert len(phase.stdout) < len(everything.stdout) and "活动准备" not in phase.stdout
    assert len(who.stdout) < len(everything.stdout)
    assert run(view, "--who", "nobody", "-f", plan).exit_code == 2


def test_list_who_keeps_a_persons_tasks_and_their_parents() -> None:
    result = run("list", "--today", "2009-04-12", "--who", "yangfan", "-f", str(PLAN))
    assert result.exit_code == 0
    assert "branch-study" in result.stdout and "2.1  theory" in result.stdout  # his branch's quota, under 2.1
    assert "city-lecture" not in result.stdout and "essay" not in result.stdout  # the leaders' task and quota


def test_due_and_status_mention_last_periods_missed_quotas() -> None:
    plan = str(PLAN)
    for view in ("due", "status"):
        text = run(view, "--today", "2009-04-12", "-f", plan)
        assert "Missed last period (1)" in text.stdout
        assert "2.1q3 self-study 党员每周自学 (03-31 … 04-06): 陈静 0/8 h" in text.stdout
        data = json.loads(run(view, "--today", "2009-04-12", "--json", "-f", plan).stdout)
        missed = data["missed_last_period"]
        assert [entry["id"] for entry in missed] == ["self-study"]
        assert {"who": "lina", "name": "李娜", "done": 0.0, "target": 8.0} in missed[0]["missed"]
    assert "Missed last period" not in run("due", "--today", "2009-04-03", "-f", plan).stdout  # the first week
