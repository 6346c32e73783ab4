"""Wizard page 6: what the run did and every file it could not index, with CSV export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from vnsearch.gui.i18n import format_duration, format_int
from vnsearch.gui.import_wizard.issue_texts import advice_text, problem_text, write_issues_csv
from vnsearch.gui.import_wizard.state import ImportState
from vnsearch.gui.messages import report_error, show_message
from vnsearch.indexing.progress import FileIssue


class ResultPage(QWizardPage):
    """Counts of the run and a table of skipped or failed files."""

    def __init__(self, state: ImportState) -> None:
        super().__init__()
        self._state = state
        self.summary_label = QLabel()
        self.summary_label.setObjectName("resultSummary")
        self.summary_label.setWordWrap(True)
        self.issues_label = QLabel()
        self.issues_table = QTableWidget(0, 3)
        self.issues_table.setObjectName("issuesTable")
        self.issues_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues_table.setWordWrap(True)
        self.issues_table.verticalHeader().setVisible(False)
        header = self.issues_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportIssues")
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issues_label, 1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addWidget(self.issues_table, 1)
        self.retranslate_ui()

    @property
    def issues(self) -> list[FileIssue]:
        """The files the run did not index."""
        return list(self._state.report.issues) if self._state.report else []

    def initializePage(self) -> None:
        self._show_summary()
        issues = self.issues
        self.issues_table.setRowCount(len(issues))
        for row, issue in enumerate(issues):
            path_item = QTableWidgetItem(Path(issue.path).name)
            path_item.setToolTip(issue.path)
            problem_item = QTableWidgetItem(problem_text(issue.code))
            problem_item.setToolTip(issue.reason)
            advice_item = QTableWidgetItem(advice_text(issue.code))
            for column, item in enumerate((path_item, problem_item, advice_item)):
                self.issues_table.setItem(row, column, item)
        self.issues_table.resizeColumnToContents(0)
        self.issues_table.resizeRowsToContents()
        self.export_button.setEnabled(bool(issues))
        self._show_issue_count()

    def export_csv(self, path: Path) -> int:
        """Write the issues to ``path`` as CSV; return the number of rows."""
        return write_issues_csv(path, self.issues)

    def _show_summary(self) -> None:
        report, error = self._state.report, self._state.error
        if error is not None or report is None:
            self.summary_label.setText(
                self.tr(
                    "Indexing stopped because of an error. Files finished before it stay "
                    "searchable. The details are in the log file; fix the cause and import "
                    "the folder again."
                )
            )
            return
        lines = []
        if report.cancelled:
            lines.append(
                self.tr(
                    "Indexing was cancelled. Files finished before the cancel are searchable; "
                    "import the folder again to index the rest."
                )
            )
        else:
            lines.append(
                self.tr("Indexing finished in %1.").replace(
                    "%1", format_duration(report.elapsed_seconds)
                )
            )
        counts = self.tr(
            "New: %1 · Updated: %2 · Unchanged: %3 · Labels changed: %4 · Removed: %5 · "
            "Not indexed: %6 · Chunks added: %7"
        )
        values = (
            report.added,
            report.updated,
            report.unchanged,
            report.metadata_updated,
            report.deleted,
            report.skipped,
            report.chunks_added,
        )
        for number, value in enumerate(values, start=1):
            counts = counts.replace(f"%{number}", format_int(value))
        lines.append(counts)
        self.summary_label.setText("\n".join(lines))

    def _show_issue_count(self) -> None:
        count = len(self.issues)
        if count:
            self.issues_label.setText(
                self.tr(
                    "%n file(s) could not be indexed. Hover over a problem for details.", "", count
                )
            )
        else:
            self.issues_label.setText(self.tr("Every file was indexed."))

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Result"))
        self.setSubTitle(self.tr("The documents are now searchable."))
        self.issues_table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Problem"), self.tr("What to do")]
        )
        self.export_button.setText(self.tr("Export CSV…"))
        if self._state.report is not None or self._state.error is not None:
            self.initializePage()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @Slot()
    def _on_export_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the list of files"),
            "vnsearch-issues.csv",
            self.tr("CSV files (*.csv)"),
        )
        if not name:
            return
        try:
            rows = self.export_csv(Path(name))
        except OSError as error:
            report_error(self.window(), error, self.tr("The list could not be saved."))
            return
        show_message(
            self.window(),
            self.tr("%n file(s) written to %1.", "", rows).replace("%1", name),
        )
