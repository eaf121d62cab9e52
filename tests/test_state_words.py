"""One state, one word: `list`, `status` and `show` say the words `due`'s headings say (output/words.py owns them),
in English and in Chinese; JSON keeps the codes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import BUNDLED, run_cli

DAY = "2009-04-16"  # the bundled plan has overdue, in-progress and not-started tasks that day
LANGS = {"en": {"LANG": "C.UTF-8"}, "zh": {"LANG": "zh_CN.UTF-8"}}


def view(path: Path, lang: str, *args: str) -> str:
    result = run_cli(*args, "--plan", str(path), "--today", DAY, env=LANGS[lang], columns=200)
    assert result.exit_code == 0, result.output
    return result.stdout


def due_words(path: Path, lang: str) -> dict[str, str]:
    """task id -> the heading of the `due` section it stands in, as a word (`Overdue` → overdue)."""
    heading = re.compile(r"^(\S.*?)[ ]?[(（]\d+[)）]$")
    found: dict[str, str] = {}
    section = ""
    for line in view(path, lang, "due").splitlines():
        if (match := heading.match(line)) is not None:
            section = match.group(1).lower()
        elif "│" in line and (ident := line.split("│")[0].strip()):
            found[ident] = section
    return found


def list_words(path: Path, lang: str) -> dict[str, str]:
    """task id -> the state word `list` shows for it (the last column)."""
    rows = (re.split(r"\s{2,}", line.strip()) for line in view(path, lang, "list").splitlines())
    return {row[1]: row[-1] for row in rows if len(row) > 3 and re.fullmatch(r"\d+(\.\d+)*", row[0])}


@pytest.mark.parametrize("lang", list(LANGS))
def test_list_says_the_word_due_says_for_each_state(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    due, listed = due_words(path, lang), list_words(path, lang)
    overdue, in_progress = {i: w for i, w in due.items() if i in ("fieldwork", "topics")}, due.get("report")
    assert overdue and in_progress, due
    for ident, word in due.items():
        if ident in listed and due[ident] in (overdue["topics"], in_progress):
            assert listed[ident] == word, (ident, listed[ident], word)
    assert listed["topics"] == overdue["topics"] and listed["report"] == in_progress
    if lang == "en":
        assert (listed["topics"], listed["report"]) == ("overdue", "in progress")


@pytest.mark.parametrize("lang", list(LANGS))
def test_status_and_show_say_the_same_words(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    overdue = due_words(path, lang)["topics"]
    assert overdue in view(path, lang, "show", "topics").lower()
    header = next(line for line in view(path, lang, "status").splitlines() if line.startswith("#"))
    assert header.lower().split()[-1] == overdue  # the column counting a phase's overdue tasks
