"""What every test shares: the paths, running planctl, plan files in a temporary folder, a clean environment.

Paths. `ROOT` is the checkout, `SRC` the package, `README` and `DOCS` the documentation. `BUNDLED` is the
repository's own plan.yaml and `BUNDLED_FIXTURES` the hand-made files of tests/fixtures/check: read them, never run
planctl on them. `PLAN` and `FIXTURES` are copies of those two made once per run in a temporary folder; tests run
planctl on the copies, so the `.planctl-cache/` that store/cache.py writes beside a plan lands there, not in the
repository.

Away from the checkout. The autouse `_away_from_the_checkout` starts every test in an empty folder of its own outside
the checkout, so planctl with no --plan (in-process, or a child process that inherits the folder) cannot find the
repository's plan.yaml upward; in-process, planctl refuses to keep a cache beside a plan inside the checkout (a link
to the repository's plan.yaml included: store/cache.py follows links). After each test, a `.planctl-cache/` new in
the checkout, or a changed shared copy (a test that writes must use `make_plan`), fails that test by name; the
copy is put back for the tests after it. `pytest_sessionfinish` looks once more over the whole checkout and the
copies and fails the run (with pytest-xdist: each worker checks its copies, the controller the checkout).

Running planctl. `run_cli(*args)` runs the Typer app in-process with plain text (NO_COLOR, 120 columns) and lets
exceptions through (a traceback fails the test; it is never read as exit code 1); the `cli` fixture is the same
with `cli.json(...)` for a run that must succeed and print JSON. A test that needs a real process runs
`PLANCTL_COMMAND` (`sys.executable -m planctl`: the planctl installed in the Python running the tests, wherever
its virtual environment is).

Environment. The autouse `_clean_environment` removes every `PLANCTL_*` variable planctl reads (`PLANCTL_PLAN`,
`PLANCTL_TODAY`, `PLANCTL_NOW`, `PLANCTL_CACHE`, …) and the shell-completion trigger, so a developer's shell
cannot change a result; the suite's own switches (`SUITE_SWITCHES`) are kept. It also removes the language
variables (LANGUAGE, LC_ALL, LC_MESSAGES) and sets LANG=C.UTF-8, so planctl speaks English in every test that
does not ask for Chinese (a Chinese developer's shell would otherwise change every pinned output), and
PYTHONDONTWRITEBYTECODE, so that child processes reuse planctl's compiled modules.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from planctl import i18n
from planctl.cli.main import app
from planctl.store import cache

# The sync tests' shared fixtures (`team`, `sync_env`: real git, tests/sync_helpers.py), for every test module.
pytest_plugins = ["sync_helpers"]

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "planctl"
README = ROOT / "README.md"
DOCS = ROOT / "docs"
TESTS = ROOT / "tests"
EXPECTED = TESTS / "expected"
BUNDLED = ROOT / "plan.yaml"
BUNDLED_FIXTURES = TESTS / "fixtures" / "check"

CACHE_DIR = ".planctl-cache"  # the folder store/cache.py keeps beside a plan

# The run's copies of the bundled plan and the fixtures (removed in pytest_unconfigure).
WORK = Path(tempfile.mkdtemp(prefix="planctl-tests-"))
PLAN = WORK / "plan.yaml"
FIXTURES = WORK / "fixtures" / "check"
shutil.copyfile(BUNDLED, PLAN)
shutil.copytree(BUNDLED_FIXTURES, FIXTURES)
# Each test's starting folder is made in here: not under WORK, whose plan.yaml planctl would find upward.
CWDS = Path(tempfile.mkdtemp(prefix="planctl-tests-cwd-"))

PLANCTL_COMMAND = [sys.executable, "-m", "planctl"]

# Switches of the test suite itself, not read by planctl: kept by _clean_environment.
SUITE_SWITCHES = frozenset({"PLANCTL_UPDATE_GOLDEN", "PLANCTL_HYPOTHESIS_EXAMPLES", "PLANCTL_NETWORK_TESTS"})

# Plain text at a fixed width; a test's own `env` adds to it (a value of None removes a variable).
BASE_ENV: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "120"}

_RUNNER = CliRunner()


def run_cli(*args: str, env: Mapping[str, str | None] | None = None, columns: int | None = None,
            input: str | None = None) -> Result:
    """planctl `args` in-process: the Result (exit_code, stdout, stderr). Plain text, 120 columns unless
    `columns`; `env` is laid over BASE_ENV. Exceptions propagate."""
    merged = {**BASE_ENV, **(env or {})}
    if columns is not None:
        merged["COLUMNS"] = str(columns)
    return _RUNNER.invoke(app, list(args), env=merged, input=input, catch_exceptions=False)


class Cli:
    """The `cli` fixture: `cli("due", "--plan", path)` is `run_cli`; `cli.json(...)` is the parsed stdout of a run
    that must exit 0."""

    def __call__(self, *args: str, env: Mapping[str, str | None] | None = None, columns: int | None = None,
                 input: str | None = None) -> Result:
        return run_cli(*args, env=env, columns=columns, input=input)

    def json(self, *args: str, env: Mapping[str, str | None] | None = None) -> Any:
        result = run_cli(*args, env=env)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return json.loads(result.stdout)


@pytest.fixture()
def cli() -> Cli:
    return Cli()


def write_plan(folder: Path, text: str | bytes | None = None, name: str = "plan.yaml") -> Path:
    """`folder/name` holding `text` (str as UTF-8, bytes as they are; None: the bundled plan). Sub-folders in
    `name` are created."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        data = BUNDLED.read_bytes()
    else:
        data = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(data)
    return path


