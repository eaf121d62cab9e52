"""A JSON Schema (draft 2020-12) of the plan format, for editors that validate YAML as it is typed.

The schema is built from the loader's own key lists (`loader.TOP_KEYS` and the rest), so a key the
loader reads but this module does not describe fails at build time (and in the tests). The
committed copy, `schema/plan.schema.json`, is `planctl schema`'s output.

What the schema can and cannot say is in docs/schema.md: it mirrors the structure `planctl check`
enforces (keys, required keys, types, ids, the forms of windows and dates, units, enums), not the
cross-references (unknown people, duplicate ids) or impossible dates (`4月31日`).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from planctl.format import dates, loader, rules, targets, units
from planctl.format.yamltree import MAP, SEQ, Node, scalar_value
from planctl.i18n import _
from planctl.model import PER_ALL, PER_PERSON, PER_UNIT, PERIODS

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Required keys per mapping, as the loader asks for them (`Reader.fields(..., required)`).
REQUIRED = {
    "plan": ("title", "phases"),
    "roster": (),
    "person": ("name",),
    "group": ("name",),
    "unit": ("name",),
    "phase": ("id", "title"),
    "task": ("id", "title"),
    "quota": ("id", "title", "who", "target", "unit"),
    "completion": ("date",),
}

# The name in loader.py of the key list of each mapping the schema describes (read when building).
KEY_LISTS = {
    "plan": "TOP_KEYS",
    "roster": "ROSTER_KEYS",
    "person": "PERSON_KEYS",
    "group": "GROUP_KEYS",
    "unit": "UNIT_KEYS",
    "phase": "PHASE_KEYS",
    "task": "TASK_KEYS",
    "quota": "QUOTA_KEYS",
    "completion": "LOG_KEYS",
}


def loader_keys(kind: str) -> tuple[str, ...]:
    keys: tuple[str, ...] = getattr(loader, KEY_LISTS[kind])
    return keys

# --- the forms of windows and days: built by the date grammar from its own pieces (dates.py) -----
# ASCII digits only ([0-9]); see docs/schema.md for the few spellings `check` accepts beyond these.

WINDOW_PATTERN = dates.window_pattern()
DAY_PATTERN = dates.day_pattern()
WEEKS = {"enum": list(dates.WEEK_READINGS), "default": "blocks", "examples": ["calendar"]}
ID_REGEX = "^" + loader.ID_PATTERN.pattern


class SchemaOutOfStep(Exception):
    """The loader reads a key this module does not describe (or the other way round): a bug to fix here."""


def quota_units() -> list[str]:
    """Every word `unit:` accepts (the loader's `canonical_unit`), in the order units.py lists them."""
    candidates = [*units._TIME, *units._TEXT, *units.COUNT_WORDS, *units.PERCENT_WORDS]
    accepted: list[str] = []
    for word in candidates:
        try:
            units.canonical_unit(word)
        except units.UnitError:
            continue
        if word not in accepted:
            accepted.append(word)
    return accepted


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _list_of(item: dict[str, Any], description: str, examples: list[Any] | None = None) -> dict[str, Any]:
    # An empty value (`tasks:` with nothing after it) is read as an empty list.
    schema: dict[str, Any] = {"type": ["array", "null"], "items": item, "description": description}
    if examples is not None:
        schema["examples"] = examples
    return schema


def _with(base: dict[str, Any], description: str, examples: list[Any]) -> dict[str, Any]:
    return {**copy.deepcopy(base), "description": description, "examples": examples}


# Small value shapes are written out where they are used rather than referenced: editors whose
# JSON Schema support predates 2019-09 ignore the keywords beside a `$ref`, descriptions included.
# A pattern's own error would print the whole regular expression: each pattern carries a message for
# people (`patternErrorMessage`, read by yaml-language-server; `errorMessage`, by ajv-errors).
ID_MESSAGE = "an id: a letter or _ first, then letters, digits, _ or - (such as self-study, lead_group)"
WHEN_MESSAGE = ("a window, such as 3月30日, 4月上旬, 4月初-5月20日, 4月5日前, 2009-04-03 or 2009-04-01..2009-04-15 "
                "(ASCII digits or Chinese numerals: 三月五日); also 第一季度, 上半年, 年底前, 9.1-9.7")
DAY_MESSAGE = "one day, such as 2009-04-03 or 4月3日 (not a period such as 4月上旬)"
AT_MESSAGE = "a timestamp such as 2026-11-25T08:30:00, optionally with its zone (+08:00 or Z)"
AT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?$"
# `check` reads 1_000 as a number (YAML 1.1's digit groups); editors reading YAML 1.2 see the text
# "1_000", so a number may also be written that way.
GROUPED_NUMBER = r"^[0-9]+(?:_[0-9]+)*(?:\.[0-9]+)?$"


def _patterned(pattern: str, message: str) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern, "patternErrorMessage": message, "errorMessage": message}


