"""The current time: the one place planctl asks for it.

Domain code never reads the clock (time is an input, passed down as `today` or `now`); the command
line asks here. `PLANCTL_NOW` pins the clock for tests and reproducible examples: an ISO time with
its UTC offset (`2026-11-25T08:30:00+08:00`), or without one, read as local wall-clock time.

`instant` turns a recorded time (a completion's `at`) into real time, so that stamps written in
different time zones, or on either side of a daylight-saving change, are ordered as they happened.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from planctl.errors import UsageError

PINNED = "PLANCTL_NOW"


def now() -> datetime:
    """The current time as an aware datetime in its own time zone (the local zone, or PLANCTL_NOW's
    offset), to the millisecond (`record_instant`). Raises UsageError when PLANCTL_NOW is set but is not
    an ISO time."""
    pinned = os.environ.get(PINNED)
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned.strip())
        except ValueError:
            from planctl.i18n import _

            raise UsageError(_("{name} must be a time such as 2026-11-25T08:30:00+08:00, not '{pinned}'").format(
                name=PINNED, pinned=pinned)) from None
    else:
        moment = datetime.now()
    return record_instant(instant(moment))


def record_instant(moment: datetime) -> datetime:
    """`moment` to the millisecond: the precision of a completion's `at`. The merge driver takes two
    entries with the same `at` for one record that reached both sides (docs/git.md), so two clones
    recording in the same second must not stamp alike, as whole seconds did."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def stamp_text(moment: datetime) -> str:
    """The ISO 8601 text of an `at`: 2026-11-25T08:30:00.125+08:00, or whole seconds
    (2026-11-25T08:30:00+08:00) when it has no fraction (a pinned PLANCTL_NOW, an `at` written so)."""
    return moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")


def today() -> date:
    """The current day, on the wall clock of `now()`."""
    return now().date()


def instant(moment: datetime) -> datetime:
    """`moment` as an aware datetime: one with a UTC offset is kept as it is; one without is local
    wall-clock time (the system's time zone, $TZ), given that zone's offset on that day.

    Aware datetimes compare by the instant they name, so these order stamps as they happened."""
    return moment if moment.tzinfo is not None else moment.astimezone()
