"""A small line chart of the training loss per step, drawn with QPainter.

QtCharts is not part of PySide6-Essentials, and one line with two labelled axes
needs nothing more than a painter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from vnsearch.gui.i18n import format_float, format_int

_MARGIN_LEFT = 56
_MARGIN_RIGHT = 12
_MARGIN_TOP = 24
_MARGIN_BOTTOM = 28
_LINE = QColor("#1565c0")
_AXIS = QColor("#8a8f98")


class LossChart(QWidget):
    """Training loss (y) over optimizer steps (x); the x axis spans the planned steps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lossChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)
        self._points: dict[int, float] = {}
        self._total_steps = 0
        self._title = ""
        self._empty_text = ""
        self.retranslate_ui()

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def clear(self) -> None:
        """Remove every point."""
        self._points.clear()
        self._total_steps = 0
        self.update()

    def add_point(self, step: int, loss: float, total_steps: int) -> None:
        """Record the loss logged at ``step``; a later value for the same step replaces it."""
        if step < 0 or loss != loss:  # NaN never draws
            return
        self._points[step] = float(loss)
        self._total_steps = max(self._total_steps, total_steps, step)
        self.update()

    def points(self) -> list[tuple[int, float]]:
        """Return the recorded (step, loss) points in step order."""
        return sorted(self._points.items())

    def retranslate_ui(self) -> None:
        self._title = self.tr("Training loss per step (lower is better)")
        self._empty_text = self.tr("The curve appears after the first training steps.")
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(_AXIS)
        painter.drawText(
            QRectF(0, 2, self.width(), _MARGIN_TOP - 4), Qt.AlignmentFlag.AlignCenter, self._title
        )
        plot = QRectF(
            _MARGIN_LEFT,
            _MARGIN_TOP,
            max(1, self.width() - _MARGIN_LEFT - _MARGIN_RIGHT),
            max(1, self.height() - _MARGIN_TOP - _MARGIN_BOTTOM),
        )
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        points = self.points()
        if not points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self._empty_text)
            painter.end()
            return

        # Scale: x from step 0 to the planned total, y from the lowest to the highest loss.
        low = min(loss for _, loss in points)
        high = max(loss for _, loss in points)
        if high - low < 1e-9:
            low, high = low - 0.5, high + 0.5
        # Keep the line off the frame, so its first and lowest points stay visible.
        margin = (high - low) * 0.08
        low, high = low - margin, high + margin
        last_step = max(self._total_steps, points[-1][0], 1)

        def position(step: int, loss: float) -> QPointF:
            x = plot.left() + plot.width() * step / last_step
            y = plot.bottom() - plot.height() * (loss - low) / (high - low)
            return QPointF(x, y)

        labels = (
            (QRectF(0, plot.top() - 8, _MARGIN_LEFT - 6, 16), format_float(high, 2)),
            (QRectF(0, plot.bottom() - 8, _MARGIN_LEFT - 6, 16), format_float(low, 2)),
        )
        for rect, text in labels:
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
        below = QRectF(plot.left(), plot.bottom() + 4, plot.width(), _MARGIN_BOTTOM - 6)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft, "0")
        painter.drawText(below, Qt.AlignmentFlag.AlignRight, format_int(last_step))
        painter.drawText(below, Qt.AlignmentFlag.AlignHCenter, self.tr("step"))

        pen = QPen(_LINE)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        line = QPolygonF([position(step, loss) for step, loss in points])
        if len(points) > 1:
            painter.drawPolyline(line)
        painter.setBrush(_LINE)
        for index in range(line.size()):
            painter.drawEllipse(line.at(index), 2.5, 2.5)
        painter.end()
