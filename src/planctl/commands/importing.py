"""`planctl import DOCUMENT`: a plan document (.txt/.md, .docx, .html) → a reviewed-ready plan.yaml."""

from __future__ import annotations

import sys
from pathlib import Path

from planctl.errors import EXIT_OK, UsageError, WriteRefused
from planctl.output import messages


def run_import(document: str, *, output: str | None, year: int | None, dry_run: bool, force: bool,
               report: str | None) -> int:
    """Import `document`; write the plan to `output` (default ./plan.yaml) atomically, or print it with
    `dry_run`. An existing plan is kept unless `force` (exit 2). The report goes to stderr and, with
    `report`, to that file as JSON."""
    from planctl.importer.plan import import_document, report_data, report_json, report_text

    if year is not None and not 1900 <= year <= 2999:
        raise UsageError(f"--year: {year} is not a plan year (1900 to 2999)")
    target = Path(output or "plan.yaml")
    if target.is_dir():
        target = target / "plan.yaml"
    if not dry_run and target.exists() and not force:
        raise UsageError(f"{target} already exists; nothing was written", hint="use --force to replace it, or -o ANOTHER.yaml")
    imported = import_document(Path(document), year=year, plan_name=str(target))
    data = report_data(imported, document)
    if report:
        _write(Path(report), report_json(data).encode("utf-8"))
    if dry_run:
        sys.stdout.write(imported.text)
        sys.stdout.flush()
    else:
        _write(target, imported.text.encode("utf-8"))
    messages.say(report_text(data))
    if not dry_run:
        warnings = f" ({len(imported.warnings)} warnings from 'planctl check')" if imported.warnings else ""
        messages.say(f"wrote {target}{warnings}: review the '# import:' comments, then run 'planctl check'")
    return EXIT_OK


def _write(path: Path, data: bytes) -> None:
    from planctl.store.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror}") from None
