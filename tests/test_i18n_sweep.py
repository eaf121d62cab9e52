"""Issue 17's "done when": under LANG=zh_CN.UTF-8 no screen of planctl shows an English word of planctl's own.

One sweep runs a broad set of commands as a Chinese office would meet them (every command's --help, the man
page, the views, done/undo with their prompts and `--commit`, sync's commit, the merge driver's messages, import
with its report and its drafted plan, export's calendar, whoami, and the errors of every check fixture, of bad
options, dates and amounts) and fails on any ASCII word that is not one the reader types or the plan wrote:
ids, file names, options, the plan's keys and their typed values (ALLOWED, each kind named), `# import:`.
A screen that regresses shows its English words in the failure, by screen.

Left out on purpose: the JSON on stdout (an interface: English keys and codes, README "Language"; a --json
run's errors on stderr are swept), the documentation pages of `planctl help TOPIC` (Chinese prose around code
kept as written: tests/test_help_pages_zh.py), and `report` (its words follow the plan's language).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BUNDLED_FIXTURES, PLAN, ROOT, run_cli

ZH = {"LANG": "zh_CN.UTF-8"}
IMPORTS = ROOT / "tests" / "fixtures" / "import"
TODAY = "2009-04-12"

# ASCII words a Chinese screen may hold, each kind for a reason (only the words some screen needs: a word added
# here is one the sweep stops seeing):
TYPED = {  # names the reader types or reads on the box: the program and its commands, formats, tools, git's words
    "planctl", "check", "due", "done", "undo", "schema", "init", "shift", "import", "sync", "whoami", "log", "help",
    "status", "show", "list", "timeline", "report", "export", "draft", "json", "JSON", "YAML", "Schema", "html",
    "HTML", "SVG", "csv", "md", "xlsx", "ics", "pdf", "iCalendar", "RFC", "UID", "DTSTAMP", "ISO", "NUL", "zip",
    "Word", "VS", "Code", "Neovim", "Helix", "pdftotext", "roff", "jq", "git", "config", "diff", "merge", "switch", "add",
    "main", "text", "ID", "me", "state", "ANSI", "iconv", "mv", "tr",
}
VARIABLES = {"PATH", "COLUMNS", "PAGER", "TERM", "dumb", "less"}  # environment variables and their values
PLAN_GRAMMAR = {  # the plan file's own keys and typed values (docs/plan-format.md), written as they are
    "id", "title", "when", "who", "by", "unit", "amount", "note", "date", "at", "target", "members", "name", "period",
    "week", "year", "today", "yesterday", "tomorrow", "Apr", "min", "null",
}
FORMS: set[str] = set()  # a date's written forms beyond these (YYYY, MM) would be placeholders to translate


def english_words(text: str, allowed: set[str]) -> list[str]:
    """ASCII words of two letters or more on `text`'s screen that are not allowed: options (--today),
    variables ($PAGER, PLANCTL_BY), paths and dotted or hyphenated names (plan.yaml, user.email, lead-group)
    never count; the rest must be in `allowed`."""
    found = []
    for match in re.finditer(r"(?<![\w./$%~@:-])[A-Za-z][A-Za-z']*[A-Za-z](?![\w./@-])", text):
        word = match.group().strip("'")
        if word in allowed or word.lower() in allowed or word.isupper() and word.startswith("PLANCTL"):
            continue
        found.append(word)
    return found


def plan_words(*texts: str) -> set[str]:
    """Every ASCII word the plans and documents themselves hold (ids, roster ids, English titles)."""
    return {w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.cn",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.cn",
                               "LANG": "C"}).stdout


def roff(text: str) -> str:
    """The man page as a reader sees it: roff's font escapes (\\fB, \\fR) and escaped hyphens read as text."""
    return re.sub(r"\\f[BIRP]", "", text).replace("\\-", "-").replace("\\e", "\\")


def zh(*args: str, env: dict[str, str] | None = None, input: str | None = None, columns: int = 100) -> str:
    """stdout and stderr of one Chinese run."""
    result = run_cli(*args, env={**ZH, **(env or {})}, input=input, columns=columns)
    return result.stdout + "\n" + result.stderr


