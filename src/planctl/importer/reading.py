"""From a document file to numbered lines, refusing what is hostile, broken or not a document.

Limits (each a clear refusal, exit 1, before anything large is read or decoded):
- the file: at most `MAX_DOCUMENT_BYTES` (20 MiB; a 100-page plan is well under 1 MiB as text), and
  its text at most `MAX_TEXT_CHARACTERS` (1,000,000 characters, about 1,000 pages), so that an
  import ends within about half a minute whatever the document;
- text: no NUL byte and almost no control characters (a binary file renamed .txt), and UTF-8,
  UTF-16 with a byte-order mark, or GB18030 (which includes GBK and GB2312);
- .docx: see `docx.py` (zip entries, sizes, compression ratio, no DTD or entities); .xlsx: `xlsx.py`, checked alike;
- .html: see `html.py` (the stdlib parser; scripts and styles are dropped, nothing is fetched).
`.doc`, `.pdf` and other formats are a usage error (exit 2) that says how to convert them.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from planctl.errors import UsageError, os_reason
from planctl.format.controls import hidden
from planctl.format.source import as_gb18030
from planctl.i18n import N_, _, listed, ngettext
from planctl.importer.draft import Document, DocumentRefused, Line
from planctl.importer.html import BOILERPLATE

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARACTERS = 1_000_000  # about 1,000 printed pages
CONTROL_SHARE = 0.01  # more control characters than this (besides tab, CR, LF, FF) is binary

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
CONVERT_HINTS = {
    ".doc": N_("save it as .docx (Word: File > Save As > Word Document; LibreOffice: soffice --convert-to docx FILE.doc)"),
    ".wps": N_("save it as .docx (WPS: 文件 > 另存为 > .docx)"),
    ".pdf": N_("copy its text into a .txt file (or: pdftotext -layout FILE.pdf FILE.txt), then import that"),
    ".rtf": N_("save it as .docx or .txt"),
    ".odt": N_("save it as .docx (LibreOffice: soffice --convert-to docx FILE.odt)"),
    ".xls": N_("save it as .xlsx (Excel or WPS: File > Save As > Excel Workbook)"),
    ".et": N_("save it as .xlsx (WPS: 文件 > 另存为 > .xlsx)"),
}


def read_document(path: Path) -> Document:
    """Read `path` by its suffix. Raises UsageError (missing file, unsupported format) or DocumentRefused."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise UsageError(_("{path} is a folder, not a document").format(path=path),
                         hint=_("give the document to import: planctl import reads .txt, .md, .docx, .xlsx and .html"))
    if suffix in CONVERT_HINTS:
        raise UsageError(_("{path}: planctl import cannot read {suffix} files").format(path=path, suffix=suffix),
                         hint=_(CONVERT_HINTS[suffix]))
    if suffix in (".yaml", ".yml"):
        raise UsageError(_("{path} is a plan (YAML), not a document to import").format(path=path),
                         hint=_("planctl import reads .txt, .md, .docx, .xlsx and .html; to check this plan: "
                                "planctl check -f {path}").format(path=path))
    if suffix not in (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", ".xlsx"):
        raise UsageError(_("{path}: unknown document type '{suffix}'").format(path=path, suffix=suffix or _("(none)")),
                         hint=_("planctl import reads .txt, .md, .docx, .xlsx and .html"))
    raw = read_bounded(path)
    if suffix == ".docx":
        from planctl.importer.docx import read_docx

        document = read_docx(path, raw)
    elif suffix == ".xlsx":
        from planctl.importer.xlsx import read_xlsx

        document = read_xlsx(path, raw)
    else:
        text, notices = decode_text(path, raw)
        if suffix in HTML_SUFFIXES:
            from planctl.importer.html import html_lines

            document = Document(html_lines(text), notices)
        else:
            document = Document(text_lines(text), notices)
    document = without_hidden(document)
    characters = sum(len(line.text) for line in document.lines)
    if characters > MAX_TEXT_CHARACTERS:
        raise DocumentRefused(_("{path}: {count:,} characters of text is too long for a plan document "
                                "(limit {most:,}, about 1,000 pages)").format(path=path, count=characters,
                                                                            most=MAX_TEXT_CHARACTERS))
    if not document.lines:
        raise DocumentRefused(_("{path}: no text found in the document").format(path=path))
    return document


def without_hidden(document: Document) -> Document:
    """`document` without the terminal control and invisible characters of format/controls.py (an escape
    sequence pasted into a .txt, a bidi override in a .docx): left out of its lines, each line that held
    some named in a notice (the import's report), a line of nothing else dropped."""
    lines: list[Line] = []
    notices = list(document.notices)
    for line in document.lines:
        found = hidden().findall(line.text)
        if not found:
            lines.append(line)
            continue
        codes = listed(dict.fromkeys(f"U+{ord(char):04X}" for char in found))
        notices.append(ngettext("line {line}: left out {count} terminal control or invisible character ({codes})",
                                "line {line}: left out {count} terminal control or invisible characters ({codes})",
                                len(found)).format(line=line.number, count=len(found), codes=codes))
        text = hidden().sub("", line.text).strip()
        if text:
            lines.append(line._replace(text=text))
    return Document(lines, notices)


def read_bounded(path: Path) -> bytes:
    """The file's bytes, refusing a missing file (exit 2) or one over MAX_DOCUMENT_BYTES (exit 1) before reading it."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UsageError(_("{path}: not a file").format(path=path))
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentRefused(_("{path}: {size:,} bytes is too large for a plan document (limit {most:,})").format(
                path=path, size=size, most=MAX_DOCUMENT_BYTES))
        with path.open("rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise UsageError(_("{path}: cannot read it ({error})").format(path=path, error=os_reason(exc))) from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(_("{path}: too large for a plan document (limit {most:,} bytes)").format(
            path=path, most=MAX_DOCUMENT_BYTES))
    if not raw.strip():
        raise DocumentRefused(_("{path}: the document is empty").format(path=path))
    return raw


def decode_text(path: Path, raw: bytes) -> tuple[str, list[str]]:
    """UTF-8 (BOM optional), UTF-16 with a BOM, else GB18030 (a superset of GBK and GB2312), with a notice."""
    notices: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(path, raw, "utf-16")
        notices.append(_("read as UTF-16 (the file starts with its byte-order mark)"))
    else:
        if b"\x00" in raw:
            raise DocumentRefused(_("{path}: a binary file (it holds NUL bytes), not a text document").format(path=path))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            legacy = as_gb18030(raw)
            text = legacy if legacy is not None else _decode(path, raw, "gb18030")
            notices.append(_("read as GB18030/GBK (not UTF-8) and converted to UTF-8"))
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(4, len(text) * CONTROL_SHARE):
        raise DocumentRefused(_("{path}: a binary file ({count} control characters), not a text document").format(
            path=path, count=controls))
    return text, notices


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentRefused(_("{path}: neither UTF-8 nor GB18030/GBK text (bad byte at {offset})").format(
                                  path=path, offset=exc.start),
                              hint=_("save it as UTF-8 text and import that")) from None


def text_lines(text: str) -> list[Line]:
    """Every non-blank line, stripped (Markdown heading marks and list bullets too), numbered from 1."""
    lines: list[Line] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = line.strip().lstrip("#").strip().replace("\u3000", " ").strip()
        if cleaned.startswith(("* ", "+ ", "- ")):
            cleaned = cleaned[2:].strip()
        if cleaned and not BOILERPLATE.match(cleaned):
            lines.append(Line(number, cleaned))
    return lines
