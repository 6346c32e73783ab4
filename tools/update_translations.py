"""Update and compile the interface translations in resources/i18n.

1. ``pyside6-lupdate`` collects the strings of ``vnsearch/gui`` into
   ``vnsearch_vi.ts`` (every string) and ``vnsearch_en.ts`` (plural forms only,
   so that English shows "1 file" and "2 files").
2. ``pyside6-lrelease`` compiles those and the hand-written ``qtbase_vi.ts`` (Qt's
   own button texts, which Qt ships no Vietnamese catalog for) into ``.qm`` files.

Translate new entries in Qt Linguist (``pyside6-linguist``) or a text editor, then
run this again. ``--check`` only reports entries still marked unfinished and exits
with status 1 when there are any.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "vnsearch" / "gui"
I18N = REPO / "resources" / "i18n"
EXTRACTED = ("vnsearch_vi.ts", "vnsearch_en.ts")
HAND_WRITTEN = ("qtbase_vi.ts",)


def tool(name: str) -> str:
    """Return the path of a PySide6 tool, preferring the one beside this Python."""
    beside = Path(sys.executable).with_name(name)
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(
            f"error: {name} not found; install PySide6 (pip install PySide6-Essentials)"
        )
    return found


def unfinished(ts_file: Path) -> list[str]:
    """Return the source texts of ``ts_file`` that still lack a finished translation."""
    missing = []
    for message in ET.parse(ts_file).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is None or translation.get("type") in ("unfinished",):
            missing.append(source)
            continue
        forms = translation.findall("numerusform")
        texts = [f.text for f in forms] if forms else [translation.text]
        if not all(text and text.strip() for text in texts):
            missing.append(source)
    return missing


def update() -> None:
    """Extract the strings, then compile every catalog."""
    sources = sorted(str(p.relative_to(REPO)) for p in SOURCES.rglob("*.py"))
    lupdate, lrelease = tool("pyside6-lupdate"), tool("pyside6-lrelease")
    I18N.mkdir(parents=True, exist_ok=True)
    vi, en = (str((I18N / name).relative_to(REPO)) for name in EXTRACTED)
    subprocess.run(
        [lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", vi], cwd=REPO, check=True
    )
    subprocess.run(
        [lupdate, "-no-obsolete", "-locations", "none", "-pluralonly", *sources, "-ts", en],
        cwd=REPO,
        check=True,
    )
    for name in (*EXTRACTED, *HAND_WRITTEN):
        ts_file = I18N / name
        subprocess.run(
            [lrelease, str(ts_file), "-qm", str(ts_file.with_suffix(".qm"))], cwd=REPO, check=True
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only list unfinished entries; exit 1 if any"
    )
    args = parser.parse_args()
    if not args.check:
        update()
    status = 0
    for name in (*EXTRACTED, *HAND_WRITTEN):
        missing = unfinished(I18N / name)
        for source in missing:
            print(f"{name}: unfinished: {source!r}")
        status = status or int(bool(missing))
    return status


if __name__ == "__main__":
    sys.exit(main())
