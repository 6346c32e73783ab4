#!/bin/sh
# Add vnsearch to the application menu of the current user: a .desktop entry that
# starts this folder's executable, and the icon. Remove both with --uninstall.
# The index and settings in ~/.local/share/vnsearch are not touched either way.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/vnsearch.desktop" "$icons/vnsearch.png"
    echo "Removed the menu entry and the icon."
    exit 0
fi

mkdir -p "$apps" "$icons"
cp "$here/vnsearch.png" "$icons/vnsearch.png"
# Exec needs an absolute path; quote it for paths with spaces.
sed "s|^Exec=vnsearch gui|Exec=\"$here/vnsearch\" gui|" "$here/vnsearch.desktop" > "$apps/vnsearch.desktop"
chmod 644 "$apps/vnsearch.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$apps" || true
fi
echo "Added vnsearch to the application menu ($apps/vnsearch.desktop)."