def _positive(what: str, maximum: float | None = None) -> dict[str, Any]:
    """A number more than zero (and at most `maximum`), as `check` wants it; also written with digit
    groups (1_000)."""
    message = f"{what}: a number more than zero, such as 8, 1.5 or 1_000"
    number: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0, "errorMessage": message}
    if maximum is not None:
        number["maximum"] = maximum
    return {"anyOf": [number,
                      {**_patterned(GROUPED_NUMBER, message), "not": {"pattern": r"^[0_.]+$"}}]}


ID: dict[str, Any] = _patterned(ID_REGEX, ID_MESSAGE)
TARGET_MESSAGE = "target: a number, or " + targets.FORMS
TARGET_TEXT: dict[str, Any] = _patterned(targets.target_pattern(), TARGET_MESSAGE)
TARGET_BOUND: dict[str, Any] = {  # {at-most: 20}, {at-least: 95%}: one bound and its figure
    "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
    "properties": {bound: {"anyOf": [{"type": "number", "minimum": 0}, TARGET_TEXT]} for bound in targets.BOUNDS},
    "errorMessage": TARGET_MESSAGE,
}
# An amount with a unit in a hand-written log entry (units.parse_amount reads it against the quota's unit).
AMOUNT_WITH_UNIT: dict[str, Any] = _patterned(r"^\s*[0-9.]+\s*[^\s0-9.,+_-]\S*\s*$",
                                              "amount: a number, or a number with a unit such as 2h, 90min or 3千字")
TEXT: dict[str, Any] = {"type": ["string", "number"]}
WHEN: dict[str, Any] = _patterned(WINDOW_PATTERN, WHEN_MESSAGE)
WHO: dict[str, Any] = {"anyOf": [ID, {"type": "array", "items": ID}]}
FORMS = ("Forms: a point (3月30日, 4月上旬/中旬/下旬, 4月中下旬, 4月初, 4月底, 4月, 4月份, 2009-04-03, 2009-04; "
         "第一季度, 一季度, Q1, 2026年第三季度, 第一季度末, 上半年, 下半年, 全年, 年内, 2026年, 年初, 年底), two "
         "points joined by "
         "- 至 到 ~ .. (4月初-5月20日, 3-4月份, 4月5日至季度末, 2009-04-01..2009-04-15), or a deadline X前 (from the parent's start).")
LOG = _list_of(_ref("completion"), "Completions, one flow mapping per line; `planctl done` appends them.",
               [[{"date": "2009-04-03", "by": "zhangwei", "note": "初稿"}]])


TASK_WHEN_MESSAGE = ("a window, such as 3月30日, 4月上旬, 4月5日前 or 2009-04-01..2009-04-15, or one relative to a task: "
                     "7 days before dem-life, dem-life后3天内")
RELATIVE_MESSAGE = "a window relative to a task: 7 days before dem-life, within 3 days after dem-life, dem-life前7天, dem-life后3天内"
ROLE_EXAMPLES: dict[str, list[Any]] = {"lead": ["bangongshi"], "helpers": [["jiaowu", "renshi"]], "participants": ["members"],
                 "report_to": ["zuzhibu"], "speakers": ["市委党校王教授"], "guests": [["区委督导组"]]}
ROLE_DESCRIPTIONS = {
    "lead": "Who leads it (牵头): person, group or unit ids.",
    "helpers": "Who helps (配合): person, group or unit ids.",
    "participants": "Who takes part (参加): person, group or unit ids.",
    "report_to": "To whom it is reported (报送): person, group or unit ids (add a body outside the office to the roster).",
    "speakers": "Speakers (主讲), as plain text: names not in the roster.",
    "guests": "Guests (嘉宾), as plain text: names not in the roster.",
}


