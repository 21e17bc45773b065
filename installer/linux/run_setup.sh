#!/bin/sh
# The setup inside deskseek-<version>-x86_64.run (makeself runs it from the unpacked folder):
# installs DeskSeek for this user into ~/.local/share/DeskSeek/app, with a desktop entry and its
# icon; with --uninstall, removes them again (the models and chats stay).
set -eu
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app="$data/DeskSeek/app"
desktop="$data/applications/deskseek.desktop"
icon="$data/icons/hicolor/scalable/apps/deskseek.svg"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app"
    rm -f "$desktop" "$icon"
    echo "DeskSeek is removed. Your models and chats are still in $data/DeskSeek."
    exit 0
fi

rm -rf "$app.new"
mkdir -p "$app.new"
cp -a bin lib plugins share "$app.new/"
[ -d translations ] && cp -a translations "$app.new/"
cp -a uninstall.sh "$app.new/"
rm -rf "$app"
mv "$app.new" "$app"
mkdir -p "$(dirname "$desktop")" "$(dirname "$icon")"
cp share/icons/hicolor/scalable/apps/deskseek.svg "$icon"
sed -e "s|^Exec=deskseek|Exec=\"$app/bin/deskseek\"|" -e "s|^TryExec=.*||" share/applications/deskseek.desktop > "$desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" >/dev/null 2>&1 || true
echo "DeskSeek is installed in $app. Start it from the applications menu, or run $app/bin/deskseek."
echo "To remove it: $app/uninstall.sh (your models and chats stay)."
