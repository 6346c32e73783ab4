"""The fine-tuning wizard: data, settings, training, results and activation.

The package itself imports nothing, so that a child process can import its Qt-free
modules (``jobs``, ``estimate``) without loading PySide6; the wizard is
``vnsearch.gui.finetune_wizard.wizard.FineTuneWizard``.
"""