def _task_extras(item: str) -> dict[str, dict[str, Any]]:
    """`when` (a date window or one relative to a task), `per`, `after` and the roles (docs/plan-format.md)."""
    from planctl.format.relative import pattern
    from planctl.model import ROLE_KEYS, ROLE_TEXTS

    texts: dict[str, Any] = {"anyOf": [TEXT, {"type": "array", "items": TEXT}]}
    extras: dict[str, dict[str, Any]] = {
        "when": {**_patterned(f"{WINDOW_PATTERN}|{pattern()}", TASK_WHEN_MESSAGE),
                 "description": f"The {item}'s window; without it the {item} takes its parent's window. " + FORMS
                                + " Or relative to another task: " + RELATIVE_MESSAGE + ".",
                 "examples": ["2009年3月1日至3月30日", "4月上旬", "4月5日前", "7 days before dem-life"]},
        "per": {"enum": [PER_ALL, PER_PERSON, PER_UNIT], "default": PER_ALL,
                "description": "all: done once; unit: owed once by each unit of the groups in `who`; person: once by "
                               "each person `who` names. Done when every unit or person has done it.",
                "examples": [PER_UNIT]},
        "after": _with(WHO, "The ids of the tasks it waits for (one or a list).", ["dem-life"]),
    }
    for key, role in ROLE_KEYS.items():
        base = texts if role in ROLE_TEXTS else WHO
        extras[key] = _with(base, ROLE_DESCRIPTIONS[role] + ("" if key == role else f" Same as `{role}`."),
                            ROLE_EXAMPLES[role])
    return extras


