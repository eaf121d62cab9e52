"""Messages for the person at the terminal: on stderr (stdout is for data), silenced by -q/--quiet."""

from __future__ import annotations

import sys

quiet = False  # set by `planctl -q …` (the root option) for the whole run
# The exit code the run has earned already (1 once errors in the plan were reported): a reader that
# stops early (`| head -1`) turns the run's exit into this, not into 0.
exit_floor = 0


def say(message: str, *, important: bool = False) -> None:
    """Print a message; `important` ones (warnings, why nothing happened) show even with -q. Plan text in
    it (a title) shows its hidden characters escaped (output/visible.py)."""
    if important or not quiet:
        from planctl.output.visible import visible

        print(visible(message), file=sys.stderr)
