"""conftest.py's promises: a developer's PLANCTL_* variables never reach a test, and plans are written to tmp.

This module sets the variables when it is imported, that is while pytest collects, before any test runs: as a
shell that exported them would. conftest's autouse fixtures must take them away again for every test and for
module-scoped fixtures too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BUNDLED, PLAN, ROOT, SUITE_SWITCHES, Cli

SHELL = {
    "PLANCTL_PLAN": "/nonexistent/plan.yaml",
    "PLANCTL_TODAY": "1999-01-01",
    "PLANCTL_NOW": "1999-01-01T00:00:00",
    "PLANCTL_CACHE": "0",
    "_PLANCTL_COMPLETE": "complete_bash",
}
for _name, _value in SHELL.items():
    os.environ.setdefault(_name, _value)


@pytest.fixture(scope="module")
def seen_by_a_module_fixture() -> set[str]:
    return set(SHELL) & set(os.environ)


def test_the_shell_variables_are_gone(seen_by_a_module_fixture: set[str]) -> None:
    assert seen_by_a_module_fixture == set()
    assert not [name for name in os.environ if name.startswith("PLANCTL_") and name not in SUITE_SWITCHES]


def test_planctl_finds_the_plan_of_the_folder_not_the_shells(cli: Cli, make_plan: Callable[..., Path],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_plan(name="project/plan.yaml")
    monkeypatch.chdir(path.parent)
    result = cli("check")
    assert (result.exit_code, result.stdout) == (0, "plan.yaml: OK (5 phases, 27 tasks, 9 quotas)\n"), result.stderr
    assert (path.parent / ".planctl-cache").is_dir()  # PLANCTL_CACHE=0 did not reach it either
    data = cli.json("due", "--json", "--today", "2009-04-12")
    assert data["today"] == "2009-04-12"


def test_the_shared_plan_is_a_copy_outside_the_repository() -> None:
    assert PLAN.read_bytes() == BUNDLED.read_bytes()
    assert not PLAN.resolve().is_relative_to(ROOT)


def test_make_plan_writes_text_bytes_or_the_bundled_plan(make_plan: Callable[..., Path], tmp_path: Path) -> None:
    assert make_plan().read_bytes() == BUNDLED.read_bytes()
    assert make_plan("title: t\n", name="a.yaml").read_text(encoding="utf-8") == "title: t\n"
    assert make_plan(b"\xef\xbb\xbftitle: t\r\n", name="sub/b.yaml") == tmp_path / "sub" / "b.yaml"
    assert (tmp_path / "sub" / "b.yaml").read_bytes() == b"\xef\xbb\xbftitle: t\r\n"


def test_a_test_starts_in_an_empty_folder_outside_the_checkout(cli: Cli) -> None:
    """planctl with no --plan looks for plan.yaml from the current folder upward: from the checkout it would find
    (and keep a cache beside) the repository's own plan."""
    here = Path.cwd()
    assert not here.resolve().is_relative_to(ROOT) and list(here.iterdir()) == []
    result = cli("check")
    assert str(BUNDLED) not in result.stdout + result.stderr and not (ROOT / ".planctl-cache").exists()


def test_planctl_in_process_refuses_a_cache_beside_a_link_into_the_checkout(tmp_path: Path) -> None:
    import conftest
    from planctl.store import cache

    link = tmp_path / "plan.yaml"
    link.symlink_to(BUNDLED)
    with pytest.raises(AssertionError, match="cache in the checkout"):
        cache.cache_file(link)
    assert conftest._refused == [ROOT / ".planctl-cache" / "plan.yaml.cache"]
    conftest._refused.clear()  # refused on purpose: not this test's fault
    assert cache.cache_file(PLAN) == PLAN.parent / ".planctl-cache" / "plan.yaml.cache"
