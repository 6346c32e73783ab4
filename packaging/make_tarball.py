"""Pack the Linux one-folder build into vnsearch-<version>-linux-<machine>.tar.gz.

Adds the menu entry files beside the executable first: vnsearch.desktop, the icon and
install-desktop-entry.sh, which writes the entry with the folder's absolute path.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import tarfile
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
LINUX_FILES = (
    PACKAGING / "linux" / "vnsearch.desktop",
    PACKAGING / "linux" / "install-desktop-entry.sh",
    PACKAGING / "icons" / "vnsearch.png",
)


def tarball_name(version: str) -> str:
    """Return the file name of the tarball for ``version`` on this machine."""
    return f"vnsearch-{version}-linux-{platform.machine()}.tar.gz"


def make_tarball(folder: Path, out_dir: Path, version: str) -> Path:
    """Copy the menu entry files into ``folder`` and pack it; return the tarball path."""
    if not (folder / "vnsearch").is_file():
        raise SystemExit(f"No vnsearch executable found in {folder}; run 'make package' first.")
    for source in LINUX_FILES:
        shutil.copy2(source, folder / source.name)
    target = out_dir / tarball_name(version)
    partial = target.with_name(target.name + ".partial")
    top = f"vnsearch-{version}"
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=top)
    partial.replace(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True, help="the one-folder build")
    parser.add_argument("--out", type=Path, required=True, help="folder for the tarball")
    parser.add_argument("--version", required=True, help="version in the file name")
    args = parser.parse_args()
    started = time.perf_counter()
    target = make_tarball(args.folder, args.out, args.version)
    print(
        f"Wrote {target} ({target.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
