"""A full disk, and a plan with other names: the plan's write comes first, planctl's own files never
stand in its way or are left half-written, and no write silently leaves another name behind.

- The cache is optional: a cache file is not written when it would leave less room than the plan's
  next write needs, and one that cannot be written for space is dropped whole, the older one removed
  (it is out of date and its room goes back to the disk).
- When the plan's write fails for space, planctl's cache is removed and the write tried once more;
  when it still fails, the error says how much room it needs and that the cache holds none of it.
- The undo journal matters more than the cache: it too may take the cache's room. When it cannot be
  written at all, the completion is still recorded exactly once, `done` says undo cannot take it
  back, and `undo --yes` takes nothing back.
- The cache folder's `.gitignore` is written whole, and repaired when its content is wrong.
- A plan with a hard link is refused before anything is written (a symlink is written through).

Full disks are simulated by failing the store's own file creation with ENOSPC (any machine), and
reproduced for real on a small tmpfs when the tests run as root (skipped otherwise).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BUNDLED, PLANCTL_COMMAND, run_cli, write_plan
from planctl.store import atomic

ENV = {"PLANCTL_NOW": "2026-11-25T08:00:00+08:00"}
DONE = ("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-04-03")
ENTRY = b"date: 2009-04-03"


def cache_folder(plan: Path) -> Path:
    return plan.parent / ".planctl-cache"


def cache_files(plan: Path) -> list[str]:
    """The plan's cache and side files (not the journal, not the .gitignore)."""
    folder = cache_folder(plan)
    return sorted(n for n in os.listdir(folder) if n.startswith(plan.name + ".cache")) if folder.is_dir() else []


def disk_full_for(monkeypatch: pytest.MonkeyPatch, full: Callable[[str], bool]) -> None:
    """Creating a temporary file for `name` (how the store begins every replace) fails as on a full
    disk while `full(name)` holds."""
    real = atomic._new_temp_file

    def new_temp_file(folder: Path, name: str, *mode: int) -> tuple[int, str]:
        if full(name):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(folder, name, *mode)

    monkeypatch.setattr(atomic, "_new_temp_file", new_temp_file)


def done(plan: Path, *more: str) -> tuple[int, str]:
    result = run_cli(*DONE, "-f", str(plan), *more, env=ENV)
    return result.exit_code, result.stderr


def primed(tmp_path: Path) -> Path:
    """The bundled plan with its cache written (`due`)."""
    plan = write_plan(tmp_path)
    assert run_cli("due", "-f", str(plan), env=ENV).exit_code == 0
    assert plan.name + ".cache" in cache_files(plan)
    return plan


# --- the plan first -----------------------------------------------------------------------------


def test_the_plan_takes_the_room_of_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk has room for the plan only once planctl's cache is gone: `done` is recorded, once."""
    plan = primed(tmp_path)
    before = plan.read_bytes().count(ENTRY)
    disk_full_for(monkeypatch, lambda name: name == plan.name and bool(cache_files(plan)))
    code, err = done(plan)
    assert code == 0, err
    assert plan.read_bytes().count(ENTRY) == before + 1
    monkeypatch.undo()
    assert run_cli("undo", "--yes", "-f", str(plan), env=ENV).exit_code == 0  # its journal record was kept
    assert plan.read_bytes().count(ENTRY) == before


def test_a_plan_that_cannot_be_written_says_what_room_it_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = primed(tmp_path)
    old = plan.read_bytes()
    disk_full_for(monkeypatch, lambda name: name == plan.name)
    code, err = done(plan)
    assert code == 1
    assert plan.read_bytes() == old
    needs = re.search(r"needs ([\d,]+) KB free beside it", err)
    assert "No space left on device" in err and needs and int(needs[1].replace(",", "")) * 1024 >= len(old), err
    assert "cache holds nothing more it could free" in err, err
    assert cache_files(plan) == []  # its room was given back to the disk
    assert not (cache_folder(plan) / "plan.yaml.undo").exists()  # the record of a done that did not land is taken off


# --- the undo journal ---------------------------------------------------------------------------


def test_the_journal_takes_the_room_of_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = primed(tmp_path)
    disk_full_for(monkeypatch, lambda name: name.endswith(".undo") and bool(cache_files(plan)))
    code, err = done(plan)
    assert code == 0 and "warning" not in err, err
    monkeypatch.undo()
    assert run_cli("undo", "--yes", "-f", str(plan), env=ENV).exit_code == 0, "undo lost the record of this done"