def _properties(kind: str) -> dict[str, dict[str, Any]]:
    """The schema of every key of one mapping, described."""
    item = "phase" if kind == "phase" else "task"
    common = {
        "id": _with(ID, f"The {item}'s id: unique across all phases, tasks and quotas.",
                    ["prep", "lead-group"] if kind == "phase" else ["mobilize", "self-study"]),
        "title": _with(TEXT, f"What the {item} is about.", ["活动准备", "动员部署"]),
        "when": _with(WHEN, f"The {item}'s window; without it the {item} takes its parent's window"
                      + (" (a phase without one has none). " if kind == "phase" else ". ") + FORMS,
                      ["2009年3月1日至3月30日", "4月上旬", "4月5日前", "2009-04-01..2009-04-15"]),
        "who": _with(WHO, "Who is responsible: a person, group or unit id, or a list of them; "
                     "without it, the nearest ancestor's `who` applies.", ["leaders", ["sha", "zhangwei"]]),
        "goal": _with(TEXT, "The phase's aim.", ["学好理论,解放思想"]),
        "repeat": _with(TEXT, "How the task repeats inside its window; each occurrence is due on its own "
                        "(docs/plan-format.md, Recurring tasks).", ["每周一", "每月5日前", "每季度末月28日前后"]),
        "note": _with(TEXT, "Free text.", ["召开全处学习实践活动动员大会"]),
        "tasks": _list_of(_ref("task"), f"Sub-tasks; phases and tasks nest at most {rules.MAX_DEPTH} levels."),
        "quotas": _list_of(_ref("quota"), f"Quotas counted inside this {item}'s window."),
        "log": LOG,
        **_task_extras(item),
    }
    if kind in ("phase", "task"):
        return {key: common[key] for key in loader_keys(kind) if key in common}
    if kind == "plan":
        return {
            "planctl": {"type": "integer", "const": loader.FORMAT_VERSION,
                        "description": "The format version; only 1 exists.", "examples": [1]},
            "title": _with(TEXT, "The plan's title.", ["环卫处深入学习实践科学发展观活动计划"]),
            "year": {"anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2999},
                               {**_patterned("^" + loader.YEAR_TEXT.pattern + "$",
                                                                "a year: 2009, or as text 2009年")}],
                     "description": "The year of every date written without one: 2009, or as text 2009年.",
                     "examples": [2009, "2009年"]},
            "horizon": {**_patterned(DAY_PATTERN, DAY_MESSAGE), "description": "The plan's end: where a window "
                        "written without one (2015年8月10日起) ends; default: the latest end of the plan's windows.",
                        "examples": ["2026年12月31日"]},
            "week1": {**_patterned(DAY_PATTERN, DAY_MESSAGE), "description": "The first day of 第1周: teaching weeks "
                      "(第3周, 第3-4周) are 7-day blocks counted from it.", "examples": ["2025年9月1日"]},
            "weeks": {**WEEKS, "description": "How `period: week` cuts a window: blocks (7 days from the window's "
                                              "start; the default) or calendar (Monday to Sunday)."},
            "note": _with(TEXT, "Free text.", ["Reused from last year's plan."]),
            "roster": _with(_ref("roster"), "The people and groups that `who`, `by`, `target_for` and `unit` name.",
                            [{"people": {"sha": "沙继承"}, "groups": {"leaders": {"name": "处领导班子", "members": ["sha"]}}}]),
            "phases": _list_of(_ref("phase"), "The phases, in order.",
                               [[{"id": "prep", "title": "活动准备", "when": "2009年3月1日至3月30日"}]]),
        }
    if kind == "roster":
        return {
            "people": {
                "type": "object",
                "propertyNames": ID,
                "additionalProperties": {"if": {"type": "object"}, "then": _ref("person"), "else": TEXT},
                "description": "Person id -> display name, or {name, email} (email: how `planctl whoami` knows them).",
                "examples": [{"sha": "沙继承", "zhangwei": {"name": "张伟", "email": "zhangwei@example.cn"}}],
            },
            "groups": {
                "type": "object",
                "propertyNames": ID,
                "additionalProperties": _ref("group"),
                "description": "Group id -> a group of people, or of units (e.g. Party branches).",
                "examples": [{"leaders": {"name": "处领导班子", "members": ["sha", "zhangwei"]}}],
            },
        }
    if kind == "person":
        return {
            "name": _with(TEXT, "The person's name.", ["张伟"]),
            "email": _with({"anyOf": [TEXT, {"type": "array", "items": TEXT}]},
                           "Their email address(es), as in git's user.email: how `planctl whoami` knows them.",
                           ["zhangwei@example.cn"]),
        }
    if kind == "group":
        return {
            "name": _with(TEXT, "The group's name.", ["处领导班子"]),
            "members": _with(WHO, "Person ids: one or a list.", [["sha", "zhangwei"]]),
            "units": {
                "type": "object",
                "propertyNames": ID,
                "additionalProperties": _ref("unit"),
                "description": "Unit id -> a unit of the group; a group's members include its units' members.",
                "examples": [{"jiguan": {"name": "机关党支部", "members": ["sha"]}}],
            },
        }
    if kind == "unit":
        return {
            "name": _with(TEXT, "The unit's name.", ["机关党支部"]),
            "members": _with(WHO, "Person ids: one or a list.", [["sha", "zhangwei"]]),
        }
    if kind == "quota":
        return {
            "id": _with(ID, "The quota's id: unique across all phases, tasks and quotas.", ["self-study"]),
            "title": _with(TEXT, "What is counted.", ["党员每周自学"]),
            "who": _with(WHO, "Whom it counts: person, group or unit ids (one or a list).", ["members"]),
            "per": {"enum": [PER_ALL, PER_PERSON, PER_UNIT], "default": PER_ALL,
                    "description": "all: one count for everyone in `who` together; person: each person; "
                                   "unit: each unit of the groups in `who`.", "examples": [PER_PERSON]},
            "target": {"anyOf": [*_positive("target")["anyOf"], TARGET_TEXT, TARGET_BOUND],
                       "description": "The amount to reach in each period, more than zero (at least that much); "
                                      "a ceiling `≤ 20`, `不超过20` or `{at-most: 20}` (zero or more); a rate in "
                                      "percent `≥ 95%`, `95%`, `{at-least: 95%}` (unit % then may be left out).",
                       "examples": [8, "≤ 20", "≥ 95%", {"at-most": 20}]},
            "target_for": {
                "type": "object",
                "propertyNames": ID,
                "additionalProperties": _positive("a group's target"),
                "description": "Group id -> target: a person takes the highest target of the groups they are in.",
                "examples": [{"leaders": 5000}],
            },
            "unit": {"enum": quota_units(),
                     "description": "What is counted: hours (h), characters (字) or a count word (次, 篇, ...).",
                     "examples": ["h", "字", "次"]},
            "period": {"enum": [*PERIODS, *dates.PERIOD_WORDS], "default": "once",
                       "description": "Cut the window into periods: once, week (7 days from the window's start), "
                                      "dekad, month, quarter, half-year or year (calendar ones); or 周, 旬, 月, 季度, "
                                      "半年, 年. Not together with `periods`.",
                       "examples": ["week"]},
            "periods": _list_of(WHEN, "The periods written out, each a window. Not together with `period`. " + FORMS,
                                [["4月上旬", "5月上旬"]]),
            "repeat": _with(TEXT, "How the quota repeats inside its window: each occurrence is one period with "
                            "the whole target (one written as a deadline or a day, such as 每月5日前, runs from the day "
                            "after the previous one's end). Not together with `period` or `periods` "
                            "(docs/plan-format.md, Quotas).",
                            ["每月5日前", "每周", "每季度末月28日前后"]),
            "pace": {"enum": list(targets.PACES),
                     "description": "even: judged by steady progress over each period (behind pace, over pace); "
                                    "none: a one-off, judged only at its deadline. Default: none for a rate or a "
                                    "quota written against a deadline (X前) or one day, else even.",
                     "examples": [targets.NONE]},
            "weeks": {**WEEKS, "description": "How `period: week` cuts this quota's window: blocks (7 days from "
                                              "its start) or calendar (Monday to Sunday); default: the plan's."},
            "when": _with(WHEN, "The quota's own window (default: its parent's). " + FORMS, ["2009年3月31日-4月30日"]),
            "note": _with(TEXT, "Free text.", ["每周至少8小时"]),
            "log": LOG,
        }
    if kind == "completion":
        return {
            "date": {**_patterned(DAY_PATTERN, DAY_MESSAGE),
                     "description": "The day it was done: one day (2009-04-03 or 4月3日); not a period.",
                     "examples": ["2009-04-03", "4月3日"]},
            "by": _with(ID, "The person who did it (a person id).", ["zhangwei"]),
            "unit": _with(ID, "The unit it counts for, for per-unit quotas (a unit id).", ["jiguan"]),
            "amount": {"anyOf": [*_positive("amount", rules.MAX_NUMBER)["anyOf"], AMOUNT_WITH_UNIT],
                       "description": "How much: a plain number in the quota's unit, more than zero, or in a quota's "
                                      "log a number with a unit as `planctl done --amount` takes it (2h, 90min, 3千字).",
                       "examples": [1.5, 3000, "90min"]},
            "note": _with(TEXT, "Free text.", ["读《摘编》"]),
            "at": {**_patterned(AT_PATTERN, AT_MESSAGE),
                   "description": "When planctl recorded it: an ISO timestamp with its UTC offset (one without "
                                  "is local time). Entries are ordered by the real time it names.",
                   "examples": ["2026-11-25T08:30:00+08:00", "2026-11-25T08:30:00"]},
            "occurrence": {**_patterned(DAY_PATTERN, DAY_MESSAGE),
                           "description": "On a recurring task's entry done ahead (`planctl done --for`): a day of the "
                                          "occurrence it counts for, whatever its date (June's report on 30 May).",
                           "examples": ["2026-06-05", "6月5日"]},
        }
    raise KeyError(kind)


