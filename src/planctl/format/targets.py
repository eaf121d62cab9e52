"""The grammar of a quota's target: a floor or a ceiling, an amount or a rate in percent, and its pace.

`target: 5` is a floor (at least 5, today's reading). A ceiling is written `target: {at-most: 20}` or as
plan documents write it, `target: ≤ 20`, `<= 20`, `不超过20`, `至多20`, `最多20`, `20次以内`, `20次以下`; a
floor may be written the same ways (`{at-least: 95%}`, `≥ 95%`, `>= 95%`, `不低于95%`, `不少于5`, `至少5`,
`达100%`, `5次以上`). 以上, 以下 and 以内 include the figure itself, as Chinese law reads them (民法典 第1259条).
The figure may carry the quota's unit (`不超过20次`; the loader checks it is the quota's). A figure ending
in `%` is a rate: the quota's unit is `%` (docs/plan-format.md, "Targets").
"""

from __future__ import annotations

import re

from planctl.i18n import _
from planctl.records import NamedTuple

AT_LEAST = "at-least"
AT_MOST = "at-most"
BOUNDS = (AT_LEAST, AT_MOST)

# pace: how a quota is judged before its period ends (status/quotas.py `paced` applies the default)
EVEN = "even"  # steady progress over the period is expected: "behind pace", "over pace"
NONE = "none"  # a one-off: only what is left and the deadline count
PACES = (EVEN, NONE)

# The words before a figure that say which bound it is (longest first where one begins another).
_BOUND_WORDS = {
    "<=": AT_MOST, "≤": AT_MOST, "＜=": AT_MOST, "不超过": AT_MOST, "不多于": AT_MOST, "不高于": AT_MOST,
    "至多": AT_MOST, "最多": AT_MOST,
    ">=": AT_LEAST, "≥": AT_LEAST, "＞=": AT_LEAST, "不低于": AT_LEAST, "不少于": AT_LEAST, "至少": AT_LEAST,
    "达到": AT_LEAST, "达": AT_LEAST,
}
# The words after a figure (and its unit): 以上 at least, 以下 / 以内 at most, the figure included.
_AFTER_WORDS = {"以上": AT_LEAST, "以下": AT_MOST, "以内": AT_MOST}
_TARGET = re.compile(
    r"\s*(?P<word>" + "|".join(re.escape(w) for w in sorted(_BOUND_WORDS, key=len, reverse=True)) + r")?"
    r"\s*(?P<number>-?\d+(?:\.\d+)?)\s*(?:(?P<percent>[%％])|(?P<unit>[^\d\s%％.,以]+))?"
    r"\s*(?P<after>以上|以下|以内)?\s*$"
)
FORMS = "20, ≤ 20, <= 20, 不超过20次, 20次以内, ≥ 95%, >= 95%, 不低于95%, {at-most: 20}, {at-least: 95%}"
PERCENT_WORDS = ("%", "％")


class TargetError(ValueError):
    pass


class Target(NamedTuple):
    """A target as written: its bound (AT_LEAST or AT_MOST), its figure, whether it is a rate (ends in %),
    and the unit word written after the figure (`次` of `不超过20次`), or ""."""

    bound: str
    value: float
    percent: bool
    unit: str = ""


def parse_target(text: str, bound: str | None = None) -> Target:
    """Read a target written as text: `≤ 20`, `<= 20`, `不超过20`, `≥ 95%`, `95%`, `达100%`, `20`.

    `bound`: the bound a mapping's key already gave (`{at-most: 20}`); a word that says the other one is
    an error. TargetError names the accepted forms when the text is none of them.
    """
    match = _TARGET.match(text)
    if match is None:
        raise TargetError(_("cannot read '{text}' as a target (write one of {forms})").format(text=text, forms=FORMS))
    before, after = _BOUND_WORDS.get(match["word"] or ""), _AFTER_WORDS.get(match["after"] or "")
    if before is not None and after is not None and before != after:
        raise TargetError(_("'{text}' says both {before} and {after}; keep one").format(text=text, before=before, after=after))
    said = before or after
    if bound is not None and said is not None and said != bound:
        raise TargetError(_("'{text}' says {said} under '{bound}'; write the figure alone").format(
            text=text, said=said, bound=bound))
    return Target(bound or said or AT_LEAST, float(match["number"]), match["percent"] is not None, match["unit"] or "")


def bound_words(bound: str) -> str:
    """How a row says its target: "at most" for a ceiling, "" for a floor (today's reading)."""
    return _("at most ") if bound == AT_MOST else ""


def target_pattern() -> str:
    """The JSON Schema pattern of a target written as text (`≤ 20`, `不超过20`, `≥ 95%`, `95%`): the same
    words as `parse_target`, without named groups (JavaScript reads it too); unlike it, no minus sign: a
    negative target is never valid, and `parse_target` reads one only so that `check` can say why."""
    words = "|".join(re.escape(w) for w in sorted(_BOUND_WORDS, key=len, reverse=True))
    return rf"^\s*(?:{words})?\s*[0-9]+(?:\.[0-9]+)?\s*(?:[%％]|[^0-9\s%％.,以]+)?\s*(?:以上|以下|以内)?\s*$"