def test_a_journal_that_cannot_be_written_leaves_one_completion_undo_will_not_guess(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision (README "Writing safely"): the completion is recorded exactly once; `done` says undo
    cannot take it back; with no journal `undo --yes` takes nothing back (it would only be a guess)."""
    plan = primed(tmp_path)
    before = plan.read_bytes().count(ENTRY)
    disk_full_for(monkeypatch, lambda name: name.endswith(".undo"))
    code, err = done(plan)
    assert code == 0
    assert "undo cannot take this completion back" in err, err
    assert plan.read_bytes().count(ENTRY) == before + 1
    monkeypatch.undo()
    after = plan.read_bytes()
    assert run_cli("undo", "--yes", "-f", str(plan), env=ENV).exit_code != 0
    assert plan.read_bytes() == after


# --- the cache and its side files ---------------------------------------------------------------


def test_a_cache_that_cannot_be_written_is_dropped_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = primed(tmp_path)
    plan.write_bytes(plan.read_bytes() + b"# edited\n")  # the cache is out of date
    fresh = run_cli("due", "-f", str(plan), env={**ENV, "PLANCTL_CACHE": "0"}).stdout
    real = os.replace

    def replace(src: object, dst: object, **kwargs: object) -> None:
        if ".planctl-cache" in str(dst) and ".cache" in Path(str(dst)).name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(src, dst, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    result = run_cli("due", "-f", str(plan), env=ENV)
    assert (result.exit_code, result.stdout) == (0, fresh)
    left = os.listdir(cache_folder(plan))
    assert not [n for n in left if n.endswith(".tmp")], left
    assert "plan.yaml.cache" not in left and "plan.yaml.cache.base" not in left, left  # old, and its room is freed


def test_a_cache_never_takes_the_room_the_plan_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = primed(tmp_path)
    plan.write_bytes(plan.read_bytes() + b"# edited\n")
    size = plan.stat().st_size
    monkeypatch.setattr(atomic, "free_space", lambda folder: size + 1024, raising=False)  # less than plan + cache
    assert run_cli("due", "-f", str(plan), env=ENV).exit_code == 0
    assert cache_files(plan) == []
    code, err = done(plan)
    assert code == 0, err


# --- the .gitignore -----------------------------------------------------------------------------


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@x", *args], cwd=folder, check=True,
                          capture_output=True, text=True).stdout


def test_a_wrong_gitignore_is_repaired(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--template=")
    plan = primed(tmp_path)
    git(tmp_path, "add", "plan.yaml")
    git(tmp_path, "commit", "-qm", "p")
    (cache_folder(plan) / ".gitignore").write_bytes(b"")  # as a full disk left it under an earlier planctl
    assert run_cli("due", "-f", str(plan), env=ENV).exit_code == 0
    assert git(tmp_path, "status", "--short") == ""


# --- a hard-linked plan -------------------------------------------------------------------------


def test_a_hard_linked_plan_is_refused_whole(tmp_path: Path) -> None:
    plan = primed(tmp_path)  # planctl's own link to it (the cache's base) is not another name
    other = tmp_path / "shared" / "plan.yaml"
    other.parent.mkdir()
    os.link(plan, other)
    old = plan.read_bytes()
    code, err = done(plan)
    assert code == 1
    assert "1 other name (a hard link)" in err and "nothing was written" in err and "ln -sf" in err, err
    assert plan.read_bytes() == old and os.path.samefile(plan, other)
    other.unlink()
    assert done(plan)[0] == 0


def test_a_symlinked_plan_is_written_through(tmp_path: Path) -> None:
    plan = primed(tmp_path)
    link = tmp_path / "link.yaml"
    link.symlink_to(plan)
    assert done(link)[0] == 0
    assert link.is_symlink() and plan.read_bytes().count(ENTRY) >= 1


# --- a real small disk (root only) --------------------------------------------------------------


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs at tmp_path/disk (root with mount(8)); skipped elsewhere."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill `disk` until `leave` bytes are free (rounded to its blocks)."""
    info = os.statvfs(disk)
    free = info.f_bavail * info.f_frsize
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


def planctl(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", **ENV}
    return subprocess.run([*PLANCTL_COMMAND, *args], cwd=folder, env=env, capture_output=True, text=True)


def test_done_on_a_nearly_full_disk(small_disk: Path) -> None:
    """The tester's case, small: room for the plan's write, not for the cache as well."""
    plan = small_disk / "plan.yaml"
    shutil.copyfile(BUNDLED, plan)
    fill(small_disk, 40 * 1024)  # the plan's new copy and the journal fit; the cache and its side files too, not all
    for _ in range(3):
        result = planctl(small_disk, *DONE, "--again")
        assert result.returncode == 0, result.stderr
    assert plan.read_bytes().count(ENTRY) == BUNDLED.read_bytes().count(ENTRY) + 3


def test_a_full_disk_leaves_no_empty_gitignore(small_disk: Path) -> None:
    shutil.copyfile(BUNDLED, small_disk / "plan.yaml")
    git(small_disk, "init", "-q", "--template=")
    git(small_disk, "add", "plan.yaml")
    git(small_disk, "commit", "-qm", "p")
    fill(small_disk, 0)
    planctl(small_disk, "due")
    (small_disk / "filler").unlink()
    planctl(small_disk, "due")
    assert git(small_disk, "status", "--short") == ""
