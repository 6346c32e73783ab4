"""The folder import wizard: folders, file types, access rules, summary, indexing, result.

The package itself imports nothing, so that a child process can import its Qt-free
modules (``estimate``, ``folder_rules``) without loading PySide6; the wizard is
``vnsearch.gui.import_wizard.wizard.ImportWizard``.
"""
