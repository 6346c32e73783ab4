"""Build the bundled sample documents in resources/samples/ from tools/sample_sources/.

Each source is a Markdown-like file with a front matter block, and
tools/sample_sources/README.md describes the syntax. The script renders every source
to its output format (PDF, DOCX, MD or TXT), writes one ``.vnsearch.json``
sidecar per department folder and ``questions.jsonl``, and then checks the
outputs: every block of source text must be found again in the text extracted
from the output file, and every question's evidence must occur in exactly one
document (on exactly one page for PDFs).

Run from the repository root:

    python tools/build_samples.py

Outputs are deterministic: PDF and DOCX dates are fixed and DOCX zip entries
get a fixed timestamp, so rebuilding with the same library versions does not
change the binaries. The script exits with status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import shutil
import sys
import textwrap
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from fpdf.fonts import FontFace

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO_ROOT / "tools" / "sample_sources"
OUTPUT_DIR = REPO_ROOT / "resources" / "samples"
FONT_DIR = REPO_ROOT / "resources" / "fonts"

COMPANY = "Công ty Cổ phần Công nghệ Sao Mai"
# Fixed dates for PDF/DOCX metadata and DOCX zip entries, so rebuilds are byte-identical.
FIXED_DATE = dt.datetime(2024, 11, 1, 8, 0, 0, tzinfo=dt.UTC)
ZIP_DATE = (2024, 11, 1, 8, 0, 0)

# Department folder -> (department name stored in the sidecar, default tag).
DEPARTMENTS: dict[str, tuple[str, str]] = {
    "nhan-su": ("Nhân sự", "nhân sự"),
    "cong-nghe-thong-tin": ("Công nghệ thông tin", "công nghệ thông tin"),
    "an-ninh": ("An ninh", "an ninh"),
    "tai-chinh": ("Tài chính", "tài chính"),
    "hanh-chinh": ("Hành chính", "hành chính"),
}
DOC_TYPES = ("policy", "procedure", "technical_guide", "report", "other")
ACCESS_LABELS = ("Công khai", "Nội bộ", "Mật", "Tối mật")
FORMATS = ("pdf", "docx", "md", "txt")
SIDECAR_NAME = ".vnsearch.json"
REQUIRED_KEYS = {"title", "format", "doc_type", "access_level", "tags"}
OPTIONAL_KEYS = {"header", "footer", "bom"}
QUESTIONS_SOURCE = SOURCE_DIR / "questions.jsonl"
QUESTIONS_OUTPUT = OUTPUT_DIR / "questions.jsonl"
TXT_WIDTH = 80
# The samples ship inside the application package, so keep them small.
MAX_OUTPUT_BYTES = 3 * 1024 * 1024


class BuildError(Exception):
    """A source file is invalid or an output failed a check."""


# ---------------------------------------------------------------------------
# Source model and parser
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One body element: a heading (level 1 or 2), paragraph, bullet list or table.

    ``lines`` contains the heading or paragraph text as one item, or one item per
    bullet. A table stores its header row and body rows in ``rows`` instead.
    """

    kind: str  # "heading", "paragraph", "bullets" or "table"
    lines: tuple[str, ...] = ()
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass
class SampleDoc:
    """A parsed source document and where its output goes."""

    source: Path
    department_folder: str
    stem: str
    title: str
    fmt: str
    doc_type: str
    access_level: int
    tags: list[str]
    header: str | None
    footer: str | None
    bom: bool
    blocks: list[Block] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"{self.stem}.{self.fmt}"

    @property
    def relative_path(self) -> str:
        """Output path relative to resources/samples, with forward slashes."""
        return f"{self.department_folder}/{self.file_name}"