@pytest.fixture()
def make_plan(tmp_path: Path) -> Callable[..., Path]:
    """`make_plan(text=None, name="plan.yaml")`: `write_plan` into this test's tmp_path."""

    def make(text: str | bytes | None = None, name: str = "plan.yaml") -> Path:
        return write_plan(tmp_path, text, name)

    return make


LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES")  # planctl.i18n reads these, then LANG


def _clear_planctl_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if (name.startswith("PLANCTL_") and name not in SUITE_SWITCHES) or name == "_PLANCTL_COMPLETE":
            monkeypatch.delenv(name)
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.reset()


@pytest.fixture(autouse=True, scope="session")
def _clean_session_environment() -> Iterator[None]:
    """Cleared once for the run, so module- and session-scoped fixtures see a clean environment too; they start in an
    empty folder outside the checkout, as each test does (`_away_from_the_checkout`)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _clear_planctl_variables(monkeypatch)
        monkeypatch.chdir(tempfile.mkdtemp(dir=CWDS))
        # The child processes keep planctl compiled (src/planctl/__pycache__/, ignored by git): where the machine sets
        # PYTHONDONTWRITEBYTECODE, each of the suite's thousands of `python -m planctl` compiled it again (0.1 s CPU).
        monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
        yield


@pytest.fixture(autouse=True)
def _clean_environment(_clean_session_environment: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cleared again for each test, so a variable one test set without monkeypatch cannot reach the next."""
    _clear_planctl_variables(monkeypatch)


# --- keeping planctl out of the checkout ----------------------------------------------------------------------

_SKIP_DIRS = frozenset({".git", ".hypothesis", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__",
                        "node_modules"})
_HOW = "run planctl on PLAN, FIXTURES or a make_plan copy"


def checkout_folders(root: Path) -> list[Path]:
    """`root` and every folder under it (virtual environments, tool caches and `.planctl-cache/` skipped)."""
    found: list[Path] = []
    for folder, dirs, _files in os.walk(root):
        here = Path(folder)
        found.append(here)
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and d != CACHE_DIR and not (here / d / "pyvenv.cfg").exists()]
    return found


def cache_folders(folders: list[Path]) -> dict[Path, int]:
    """The `.planctl-cache/` in each of `folders` that has one, with the latest modification time (ns) of anything
    in it."""
    found: dict[Path, int] = {}
    for folder in folders:
        cache_dir = folder / CACHE_DIR
        try:
            found[cache_dir] = max([cache_dir.stat().st_mtime_ns, *(p.stat().st_mtime_ns for p in cache_dir.iterdir())])
        except (FileNotFoundError, NotADirectoryError):
            continue
    return found


_FOLDERS = checkout_folders(ROOT)  # the folders looked at after each test; the whole checkout again at the end
_CACHES_AT_START = cache_folders(_FOLDERS)
_caches_seen = dict(_CACHES_AT_START)  # as the last test left them


def new_cache_folders() -> list[Path]:
    """`.planctl-cache/` folders in the checkout that this run created or wrote to."""
    return sorted(path for path, mtime in cache_folders(checkout_folders(ROOT)).items() if _CACHES_AT_START.get(path) != mtime)


_COPIES = [(PLAN, BUNDLED), *((FIXTURES / p.name, p) for p in BUNDLED_FIXTURES.iterdir() if p.is_file())]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_mtime_ns, status.st_size


_copies_seen = {copy: _stamp(copy) for copy, _original in _COPIES}