COMMANDS = ["check", "due", "done", "undo", "schema", "init", "shift", "import", "merge-driver", "git-setup", "sync",
            "whoami", "log", "help", "status", "show", "list", "timeline", "report", "export", "export ics",
            "export json"]


def help_screens() -> Iterator[tuple[str, str]]:
    yield "planctl --help", zh("--help")
    for command in COMMANDS:
        for width in (60, 80, 160):
            yield f"{command} --help @{width}", zh(*command.split(), "--help", columns=width)
    yield "help --man", roff(zh("help", "--man"))
    yield "help", zh("help")


def error_screens(plan: Path) -> Iterator[tuple[str, str]]:
    p = str(plan)
    yield "no such option", zh("due", "--bogus")
    yield "missing argument", zh("done", "--plan", p)
    yield "missing argument show", zh("show", "--plan", p)
    yield "not an integer", zh("due", "--days", "x", "--plan", p)
    yield "bad choice", zh("report", "--format", "pdf", "--plan", p)
    for day in ("12.04.2009", "13/04/2009", "09/04/05", "2009-13-45", "someday"):
        yield f"--today {day}", zh("due", "--today", day, "--plan", p)
    yield "unknown item", zh("show", "nothing-like-it", "--plan", p, "--today", TODAY)
    yield "unknown person", zh("due", "--who", "nobody", "--plan", p, "--today", TODAY)
    yield "bad amount", zh("done", "self-study", "--by", "zhangwei", "--amount", "2parsecs", "--plan", p,
                           "--today", TODAY)
    yield "amount on a task", zh("done", "lead-group", "--by", "zhangwei", "--amount", "2h", "--plan", p,
                                 "--today", TODAY)
    yield "no plan", zh("due", "--plan", str(plan.parent / "missing.yaml"))
    for command in (["due", "--json"], ["status", "--json"], ["check", "--json"], ["done", "x", "--json"]):
        yield f"no plan: {' '.join(command)}", zh(*command, "--plan", str(plan.parent / "missing.yaml"))
    yield "unknown person --json", zh("done", "lead-group", "--by", "nobody", "--json", "--plan", p, "--today", TODAY)
    yield "misspelled command", zh("dune", "--plan", p)
    yield "extra argument", zh("due", "extra", "--plan", p)
    yield "option without its value", zh("due", "--today")
    yield "out of range", zh("merge-driver", "a", "b", "c", "--marker-size", "0")
    yield "unknown help topic", zh("help", "nothing")
    yield "export to a folder", zh("export", "ics", "-o", str(plan.parent), "--plan", p, "--today", TODAY)


def check_screens(folder: Path) -> Iterator[tuple[str, str]]:
    for fixture in sorted(BUNDLED_FIXTURES.glob("*.yaml")):
        copy = folder / fixture.name
        shutil.copyfile(fixture, copy)
        yield f"check {fixture.name}", zh("check", str(copy))
    roles = folder / "roles.yaml"
    roles.write_text(PLAN.read_text(encoding="utf-8").replace(
        "        who: leaders\n", "        who: leaders\n        参加: [nobodyx, sha]\n        配合: [zzz]\n", 1),
        encoding="utf-8")
    yield "check roles", zh("check", str(roles))


def view_screens(plan: Path) -> Iterator[tuple[str, str]]:
    p = str(plan)
    for args in (["due"], ["due", "--all"], ["status"], ["show", "self-study"], ["show", "lead-group"],
                 ["show", "prep"], ["list"], ["timeline"], ["log"]):
        yield " ".join(args), zh(*args, "--plan", p, "--today", TODAY)
    yield "whoami", zh("whoami", "--plan", p, env={"PLANCTL_BY": "zhangwei"})
    yield "whoami nobody", zh("whoami", "--plan", p, env={"PLANCTL_BY": "nobody"})