def parse_front_matter(text: str, source: Path) -> tuple[dict[str, str], str]:
    """Split ``---``-delimited ``key: value`` front matter from the body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise BuildError(f"{source}: missing front matter (first line must be '---')")
    try:
        end = lines.index("---", 1)
    except ValueError as exc:
        raise BuildError(f"{source}: front matter is not closed with '---'") from exc

    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise BuildError(f"{source}:{number}: expected 'key: value', got {line!r}")
        meta[key.strip()] = value.strip()
    return meta, "\n".join(lines[end + 1 :])


def parse_table_row(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def is_table_separator(row: tuple[str, ...]) -> bool:
    return all(re.fullmatch(r":?-{3,}:?", cell) for cell in row)


def parse_table(lines: list[str], source: Path) -> Block:
    """Parse pipe-table lines. The first row is the header, the second a ``---`` separator."""
    rows = [parse_table_row(line) for line in lines]
    if len(rows) < 3 or not is_table_separator(rows[1]):
        raise BuildError(f"{source}: table must have a header, a '---' separator and a row")
    body = [rows[0], *rows[2:]]
    width = len(rows[0])
    for row in body:
        if len(row) != width:
            raise BuildError(f"{source}: table row has {len(row)} cells, expected {width}: {row}")
    return Block(kind="table", rows=tuple(body))


def parse_body(body: str, source: Path) -> list[Block]:
    """Parse the body into blocks. Blank lines separate paragraphs."""
    blocks: list[Block] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
            continue
        if line.startswith("## "):
            blocks.append(Block(kind="heading", level=2, lines=(line[3:].strip(),)))
            i += 1
        elif line.startswith("# "):
            blocks.append(Block(kind="heading", level=1, lines=(line[2:].strip(),)))
            i += 1
        elif line.startswith("|"):
            table_lines = []
            while i < len(lines) and lines[i].startswith("|"):
                table_lines.append(lines[i])
                i += 1
            blocks.append(parse_table(table_lines, source))
        elif line.startswith("- "):
            items: list[str] = []
            while i < len(lines) and lines[i].strip():
                current = lines[i].rstrip()
                if current.startswith("- "):
                    items.append(current[2:].strip())
                elif current[0].isspace():
                    # An indented continuation line belongs to the previous item.
                    items[-1] = f"{items[-1]} {current.strip()}"
                else:
                    break
                i += 1
            blocks.append(Block(kind="bullets", lines=tuple(items)))
        else:
            parts: list[str] = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("#", "|", "- ")):
                parts.append(lines[i].strip())
                i += 1
            blocks.append(Block(kind="paragraph", lines=(" ".join(parts),)))
    return blocks


def load_source(source: Path) -> SampleDoc:
    """Parse and validate one source file."""
    text = source.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", text) != text:
        raise BuildError(f"{source}: text is not NFC-normalised")
    meta, body = parse_front_matter(text, source)

    missing = REQUIRED_KEYS - meta.keys()
    if missing:
        raise BuildError(f"{source}: missing front matter keys: {sorted(missing)}")
    unknown = meta.keys() - REQUIRED_KEYS - OPTIONAL_KEYS
    if unknown:
        raise BuildError(f"{source}: unknown front matter keys: {sorted(unknown)}")
    folder = source.parent.name
    if folder not in DEPARTMENTS:
        raise BuildError(f"{source}: folder {folder!r} is not one of {sorted(DEPARTMENTS)}")
    fmt = meta["format"]
    if fmt not in FORMATS:
        raise BuildError(f"{source}: format {fmt!r} is not one of {FORMATS}")
    if meta["doc_type"] not in DOC_TYPES:
        raise BuildError(f"{source}: doc_type {meta['doc_type']!r} is not one of {DOC_TYPES}")
    if meta["access_level"] not in {"0", "1", "2", "3"}:
        raise BuildError(f"{source}: access_level {meta['access_level']!r} is not 0, 1, 2 or 3")
    access_level = int(meta["access_level"])
    tags = [tag.strip() for tag in meta["tags"].split(",") if tag.strip()]
    if not 1 <= len(tags) <= 4:
        raise BuildError(f"{source}: expected 1-4 tags, got {len(tags)}")

    bom = meta.get("bom", "false")
    if bom not in {"true", "false"} or (bom == "true" and fmt != "txt"):
        raise BuildError(f"{source}: bom must be 'true' or 'false', and 'true' only for txt")

    blocks = parse_body(body, source)
    if not blocks:
        raise BuildError(f"{source}: body is empty")
    return SampleDoc(
        source=source,
        department_folder=folder,
        stem=source.stem,
        title=meta["title"],
        fmt=fmt,
        doc_type=meta["doc_type"],
        access_level=access_level,
        tags=tags,
        header=meta.get("header"),
        footer=meta.get("footer"),
        bom=bom == "true",
        blocks=blocks,
    )


def load_sources() -> list[SampleDoc]:
    docs = [load_source(path) for path in sorted(SOURCE_DIR.glob("*/*.md"))]
    if not docs:
        raise BuildError(f"no sources found under {SOURCE_DIR}")
    return docs


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

PDF_FONT = "DejaVuSans"
PDF_BODY_SIZE = 10.5
PDF_LINE_HEIGHT = 5.6  # mm
PDF_MARGIN = 20  # mm


class SamplePDF(FPDF):
    """A4 page with a running header (company, access level) and footer (title, page)."""

    def __init__(self, doc: SampleDoc) -> None:
        super().__init__(format="A4")
        self.doc = doc

    def header(self) -> None:
        self.set_font(PDF_FONT, size=8)
        self.set_text_color(110)
        self.cell(0, 5, COMPANY, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Mức độ: {ACCESS_LABELS[self.doc.access_level]}", align="R")
        self.ln(10)
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(PDF_FONT, size=8)
        self.set_text_color(110)
        self.cell(0, 5, pdf_footer_text(self.doc, self.page_no()), align="C")
        self.set_text_color(0)


def pdf_footer_text(doc: SampleDoc, page: int, total: str = "{nb}") -> str:
    return f"{doc.title} — Trang {page}/{total}"


def pdf_header_texts(doc: SampleDoc) -> tuple[str, str]:
    return COMPANY, f"Mức độ: {ACCESS_LABELS[doc.access_level]}"


def render_pdf(doc: SampleDoc, target: Path) -> None:
    """Write ``doc`` as a PDF with embedded DejaVu Sans so Vietnamese text is extractable."""
    pdf = SamplePDF(doc)
    pdf.add_font(PDF_FONT, style="", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(PDF_FONT, style="B", fname=str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(PDF_MARGIN, PDF_MARGIN, PDF_MARGIN)
    pdf.set_auto_page_break(auto=True, margin=PDF_MARGIN)
    pdf.set_title(doc.title)
    pdf.set_author(COMPANY)
    pdf.set_subject(f"{DEPARTMENTS[doc.department_folder][0]} — {doc.doc_type}")
    pdf.set_keywords(", ".join(doc.tags))
    pdf.set_creator("vnsearch tools/build_samples.py")
    pdf.set_lang("vi-VN")
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()

    pdf.set_font(PDF_FONT, style="B", size=16)
    pdf.multi_cell(0, 8, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    for block in doc.blocks:
        if block.kind == "heading":
            # Keep a heading together with at least a few lines of what follows it.
            if pdf.get_y() > pdf.page_break_trigger - 30:
                pdf.add_page()
            size = 12.5 if block.level == 1 else 11
            pdf.ln(2)
            pdf.set_font(PDF_FONT, style="B", size=size)
            pdf.multi_cell(0, 6.5, block.lines[0], new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif block.kind == "paragraph":
            pdf.set_font(PDF_FONT, size=PDF_BODY_SIZE)
            pdf.multi_cell(
                0, PDF_LINE_HEIGHT, block.lines[0], align="J", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(2)
        elif block.kind == "bullets":
            pdf.set_font(PDF_FONT, size=PDF_BODY_SIZE)
            for item in block.lines:
                pdf.set_x(PDF_MARGIN + 3)
                pdf.cell(5, PDF_LINE_HEIGHT, "•")
                pdf.multi_cell(0, PDF_LINE_HEIGHT, item, align="J", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(0.8)
            pdf.ln(1.5)
        elif block.kind == "table":
            render_pdf_table(pdf, block)
    pdf.output(str(target))


def pdf_column_widths(pdf: FPDF, rows: tuple[tuple[str, ...], ...]) -> list[float]:
    """Return column widths in mm that fill the page width.

    Each column gets at least the width of its longest word, so no word is
    split across lines, and the remaining width is shared in proportion to how
    much wider each column's longest cell is than that minimum. Text widths are
    measured in the current font and enlarged by 10% to allow for the bold
    header row; 4 mm is added for cell padding.
    """
    padding = 4.0
    minimum: list[float] = []
    desired: list[float] = []
    for col in range(len(rows[0])):
        cells = [row[col] for row in rows]
        words = [word for cell in cells for word in cell.split()] or [""]
        minimum.append(max(pdf.get_string_width(w) for w in words) * 1.1 + padding)
        desired.append(max(pdf.get_string_width(c) for c in cells) * 1.1 + padding)

    available = pdf.epw
    if sum(desired) <= available:
        return [width * available / sum(desired) for width in desired]
    extra = available - sum(minimum)
    if extra <= 0:
        raise BuildError(f"table words do not fit the page width: {rows[0]}")
    slack = [d - m for d, m in zip(desired, minimum, strict=True)]
    return [m + extra * s / sum(slack) for m, s in zip(minimum, slack, strict=True)]


def render_pdf_table(pdf: FPDF, block: Block) -> None:
    pdf.set_font(PDF_FONT, size=9.5)
    headings = FontFace(emphasis="BOLD", fill_color=(225, 230, 240))
    with pdf.table(
        text_align="LEFT",
        line_height=5,
        headings_style=headings,
        padding=1.5,
        col_widths=pdf_column_widths(pdf, block.rows),
    ) as table:
        for row in block.rows:
            table_row = table.row()
            for cell in row:
                table_row.cell(cell)
    pdf.ln(3)


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def render_docx(doc: SampleDoc, target: Path) -> None:
    """Write ``doc`` as DOCX with Heading 1/2 styles, grid tables and fixed core properties."""
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)

    props = document.core_properties
    props.title = doc.title
    props.author = COMPANY
    props.last_modified_by = COMPANY
    props.subject = DEPARTMENTS[doc.department_folder][0]
    props.keywords = ", ".join(doc.tags)
    props.category = doc.doc_type
    props.language = "vi-VN"
    props.comments = "Tài liệu mẫu hư cấu của vnsearch"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    section = document.sections[0]
    if doc.header:
        section.header.paragraphs[0].text = doc.header
    if doc.footer:
        footer_paragraph = section.footer.paragraphs[0]
        footer_paragraph.text = doc.footer
        footer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading(doc.title, level=0)
    for block in doc.blocks:
        if block.kind == "heading":
            document.add_heading(block.lines[0], level=block.level)
        elif block.kind == "paragraph":
            paragraph = document.add_paragraph(block.lines[0])
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif block.kind == "bullets":
            for item in block.lines:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            render_docx_table(document, block)

    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(normalise_zip(buffer.getvalue()))


def render_docx_table(document: docx.document.Document, block: Block) -> None:
    header, *body = block.rows
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in body:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed entry timestamps, keeping entry order and content.

    python-docx (1.2.0) stamps each entry with the current time, which would make
    every rebuild produce a different file.
    """
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()


