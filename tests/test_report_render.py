"""The report and the chart opened in the programs people use: LibreOffice reads the workbook, Chromium draws
the HTML page and the SVG with Chinese as text (not empty boxes), and nothing in them points outside.

Needs chromium, soffice and a CJK font: `scripts/install-test-tools` installs them (Debian). Without them
these tests fail and say so; they do not skip.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from test_views import TODAY, invoke, logged_plan  # noqa: F401

INSTALL = "run scripts/install-test-tools (it installs chromium, fonts-noto-cjk and libreoffice-calc-nogui)"
# CJK ideographs, their punctuation and full-width forms: what must show as glyphs.
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TOFU = "\U0010fffd"  # a private-use code point no font has: drawn as the missing-glyph box


def need(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.fail(f"{program} is not installed; {INSTALL}")
    return found


@pytest.fixture(scope="session")
def cjk_font() -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    if "Noto Sans CJK" not in fonts:
        pytest.fail(f"no Noto Sans CJK font; {INSTALL}")


def report(plan: Path, path: Path, *args: str) -> Path:
    result = invoke(["report", "--plan", str(plan), "--today", TODAY, "-o", str(path), *args])
    assert result.exit_code == 0, result.stderr
    return path


# LibreOffice


@pytest.fixture(scope="session")
def converted(logged_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[list[str]]]]:  # noqa: F811
    """The week's workbook and every sheet of it as LibreOffice saves it to CSV (one start of LibreOffice a session)."""
    soffice = need("soffice")
    folder = tmp_path_factory.mktemp("soffice")
    book = report(logged_plan, folder / "week.xlsx")
    # CSV filter options: comma, double quote, UTF-8, from line 1, …, cell contents as shown, every sheet (-1).
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    run = subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to",
                          options, "--outdir", str(folder), str(book)], capture_output=True, text=True, timeout=120,
                         check=False)
    sheets = {}
    for name in ("完成台账", "配额", "任务"):
        path = folder / f"week-{name}.csv"
        assert path.exists(), f"LibreOffice did not write {path.name}: {run.stdout}{run.stderr}"
        sheets[name] = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    return book, sheets


def shown(value: object, number_format: str) -> str:
    """A cell as a spreadsheet shows it: dates yyyy-mm-dd, 0% rounded half up, numbers without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and number_format == "0%":
        return f"{Decimal(str(value * 100)).quantize(Decimal(1), ROUND_HALF_UP)}%"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def test_libreoffice_reads_what_openpyxl_reads(converted: tuple[Path, dict[str, list[list[str]]]]) -> None:
    import openpyxl

    book, sheets = converted
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == list(sheets)
    for name, rows in sheets.items():
        expected = [[shown(cell.value, cell.number_format) for cell in row] for row in workbook[name].iter_rows()]
        assert rows == expected, name
    assert sheets["完成台账"][1][:3] == ["2009-04-06", "2q1", "处中心组集中学习"]
    assert any(row[-1] == "达标" for row in sheets["配额"])


# Chromium


def render(page: Path, png: Path, width: int, height: int) -> subprocess.Popen[bytes]:
    """Start headless Chromium drawing `page` to `png`; no network (every host name fails to resolve)."""
    chromium = need("chromium")
    profile = png.with_suffix(".profile")
    return subprocess.Popen([
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", f"--window-size={width},{height}",
        f"--screenshot={png}", page.as_uri()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def renders(variants: dict[str, str], folder: Path, suffix: str, size: tuple[int, int]) -> dict[str, Image.Image]:
    """Each text drawn by Chromium (all at once), in grey."""

    jobs = {}
    for name, text in variants.items():
        page = folder / f"{name}{suffix}"
        page.write_text(text, encoding="utf-8")
        jobs[name] = (folder / f"{name}.png", render(page, folder / f"{name}.png", *size))
    out = {}
    for name, (png, job) in jobs.items():
        assert job.wait(timeout=120) == 0 and png.exists(), f"chromium drew no {png.name}"
        with Image.open(png) as image:
            out[name] = image.convert("L")
    return out


def differing(a: Image.Image, b: Image.Image) -> int:
    """How many pixels differ clearly (by more than 40 of 255 grey levels)."""
    return ImageChops.difference(a, b).point(lambda v: 255 if v > 40 else 0).histogram()[255]


def check_chinese_shows(text: str, folder: Path, suffix: str, size: tuple[int, int]) -> None:
    """Drawn as is, with its Chinese taken out, and with its Chinese as missing-glyph boxes: the Chinese must
    make a visible difference (it is drawn), and a different one from boxes (it is not tofu)."""
    drawn = renders({"page": text, "blank": CJK.sub("", text), "tofu": CJK.sub(TOFU, text)}, folder, suffix, size)
    area = size[0] * size[1]
    assert differing(drawn["page"], drawn["blank"]) > area // 500, "the Chinese text is not drawn"
    assert differing(drawn["page"], drawn["tofu"]) > area // 500, "the Chinese text is drawn as empty boxes"


def test_html_report_shows_chinese(logged_plan: Path, tmp_path: Path, cjk_font: None) -> None:  # noqa: F811
    page = report(logged_plan, tmp_path / "week.html").read_text(encoding="utf-8")
    assert not re.search(r"https?:|//[a-z]", page, re.I), "the page points outside"
    assert "<script" not in page and "<link" not in page and "@import" not in page
    check_chinese_shows(page, tmp_path, ".html", (1280, 1400))


def test_timeline_svg_shows_chinese(logged_plan: Path, tmp_path: Path, cjk_font: None) -> None:  # noqa: F811
    svg = tmp_path / "plan.svg"
    assert invoke(["timeline", "--plan", str(logged_plan), "--today", TODAY, "--svg", str(svg)]).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\s\"'<>]+", text) == ["http://www.w3.org/2000/svg"]  # a namespace, never fetched
    width, height = (int(float(v)) for v in re.findall(r'<svg [^>]*?width="([\d.]+)" height="([\d.]+)"', text)[0])
    check_chinese_shows(text, tmp_path, ".svg", (width, height))
