"""Who: the subjects these documents name (处领导班子, 处中心组, 党支部, 全体党员, 各科室, 牵头/配合 …)
become roster groups (members left for the reader to fill in); names after a title (书记沙继承)
become people."""

from __future__ import annotations

import re
from typing import NamedTuple

from planctl.importer.draft import Draft, GroupDraft


class Subject(NamedTuple):
    pattern: re.Pattern[str]
    id: str
    name: str
    of_units: bool


def _s(pattern: str, id: str, name: str, of_units: bool = False) -> Subject:
    return Subject(re.compile(pattern), id, name, of_units)


# Longest and most specific first; the group takes the name as listed here.
SUBJECTS = (
    _s(r"处?领导班子(?:成员)?|处?班子成员", "leaders", "领导班子"),
    _s(r"(?:处|党委|党组)?中心组", "center", "中心组"),
    _s(r"(?:各|每个)?党支部|各支部", "branches", "党支部", True),
    _s(r"全体党员|其他党员|每名党员|每位党员|党员(?!领导|干部|群众|代表|大会)", "members", "全体党员"),
    _s(r"牵头(?:科室|单位|部门)", "lead", "牵头科室"),
    _s(r"配合(?:科室|单位|部门)", "support", "配合单位"),
    _s(r"各(?:业务)?科室|各处室|科室", "offices", "科室", True),
    _s(r"各部门", "departments", "部门", True),
    _s(r"各(?:学科|教研)组|学科组|教研组", "subject-groups", "教研组", True),
    _s(r"各年级|年级组", "grades", "年级组", True),
    _s(r"(?:每名|每位)?班主任", "class-teachers", "班主任"),
    _s(r"全体教师|各位教师|每位教师|每名教师|骨干教师|教师", "teachers", "教师"),
    _s(r"办公室", "office", "办公室"),
    _s(r"全体(?:干部|人员|职工|教职工)|干部职工", "everyone", "全体人员"),
)
_DECORATION = re.compile(r"^(?:各|每个|每名|每位|其他)|成员$")
_NAMED = re.compile(r"(?:书记|主任|处长|局长|校长|组长|科长|负责人)[:：]?\s*([\u4e00-\u9fff]{2,3}?)"
                    r"(?=同志|所|做|负责|主持|任|担任|兼|为|[,，。、;；)）\s]|$)")
# A name starts with a family name (the common ones, from the 百家姓 and the census lists): 负责人参加 is
# not a person called 参加. Two-character family names are checked first.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "公孙", "慕容", "尉迟", "长孙", "宇文",
                   "夏侯", "轩辕", "端木", "司徒", "西门", "南宫", "独孤", "呼延")


class Mention(NamedTuple):
    group: str
    start: int
    text: str
    units: tuple[str, ...] = ()  # the units of `group` the text names one by one (机关党支部、后勤党支部)


# The word a unit's own name ends with, for each group made of units: 机关党支部 is a unit of 党支部.
_UNIT_WORDS = {"branches": "党支部|支部", "subject-groups": "教研组|学科组", "grades": "年级组|年级", "offices": "科室|科"}
_LIST_JOINS = "、和及与"


def listed_units(clause: str) -> Mention | None:
    """Two or more units of one group named in full at the clause's start (机关党支部、教务处党支部、后勤党支部
    每月召开…): a mention of the group, with those units. None for anything else (各支部: the group itself)."""
    for group, words in _UNIT_WORDS.items():
        name = rf"(?!各|每个)[\u4e00-\u9fff]{{1,8}}?(?:{words})"
        m = re.match(rf"{name}(?:[{_LIST_JOINS}]{name})+", clause)
        if m is not None:
            names = tuple(re.findall(rf"[^{_LIST_JOINS}]+", m[0]))
            return Mention(group, 0, m[0], names)
    return None


def mentions(text: str) -> list[Mention]:
    """Every subject named in `text`, left to right (overlaps: the earliest, longest wins)."""
    hits: list[Mention] = []
    for subject in SUBJECTS:
        for m in subject.pattern.finditer(text):
            hits.append(Mention(subject.id, m.start(), m[0]))
    hits.sort(key=lambda h: (h.start, -len(h.text)))
    out: list[Mention] = []
    end = -1
    for hit in hits:
        if hit.start >= end:
            out.append(hit)
            end = hit.start + len(hit.text)
    return out


