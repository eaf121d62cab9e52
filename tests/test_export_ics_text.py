"""`export ics` writes its lines itself (output/icstext.py): byte for byte what the `icalendar` library
writes for the same to-dos, which `library_calendar` below builds as `export.calendar` did before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from conftest import DOCS, PLAN
from planctl.format.loader import load_path
from planctl.model import Plan, Task
from planctl.output import export, icstext
from planctl.status import states as st


def library_calendar(plan: Plan, stamp: datetime, identity: str, today: date) -> bytes:
    """The calendar built with the library's objects (the code `export.calendar` replaced)."""
    from icalendar import Calendar, Todo, vCalAddress

    def common(todo: Any, task: Task, uid: str) -> None:
        todo.add("uid", uid)
        todo.add("dtstamp", dtstamp)
        todo.add("summary", task.title)
        description = export._description(plan, task)
        if description:
            todo.add("description", description)
        todo.add("categories", [task.phase.title])

    def status(todo: Any, finished: date | None) -> None:
        if finished is not None:
            todo.add("status", "COMPLETED")
            todo.add("percent-complete", 100)
            todo.add("completed", datetime.combine(finished, export.COMPLETED_AT, tzinfo=UTC))
        else:
            todo.add("status", "NEEDS-ACTION")

    def address(ref: str, role: str | None = None) -> Any:
        emails = plan.roster.emails.get(ref)
        if not emails:
            return None
        found = vCalAddress(f"mailto:{emails[0]}")
        found.params["CN"] = plan.roster.name_of(ref)
        if role is not None:
            found.params["ROLE"] = role
        return found

    cal = Calendar()
    cal.add("prodid", export.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plan.title)
    dtstamp = stamp.astimezone(UTC)
    for task in plan.walk():
        rows = st.occurrence_rows(plan, task, today)
        for row in rows:
            todo = Todo()
            common(todo, task, export.occurrence_uid(plan, task, row, identity))
            window = row.occurrence.window
            todo.add("dtstart", window.start)
            todo.add("due", window.end + timedelta(days=1) if window.end < date.max else window.end)
            status(todo, row.done_on)
            if task.parent is not None:
                todo.add("related-to", export.item_uid(plan, task.parent, identity), parameters={"RELTYPE": "PARENT"})
            cal.add_component(todo)
        if rows and not task.tasks:
            continue
        todo = Todo()
        common(todo, task, export.item_uid(plan, task, identity))
        window = st.window_on(plan, task, today)
        if window is not None:
            todo.add("dtstart", window.start)
            todo.add("due", window.end + timedelta(days=1) if window.end < date.max else window.end)
        status(todo, export.completed_on(plan, task, today))
        if task.parent is not None:
            todo.add("related-to", export.item_uid(plan, task.parent, identity), parameters={"RELTYPE": "PARENT"})
        leads = [a for ref in task.role("lead") if (a := address(ref)) is not None]
        if len(leads) == 1:
            todo.add("organizer", leads[0])
        for role in ("helpers", "participants"):
            for ref in task.role(role):
                if (attendee := address(ref, "REQ-PARTICIPANT")) is not None:
                    todo.add("attendee", attendee)
        for ref in task.waits_for():
            other = plan.find(ref)
            if other is not None:
                todo.add("related-to", export.item_uid(plan, other, identity), parameters={"RELTYPE": "DEPENDS-ON"})
        cal.add_component(todo)
    data: bytes = cal.to_ical()
    return data


# Text the escaping and folding must get right: the library's order of escapes, `\N`, line endings,
# a backslash where a line folds, characters of 1 to 4 octets across the fold.
TRICKY = ["a, b; c\\d", "written \\N newline", "cr\r\nlf\nlone\rcr", "x" * 73 + "\\,tail", "中" * 40,
          "𝄞" * 30 + "end", "a" * 74, "a" * 75, "é" * 50, "quote \" and ’ apostrophe", "caret ^ and \\"]


