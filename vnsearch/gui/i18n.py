"""Interface language: translators, translated names of levels and types, locale formats.

Source strings are English. The Vietnamese catalog ``vnsearch_vi.qm`` contains our own
strings and ``qtbase_vi.qm`` the few Qt strings the app shows (wizard and dialog
buttons), because Qt ships no Vietnamese translation of its own.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QTranslator,
)

from vnsearch.gui.resources import i18n_dir

logger = logging.getLogger("vnsearch.gui")

# Autonyms: each language is listed in its own language, whatever the UI language is.
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
# Catalogs per language. The English one only contains plural forms ("1 file", "2 files").
_CATALOGS = {"vi": ("vnsearch", "qtbase"), "en": ("vnsearch",)}
_installed: list[QTranslator] = []

_LEVEL_NAMES = (
    str(QT_TRANSLATE_NOOP("Names", "Public")),
    str(QT_TRANSLATE_NOOP("Names", "Internal")),
    str(QT_TRANSLATE_NOOP("Names", "Confidential")),
    str(QT_TRANSLATE_NOOP("Names", "Restricted")),
)
_DOC_TYPE_NAMES = {
    "policy": str(QT_TRANSLATE_NOOP("Names", "Policy")),
    "procedure": str(QT_TRANSLATE_NOOP("Names", "Procedure")),
    "technical_guide": str(QT_TRANSLATE_NOOP("Names", "Technical guide")),
    "report": str(QT_TRANSLATE_NOOP("Names", "Report")),
    "other": str(QT_TRANSLATE_NOOP("Names", "Other")),
}
_ROLE_NAMES = {
    "admin": str(QT_TRANSLATE_NOOP("Names", "Administrator")),
    "user": str(QT_TRANSLATE_NOOP("Names", "User")),
}
_STATUS_NAMES = {
    "indexed": str(QT_TRANSLATE_NOOP("Names", "Indexed")),
    "failed": str(QT_TRANSLATE_NOOP("Names", "Failed")),
    "skipped": str(QT_TRANSLATE_NOOP("Names", "Skipped")),
}


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate ``text`` of ``context``; for code outside a QObject.

    ``pyside6-lupdate`` extracts literal arguments of calls named ``translate``.
    """
    return QCoreApplication.translate(context, text, disambiguation, n)


def _name(source: str) -> str:
    return QCoreApplication.translate("Names", source)


def level_name(level: int) -> str:
    """Return the translated name of access level 0-3 (Công khai, Nội bộ, Mật, Tối mật)."""
    return _name(_LEVEL_NAMES[level])


def level_label(level: int) -> str:
    """Return "<level> – <name>", as shown in level pickers."""
    return f"{level} – {level_name(level)}"


def doc_type_name(doc_type: str) -> str:
    """Return the translated name of a document type (the raw value when unknown)."""
    source = _DOC_TYPE_NAMES.get(doc_type)
    return _name(source) if source else doc_type


def role_name(role: str) -> str:
    """Return the translated name of a user role."""
    source = _ROLE_NAMES.get(role)
    return _name(source) if source else role


def status_name(status: str) -> str:
    """Return the translated name of a document status in the index."""
    source = _STATUS_NAMES.get(status)
    return _name(source) if source else status


def locale_for(language: str) -> QLocale:
    """Return the QLocale used for numbers and dates in ``language``."""
    if language == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def format_int(value: int) -> str:
    """Format a whole number with the UI locale's digit grouping (1.234 in Vietnamese)."""
    return QLocale().toString(int(value))


def format_float(value: float, decimals: int = 1) -> str:
    """Format a number with ``decimals`` digits and the UI locale's decimal sign."""
    return QLocale().toString(float(value), "f", decimals)


def format_size(size_bytes: int) -> str:
    """Format a byte count as kB/MB/GB with the UI locale's decimal sign."""
    return QLocale().formattedDataSize(
        int(size_bytes), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
    )


def format_date(epoch_seconds: int) -> str:
    """Format a time stamp (seconds since the epoch) as a local date, day first in Vietnamese."""
    moment = QDateTime.fromSecsSinceEpoch(int(epoch_seconds))
    return format_qdate(moment.date())


def format_qdate(value: QDate) -> str:
    """Format a date with a four-digit year in the UI locale's order."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    if QLocale().language() == QLocale.Language.Vietnamese:
        pattern = "dd/MM/yyyy"
    return QLocale().toString(value, pattern)


def format_timestamp(iso_text: str) -> str:
    """Format an ISO 8601 time stamp (as stored in app.db) as local date and time."""
    try:
        moment = datetime.fromisoformat(iso_text)
    except ValueError:
        return iso_text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return f"{format_qdate(local.date())} {local.time().toString('HH:mm')}"


def format_elapsed(milliseconds: float) -> str:
    """Format a short elapsed time: "85 ms" below a second, "1,2 s" above."""
    if milliseconds < 1000:
        return translate("Format", "%1 ms").replace("%1", format_int(round(milliseconds)))
    return translate("Format", "%1 s").replace("%1", format_float(milliseconds / 1000, 1))


def format_duration(seconds: float) -> str:
    """Format a duration as "2 min 05 s" or "45 s", translated."""
    total = max(0, round(seconds))
    if total < 60:
        return translate("Format", "%1 s").replace("%1", str(total))
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return (
            translate("Format", "%1 min %2 s")
            .replace("%1", str(minutes))
            .replace("%2", f"{secs:02d}")
        )
    hours, minutes = divmod(minutes, 60)
    return (
        translate("Format", "%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
    )


class LanguageSwitcher:
    """Install the translators of one language on the application.

    Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to
    every widget; each of our widgets handles it by calling its ``retranslate_ui``.
    """

    def __init__(self) -> None:
        self.language = "en"

    def apply(self, language: str) -> None:
        """Switch the UI to ``language`` ("vi" or "en") and set the matching locale."""
        if language not in LANGUAGES:
            raise ValueError(f"Invalid language {language!r}; use one of: {', '.join(LANGUAGES)}.")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("Create the QApplication before installing translators.")
        # Translators are process-wide, so every switcher removes all installed ones.
        while _installed:
            app.removeTranslator(_installed.pop())
        QLocale.setDefault(locale_for(language))
        for catalog in _CATALOGS[language]:
            translator = QTranslator(app)
            path = i18n_dir() / f"{catalog}_{language}.qm"
            if not translator.load(str(path)):
                logger.warning("Translation catalog %s could not be loaded", path)
                continue
            app.installTranslator(translator)
            _installed.append(translator)
        # Qt posts LanguageChange to the widgets; deliver it now so that the switch is
        # complete when apply() returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language = language
        logger.info("Interface language set to %s", language)