def writing_screens(folder: Path) -> Iterator[tuple[str, str]]:
    """done, done again, undo (its question), --commit, git-setup, sync and its commit, in a real git clone."""
    remote, clone = folder / "remote.git", folder / "clone"
    git(folder, "init", "--quiet", "--bare", "-b", "main", str(remote))
    git(folder, "clone", "--quiet", str(remote), str(clone))
    plan = clone / "plan.yaml"
    shutil.copyfile(PLAN, plan)
    git(clone, "add", "plan.yaml")
    git(clone, "commit", "--quiet", "-m", "plan")
    git(clone, "push", "--quiet", "origin", "HEAD:main")
    p, by = str(plan), {"PLANCTL_BY": "zhangwei"}
    yield "git-setup", zh("git-setup", "--plan", p)
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", "setup")
    yield "done --commit", zh("done", "self-study", "--amount", "90min", "--commit", "--plan", p, "--today", TODAY,
                              env=by)
    yield "commit message of done", git(clone, "log", "-1", "--format=%B")
    yield "done a task", zh("done", "lead-group", "--plan", p, "--today", TODAY, env=by)
    yield "done it again", zh("done", "lead-group", "--plan", p, "--today", TODAY, env=by)
    yield "done a phase (question)", zh("done", "prep", "--plan", p, "--today", TODAY, env=by, input="\n")
    yield "undo (question, no)", zh("undo", "--plan", p, env=by, input="否\n")
    yield "undo (no answer)", zh("undo", "--plan", p, env=by, input="")
    yield "log", zh("log", "--plan", p, "--today", TODAY)
    yield "sync", zh("sync", "--plan", p, env=by)
    yield "commit message of sync", git(clone, "log", "-1", "--format=%B")
    git(clone, "checkout", "--quiet", "--detach")
    yield "sync on a detached HEAD", zh("sync", "--plan", p, env=by)


def merge_screens(folder: Path) -> Iterator[tuple[str, str]]:
    """The merge driver's messages, as git prints them: a doubt between markers, and a side that is no plan."""
    base = PLAN.read_text(encoding="utf-8")
    entry = "        log:\n          - {date: 2009-04-10, by: zhangwei}\n"
    marker = "        note: 成立以主要领导为组长"
    both = base.replace(marker, entry + marker, 1)
    paths = {name: folder / f"{name}.yaml" for name in ("base", "ours", "theirs")}
    for name, text in (("base", base), ("ours", both), ("theirs", both)):
        paths[name].write_text(text, encoding="utf-8")
    yield "merge-driver (doubt)", zh("merge-driver", *(str(paths[n]) for n in ("base", "ours", "theirs")))
    paths["theirs"].write_text("title: [\n", encoding="utf-8")
    paths["ours"].write_text(both, encoding="utf-8")
    yield "merge-driver (not a plan)", zh("merge-driver", *(str(paths[n]) for n in ("base", "ours", "theirs")))


def import_screens(folder: Path) -> Iterator[tuple[str, str]]:
    for document in sorted(IMPORTS.iterdir()):
        if document.suffix not in (".txt", ".html"):
            continue
        target = folder / f"{document.stem}.yaml"
        yield f"import {document.name}", zh("import", str(document), "-o", str(target))
        drafted = target.read_text(encoding="utf-8")
        comments = [line.split("#", 1)[1] for line in drafted.splitlines() if "#" in line]
        ids = plan_words("\n".join(line.split("#", 1)[0] for line in drafted.splitlines()))  # ids the draft made
        yield f"drafted {document.name}", re.sub(rf"\b({'|'.join(sorted(ids))})\b", "", "\n".join(comments))
    for name in ("plan.pdf", "plan.docx", "notes.xyz"):
        bad = folder / name
        bad.write_bytes(b"not a document")
        yield f"import {name}", zh("import", str(bad), "--dry-run")
    yield "import a missing file", zh("import", str(folder / "missing.txt"), "--dry-run")


def export_screens(plan: Path) -> Iterator[tuple[str, str]]:
    text = zh("export", "ics", "--plan", str(plan), "--today", TODAY)
    unfolded = text.replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",")
    yield "export ics (descriptions)", "\n".join(line.removeprefix("DESCRIPTION:")
                                                  for line in unfolded.splitlines() if line.startswith("DESCRIPTION:"))


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("zh")
    plan = folder / "plan.yaml"
    shutil.copyfile(PLAN, plan)
    found: dict[str, str] = {}
    for group in (help_screens(), error_screens(plan), check_screens(folder), view_screens(plan),
                  writing_screens(folder), merge_screens(folder), import_screens(folder), export_screens(plan)):
        found.update(group)
    return found


