"""What several commands share: finding and loading the plan, reading dates typed on the command line."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planctl.errors import UsageError
from planctl.format.loaded import Loaded
from planctl.model import Plan
from planctl.output.spinner import working
from planctl.store.discover import display_path, find_plan
from planctl.store.planfile import open_plan


def load_plan(option: str | None) -> Loaded:
    """Discover and load the plan, whatever its problems (for `check`)."""
    path = find_plan(option)
    return open_plan(path, display_path(path), require_valid=False, slow=working).loaded


def load_valid_plan(option: str | None) -> tuple[Loaded, Plan]:
    """Discover and load the plan, refusing one with errors (warnings pass)."""
    path = find_plan(option)
    file = open_plan(path, display_path(path), require_valid=True, slow=working)
    return file.loaded, file.plan


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1, "今天": 0, "昨天": -1, "明天": 1}


def parse_cli_date(text: str, real_today: date, plan_year: int | None, what: str = "--today") -> date:
    """A day typed on the command line: ISO, 2009/4/12, Apr 12 2009, 4月12日, today, yesterday, tomorrow."""
    cleaned = text.strip()
    if not cleaned:
        raise UsageError(f"{what}: empty date")
    if cleaned.lower() in _RELATIVE:
        return real_today + timedelta(days=_RELATIVE[cleaned.lower()])
    if "月" in cleaned or "年" in cleaned:
        from planctl.format.dates import DateError, parse_date

        try:
            return parse_date(cleaned, plan_year or real_today.year)
        except DateError as exc:
            raise UsageError(f"{what}: {exc}") from None
    if ISO_DAY.fullmatch(cleaned):  # the common case, without importing dateutil
        try:
            return date.fromisoformat(cleaned)
        except ValueError as exc:
            raise UsageError(f"{what}: '{text}' is not a day ({exc})") from None
    return _dateutil_day(cleaned, text, plan_year or real_today.year, what)


def _dateutil_day(cleaned: str, text: str, year: int, what: str) -> date:
    """python-dateutil reads the other forms; a text without both a month and a day is refused.

    dateutil fills what is missing from a default, so parsing with two defaults that differ in
    month and day shows whether the text gave them itself.
    """
    from datetime import datetime

    from dateutil import parser

    first: datetime | None
    second: datetime | None
    try:
        first = parser.parse(cleaned, default=datetime(year, 1, 1))
        second = parser.parse(cleaned, default=datetime(year, 2, 2))
    except (ValueError, OverflowError):
        first = second = None
    if first is None or second is None or (first.month, first.day) != (second.month, second.day):
        raise UsageError(
            f"{what}: cannot read '{text}' as a day",
            hint="try 2009-04-12, 2009/4/12, 'Apr 12 2009', 4月12日, today, yesterday or tomorrow",
        )
    return first.date()
