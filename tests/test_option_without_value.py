"""An option that takes a value, followed by another of the command's options where its value should be: a
usage error naming both (exit 2), nothing written — not a file named like an option (tester h119, 1)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLANCTL_COMMAND, TESTS, write_plan

OFFICE = TESTS / "fixtures" / "import" / "office-annual-2026.txt"


def planctl(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PLANCTL_TODAY": "2009-04-12", "LANG": "C.UTF-8"}
    return subprocess.run([*PLANCTL_COMMAND, *args], cwd=folder, capture_output=True, text=True, check=False, env=env)


@pytest.mark.parametrize(("args", "option", "other"), [
    (("timeline", "--svg", "--no-pager"), "--svg", "--no-pager"),
    (("timeline", "--html", "-q"), "--html", "-q"),
    (("report", "-o", "--quiet"), "-o", "--quiet"),
    (("report", "-o", "--format", "md"), "-o", "--format"),
    (("export", "ics", "-o", "--no-pager"), "-o", "--no-pager"),
    (("done", "scheme", "--note", "--again"), "--note", "--again"),
    (("report", "-qo", "--week"), "-o", "--week"),  # short options written together: the last takes the value (tester h121, 1)
    (("done", "scheme", "-qm", "--json"), "-m", "--json"),
    (("-f", "--today", "2009-04-12", "due"), "-f", "--today"),  # the root's options before the command
    (("export", "-f", "--today", "ics"), "-f", "--today"),
])
def test_a_view_or_done_writes_no_file_named_like_an_option(tmp_path: Path, args: tuple[str, ...], option: str, other: str) -> None:
    plan = write_plan(tmp_path)
    before = plan.read_bytes()
    result = planctl(tmp_path, *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"{option} needs a value, but {other} follows it" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != ".planctl-cache") == ["plan.yaml"]
    assert plan.read_bytes() == before


@pytest.mark.parametrize(("args", "option", "other"), [
    (("--report", "--dry-run", "-o", "x.yaml"), "--report", "--dry-run"),
    (("-o", "--force"), "-o", "--force"),
])
def test_an_import_asked_for_a_dry_run_writes_nothing(tmp_path: Path, args: tuple[str, ...], option: str, other: str) -> None:
    shutil.copyfile(OFFICE, tmp_path / "o.txt")
    result = planctl(tmp_path, "import", "o.txt", *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"{option} needs a value, but {other} follows it" in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["o.txt"]


def test_a_value_written_onto_its_short_option_is_taken_as_written(tmp_path: Path) -> None:
    write_plan(tmp_path)
    result = planctl(tmp_path, "report", "-qoout.md", "-F", "md")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("#")


def test_a_value_given_with_equals_is_taken_as_written(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    result = planctl(tmp_path, "done", "scheme", "--note=--again", "--by", "zhangwei", "--date", "2009-04-03")
    assert result.returncode == 0, result.stderr
    assert 'note: "--again"' in plan.read_text(encoding="utf-8")