def allowed_words() -> set[str]:
    texts = [PLAN.read_text(encoding="utf-8"), *(p.read_text(encoding="utf-8", errors="replace")
                                                 for p in BUNDLED_FIXTURES.glob("*.yaml"))]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in IMPORTS.iterdir() if p.suffix != ".md"]
    typed = {"nobody", "nobodyx", "zzz", "nothing", "like", "it", "someday", "parsecs", "xyz", "notes", "missing",
             "remote", "clone", "zh", "dune", "extra"}  # what the sweep typed
    return plan_words(*texts) | TYPED | PLAN_GRAMMAR | FORMS | VARIABLES | typed


def test_a_chinese_reader_meets_no_english_word_of_planctls_own(screens: dict[str, str]) -> None:
    allowed = allowed_words()
    english = {name: " ".join(sorted(set(words))) for name, text in screens.items()
               if (words := english_words(text, allowed))}
    assert english == {}, json.dumps(english, ensure_ascii=False, indent=0)


def test_the_sweep_sees_english_when_the_catalog_is_not_used() -> None:
    """The check itself: an English screen is full of words it refuses."""
    text = run_cli("due", "--today", TODAY, "--plan", str(PLAN), env={"LANG": "C"}).stdout
    assert {"Overdue", "Upcoming"} <= set(english_words(text, allowed_words()))


def test_the_screens_say_what_the_issue_asked(screens: dict[str, str]) -> None:
    """The tester's cases, each read as a Chinese reader reads it."""
    assert "参加：未知的人员或组 'nobodyx'" in screens["check roles"]
    assert "participants" not in screens["check roles"] and "helpers" not in screens["check roles"]
    assert "来源：环境变量 PLANCTL_BY" in screens["whoami"]
    assert "小时" in screens["show self-study"] and not re.search(r"\d h\b", screens["show self-study"])
    assert screens["commit message of done"].startswith("完成 2.1q3 党员每周自学（张伟，2009-04-12，1.5 小时）")
    assert screens["commit message of sync"].startswith("planctl sync：")
    assert "[y/N]（输入 y 确认）" in screens["undo (question, no)"]
    assert "'12.04.2009'" in screens["--today 12.04.2009"] and "2009-12-04" in screens["--today 12.04.2009"]
    assert "--today 日期" in screens["due --help @80"] and "--by 人员" in screens["done --help @80"]
    assert "planctl done [选项] <事项>" in screens["done --help @80"] and "{" not in screens["done --help @80"]
    assert "［默认：7；至少 1］" in screens["merge-driver --help @160"] and "至少 1" in screens["out of range"]
    for name, text in screens.items():
        assert "<文字>" not in text and "<整数>" not in text and "[默认" not in text, name
        if "--help @" in name or name == "planctl --help":
            starts = [line for line in text.splitlines() if re.match(r"\s*[），。、；：！？]", line)]
            assert starts == [], (name, starts)  # a wrapped help line never starts with a closing mark


def test_a_chinese_answer_to_a_question_is_understood(tmp_path: Path) -> None:
    """`[y/N]（输入 y 确认）`: 否 keeps the completion, 是 takes it back; English keeps Click's `[y/N]`."""
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(PLAN, plan)
    before = plan.read_bytes()
    by = {**ZH, "PLANCTL_BY": "zhangwei"}
    assert run_cli("done", "lead-group", "--plan", str(plan), "--today", TODAY, env=by).exit_code == 0
    logged = plan.read_bytes()
    kept = run_cli("undo", "--plan", str(plan), env=by, input="否\n")
    assert plan.read_bytes() == logged and "[y/N]（输入 y 确认）" in kept.stderr, kept.stderr
    taken = run_cli("undo", "--plan", str(plan), env=by, input="是\n")
    assert taken.exit_code == 0 and plan.read_bytes() == before, taken.stderr
    english = run_cli("done", "lead-group", "--plan", str(plan), "--today", TODAY, env={"PLANCTL_BY": "zhangwei"})
    assert english.exit_code == 0
    assert "[y/N]:" in run_cli("undo", "--plan", str(plan), env={"PLANCTL_BY": "zhangwei"}, input="n\n").stderr
