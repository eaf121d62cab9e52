"""`planctl import DOCUMENT`: a plan document (.txt/.md, .docx, .xlsx, .html) → a reviewed-ready plan.yaml."""

from __future__ import annotations

import sys
from pathlib import Path

from planctl.errors import EXIT_OK, UsageError
from planctl.i18n import _, ngettext
from planctl.output import messages


def run_import(document: str, *, output: str | None, year: int | None, dry_run: bool, force: bool,
               report: str | None) -> int:
    """Import `document`; write the plan to `output` (default ./plan.yaml) atomically, or print it with
    `dry_run` (which writes nothing at all). An existing file (plan or report) is kept unless `force`,
    and neither is ever written over the document (exit 2; store/output_file.py). The report goes to
    stderr and, with `report`, to that file as JSON."""
    from planctl.importer.plan import import_document, report_data, report_json
    from planctl.importer.reading import read_document
    from planctl.output.diagnostics import import_report_text

    if year is not None and not 1900 <= year <= 2999:
        raise UsageError(_("--year: {year} is not a plan year (1900 to 2999)").format(year=year))
    from planctl.store.output_file import Existing, check_output, write_output

    read = read_document(Path(document))  # a document planctl cannot read is told first: --force would not help
    target = Path(output or "plan.yaml")
    if target.is_dir():
        target = target / "plan.yaml"
    source = [(Path(document), _("the document"))]
    # A dry run refuses what the real run would, with the same exit code (it writes nothing either way)
    if output is None:
        _check_default_target(target, Path(document), force)
    check_output(target, option="-o", reading=source, existing=Existing.NEEDS_FORCE, force=force)
    report_path = Path(report) if report else None
    report_reading = [*source, (target, _("the plan being written"))]
    if report_path is not None:
        check_output(report_path, option="--report", reading=report_reading, existing=Existing.NEEDS_FORCE,
                     force=force)
    imported = import_document(Path(document), year=year, plan_name=str(target), document=read)
    data = report_data(imported, document)
    if dry_run:
        sys.stdout.write(imported.text)
        sys.stdout.flush()
    else:
        if report_path is not None:
            write_output(report_path, report_json(data).encode("utf-8"), option="--report", reading=report_reading,
                         existing=Existing.NEEDS_FORCE, force=force)
        write_output(target, imported.text.encode("utf-8"), option="-o", reading=source,
                     existing=Existing.NEEDS_FORCE, force=force)
    messages.say(import_report_text(data))
    if dry_run and report_path is not None:
        messages.say(_("--dry-run: {report_path} was not written (nothing is)").format(report_path=report_path))
    if not dry_run:
        warnings = ngettext(" ({n} warning from 'planctl check')", " ({n} warnings from 'planctl check')",
                            len(imported.warnings)).format(n=len(imported.warnings)) if imported.warnings else ""
        messages.say(_("wrote {target}{warnings}: review the '# import:' comments, then run 'planctl check'").format(
                         target=target, warnings=warnings))
    return EXIT_OK



def _check_default_target(target: Path, document: Path, force: bool) -> None:
    """The refusals of the plan written where no `-o` was given (./plan.yaml), worded for what the user
    typed: an existing plan.yaml (without --force) or the document itself is named as the default, not as
    an `-o` they never wrote. UsageError (exit 2), nothing written."""
    from planctl.store.output_file import same_file

    if same_file(target, document):
        raise UsageError(_("{document} is the file planctl import writes the plan to when no -o is given; nothing was "
                           "written").format(document=document), hint=_("give the plan another file name: -o FILE"))
    if (target.exists() or target.is_symlink()) and not force:
        raise UsageError(_("{target} already exists here (planctl import writes its plan there when no -o is given); "
                           "nothing was written").format(target=target),
                         hint=_("use --force to replace it, or give another file name: -o FILE"))
