"""Search filters: department, document type, tags and a modification date range."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from vnsearch.gui.i18n import doc_type_name, format_qdate
from vnsearch.gui.overview import IndexOverview
from vnsearch.gui.signals import emit
from vnsearch.store.filters import SearchFilters

# QDateEdit cannot be empty: its minimum date stands for "no limit" and shows a text.
_NO_DATE = QDate(2000, 1, 1)


class FilterBar(QWidget):
    """Filter widgets above the results, filled from the documents the user may see.

    Signals:
        filters_changed(): any filter was changed by the user.
    """

    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("departmentFilter")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeFilter")
        self.tags_combo = QComboBox()
        self.tags_combo.setObjectName("tagsFilter")
        self.tags_combo.setEditable(True)
        self.tags_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tags_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tags_combo.setMinimumContentsLength(22)
        self.from_edit = self._date_edit("modifiedFrom")
        self.to_edit = self._date_edit("modifiedTo")
        self._from_label = QLabel()
        self._to_label = QLabel()
        self.clear_button = QPushButton()
        self._departments: tuple[str, ...] = ()
        self._doc_types: tuple[str, ...] = ()
        self._tags: tuple[str, ...] = ()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.department_combo)
        layout.addWidget(self.type_combo)
        layout.addWidget(self.tags_combo)
        layout.addWidget(self._from_label)
        layout.addWidget(self.from_edit)
        layout.addWidget(self._to_label)
        layout.addWidget(self.to_edit)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

        self.department_combo.activated.connect(self._on_changed)
        self.type_combo.activated.connect(self._on_changed)
        self.tags_combo.activated.connect(self._on_changed)
        self._tags_edit().editingFinished.connect(self._on_changed)
        self.from_edit.dateChanged.connect(self._on_changed)
        self.to_edit.dateChanged.connect(self._on_changed)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.retranslate_ui()

    def _tags_edit(self) -> QLineEdit:
        edit = self.tags_combo.lineEdit()
        assert edit is not None  # the combo box is editable
        return edit

    @staticmethod
    def _date_edit(name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_NO_DATE)
        edit.setDate(_NO_DATE)
        edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        edit.setMinimumWidth(120)
        return edit

    def set_choices(self, overview: IndexOverview) -> None:
        """Offer the departments, types and tags of ``overview``; keep valid selections."""
        self._departments = overview.departments
        self._doc_types = overview.doc_types
        self._tags = overview.tags
        self._fill_combos()

    def filters(self) -> SearchFilters | None:
        """Return the chosen filters, or None when nothing narrows the search."""
        department = self.department_combo.currentData()
        doc_type = self.type_combo.currentData()
        tags = [t.strip() for t in self.tags_combo.currentText().split(",") if t.strip()]
        start = self._date(self.from_edit)
        end = self._date(self.to_edit)
        if not (department or doc_type or tags or start or end):
            return None
        return SearchFilters(
            departments=(department,) if department else (),
            doc_types=(doc_type,) if doc_type else (),
            tags=tuple(tags),
            modified_from=start,
            modified_to=end,
        )

    def select_department(self, department: str) -> None:
        """Select ``department`` (must be one of the offered values)."""
        self._select(self.department_combo, department)

    def select_doc_type(self, doc_type: str) -> None:
        """Select ``doc_type`` (must be one of the offered values)."""
        self._select(self.type_combo, doc_type)

    def _select(self, combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index < 0:
            raise ValueError(f"{value!r} is not offered by the filter {combo.objectName()}.")
        combo.setCurrentIndex(index)
        emit(self.filters_changed)

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == _NO_DATE else date(value.year(), value.month(), value.day())

    def _fill_combos(self) -> None:
        department = self.department_combo.currentData()
        doc_type = self.type_combo.currentData()
        tags_text = self.tags_combo.currentText()

        self.department_combo.clear()
        self.department_combo.addItem(self.tr("All departments"), None)
        for name in self._departments:
            self.department_combo.addItem(name, name)
        self.department_combo.setCurrentIndex(max(self.department_combo.findData(department), 0))

        self.type_combo.clear()
        self.type_combo.addItem(self.tr("All document types"), None)
        for value in self._doc_types:
            self.type_combo.addItem(doc_type_name(value), value)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(doc_type), 0))

        self.tags_combo.clear()
        self.tags_combo.addItems(list(self._tags))
        self.tags_combo.setEditText(tags_text)

    def retranslate_ui(self) -> None:
        self._fill_combos()
        self._tags_edit().setPlaceholderText(self.tr("Tags, separated by commas"))
        self.tags_combo.setToolTip(self.tr("Only documents that carry all of these tags"))
        self._from_label.setText(self.tr("Modified from"))
        self._to_label.setText(self.tr("to"))
        for edit in (self.from_edit, self.to_edit):
            edit.setSpecialValueText(self.tr("any date"))
            edit.setDisplayFormat(_display_format())
        self.clear_button.setText(self.tr("Clear filters"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_changed(self) -> None:
        emit(self.filters_changed)

    @Slot()
    def _on_clear_clicked(self) -> None:
        for combo in (self.department_combo, self.type_combo):
            combo.setCurrentIndex(0)
        self.tags_combo.setEditText("")
        self.from_edit.blockSignals(True)
        self.from_edit.setDate(_NO_DATE)
        self.from_edit.blockSignals(False)
        self.to_edit.blockSignals(True)
        self.to_edit.setDate(_NO_DATE)
        self.to_edit.blockSignals(False)
        emit(self.filters_changed)


def _display_format() -> str:
    """Return the date pattern of format_qdate, for QDateEdit."""
    sample = format_qdate(QDate(2033, 11, 22))
    return sample.replace("2033", "yyyy").replace("11", "MM").replace("22", "dd")