# ---------------------------------------------------------------------------
# Markdown and plain text
# ---------------------------------------------------------------------------


def render_markdown(doc: SampleDoc) -> str:
    """Return ``doc`` as Markdown: title ``#``, sections ``##``, subsections ``###``."""
    out = [f"# {doc.title}", ""]
    for block in doc.blocks:
        if block.kind == "heading":
            out += ["#" * (block.level + 1) + " " + block.lines[0], ""]
        elif block.kind == "paragraph":
            out += [block.lines[0], ""]
        elif block.kind == "bullets":
            out += [f"- {item}" for item in block.lines]
            out.append("")
        elif block.kind == "table":
            header, *body = block.rows
            out.append("| " + " | ".join(header) + " |")
            out.append("|" + "|".join("---" for _ in header) + "|")
            out += ["| " + " | ".join(row) + " |" for row in body]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_text(doc: SampleDoc) -> str:
    """Return ``doc`` as plain text wrapped at TXT_WIDTH, headings underlined."""
    title = doc.title.upper()
    out = [COMPANY.upper(), "", title, "=" * len(title), ""]
    for block in doc.blocks:
        if block.kind == "heading":
            text = block.lines[0]
            underline = "-" if block.level == 1 else "."
            out += ["", text, underline * len(text), ""]
        elif block.kind == "paragraph":
            out += [*wrap_text(block.lines[0]), ""]
        elif block.kind == "bullets":
            for item in block.lines:
                out += wrap_text(item, initial_indent="  - ", subsequent_indent="    ")
            out.append("")
        elif block.kind == "table":
            out += [*render_text_table(block.rows), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def wrap_text(text: str, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Wrap at spaces only, so codes like AN-PMC-01 and URLs stay whole."""
    return textwrap.wrap(
        text,
        TXT_WIDTH,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def render_text_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]

    def format_row(row: tuple[str, ...]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        return "  ".join(cells).rstrip()

    lines = [format_row(rows[0]), "  ".join("-" * width for width in widths)]
    lines += [format_row(row) for row in rows[1:]]
    return lines


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def render(doc: SampleDoc) -> Path:
    """Write the output file for ``doc`` and return its path."""
    target = OUTPUT_DIR / doc.department_folder / doc.file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    if doc.fmt == "pdf":
        render_pdf(doc, target)
    elif doc.fmt == "docx":
        render_docx(doc, target)
    elif doc.fmt == "md":
        target.write_text(render_markdown(doc), encoding="utf-8", newline="\n")
    else:
        encoding = "utf-8-sig" if doc.bom else "utf-8"
        target.write_text(render_text(doc), encoding=encoding, newline="\n")
    return target


def build_sidecars(docs: list[SampleDoc]) -> None:
    """Write one ``.vnsearch.json`` per department folder with an entry for every file."""
    for folder, (department, default_tag) in DEPARTMENTS.items():
        folder_docs = sorted(
            (d for d in docs if d.department_folder == folder), key=lambda d: d.file_name
        )
        if not folder_docs:
            continue
        sidecar = {
            "version": 1,
            "defaults": {
                "department": department,
                "access_level": 1,
                "doc_type": "other",
                "tags": [default_tag],
            },
            "files": {
                d.file_name: {
                    "doc_type": d.doc_type,
                    "access_level": d.access_level,
                    "tags": d.tags,
                }
                for d in folder_docs
            },
        }
        path = OUTPUT_DIR / folder / SIDECAR_NAME
        text = json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8", newline="\n")


def clean_output_dir() -> None:
    """Delete department folders so renamed or removed sources leave no stale files."""
    for folder in DEPARTMENTS:
        shutil.rmtree(OUTPUT_DIR / folder, ignore_errors=True)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def collapse(text: str) -> str:
    """NFC-normalise and collapse whitespace, for substring comparison across layouts."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def block_texts(doc: SampleDoc) -> list[str]:
    """Return every piece of source text that must appear in the output."""
    texts = [doc.title]
    for block in doc.blocks:
        if block.kind == "table":
            texts += [cell for row in block.rows for cell in row if cell]
        else:
            texts += list(block.lines)
    return texts


def extract_pdf_pages(doc: SampleDoc, path: Path) -> list[str]:
    """Extract page texts with pypdf, dropping the running header and footer lines."""
    reader = pypdf.PdfReader(path)
    if reader.metadata is None or reader.metadata.title != doc.title:
        raise BuildError(f"{path}: PDF title metadata is missing or wrong")
    total = str(len(reader.pages))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = collapse(page.extract_text())
        for running in (*pdf_header_texts(doc), pdf_footer_text(doc, number, total)):
            running = collapse(running)
            if running not in text:
                raise BuildError(f"{path}: page {number} is missing header/footer text {running!r}")
            text = text.replace(running, " ", 1)
        pages.append(collapse(text))
    return pages


def extract_docx(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def extract_pages(doc: SampleDoc, path: Path) -> list[str]:
    """Return the output's text as pages (one item for non-PDF formats)."""
    if doc.fmt == "pdf":
        return extract_pdf_pages(doc, path)
    if doc.fmt == "docx":
        return [collapse(extract_docx(path))]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf") != (doc.fmt == "txt" and doc.bom):
        raise BuildError(f"{path}: UTF-8 BOM presence does not match the source's 'bom' key")
    return [collapse(raw.decode("utf-8-sig"))]


def check_round_trip(doc: SampleDoc, pages: list[str]) -> None:
    """Raise unless every source text block is found in the extracted output text."""
    full = " ".join(pages)
    # The TXT renderer upper-cases the title, so compare case-insensitively there.
    haystack = full.casefold() if doc.fmt == "txt" else full
    for text in block_texts(doc):
        needle = collapse(text).casefold() if doc.fmt == "txt" else collapse(text)
        if needle not in haystack:
            raise BuildError(
                f"{doc.relative_path}: source text not found in the extracted output "
                f"(the renderer lost or changed it): {text[:80]!r}"
            )


def build_questions(docs: list[SampleDoc], extracted: dict[str, list[str]]) -> int:
    """Check each question's evidence, write questions.jsonl and return the question count.

    A source question has ``query``, ``document`` and ``evidence`` (a phrase
    from the answering passage). The evidence must occur in that document only,
    and for PDFs on exactly one page, which becomes the question's ``page``.
    """
    by_path = {doc.relative_path: doc for doc in docs}
    answered: set[str] = set()
    lines = []
    for number, line in enumerate(QUESTIONS_SOURCE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{QUESTIONS_SOURCE.name}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BuildError(f"{where}: invalid JSON: {exc}") from exc
        if not isinstance(item, dict) or set(item) != {"query", "document", "evidence"}:
            raise BuildError(f"{where}: expected keys query, document and evidence")
        query, path, evidence = item["query"], item["document"], collapse(item["evidence"])
        if unicodedata.normalize("NFC", query) != query:
            raise BuildError(f"{where}: query is not NFC-normalised")
        if path not in by_path:
            raise BuildError(f"{where}: unknown document {path!r}")
        holders = [p for p, pages in extracted.items() if evidence in " ".join(pages)]
        if holders != [path]:
            raise BuildError(
                f"{where}: evidence {evidence!r} found in {holders}, expected only in {path}; "
                "choose a phrase that occurs in that document alone"
            )

        record: dict[str, object] = {"query": query, "document": path}
        if by_path[path].fmt == "pdf":
            pages = [i for i, text in enumerate(extracted[path], 1) if evidence in text]
            if len(pages) != 1:
                raise BuildError(
                    f"{where}: evidence is on pages {pages} of {path}, expected exactly one; "
                    "choose a shorter phrase that does not cross a page break"
                )
            record["page"] = pages[0]
        answered.add(path)
        lines.append(json.dumps(record, ensure_ascii=False))

    unanswered = sorted(set(by_path) - answered)
    if unanswered:
        raise BuildError(f"documents without a question: {unanswered}")
    QUESTIONS_OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build resources/samples/ from tools/sample_sources/ and check the outputs."
    )
    parser.parse_args(argv)

    try:
        docs = load_sources()
        clean_output_dir()
        extracted: dict[str, list[str]] = {}
        for doc in docs:
            path = render(doc)
            pages = extract_pages(doc, path)
            check_round_trip(doc, pages)
            extracted[doc.relative_path] = pages
            pages_note = f" ({len(pages)} pages)" if doc.fmt == "pdf" else ""
            print(f"built {doc.relative_path}{pages_note}")
        build_sidecars(docs)
        count = build_questions(docs, extracted)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    size = sum(p.stat().st_size for p in OUTPUT_DIR.rglob("*") if p.is_file())
    if size > MAX_OUTPUT_BYTES:
        print(
            f"error: {OUTPUT_DIR} is {size} bytes, over the {MAX_OUTPUT_BYTES}-byte limit",
            file=sys.stderr,
        )
        return 1
    print(f"{len(docs)} documents, {count} questions, {size / 1024:.0f} KiB in {OUTPUT_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