def tricky_plan(tmp_path: Path) -> Path:
    people = "\n".join(f"    p{i}: {{name: {yaml_quoted(name)}, email: p{i}@example.cn}}"
                       for i, name in enumerate(["张伟", 'Li "Na"', "Wang, Fang: Jr.", "O’Brien; x"]))
    tasks = "\n".join(f"""      - id: t{i}
        title: {yaml_quoted(title)}
        when: 2026-03-{i + 1:02d}..2026-03-{i + 5:02d}
        note: {yaml_quoted(title + " note")}
        牵头: p{i % 4}
        参加: [p{(i + 1) % 4}, p{(i + 2) % 4}]""" + (f"\n        after: t{i - 1}" if i else "")
                      for i, title in enumerate(TRICKY))
    title = yaml_quoted("标题, 含; 特殊\\字符")
    text = f"""planctl: 1
title: {title}
year: 2026
roster:
  people:
{people}
phases:
  - id: ph
    title: {yaml_quoted("阶段, 一; " + "长" * 30)}
    when: 2026-03-01..9999-12-31
    tasks:
{tasks}
      - id: weekly
        title: 每周例会
        when: 2026-03-01..2026-04-30
        repeat: 每周一
        log:
          - {{date: 2026-03-02}}
"""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n") + '"'


def plans(tmp_path: Path) -> list[Path]:
    return [PLAN, tricky_plan(tmp_path), *sorted((DOCS / "examples").glob("*.yaml"))]


@pytest.mark.parametrize("today", [date(2026, 3, 3), date(2009, 4, 12), date.max])
def test_the_calendar_is_the_librarys_byte_for_byte(tmp_path: Path, today: date) -> None:
    stamp = datetime(2026, 3, 3, 8, 30, 15, 123456, tzinfo=UTC)
    for path in plans(tmp_path):
        loaded = load_path(path)
        assert not loaded.errors, (path, loaded.errors)
        plan = loaded.plan
        assert plan is not None
        ours = export.calendar(plan, stamp, "git:abc:plan.yaml", today)
        assert ours == library_calendar(plan, stamp, "git:abc:plan.yaml", today), path


def test_the_tricky_plan_has_what_it_is_for(tmp_path: Path) -> None:
    """The comparison above covers folded lines, escapes, addresses with quoted names, waits and occurrences."""
    plan = load_path(tricky_plan(tmp_path)).plan
    assert plan is not None
    data = export.calendar(plan, datetime(2026, 3, 3, tzinfo=UTC), "x", date(2026, 3, 3)).decode()
    for needle in ("\r\n ", "\\,", "\\;", "\\\\", "\\n", "ORGANIZER;CN=", 'CN="Wang, Fang: Jr."', "RELTYPE=DEPENDS-ON",
                   "UID:weekly.20260302@", "STATUS:COMPLETED", "DUE;VALUE=DATE:99991231"):
        assert needle in data, needle


@settings(max_examples=300, deadline=None)
@given(hs.text(alphabet=hs.sampled_from(["a", "\\", "^", ",", ";", "\n", "\r", "N", "中", "é", "𝄞", " "]), max_size=120))
def test_text_and_folding_are_the_librarys(value: str) -> None:
    from icalendar.parser import Contentline
    from icalendar.prop import vText

    line = f"SUMMARY:{icstext.text(value)}"
    assert line == str(Contentline.from_parts("SUMMARY", vText(value).params, vText(value)))
    assert icstext.fold(line).encode("utf-8") == Contentline(line).to_ical()


def test_a_title_with_a_line_break_is_exported(tmp_path: Path) -> None:
    """A title written with `\\n` in quotes made the library stop with an internal error."""
    from conftest import run_cli

    path = tmp_path / "plan.yaml"
    path.write_text('planctl: 1\ntitle: "first\\nsecond, third"\nyear: 2026\nphases:\n  - id: p\n    title: "x\\ny"\n'
                    "    when: 2026-01-01..2026-01-05\n", encoding="utf-8")
    result = run_cli("export", "ics", "-f", str(path), "--today", "2026-01-02", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "X-WR-CALNAME:first\\nsecond, third\n" in result.stdout  # the runner reads CRLF as a line break
    assert "SUMMARY:x\\ny\n" in result.stdout
