"""An alias or anchor a plan does not allow is one located error: not followed by what the reader then makes
of the value (an alias read as nothing: "'who' must be text, not nothing"), nor by the YAML syntax error an
alias with text after it leads to."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import BUNDLED, run_cli

CASES = [  # (what is written in place of the bundled plan's first `who: leaders` / title / first phase, where)
    ("        who: leaders\n", "        who: *leaders\n", "48:14", "aliases"),
    ("        who: leaders\n", "        who: [*leaders, sha]\n", "48:15", "aliases"),
    ("title: 环卫处", "title: *t 环卫处", "6:8", "in quotes"),  # text that starts with '*'
    ("  - id: prep\n", "  - *prep\n", "41:5", "aliases"),  # an alias where a phase's keys follow
    ("  - id: prep\n", "  - id: *prep\n", "41:9", "aliases"),
    ("    title: 活动准备\n", "    title: &t 活动准备\n", "42:12", "anchors (&t)"),
]


@pytest.mark.parametrize(("was", "now", "where", "said"), CASES, ids=[case[1].strip() for case in CASES])
def test_an_alias_or_anchor_is_one_located_error(tmp_path: Path, was: str, now: str, where: str, said: str) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    text = path.read_text(encoding="utf-8")
    assert was in text
    path.write_text(text.replace(was, now, 1), encoding="utf-8")
    result = run_cli("check", "--plan", str(path), env={"LANG": "C.UTF-8"})
    errors = re.findall(r"plan\.yaml:(\d+:\d+): error: (.*)$", result.output, re.M)
    assert result.exit_code == 1 and len(errors) == 1, result.output
    assert errors[0][0] == where and said in errors[0][1], result.output
