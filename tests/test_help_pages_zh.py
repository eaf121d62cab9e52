"""`planctl help TOPIC` in the reader's language (issue 17): the Chinese pages of docs/zh-CN/ under a Chinese locale.

A Chinese page is the English page translated: the same file name under docs/zh-CN/, the same code (every fenced
block holds the same commands, YAML and output, in the same order; only prose comments may be translated), and no
English prose left outside code. English readers get the English page byte for byte, as before.
"""

from __future__ import annotations

import re

import pytest
import typer

from conftest import DOCS, run_cli
from planctl.cli import helptopics
from planctl.cli.main import app
from test_docs import CALL, CODE, COMMENT

ZH_DOCS = DOCS / "zh-CN"
TOPIC_PAGES = sorted({page for page, _about in helptopics.TOPICS.values()})
FENCE = re.compile(r"^([ \t]*)```[^\n]*\n(.*?)^[ \t]*```", re.M | re.S)  # indented too (inside a list item)
MODELINE = re.compile(r"^#\s*yaml-language-server:")  # a comment an editor reads: code, not prose


def english(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def chinese(page: str) -> str:
    return (ZH_DOCS / page).read_text(encoding="utf-8")


def fenced_code(text: str) -> list[list[str]]:
    """Each fenced block of a Markdown text, as its lines with comments taken out (a comment is prose a
    translation may change; the modeline of yaml-language-server stays, being read by editors)."""
    blocks = []
    for block in FENCE.finditer(text):
        lines = [line.removeprefix(block[1]) for line in block[2].splitlines()]
        blocks.append([line if MODELINE.match(line) else COMMENT.sub("", line).rstrip() for line in lines])
    return blocks


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of a Markdown text with fenced blocks, code spans (which may wrap to the next line),
    link targets and addresses blanked out: what a reader reads as prose."""

    def blank(match: re.Match[str]) -> str:
        return " " + "\n" * match[0].count("\n")

    text = re.sub(r"^[ \t]*```.*?^[ \t]*```[^\n]*$", blank, text, flags=re.M | re.S)
    text = re.sub(r"``.+?``|`[^`]*`", blank, text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)|https?://\S+", blank, text)
    return list(enumerate(text.splitlines(), 1))


ENGLISH_WORD = re.compile(r"[(\"'“]*[A-Za-z][A-Za-z'’-]*[)\"'”,.;:!?]*")  # a word of a sentence, not a path


def english_runs(text: str) -> list[str]:
    """Runs of 4 or more English words in a row in a text's prose (an English sentence left untranslated)."""
    runs = []
    for number, line in prose_lines(text):
        run: list[str] = []
        for token in [*re.findall(r"[!-~]+|[^\x00-\x7f]+", line), ""]:  # a run of Chinese text ends a run
            if ENGLISH_WORD.fullmatch(token):
                run.append(token)
                continue
            if len(run) >= 4:
                runs.append(f"line {number}: {' '.join(run)}")
            run = []
    return runs


# --- the page shown -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("env", [{"LANG": "zh_CN.UTF-8"}, {"PLANCTL_LANG": "zh", "LANG": "C"}])
def test_a_chinese_reader_gets_the_chinese_format_page(env: dict[str, str]) -> None:
    result = run_cli("help", "format", env=env)
    assert result.exit_code == 0
    assert result.stdout == chinese("plan-format.md")
    assert result.stdout.splitlines()[0] == "# 计划文件格式"
    source = english("plan-format.md").splitlines()
    english_prose = {source[number - 1].strip() for number, line in prose_lines("\n".join(source))
                     if english_runs(line)}
    assert len(english_prose) > 200
    shown = sorted(english_prose & {line.strip() for line in result.stdout.splitlines()})
    assert not shown, f"English prose on the Chinese page: {shown[:3]}"
    assert english_runs(result.stdout) == []


@pytest.mark.parametrize("topic", sorted(helptopics.TOPICS))
def test_an_english_reader_gets_the_english_page_byte_for_byte(topic: str) -> None:
    for env in ({"LANG": "C"}, {"LANG": "zh_CN.UTF-8", "PLANCTL_LANG": "en"}):
        result = run_cli("help", topic, env=env)
        assert result.exit_code == 0
        assert result.stdout == english(helptopics.TOPICS[topic][0])


def test_a_page_with_no_translation_is_shown_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(helptopics.PAGE_FOLDERS, "zh_CN", "no-such-folder")
    result = run_cli("help", "schema", env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 0
    assert result.stdout == english("schema.md")


def test_the_chinese_pages_ship_in_the_package() -> None:
    pyproject = (DOCS.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"docs/zh-CN/*.md"' in pyproject
    assert (DOCS.parent / "src" / "planctl" / "docs" / "zh-CN" / "plan-format.md").is_file()


# --- the Chinese pages keep up with the English ones --------------------------------------------------------

@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_each_topic_page_has_a_chinese_page_with_the_same_code(page: str) -> None:
    assert (ZH_DOCS / page).is_file(), f"docs/{page} has no Chinese page docs/zh-CN/{page}"
    source, translated = fenced_code(english(page)), fenced_code(chinese(page))
    assert len(translated) == len(source), f"docs/zh-CN/{page} has {len(translated)} code blocks, " \
                                           f"docs/{page} {len(source)}"
    for number, (want, got) in enumerate(zip(source, translated, strict=True), 1):
        assert got == want, f"code block {number} of docs/zh-CN/{page} differs from docs/{page}'s"


def test_the_code_comparison_sees_a_changed_example_and_ignores_translated_comments() -> None:
    text = "```yaml\nwhen: 4月上旬   # the first dekad\n# yaml-language-server: $schema=./a.json\n```\n"
    assert fenced_code(text) == fenced_code(text.replace("the first dekad", "上旬"))
    assert fenced_code(text) != fenced_code(text.replace("4月上旬", "4月中旬"))
    assert fenced_code(text) != fenced_code(text.replace("./a.json", "./b.json"))
    listed = "1. Run:\n\n   ```sh\n   planctl git-setup\n   ```\n"
    assert fenced_code(listed) == [["planctl git-setup"]] != fenced_code(listed.replace("git-setup", "due"))


@pytest.mark.parametrize("page", sorted(path.name for path in ZH_DOCS.glob("*.md")))
def test_a_chinese_page_leaves_no_english_sentence_outside_code(page: str) -> None:
    runs = english_runs(chinese(page))
    assert not runs, f"docs/zh-CN/{page} has English prose outside code: {runs[:5]}"


def test_the_english_sentence_finder() -> None:
    assert english_runs("A plan is one UTF-8 YAML file.") != []
    assert english_runs("计划是一个 UTF-8 编码的 YAML 文件 `planctl check --json --quiet`，见 [glossary](../a b c d.md)。") == []
    assert english_runs("```\nthis is only code here\n```\n") == []
    assert english_runs("参见 docs/examples/review-meeting.yaml 和 Red Hat 的 YAML 扩展。") == []
    assert english_runs("提示 `a\nb c d e` 换行，(and this is English).") == ["line 2: (and this is English)."]


# --- the options the pages show are real, English and Chinese (test_docs: the commands are) ------------------

def options_of(path: str) -> set[str]:
    """The option names (`--again`, `-f`) `planctl PATH` takes, the root's own included."""
    command: object = typer.main.get_command(app)
    names = {"--help"} | {opt for param in getattr(command, "params", []) for opt in param.opts + param.secondary_opts}
    for word in path.split():
        command = getattr(command, "commands", {})[word]
        names |= {opt for param in getattr(command, "params", []) for opt in param.opts + param.secondary_opts}
    return names


def unknown_options(text: str) -> list[str]:
    """`planctl COMMAND … --option` in the code of a Markdown text where COMMAND has no such option."""
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    found = []
    for block in CODE.finditer(text):
        for line in COMMENT.sub("", block[1] or block[2]).splitlines():
            for call in CALL.finditer(line):
                path = call[2]
                if path not in commands:
                    continue  # not a command: test_docs reports it
                if call[3] and call[3] in getattr(commands[path], "commands", {}):
                    path = f"{path} {call[3]}"
                rest = re.split(r"[|;&>]|\$\(", line[call.start():])[0]
                for option in re.findall(r"(?<!\S)(--?[A-Za-z][\w-]*)", rest):
                    if option.split("=")[0] not in options_of(path):
                        found.append(f"planctl {path} {option}")
    return found


@pytest.mark.parametrize("page", sorted(path.relative_to(DOCS).as_posix()
                                         for path in [*DOCS.glob("*.md"), *ZH_DOCS.glob("*.md")]))
def test_the_pages_use_only_real_options(page: str) -> None:
    unknown = unknown_options((DOCS / page).read_text(encoding="utf-8"))
    assert not unknown, f"docs/{page} shows options planctl does not have: {unknown}"


def test_the_option_reader() -> None:
    assert unknown_options("`planctl done x --again`, `planctl -q due --json | jq .`") == []
    assert unknown_options("`planctl done x --agian`") == ["planctl done --agian"]
    assert unknown_options("```sh\nplanctl export ics --bogus -o a.ics\n```") == ["planctl export ics --bogus"]



def heading_anchors(text: str) -> set[str]:
    """The `#anchor` of each heading of a Markdown text, as GitHub makes it (lower case, punctuation dropped,
    spaces to `-`; Chinese characters kept)."""
    headings = re.findall(r"^#+ (.*)$", re.sub(r"^[ \t]*```.*?^[ \t]*```", "", text, flags=re.M | re.S), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", sorted(path.name for path in ZH_DOCS.glob("*.md")))
def test_a_chinese_page_links_only_to_its_own_headings(page: str) -> None:
    text = chinese(page)
    broken = sorted(set(re.findall(r"\]\(#([^)]*)\)", text)) - heading_anchors(text))
    assert not broken, f"docs/zh-CN/{page} links to sections it does not have: {broken}"
    assert heading_anchors("# 计划文件格式\n## 阶段、任务和子任务\n### `planctl check`\n") == {
        "计划文件格式", "阶段任务和子任务", "planctl-check"}