def subjects(text: str) -> list[Mention]:
    """The mentions in subject position: at the start of the text or of a sentence or clause, or
    listed (、) after a subject (党支部、团支部); a list after a verb (明确牵头科室、配合单位) holds objects."""
    out: list[Mention] = []
    for m in mentions(text):
        before = text[m.start - 1] if m.start else ""
        listed = before == "、" and bool(out) and out[-1].start + len(out[-1].text) == m.start - 1
        if m.start == 0 or before in "。,，;；:： 同时并" or listed:
            out.append(m)
    return out


def subject_of(clause: str, skip: re.Pattern[str]) -> Mention | None:
    """The subject of a clause: a mention with nothing before it but what `skip` matches (a repeat, a
    window, 同时…); None when a verb stands before it (组织党员学习: 党员 is the object)."""
    for m in mentions(clause):
        if not skip.sub("", clause[: m.start]).strip(" ,，、"):
            return m
        return None
    return None


def register_units(draft: Draft, group: str, names: tuple[str, ...]) -> None:
    """Add the units a text names one by one (机关党支部) to their group (registered already), once each, in order."""
    known = draft.groups[group].units
    known.extend(name for name in names if name not in known)


def register(draft: Draft, group: str, line: int, written: str = "") -> str:
    """Add the group to the draft's roster (once, at the first line it is named) and return its id.
    Its name is the list's, or the document's own longer form of it (处领导班子 for 领导班子)."""
    if group not in draft.groups:
        subject = next(s for s in SUBJECTS if s.id == group)
        bare = _DECORATION.sub("", written)
        name = bare if subject.name in bare and len(bare) <= 12 else subject.name
        draft.groups[group] = GroupDraft(group, name, subject.of_units, line)
    return group


def is_units(group: str) -> bool:
    return any(s.id == group and s.of_units for s in SUBJECTS)


def named_people(text: str) -> list[str]:
    """Names written after a title: 党总支书记沙继承所做的 → 沙继承."""
    return [m[1] for m in _NAMED.finditer(text) if is_name(m[1])]


def is_name(text: str) -> bool:
    """Whether `text` (2-3 characters) can be a person's name: it starts with a family name."""
    return text.startswith(DOUBLE_SURNAMES) or text[:1] in SURNAMES


# 责任科室：督导室, 责任单位：教务处、团委, 牵头部门：办公室, 责任人：王丽 (a table's 责任科室 column as outline.Table
# writes it, or a line of the text): who answers for the item, by name
_LABELLED = re.compile(r"(?:^|(?<=[。；;，,\s]))(?:责任|负责|牵头|承办|主办)(科室|单位|部门|处室|股室|处|科|人|领导)?\s*[:：]"
                       r"\s*([^。；;:：]{1,60})")
_NAMES_APART = re.compile(r"\s*[、，,/／\s]\s*")
_BODY_END = re.compile(r"(?:处|科|室|部|组|委|办|局|中心|会|校|院|队|班|所|站|股|团|馆)$")


def labelled(draft: Draft, text: str, line: int) -> list[str]:
    """The groups and people a label names (责任科室：督导室 → a group 督导室, once in the roster; 责任人：王丽 →
    a person): the ids of the groups, then the names of the people (draft.people holds them by name until
    ids are made). A name that is neither a known subject, a body (…室, …科, 团委) nor a person is skipped."""
    out: list[str] = []
    for m in _LABELLED.finditer(text):
        for name in (n for n in _NAMES_APART.split(m[2].strip()) if n):
            found = _labelled_one(draft, name, line, person_label=m[1] in ("人", "领导"))
            if found and found not in out:
                out.append(found)
    return out


def _labelled_one(draft: Draft, name: str, line: int, *, person_label: bool) -> str | None:
    known = next((s for s in SUBJECTS if s.pattern.fullmatch(name)), None)
    if known is not None:
        return register(draft, known.id, line, name)
    if (person_label or not _BODY_END.search(name)) and 2 <= len(name) <= 4 and is_name(name):
        if name not in draft.people.values():
            draft.people[f"~{len(draft.people)}"] = name
            draft.people_lines[name] = line
        return name
    if not _BODY_END.search(name) or len(name) > 12:
        return None
    existing = next((g.id for g in draft.groups.values() if g.name == name), None)
    return existing or _new_group(draft, name, line)


def _new_group(draft: Draft, name: str, line: int) -> str:
    from planctl.importer.ids import initials

    base = initials(name) or "group"
    group, n = base, 2
    while group in draft.groups or any(s.id == group for s in SUBJECTS):
        group, n = f"{base}{n}", n + 1
    draft.groups[group] = GroupDraft(group, name, False, line)
    return group
