"""Word .docx files, automatic list numbering included, read safely.

Before any XML is parsed by docx2python, the archive is checked and rebuilt in memory:
- it must be a zip archive holding `word/document.xml`, with at most `MAX_ENTRIES` entries;
- only XML parts (`.xml`, `.rels`) are kept; images and other media are never decompressed;
- each part is at most `MAX_PART_BYTES` and all together at most `MAX_XML_BYTES` uncompressed, and a
  large part may not be compressed more than `MAX_RATIO` times (a zip bomb is refused from the
  archive's directory, before decompressing; zipfile never yields more than the declared size);
- every part is parsed once by defusedxml with DTDs forbidden, so entity expansion ("billion
  laughs") and external entities are refused; docx2python then reads only the checked copy.
Numbering comes from docx2python, which applies Word's numbering definitions: a list paragraph
arrives as tabs (one per level) and a marker (`1)`, `a)`, `--`); the importer keeps the level.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from planctl.i18n import N_, _
from planctl.importer.draft import Document, DocumentRefused, Line, table_lines

MAX_ENTRIES = 2000
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100
_LIST_ITEM = re.compile(r"^(\t*)(--|[0-9]+\)|[a-zA-Z]+\)|[ivxlcdmIVXLCDM]+\)|\W)\t(.*)$", re.S)


def read_docx(path: Path, raw: bytes) -> Document:
    """The paragraphs of a .docx, each list item with its level. Raises DocumentRefused."""
    safe = checked_copy(path, raw, WORD)
    try:
        from docx2python import docx2python
    except ImportError:  # pragma: no cover - a dependency
        raise DocumentRefused(_("reading .docx needs the docx2python package (pip install docx2python)")) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with docx2python(io.BytesIO(safe)) as content:
                body = content.body
    except Exception:  # docx2python raises many kinds on a broken document
        raise DocumentRefused(_("{path}: cannot read this Word document: its parts are not laid out as Word writes them").format(
            path=path), hint=_("open it in Word or WPS and save it again as .docx")) from None
    return Document(_body_lines(body), [])


class Package(NamedTuple):
    """A kind of Office Open XML document, as `checked_copy` checks it: the part every such document holds
    (`main`), and what to say when the file is not one (each message `N_`-marked, translated when said)."""

    main: str  # the part the document cannot be without: word/document.xml, xl/workbook.xml
    not_zip: str  # "{path}: not a … file (it is not a zip archive)"
    not_zip_hint: str  # what to do with an old binary file renamed
    too_many: str  # "{path}: {count} parts in the archive; a … has far fewer"
    no_main: str  # "{path}: not a … file (no <main>)"


WORD = Package("word/document.xml", N_("{path}: not a Word .docx file (it is not a zip archive)"),
               N_("an old .doc renamed to .docx must be saved as .docx from Word"),
               N_("{path}: {count} parts in the archive; a Word document has far fewer"),
               N_("{path}: not a Word .docx file (no word/document.xml)"))


def checked_copy(path: Path, raw: bytes, kind: Package) -> bytes:
    """The XML parts (`.xml`, `.rels`) of the zip archive `raw`, a document of `kind`, checked and copied
    (`checked_parts`): at most MAX_ENTRIES entries, `kind.main` among them. Raises DocumentRefused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError):
        raise DocumentRefused(_(kind.not_zip).format(path=path), hint=_(kind.not_zip_hint)) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise DocumentRefused(_(kind.too_many).format(path=path, count=len(entries)))
        parts = [e for e in entries if e.filename.endswith((".xml", ".rels")) and not e.is_dir()]
        if kind.main not in {e.filename for e in parts}:
            raise DocumentRefused(_(kind.no_main).format(path=path))
        return checked_parts(path, archive, parts)


