"""Output files (store/output_file.py, README "Output files"): no command writes over the plan it reads
or the document it imports, `import` replaces no existing file without --force and `--dry-run` writes
nothing, `report`/`timeline`/`export` replace earlier output but never a YAML file; new files get 0666
less the umask, existing ones keep their mode; temporary files of a planctl killed mid-write are tidied."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TESTS, run_cli

SEED = TESTS / "fixtures" / "import" / "seed.txt"
TODAY = ("--today", "2009-04-12")

# every command with an output-file option, aimed at FILE (the plan is found as ./plan.yaml)
WRITERS: dict[str, Callable[[str], list[str]]] = {
    "report -o": lambda f: ["report", *TODAY, "-o", f],
    "report --format html -o": lambda f: ["report", *TODAY, "--format", "html", "-o", f],
    "timeline --svg": lambda f: ["timeline", *TODAY, "--svg", f],
    "timeline --html": lambda f: ["timeline", *TODAY, "--html", f],
    "export ics -o": lambda f: ["export", "ics", *TODAY, "-o", f],
    "export json -o": lambda f: ["export", "json", *TODAY, "-o", f],
}


@pytest.fixture()
def in_plan_folder(make_plan: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    plan = make_plan()
    monkeypatch.chdir(plan.parent)
    return plan


@pytest.mark.parametrize(("name", "how"), [*((n, "plan.yaml") for n in WRITERS),
                                           *(("report -o", h) for h in ("./sub/../plan.yaml", "absolute", "symlink"))])
def test_no_output_option_writes_over_the_plan_it_reads(in_plan_folder: Path, name: str, how: str) -> None:
    before = in_plan_folder.read_bytes()
    target = {"absolute": str(in_plan_folder), "symlink": "link.yaml"}.get(how, how)
    (in_plan_folder.parent / "sub").mkdir()
    if how == "symlink":
        (in_plan_folder.parent / "link.yaml").symlink_to(in_plan_folder)
    result = run_cli(*WRITERS[name](target))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "plan" in result.stderr and "nothing was written" in result.stderr
    assert in_plan_folder.read_bytes() == before


def test_the_plan_is_kept_when_named_otherwise_and_given_with_f(make_plan: Callable[..., Path]) -> None:
    plan = make_plan(name="team.yml")
    before = plan.read_bytes()
    result = run_cli("report", *TODAY, "-f", str(plan), "-o", str(plan))
    assert result.exit_code == 2 and plan.read_bytes() == before


@pytest.mark.parametrize("name", list(WRITERS))
def test_earlier_output_is_replaced_but_never_another_yaml_file(in_plan_folder: Path, name: str) -> None:
    folder = in_plan_folder.parent
    earlier = folder / "out.txt"
    earlier.write_text("last week's\n")
    assert run_cli(*WRITERS[name](str(earlier))).exit_code == 0
    assert earlier.read_text() != "last week's\n"
    other_plan = folder / "other.yaml"
    other_plan.write_text("plan: another\n")
    result = run_cli(*WRITERS[name](str(other_plan)))
    assert result.exit_code == 2 and other_plan.read_text() == "plan: another\n"


def test_import_never_writes_its_report_over_an_existing_file_or_the_document(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_bytes(SEED.read_bytes())
    plan = tmp_path / "plan.yaml"
    plan.write_text("plan: mine\n")
    result = run_cli("import", str(document), "-o", str(tmp_path / "x.yaml"), "--report", str(plan))
    assert result.exit_code == 2 and plan.read_text() == "plan: mine\n"
    assert not (tmp_path / "x.yaml").exists()  # refused before anything is written
    result = run_cli("import", str(document), "-o", str(tmp_path / "y.yaml"), "--report", str(document), "--force")
    assert result.exit_code == 2 and document.read_bytes() == SEED.read_bytes()
    result = run_cli("import", str(document), "-o", str(document), "--force")
    assert result.exit_code == 2 and document.read_bytes() == SEED.read_bytes()
    result = run_cli("import", str(document), "-o", str(tmp_path / "z.yaml"), "--report", str(plan), "--force")
    assert result.exit_code == 0 and plan.read_text().startswith("{")


def test_import_dry_run_writes_no_report(tmp_path: Path) -> None:
    report = tmp_path / "import.json"
    result = run_cli("import", str(SEED), "-n", "-o", str(tmp_path / "p.yaml"), "--report", str(report))
    assert result.exit_code == 0
    assert not report.exists() and not (tmp_path / "p.yaml").exists()


@pytest.fixture()
def umask_022() -> object:
    old = os.umask(0o022)
    yield None
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("name", list(WRITERS))
def test_new_output_files_get_the_umasks_mode(in_plan_folder: Path, name: str) -> None:
    out = in_plan_folder.parent / "out.file"
    assert run_cli(*WRITERS[name](str(out))).exit_code == 0
    assert mode(out) == 0o644
    out.chmod(0o640)
    assert run_cli(*WRITERS[name](str(out))).exit_code == 0
    assert mode(out) == 0o640  # an existing file keeps its mode


@pytest.mark.usefixtures("umask_022")
def test_imported_plan_and_report_get_the_umasks_mode(tmp_path: Path) -> None:
    result = run_cli("import", str(SEED), "-o", str(tmp_path / "p.yaml"), "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0
    assert mode(tmp_path / "p.yaml") == 0o644 and mode(tmp_path / "r.json") == 0o644


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_writers_temporary_file_is_removed_at_the_next_write(in_plan_folder: Path) -> None:
    folder = in_plan_folder.parent
    stale = folder / f".plan.yaml.{_dead_pid()}-123456789-0.tmp"
    stale.write_text("half a plan")
    alive = folder / f".plan.yaml.{os.getppid()}-123456789-0.tmp"  # a running process: maybe mid-write
    alive.write_text("being written")
    unrelated = folder / ".other.yaml.1-2-3.tmp"
    unrelated.write_text("not ours to judge")
    result = run_cli("done", "self-study", "--by", "lina", "--amount", "1h", "--date", "2009-04-08")
    assert result.exit_code == 0, result.stderr
    assert not stale.exists()
    assert alive.exists() and unrelated.exists()


@pytest.mark.parametrize("name", list(WRITERS))
def test_an_output_fifo_is_written_into_not_replaced(in_plan_folder: Path, name: str) -> None:
    """`-o /dev/stdout`, `-o /dev/null` or a FIFO: the bytes go into it; a file renamed over it would
    replace /dev/null for the whole machine (a test run once did exactly that)."""
    import threading

    fifo = in_plan_folder.parent / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli(*WRITERS[name](str(fifo)))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and len(received[0]) > 100


def test_dev_stdout_as_the_output_file_prints_the_report(in_plan_folder: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "planctl", "report", *TODAY, "--format", "md", "-o", "/dev/stdout"],
                          capture_output=True, text=True, timeout=60, cwd=in_plan_folder.parent)
    assert done.returncode == 0, done.stderr
    assert "自学" in done.stdout or "self-study" in done.stdout


def test_dev_stdout_whose_reader_goes_away_stops_quietly(in_plan_folder: Path) -> None:
    """`export json -o /dev/stdout | head -c 100`: the reader leaving is a closed pipe, as for plain stdout
    (no "cannot write /dev/stdout: Broken pipe", exit 0), not a failed write. The calendar of the seed plan
    in JSON (85 KB) is larger than a pipe's buffer (64 KB), so the write meets the closed pipe."""
    proc = subprocess.Popen([sys.executable, "-m", "planctl", "export", "json", *TODAY, "-o", "/dev/stdout"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=in_plan_folder.parent)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)
    proc.stdout.close()
    error = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, error
    assert "Broken pipe" not in error and "cannot write" not in error


def test_a_write_never_renames_a_file_over_a_device(tmp_path: Path) -> None:
    """A FIFO at the cache or journal path is replaced (store/journal.py relies on it); a device never."""
    from planctl.store.atomic import atomic_write

    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    with pytest.raises(OSError):
        atomic_write(device, b"title: x\n")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


@pytest.mark.parametrize("name", list(WRITERS))
@pytest.mark.parametrize("file_name", ["other.yml", "PLAN.YAML"])
def test_no_writer_creates_a_yaml_file_in_any_case(in_plan_folder: Path, name: str, file_name: str) -> None:
    target = in_plan_folder.parent / file_name
    result = run_cli(*WRITERS[name](str(target)))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "nothing was written" in result.stderr and not target.exists()
