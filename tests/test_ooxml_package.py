"""One check of an Office Open XML archive (importer/docx.checked_copy), for each kind of document: a file
that is not a zip, one with too many parts, one without its main part is refused alike, in the words of
its kind; a good one gives its XML parts only."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from planctl.importer.docx import MAX_ENTRIES, WORD, Package, checked_copy
from planctl.importer.draft import DocumentRefused
from planctl.importer.xlsx import EXCEL

KINDS = {"docx": (WORD, "Word"), "xlsx": (EXCEL, "Excel")}


def archive(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as made:
        for name in names:
            made.writestr(name, b"<x/>" if name.endswith((".xml", ".rels")) else b"\x89PNG")
    return out.getvalue()


def refusal(raw: bytes, kind: Package) -> str:
    with pytest.raises(DocumentRefused) as refused:
        checked_copy(Path("计划"), raw, kind)
    return str(refused.value)


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_is_checked_by_the_one_rule(name: str) -> None:
    kind, word = KINDS[name]
    assert word in refusal(b"not a zip archive at all", kind) and "not a zip archive" in refusal(b"PK", kind)
    assert kind.main in refusal(archive(["docProps/core.xml"]), kind)
    many = refusal(archive([kind.main, *(f"p/{i}.xml" for i in range(MAX_ENTRIES))]), kind)
    assert f"{MAX_ENTRIES + 1} parts in the archive" in many
    good = zipfile.ZipFile(io.BytesIO(checked_copy(Path("计划"), archive([kind.main, "media/a.png", "_rels/.rels"]), kind)))
    assert sorted(good.namelist()) == sorted([kind.main, "_rels/.rels"])  # media never unpacked
