"""The screen shown instead of the search when no document is indexed yet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from vnsearch.gui.signals import emit


class EmptyIndexView(QWidget):
    """A button to the import wizard for administrators, and whom to ask for users.

    Signals:
        import_requested(): the administrator clicked "Import a folder".
    """

    import_requested = Signal()

    def __init__(self, is_admin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyIndexView")
        self._is_admin = is_admin
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QLabel()
        self.body.setObjectName("emptyIndexBody")
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setFixedWidth(560)
        self.import_button = QPushButton()
        self.import_button.setObjectName("emptyIndexImport")
        self.import_button.setVisible(is_admin)
        self.import_button.clicked.connect(self._on_import_clicked)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addWidget(self.body, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("No documents yet"))
        if self._is_admin:
            self.body.setText(
                self.tr(
                    "Choose the folders that hold your company's documents. vnsearch reads "
                    "PDF, Word, Excel, text and Markdown files, and you decide who may see "
                    "them with access levels."
                )
            )
        else:
            self.body.setText(
                self.tr(
                    "No documents are available to you yet. Ask your administrator to "
                    "import the company's documents or to raise your access level."
                )
            )
        self.import_button.setText(self.tr("Import a folder…"))
        # A word-wrapped label centred in a box layout gets one line's height otherwise.
        self.body.setMinimumHeight(self.body.heightForWidth(self.body.width()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_import_clicked(self) -> None:
        emit(self.import_requested)
