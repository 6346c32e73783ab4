"""Builders for the real input files that the extraction tests read.

Every builder writes an actual file with the library that produces such files
in practice (fpdf2, pypdf, python-docx, openpyxl), or by hand where the format
detail under test cannot be produced any other way.
"""

from __future__ import annotations

import copy
import io
import unicodedata
from pathlib import Path

from lxml import etree

_DEJAVU_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


def dejavu_font() -> Path:
    """Return a DejaVuSans.ttf path; it covers every Vietnamese letter."""
    for candidate in _DEJAVU_CANDIDATES:
        if candidate.exists():
            return candidate
    raise FileNotFoundError("DejaVuSans.ttf not found in resources/fonts or /usr/share/fonts")


# PDF


def make_text_pdf(path: Path, pages: list[list[tuple[str, float]]]) -> Path:
    """Write a PDF with one list of (text, font size) paragraphs per page, in DejaVu Sans."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_margins(72, 72, 72)
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(dejavu_font()))
    for paragraphs in pages:
        pdf.add_page()
        for text, size in paragraphs:
            pdf.set_font("DejaVu", size=size)
            pdf.multi_cell(w=0, h=size * 1.3, text=text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(size * 0.8)
    pdf.output(str(path))
    return path


def make_latin1_pdf(path: Path, lines: list[str]) -> Path:
    """Write a one-page PDF in the Helvetica core font, so the text layer is the Latin-1 text.

    A TCVN3 document typed in a ".VnTime" font has exactly such a text layer.
    """
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.set_xy(72, 72)
    for line in lines:
        pdf.multi_cell(w=450, h=16, text=line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
    pdf.output(str(path))
    return path


def make_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """Write a PDF whose pages hold only a picture and a drawn frame, like a scan."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(unit="pt", format="A4")
    for index in range(pages):
        pdf.add_page()
        picture = Image.new("L", (200, 100), color=200 + index)
        pdf.image(picture, x=72, y=72, w=400)
        pdf.rect(60, 60, 424, 224)
    pdf.output(str(path))
    return path


def make_text_then_scan_pdf(path: Path) -> Path:
    """Write a PDF whose first page has text and whose second page is only a picture."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("DejaVu", "", str(dejavu_font()))
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.set_xy(72, 72)
    pdf.multi_cell(w=400, h=16, text="Quy định về nghỉ phép năm của người lao động trong công ty.")
    pdf.add_page()
    pdf.image(Image.new("L", (200, 100), color=180), x=72, y=72, w=400)
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str, owner_password: str) -> Path:
    """Write ``source`` encrypted with RC4-128 (pypdf's default, no extra package needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password, owner_password)
    with open(target, "wb") as stream:
        writer.write(stream)
    return target


def truncate_file(source: Path, target: Path, keep_fraction: float = 0.5) -> Path:
    """Write the first part of ``source`` to ``target``, like an interrupted download."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep_fraction)])
    return target


def write_raw_pdf(path: Path, content: bytes, fonts: dict[str, str]) -> Path:
    """Write a one-page PDF by hand with the given content stream and simple WinAnsi fonts.

    ``fonts`` maps resource names ("F1") to BaseFont names. Hand-written files
    can use layouts and font names that the PDF libraries do not produce, such
    as text positioned run by run with word spacing (Acrobat Distiller) or the
    ".VnTime" fonts of TCVN3 documents.
    """
    objects: list[bytes] = []
    font_refs = []
    for index, (resource, base_font) in enumerate(fonts.items()):
        number = 4 + index
        font_refs.append(f"/{resource} {number} 0 R")
        objects.append(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font} "
            f"/Encoding /WinAnsiEncoding >>".encode()
        )
    content_number = 4 + len(fonts)
    header = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << {' '.join(font_refs)} >> >> "
            f"/Contents {content_number} 0 R >>"
        ).encode(),
    ]
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    all_objects = header + objects + [stream]

    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(all_objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_offset = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(all_objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(all_objects) + 1, xref_offset)
    )
    path.write_bytes(output.getvalue())
    return path


def helvetica_width(text: str, size: float) -> float:
    """Return the width of ``text`` in points in the Helvetica core font."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_font("Helvetica", size=size)
    return pdf.get_string_width(text)


def pdf_string(text: str) -> bytes:
    """Encode text as a PDF literal string in WinAnsi (Latin-1 range) bytes."""
    raw = text.encode("latin-1")
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


# Text files


def encode_cp1258(text: str) -> bytes:
    """Encode NFC Vietnamese text in Windows-1258, which stores tone marks as combining characters.

    Python's cp1258 codec has no precomposed toned letters, so each such letter
    is split into its base letter (which may keep a circumflex, breve or horn)
    and a combining tone mark.
    """
    tone_marks = "\u0300\u0301\u0303\u0309\u0323"
    encoded = bytearray()
    for char in text:
        try:
            encoded += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone_marks))
        tones = "".join(c for c in decomposed if c in tone_marks)
        encoded += (base + tones).encode("cp1258")
    return bytes(encoded)


