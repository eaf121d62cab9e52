"""A mistyped command line is told in planctl's own form (`planctl: error: …`, README "Exit codes": 2), as
every other error is, in both languages, then the command's usage and where its help is."""

from __future__ import annotations

import subprocess

import pytest

from conftest import PLANCTL_COMMAND, run_cli


@pytest.mark.parametrize(("args", "said"), [
    (["due", "--bogus"], "planctl: error: No such option: --bogus"),
    (["done"], "planctl: error: Missing argument 'target'."),
    (["frob"], "planctl: error: No such command 'frob'."),
])
def test_a_usage_error_starts_as_every_planctl_error(args: list[str], said: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == said
    assert lines[1].startswith("Usage: planctl") and lines[2].startswith("Try 'planctl")


def test_a_usage_error_in_chinese_uses_the_chinese_error_form() -> None:
    done = subprocess.run([*PLANCTL_COMMAND, "due", "--bogus"], capture_output=True, text=True, check=False,
                          env={"LANG": "zh_CN.UTF-8", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "planctl：错误：没有这个选项：--bogus"
    assert "Error" not in done.stderr


@pytest.mark.parametrize(("language", "usage"), [
    ("en", ["Usage: planctl done [OPTIONS] TARGET", "Usage: planctl merge-driver [OPTIONS] BASE OURS THEIRS",
            "Usage: planctl show [OPTIONS] ID"]),
    ("zh_CN", ["用法：planctl done [选项] <事项>", "用法：planctl merge-driver [选项] <共同祖先版本> <我方版本> <对方版本>",
               "用法：planctl show [选项] <id>"]),
])
def test_a_required_argument_reads_as_a_placeholder_not_in_braces(language: str, usage: list[str]) -> None:  # h98 item 9
    for command, line in zip(("done", "merge-driver", "show"), usage, strict=True):
        result = run_cli(command, "--help", env={"PLANCTL_LANG": language})
        assert result.exit_code == 0 and result.stdout.splitlines()[0] == line, result.stdout
        assert "{" not in result.stdout, result.stdout
    assert "{" not in run_cli("done", env={"PLANCTL_LANG": language}).stderr
