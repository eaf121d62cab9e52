"""The importer's values: the document as read (lines, or a refusal), and the plan as the importer builds it before
it is written out: items, quotas, groups, guesses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from planctl.errors import EXIT_PROBLEMS, PlanctlError
from planctl.i18n import _

if TYPE_CHECKING:
    from planctl.format.dates import Window


class Line(NamedTuple):
    """One paragraph of the document: its 1-based line (paragraph) number, its text, for a
    Word list item the list level (0 = top) that automatic numbering gave it (None otherwise), and
    whether it is an unnumbered heading at the level of a table's rows (a row that starts with a window,
    | 3月 | …; 其他工作 right after a table: outline.split_table_rows)."""

    number: int
    text: str
    level: int | None = None
    table_level: bool = False


class DocumentRefused(PlanctlError):
    """The document is unreadable or unsafe to read (exit 1)."""

    exit_code = EXIT_PROBLEMS


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table's rows (each a list of cell texts, "" for an empty cell) as lines: a row of more than one cell
    with text between borders, `| 12月1日 | 整理档案 |  | 年底前 |`, each empty cell kept in its place so that the
    cells after it stay under their header (a blank 负责人), up to the table's last column with text; a row of
    one cell with text is that text (a title, a heading); an empty row is no line. Used for .xlsx and .docx."""
    width = max((at + 1 for row in rows for at, cell in enumerate(row) if cell), default=0)
    out: list[str] = []
    for cells in rows:
        filled = [cell for cell in cells if cell]
        if len(filled) > 1:
            out.append("| " + " | ".join(cells[:width] + [""] * (width - len(cells))) + " |")
        elif filled:
            out.append(filled[0])
    return out


class Document(NamedTuple):
    """What a reader returns: the paragraphs and notes about how they were read (e.g. the encoding)."""

    lines: list[Line]
    notices: list[str]


class Guess(NamedTuple):
    """A reading that is a guess, written as `# import: {text} (document line {line})`."""

    text: str
    line: int

    def comment(self) -> str:
        return "import: " + _("{text} (document line {line})").format(text=self.text, line=self.line)


class Leftover(NamedTuple):
    """A sentence not turned into anything (or a date phrase planctl cannot read), for the report."""

    line: int
    text: str
    reason: str


class QuotaDraft:
    """A quota read from a sentence: target, unit (canonical), who (group ids), per, period(s)."""

    def __init__(self, title: str, line: int, target: float, unit: str) -> None:
        self.title = title
        self.line = line
        self.target = target
        self.unit = unit
        self.who: list[str] = []
        self.per = "all"
        self.units: tuple[str, ...] = ()  # the units its subject names one by one (who.listed_units)
        self.period: str | None = None
        self.periods: list[str] = []
        self.repeat: str | None = None  # `repeat:` as the document writes it (format/recurrence.py reads it)
        self.unread: list[str] = []  # repeats the loader reads in part or not at all (for the report)
        self.duty = False  # a recurring duty written without a count (每周一召开例会): 1 次 each time
        self.unknown_subject = ""  # a subject written before the repeat that is no known group (教务处)
        self.pace: str | None = None  # `pace:` when the importer decides it (one event a period: none)
        self.weeks: str | None = None  # `weeks:` for `period: week` (a document's 每周: calendar weeks)
        self.when: str | None = None
        self.target_for: dict[str, float] = {}
        self.note = ""
        self.subject_text = ""  # the subject as the sentence writes it (处领导班子成员)
        self.clause = ""  # the clause that states the count
        self.guesses: list[Guess] = []
        self.id = ""


class Item:
    """A phase (depth 0) or task read from a heading or a dated paragraph."""

    def __init__(self, title: str, line: int, depth: int) -> None:
        self.title = title
        self.line = line
        self.depth = depth
        self.when: str | None = None
        self.who: list[str] = []
        self.per: str | None = None  # `per: unit` / `person` of a duty owed by each (各支部每月5日前报送)
        self.subject_each = False  # its subject is written 各…/每个… of a group of units: owed by each unit
        self.subject_person = False  # its subject is written 每名…/每位…/…成员: counted for each person
        self.repeat: str | None = None  # `repeat:` of a standing duty (教务处每周一召开例会)
        self.speakers: list[str] = []  # `speakers:` as written in brackets (专题党课（主讲：李书记）)
        self.goal = ""
        self.notes: list[tuple[int, str]] = []  # (document line, text)
        self.children: list[Item] = []
        self.quotas: list[QuotaDraft] = []
        self.title_states_quotas = False  # its heading is itself a quota's sentence (每人每周自学不少于3小时)
        self.guesses: list[Guess] = []
        self.parent: Item | None = None
        self.window: Window | None = None  # resolved as the loader will
        self.id = ""

    def add(self, child: Item) -> None:
        child.parent = self
        self.children.append(child)

    def ancestors(self) -> list[Item]:
        out: list[Item] = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class GroupDraft:
    """A roster group found in the text: its id, name as written, and whether it is made of units."""

    def __init__(self, id: str, name: str, of_units: bool, line: int) -> None:
        self.id = id
        self.name = name
        self.of_units = of_units
        self.line = line
        self.units: list[str] = []  # the names of its units the text writes out (机关党支部), in order


class Draft:
    """The whole imported plan."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.year: int | None = None
        self.year_guess: Guess | None = None
        self.week1: date | None = None  # the first day of 第1周, read from a table of weeks
        self.week1_guess: Guess | None = None
        self.title_line = 0
        self.note = ""  # the paragraphs before the first heading
        self.preamble: list[tuple[int, str]] = []  # (document line, text) before the first heading
        self.phases: list[Item] = []
        self.groups: dict[str, GroupDraft] = {}
        self.people: dict[str, str] = {}
        self.people_lines: dict[str, int] = {}
        self.leftovers: list[Leftover] = []
        self.notices: list[str] = []  # about the document as a whole (encoding, numbering)
        self.empty_tables: list[int] = []  # the document lines of tables with a header row and no other row