_TITLES = {
    "plan": ("A plan", ""),
    "roster": ("The roster", "People by id, and groups of them."),
    "person": ("A person", "A person of the roster with their email address(es); `name` is required."),
    "group": ("A group", "A group of people, or of units (`units`); `name` is required."),
    "unit": ("A unit of a group", "A unit, e.g. one Party branch of the group 党支部; `name` is required."),
    "phase": ("A phase", "A phase of the plan: `id` and `title` are required."),
    "task": ("A task", "A task or sub-task: `id` and `title` are required; it is done once it has a completion."),
    "quota": ("A quota", "Something counted: `id`, `title`, `who`, `target` and `unit` are required."),
    "completion": ("A completion", "One entry of a `log`: the day it was done, and by whom, for which unit, how much."),
}


def _mapping(kind: str) -> dict[str, Any]:
    described = _properties(kind)
    keys = loader_keys(kind)
    missing = [key for key in keys if key not in described]
    extra = [key for key in described if key not in keys]
    if missing or extra:
        raise SchemaOutOfStep(f"the schema of {kind} is out of step with loader.{KEY_LISTS[kind]}: "
                              f"not described {missing}, described but not read {extra}")
    title, description = _TITLES[kind]
    schema: dict[str, Any] = {
        "title": title,
        "description": description,
        "type": "object",
        "properties": {key: described[key] for key in keys},
        "additionalProperties": False,
    }
    if REQUIRED[kind]:
        schema["required"] = list(REQUIRED[kind])
    if kind == "quota":  # `unit` may be left out when the target is a rate (95%, {at-least: 95%})
        schema["required"] = [key for key in REQUIRED[kind] if key != "unit"]
        percent = _patterned("[%％]\\s*$", "a rate's target ends in % (95%)")
        schema["if"] = {"properties": {"target": {"anyOf": [percent, {"type": "object", "additionalProperties": percent}]}},
                        "required": ["target"]}
        schema["else"] = {"required": ["unit"]}
    if kind == "quota":  # said on `periods` itself, not as "Matches a schema that is not allowed"
        schema["dependentSchemas"] = {
            "period": {"properties": {"periods": {"not": {}, "errorMessage": PERIOD_MESSAGE, "description": PERIOD_MESSAGE}}},
            "repeat": {"properties": {key: {"not": {}, "errorMessage": REPEAT_MESSAGE, "description": REPEAT_MESSAGE}
                                      for key in ("period", "periods")}},
        }
    return schema