def checked_parts(path: Path, archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> bytes:
    """A new zip archive of `parts` of `archive`, each checked (sizes, compression, no DTD or entities: the
    module docstring), for a reader (docx2python, openpyxl) to read instead of the file. Raises DocumentRefused."""
    _check_sizes(path, parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for entry in parts:
            data = _read_part(path, archive, entry)
            _check_xml(path, entry.filename, data)
            copy.writestr(entry.filename, data)
    return out.getvalue()


def _check_sizes(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    total = 0
    for entry in parts:
        if entry.file_size > MAX_PART_BYTES:
            raise DocumentRefused(_("{path}: part {part} unpacks to {size:,} bytes (limit {most:,})").format(
                path=path, part=entry.filename, size=entry.file_size, most=MAX_PART_BYTES))
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise DocumentRefused(_("{path}: part {part} is compressed {ratio} times (a zip bomb?); refused").format(
                path=path, part=entry.filename, ratio=entry.file_size // max(1, entry.compress_size)))
        total += entry.file_size
    if total > MAX_XML_BYTES:
        raise DocumentRefused(_("{path}: the document's XML unpacks to {size:,} bytes (limit {most:,})").format(
            path=path, size=total, most=MAX_XML_BYTES))


def _read_part(path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(entry) as handle:
            data = handle.read(entry.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise DocumentRefused(_("{path}: part {part} is damaged").format(path=path, part=entry.filename),
                              hint=_("open it in Word or WPS and save it again as .docx")) from None
    if len(data) > entry.file_size:  # pragma: no cover - zipfile stops at the declared size
        raise DocumentRefused(_("{path}: part {part} is larger than its archive says").format(path=path, part=entry.filename))
    return data


def _check_xml(path: Path, name: str, data: bytes) -> None:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise DocumentRefused(_("{path}: part {part} declares a DTD or entities (XML entity expansion); refused").format(
            path=path, part=name)) from None
    except SafeET.ParseError as exc:
        line, column = exc.position
        raise DocumentRefused(_("{path}: part {part} is not well-formed XML (line {line}, column {column})").format(
            path=path, part=name, line=line, column=column + 1)) from None


def _body_lines(body: Any) -> list[Line]:
    """docx2python's body is tables of rows of cells of paragraphs; text outside tables comes as
    1×1 tables. A real table's rows become lines as an .xlsx sheet's do (`draft.table_lines`): an empty
    cell kept in its place. docx2python gives a vertically merged cell (w:vMerge) to each row it spans and a
    horizontally merged one (w:gridSpan) to each column: a row whose cells all say the same is said once."""
    lines: list[Line] = []
    for table in body:
        rows = [row for row in table]
        if len(rows) > 1 or any(len(row) > 1 for row in rows):
            cells = [_once_if_merged_across([_cell_text(cell) for cell in row]) for row in rows]
            lines.extend(Line(len(lines) + 1, text) for text in table_lines(cells))
            continue
        for row in rows:
            for cell in row:
                for paragraph in cell:
                    _add_paragraph(lines, paragraph)
    return lines


def _cell_text(paragraphs: list[str]) -> str:
    """A cell's paragraphs on one line; a `|` in it is written ｜ so that it does not split the row."""
    return " ".join(" ".join(p.replace("\u3000", " ").split()) for p in paragraphs if p.strip()).replace("|", "｜")


def _once_if_merged_across(cells: list[str]) -> list[str]:
    """A row of one cell merged across the table (其他工作, a title), which docx2python repeats in each column,
    as that one cell; any other row as it is."""
    if len(cells) > 1 and cells[0] and all(cell == cells[0] for cell in cells):
        return [cells[0]]
    return cells


def _add_paragraph(lines: list[Line], paragraph: str) -> None:
    if not paragraph.strip():
        return
    level: int | None = None
    text = paragraph
    if m := _LIST_ITEM.match(paragraph):
        level, text = len(m[1]), m[3]
    cleaned = " ".join(text.replace("\u3000", " ").split())
    if cleaned:
        lines.append(Line(len(lines) + 1, cleaned, level))