# DOCX

_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_NAMESPACE_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NAMESPACES.items())


def text_box_run_xml(text: str) -> str:
    """Return a w:r holding a text box as Word saves it.

    Word writes the box twice: as DrawingML in mc:Choice and as VML in mc:Fallback.
    """
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {_NAMESPACE_DECLARATIONS}><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:posOffset>914400</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3000000" cy="500000"/><wp:wrapNone/>'
        '<wp:docPr id="100" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
        f"<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="TextBox1" type="#_x0000_t202" '
        'style="width:240pt;height:40pt">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def page_field_runs_xml(prefix: str) -> list[str]:
    """Return the runs of "<prefix>" followed by a PAGE field whose cached result is 1."""
    w = f'xmlns:w="{_NAMESPACES["w"]}"'
    return [
        f'<w:r {w}><w:t xml:space="preserve">{prefix}</w:t></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {w}><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {w}><w:t>1</w:t></w:r>",
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def append_xml(parent: object, xml: str) -> None:
    """Parse ``xml`` and append it to an lxml element (a python-docx paragraph's _p)."""
    parent.append(etree.fromstring(xml))  # type: ignore[attr-defined]


def make_structured_docx(path: Path) -> Path:
    """Write a DOCX with a title, headings, a list, a table, a header, a footer and a text box.

    The table has a horizontally merged cell, a vertically merged cell and a
    nested table. The footer has a PAGE field, and a second section repeats the
    same header and footer, which must be reported once.
    """
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.core_properties.title = "Quy chế nội bộ"

    section = document.sections[0]
    section.header.paragraphs[0].text = "CÔNG TY CỔ PHẦN AN PHÁT"
    footer_paragraph = section.footer.paragraphs[0]
    for run_xml in page_field_runs_xml("Trang "):
        append_xml(footer_paragraph._p, run_xml)

    document.add_heading("Quy chế làm việc", level=1)
    document.add_paragraph("Quy chế này áp dụng cho toàn bộ nhân viên công ty.")
    anchor = document.add_paragraph()
    append_xml(anchor._p, text_box_run_xml("Bản lưu hành nội bộ"))
    document.add_heading("Điều 1. Phạm vi áp dụng", level=2)
    document.add_paragraph("Nhân viên chính thức", style="List Bullet")
    document.add_paragraph("Nhân viên thử việc", style="List Bullet")

    localized = document.styles.add_style("Tiêu đề 2", WD_STYLE_TYPE.PARAGRAPH)
    localized.base_style = document.styles["Normal"]
    document.add_paragraph("Điều khoản thi hành", style=localized)

    table = document.add_table(rows=3, cols=3)
    for column, header in enumerate(("Họ tên", "Chức vụ", "Số ngày phép")):
        table.cell(0, column).text = header
    table.cell(1, 0).text = "Nguyễn Văn An"
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    merged.text = "Trưởng phòng kinh doanh"
    table.cell(2, 0).text = "Trần Thị Bình"
    table.cell(2, 1).text = "Kế toán"
    table.cell(2, 2).text = "12"
    nested = table.cell(2, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "Phụ cấp"
    nested.cell(0, 1).text = "500.000 đồng"

    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "CÔNG TY CỔ PHẦN AN PHÁT"
    second.footer.is_linked_to_previous = False
    for run_xml in page_field_runs_xml("Trang "):
        append_xml(second.footer.paragraphs[0]._p, run_xml)
    document.add_paragraph("Quy chế có hiệu lực từ ngày ký.")

    document.save(str(path))
    return path


def make_vertical_merge_docx(path: Path) -> Path:
    """Write a DOCX table whose first column merges two rows vertically."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "Phòng Hành chính"
    table.cell(0, 1).text = "Lê Văn Cường"
    table.cell(1, 1).text = "Phạm Thu Dung"
    document.save(str(path))
    return path


def make_docx_with_paragraphs(path: Path, paragraphs: list[str], title: str = "") -> Path:
    """Write a DOCX with plain Normal paragraphs and an optional core-properties title."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def clone_docx_with_placeholder(path: Path) -> Path:
    """Write a DOCX with a content control that still shows its prompt text."""
    import docx

    document = docx.Document()
    document.add_paragraph("Nội dung chính của văn bản.")
    w = _NAMESPACES["w"]
    sdt = etree.fromstring(
        f'<w:sdt xmlns:w="{w}"><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body = document.element.body
    body.insert(len(body) - 1, copy.deepcopy(sdt))
    document.save(str(path))
    return path


def make_docx_with_footnote(path: Path, body: str, footnote: str) -> Path:
    """Write a DOCX whose footnotes part holds Word's two separators and one footnote."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph(body)
    w = _NAMESPACES["w"]
    blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{footnote}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        blob,
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(str(path))
    return path


# XLSX


def make_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write an XLSX with the given rows per sheet (None leaves a cell empty)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(str(path))
    return path