def changed_copies() -> list[Path]:
    """Shared copies (PLAN, FIXTURES) whose bytes differ from the repository's files."""
    return [copy for copy, original in _COPIES if not copy.exists() or copy.read_bytes() != original.read_bytes()]


_REAL_CACHE_FILE = cache.cache_file
_refused: list[Path] = []


def _cache_file_outside_the_checkout(plan_path: Path) -> Path:
    """store/cache.py's `cache_file`, refusing a cache in the checkout (the path is real: links are followed)."""
    target = _REAL_CACHE_FILE(plan_path)
    if target.is_relative_to(ROOT):
        _refused.append(target)  # failed in teardown too, for a CliRunner that catches the exception
        raise AssertionError(f"planctl would keep its cache in the checkout, {target} ({_HOW})")
    return target


def _left_behind() -> list[str]:
    """What the test that just ran left in the checkout or the shared copies (the copies are put back)."""
    problems = [f"planctl was run on a plan in the checkout (its cache would be {target}; {_HOW})" for target in _refused]
    _refused.clear()
    caches = cache_folders(_FOLDERS)
    problems.extend(f"it wrote {path.relative_to(ROOT)}/ ({_HOW})" for path, mtime in caches.items() if _caches_seen.get(path) != mtime)
    _caches_seen.clear()
    _caches_seen.update(caches)
    for copy, original in _COPIES:
        if _stamp(copy) != _copies_seen[copy]:
            if not copy.exists() or copy.read_bytes() != original.read_bytes():
                problems.append(f"it changed the shared copy {copy} (write to a make_plan copy instead)")
                shutil.copyfile(original, copy)
            _copies_seen[copy] = _stamp(copy)
    return problems


@pytest.fixture(autouse=True)
def _away_from_the_checkout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts in an empty folder of its own outside the checkout (planctl with no --plan cannot find the
    repository's plan.yaml upward), and planctl in-process refuses a cache in the checkout. Afterwards, what the
    test left in the checkout or in a shared copy fails it by name."""
    monkeypatch.chdir(tempfile.mkdtemp(dir=CWDS))
    monkeypatch.setattr(cache, "cache_file", _cache_file_outside_the_checkout)
    yield
    if problems := _left_behind():
        _hygiene_problems.extend(f"{request.node.nodeid}: {problem}" for problem in problems)
        pytest.fail("\n".join(problems), pytrace=False)


# --- the checks at the end of the run -------------------------------------------------------------------------

_hygiene_problems: list[str] = []
_reports: list[str] = []  # the ids of the tests that ran (here, or in the workers of pytest-xdist)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _reports.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if it left a cache in the repository or changed a shared copy. A pytest-xdist worker checks its
    own copies and hands its problems to the controller (`pytest_testnodedown`), which checks the checkout."""
    if not _reports or session.config.option.collectonly:
        return
    _hygiene_problems.extend(f"a test changed the shared copy {p} (write to a make_plan copy instead)" for p in changed_copies())
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["planctl_hygiene"] = list(_hygiene_problems)
        return
    _hygiene_problems.extend(f"the run wrote {p.relative_to(ROOT)}/ ({_HOW})" for p in new_cache_folders())
    if not stat.S_ISCHR(os.stat(os.devnull).st_mode):  # a write renamed a file over it (see test_output_files)
        _hygiene_problems.append(f"{os.devnull} is no longer a device: something replaced it with a file")
    if _hygiene_problems:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist: a worker has finished; its problems are the run's."""
    _hygiene_problems.extend(getattr(node, "workeroutput", {}).get("planctl_hygiene", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _hygiene_problems:
        terminalreporter.write_sep("=", "planctl test hygiene", red=True)
        for line in dict.fromkeys(_hygiene_problems):
            terminalreporter.write_line(line, red=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(CWDS, ignore_errors=True)


def planctl_on_pty(args: list[str], cwd: Path, env: Mapping[str, str]) -> tuple[bytes, str, int]:
    """`python -m planctl ARGS` with stdout on a pseudo-terminal (stdin closed, stderr piped): what the
    terminal shows, stderr, the exit code. `env` is the whole environment."""
    import pty
    import subprocess

    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "planctl", *args], stdin=subprocess.DEVNULL, stdout=follower,
                                   stderr=subprocess.PIPE, cwd=cwd, env=dict(env))
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end closed (Linux says EIO)
                break
            if not chunk:
                break
            shown += chunk
        _, stderr = process.communicate(timeout=60)
        return shown, stderr.decode(), process.returncode
    finally:
        os.close(leader)
