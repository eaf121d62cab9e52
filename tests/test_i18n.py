"""planctl in Chinese (issue 17): the catalog is complete, the language is chosen from the environment, and the
views, help and errors read in Chinese under LANG=zh_CN.UTF-8 and stay English under LANG=C.

Golden files: tests/expected/i18n-*.txt (PLANCTL_UPDATE_GOLDEN=1 rewrites them, as in test_views.py).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import PLAN, ROOT, run_cli
from planctl import i18n

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C"}


def _tools() -> ModuleType:
    spec = importlib.util.spec_from_file_location("planctl_i18n_tools", ROOT / "tools" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_has_a_chinese_translation_with_the_same_placeholders_and_the_mo_is_compiled() -> None:
    assert _tools().problems() == []


def test_the_checker_sees_a_missing_translation_and_a_wrong_placeholder(tmp_path: Path) -> None:
    tools = _tools()
    assert tools._placeholder_problems("overdue {days}", "逾期 {day}")
    assert not tools._placeholder_problems("overdue {days}", "逾期 {days}")
    assert not tools._placeholder_problems(("{n} day", "{n} days"), ("{n} 天",))
    assert not tools._all_translated("")


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LANG": "zh_SG"}, "zh_CN"), ({"LANG": "zh"}, "zh_CN"),
    ({"LANG": "zh_Hans"}, "zh_CN"), ({"LANG": "zh_TW.UTF-8"}, "zh_CN"), ({"LANG": "zh_HK"}, "zh_CN"),
    ({"LANG": "C"}, "en"), ({"LANG": "POSIX"}, "en"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL before LANG
    ({"LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANGUAGE": "fr:zh_CN:en", "LANG": "C"}, "zh_CN"),  # LANGUAGE's first known language
    ({"PLANCTL_LANG": "en", "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}, "en"),  # PLANCTL_LANG first
    ({"PLANCTL_LANG": "zh-CN", "LANG": "C"}, "zh_CN"),
])
def test_the_language_is_the_first_variable_set(environ: dict[str, str], expected: str) -> None:
    assert i18n.language(environ) == expected


def test_english_loads_no_catalog_and_chinese_loads_it_on_the_first_message(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n._loaded.clear()
    monkeypatch.setenv("LANG", "C")
    i18n.reset()
    assert i18n._("Overdue") == "Overdue" and not i18n._loaded
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    i18n.reset()
    assert not i18n._loaded
    assert i18n._("Overdue") == "逾期" and "zh_CN" in i18n._loaded
    with i18n.english():
        assert i18n._("Overdue") == "Overdue"


# --- what a Chinese reader sees ------------------------------------------------------------------------------

# ASCII words planctl may show in Chinese text: names the reader types (options, commands, ids, files).
ALLOWED = re.compile(r"^(planctl|yaml|json|ics|svg|csv|md|html|xlsx|docx|git|PLAN|ID|TOPIC|SHELL|FILE|TEXT|INTEGER|"
                     r"str|int|PAGER|PLANCTL_\w+|UTF|UTC|YYYY|MM|DD)$")


def english_words(text: str, allowed_ids: set[str]) -> list[str]:
    """ASCII words of two letters or more that are not options, ids, file names or ALLOWED names."""
    found = []
    for match in re.finditer(r"(?<![\w./$-])[A-Za-z][A-Za-z']+(?![\w./-])", text):
        word = match.group()
        if ALLOWED.match(word) or word in allowed_ids:
            continue
        found.append(word)
    return found


def plan_ids() -> set[str]:
    return set(re.findall(r"\b[a-z][a-z0-9_-]*\b", PLAN.read_text(encoding="utf-8")))
