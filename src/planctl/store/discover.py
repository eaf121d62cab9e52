"""Which plan file a command works on: --plan, else $PLANCTL_PLAN, else the nearest plan.yaml upward."""

from __future__ import annotations

import os
from pathlib import Path

from planctl.errors import UsageError
from planctl.i18n import _

PLAN_NAME = "plan.yaml"
ENV_PLAN = "PLANCTL_PLAN"


def find_plan(option: str | None, cwd: Path | None = None, environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    here = Path.cwd() if cwd is None else cwd
    given = option or env.get(ENV_PLAN)
    if given:
        path = Path(given)
        path = path if path.is_absolute() else here / path
        given_folder = path.is_dir()
        if given_folder:
            path = path / PLAN_NAME
        if not path.is_file():
            hint = None if option else _("the path comes from ${env}").format(env=ENV_PLAN)
            why = unusable(path)
            if why is None and given_folder and not path.exists():
                why = _("is a folder with no {PLAN_NAME} in it").format(PLAN_NAME=PLAN_NAME)
            raise UsageError(_("no such plan file: {given}").format(given=given) if why is None
                             else _("{given} {why}").format(given=given, why=why), hint=hint)
        return path
    for folder in (here, *here.parents):
        candidate = folder / PLAN_NAME
        if candidate.is_file():
            return candidate
        if (why := unusable(candidate)) is not None:
            raise UsageError(_("{given} {why}").format(given=display_path(candidate, here), why=why))
    raise UsageError(_("no {PLAN_NAME} here or in any parent folder of {here}").format(PLAN_NAME=PLAN_NAME, here=here),
                     hint=_("start one with 'planctl init' (writes ./{PLAN_NAME}), or name one with --plan PATH or ${ENV_PLAN}").format(
                              PLAN_NAME=PLAN_NAME, ENV_PLAN=ENV_PLAN))


def unusable(path: Path) -> str | None:
    """Why an existing name cannot be read as a plan: a link to nothing or in a circle, a device, a
    pipe or another kind of file than a regular one; None when nothing is there (or it is a file)."""
    if path.is_symlink() and not path.exists():
        try:
            target = os.readlink(path)
        except OSError:  # removed meanwhile
            return None
        try:
            path.resolve(strict=True)
        except RuntimeError:
            return _("is a link in a circle (through {target})").format(target=target)
        except OSError:
            return _("is a link to {target}, which does not exist").format(target=target)
        return None
    if path.exists() and not path.is_file() and not path.is_dir():
        return _("is not a regular file (a device, a pipe or a socket)")
    return None


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path as a user would type it: relative to the current folder when inside it."""
    here = Path.cwd() if cwd is None else cwd
    try:
        return str(path.relative_to(here))
    except ValueError:
        return str(path)