PERIOD_MESSAGE = "use one of period or periods, not both"
REPEAT_MESSAGE = "a quota that repeats has one period per occurrence: remove period and periods, or repeat"


def for_hovers(schema: Any) -> Any:
    """Descriptions as editors show them on hover: `markdownDescription` keeps the Markdown (code in
    backticks), `description` is the same text without the backticks for editors that print it as is."""
    if isinstance(schema, list):
        return [for_hovers(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: for_hovers(value) for key, value in schema.items()}
    text = out.get("description")
    if isinstance(text, str) and "`" in text:
        out["markdownDescription"] = text
        out["description"] = text.replace("`", "")
    return out


def _english_schema() -> dict[str, Any]:
    plan = _mapping("plan")
    defs: dict[str, Any] = {}
    for kind in ("roster", "person", "group", "unit", "phase", "task", "quota", "completion"):
        defs[kind] = _mapping(kind)
    return {
        "$schema": DRAFT,
        **plan,
        "title": "planctl plan",
        "description": "A plan for planctl: phases, tasks, quotas, a roster and completion logs, in one plan.yaml. "
                       "See docs/plan-format.md.",
        "$defs": defs,
    }


TEXT_KEYS = ("title", "description", "errorMessage", "patternErrorMessage")  # what editors show a person


def schema_texts() -> list[str]:
    """Every text of the schema a person reads, in English (tools/i18n.py puts them in the catalog)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(v for k, v in node.items() if k in TEXT_KEYS and isinstance(v, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_english_schema())
    return list(dict.fromkeys(found))


def _translated(node: Any) -> Any:
    if isinstance(node, list):
        return [_translated(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {k: _(v) if k in TEXT_KEYS and isinstance(v, str) else _translated(v) for k, v in node.items()}


def build_schema() -> dict[str, Any]:
    """The JSON Schema, its texts in the chosen language (planctl.i18n; keys, patterns and enums stay as they are)."""
    built: dict[str, Any] = for_hovers(_translated(_english_schema()))
    return built


def schema_text() -> str:
    """The schema as `planctl schema` prints it (and as schema/plan.schema.json holds it)."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


def instance(node: Node) -> Any:
    """A YAML tree (yamltree) as JSON data, with scalars read as planctl reads them (YAML 1.2 core).

    This is what an editor's YAML 1.2 reader hands to the schema: `2009-04-03` stays text, `yes` is
    text; `1_000` is the number planctl reads (an editor sees the text "1_000", which the schema
    accepts too). Keys are their text.
    """
    if node.kind == MAP:
        return {key.value: instance(value) for key, value in node.pairs()}
    if node.kind == SEQ:
        return [instance(item) for item in node.value]
    return scalar_value(node)
