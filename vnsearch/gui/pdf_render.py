"""Render one PDF page to a QImage with pypdfium2, with the query's words marked.

PDFium is not thread-safe, so every call holds one process-wide lock; renders run on
background tasks, never on the GUI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from vnsearch.search.snippets import match_spans, query_terms

_PDFIUM_LOCK = threading.Lock()
_HIGHLIGHT = QColor(255, 200, 0, 90)
_MAX_SCALE = 4.0


@dataclass(frozen=True)
class RenderedPage:
    """A rendered page.

    Attributes:
        image: the page bitmap, highlights painted in.
        page: 1-based page number that was rendered.
        page_count: pages in the document.
        matches: number of query words marked on the page.
    """

    image: QImage
    page: int
    page_count: int
    matches: int


def render_page(path: Path, page: int, width_px: int, query: str = "") -> RenderedPage:
    """Render 1-based ``page`` of the PDF at ``path`` about ``width_px`` pixels wide.

    A page number past the end renders the last page. Raises pypdfium2's PdfiumError
    (an Exception) for a file PDFium cannot open, such as an encrypted PDF.
    """
    if width_px < 1:
        raise ValueError(f"Invalid width {width_px} px; use 1 or more.")
    terms = query_terms(query) if query else set()
    with _PDFIUM_LOCK:
        document = pdfium.PdfDocument(str(path))
        try:
            count = len(document)
            number = min(max(page, 1), count)
            pdf_page = document[number - 1]
            page_width, page_height = pdf_page.get_size()
            scale = min(width_px / page_width, _MAX_SCALE)
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True)
            image = _to_qimage(bitmap)
            boxes = _match_boxes(pdf_page, terms) if terms else []
        finally:
            document.close()
    if boxes:
        painter = QPainter(image)
        for left, bottom, right, top in boxes:
            painter.fillRect(
                QRectF(
                    left * scale,
                    (page_height - top) * scale,
                    (right - left) * scale,
                    (top - bottom) * scale,
                ),
                _HIGHLIGHT,
            )
        painter.end()
    return RenderedPage(image, number, count, len(boxes))


def _to_qimage(bitmap: pdfium.PdfBitmap) -> QImage:
    formats = {3: QImage.Format.Format_RGB888, 4: QImage.Format.Format_RGBA8888}
    image = QImage(
        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, formats[bitmap.n_channels]
    )
    # copy(): the QImage must own its pixels once the pdfium bitmap is freed.
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied).copy()


def _match_boxes(pdf_page: pdfium.PdfPage, terms: set[str]) -> list[tuple[float, ...]]:
    """Return PDF-point boxes of words on the page whose folded form is a query term."""
    text_page = pdf_page.get_textpage()
    try:
        text = text_page.get_text_range()
        boxes: list[tuple[float, ...]] = []
        for start, end in match_spans(text, terms):
            # NOTE: get_text_range() can differ from PDFium's character indices when the
            # page has generated characters; a wrong index only misplaces a highlight.
            for index in range(text_page.count_rects(start, end - start)):
                boxes.append(tuple(text_page.get_rect(index)))
        return boxes
    finally:
        text_page.close()
