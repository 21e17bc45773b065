#!/usr/bin/env bash
# The Windows installer's script, checked here: Debian's makensis compiles installer/windows/
# deskseek.nsi on a stand-in payload (two small Windows programs from Wine standing in for
# deskseek.exe and deskseek-cli.exe, and a DLL), and the installer runs silently under Wine in a
# prefix of its own. Checked: the installed files, the Start-menu and desktop shortcuts, the
# Add/Remove Programs entry, the HKCU Run key with /AUTOSTART, the Chinese installer under a
# Chinese Windows, and the uninstaller (models kept, or deleted with /DELETEDATA). The Windows
# binaries themselves are built by .github/workflows/windows.yml; they cannot be built here.
#
#   installer/tests/check_nsis_wine.sh [WORK_DIR] [BUILD_DIR]
#
# With BUILD_DIR, `cpack -G NSIS` there also makes an installer through the CPack template
# (installer/windows/NSIS.template.in) from that build's install tree.
#
# Needs makensis, wine64 and the zh_CN locale's source (Debian: nsis wine64 wine locales).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/deskseek-nsis}"
build="${2:-}"
for tool in makensis wine wineboot wineserver localedef; do
    command -v "$tool" >/dev/null || { echo "check_nsis_wine.sh: $tool is missing (apt install nsis wine64 wine)" >&2; exit 1; }
done
step() { local name="$1"; shift; local start=$SECONDS; "$@"; echo "[$name: $((SECONDS - start)) s]"; }
fail() { echo "check_nsis_wine.sh: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/payload/plugins/platforms" "$work/home"
windows="$(dirname "$(find /usr/lib -path '*wine/x86_64-windows/hostname.exe' | head -1)")"
cp "$windows/hostname.exe" "$work/payload/deskseek.exe"
cp "$windows/whoami.exe" "$work/payload/deskseek-cli.exe"
echo "stand-in" > "$work/payload/Qt6Core.dll"
echo "stand-in" > "$work/payload/plugins/platforms/qwindows.dll"
setup="$work/DeskSeek-0.1.0-setup.exe"
step makensis makensis -V2 -DPAYLOAD="$work/payload" -DVERSION=0.1.0 -DOUTFILE="$setup" "$root/installer/windows/deskseek.nsi"

if [ -n "$build" ]; then
    rm -f "$build"/deskseek-*.exe
    step "cpack -G NSIS" bash -c 'cd "$0" && cpack -G NSIS >/dev/null' "$build"
    ls "$build"/deskseek-*.exe >/dev/null 2>&1 || fail "cpack -G NSIS made no installer"
fi

# Wine in a prefix and a home of its own, without menu entries on this machine.
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="winemenubuilder.exe=d" HOME="$work/home"
wine_wait() { "$@"; wineserver -w; }
step wineboot wine_wait wineboot -i
user="$WINEPREFIX/drive_c/users/$(id -un)"
app="$user/AppData/Local/Programs/DeskSeek"
menu="$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/DeskSeek"
desktop="$(readlink -f "$user/Desktop")"
data="$user/AppData/Local/DeskSeek"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\DeskSeek'
run='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'

step "setup.exe /S" wine_wait wine "$setup" /S
for file in deskseek.exe deskseek-cli.exe Qt6Core.dll plugins/platforms/qwindows.dll uninstall.exe; do
    [ -f "$app/$file" ] || fail "$file was not installed"
done
cmp -s "$app/deskseek.exe" "$work/payload/deskseek.exe" || fail "deskseek.exe differs from the payload"
[ -f "$menu/DeskSeek.lnk" ] && [ -f "$menu/Uninstall DeskSeek.lnk" ] || fail "no Start-menu shortcuts"
[ -f "$desktop/DeskSeek.lnk" ] || fail "no desktop shortcut"
wine reg query "$key" | grep -q "DisplayVersion.*0.1.0" || fail "no Add/Remove Programs entry"
wine reg query "$key" | grep -q 'UninstallString.*uninstall.exe' || fail "no uninstall command"
if wine reg query "$run" /v DeskSeek >/dev/null 2>&1; then fail "starts at login without being asked"; fi

# The models and chats stay when DeskSeek is uninstalled...
mkdir -p "$data/models/m" && echo model > "$data/models/m/m.gguf" && echo chats > "$data/chats.sqlite"
step "uninstall.exe /S" wine_wait wine "$app/uninstall.exe" /S
sleep 2; wineserver -w # the uninstaller runs from a copy of itself in the temporary folder
[ ! -e "$app" ] || fail "the program folder is still there"
[ ! -e "$menu" ] && [ ! -e "$desktop/DeskSeek.lnk" ] || fail "shortcuts are still there"
if wine reg query "$key" >/dev/null 2>&1; then fail "the Add/Remove Programs entry is still there"; fi
[ -f "$data/models/m/m.gguf" ] && [ -f "$data/chats.sqlite" ] || fail "the uninstaller deleted the models or chats"

# ...and go with /DELETEDATA. /AUTOSTART writes the Run key DeskSeek's own setting writes.
step "setup.exe /S /AUTOSTART" wine_wait wine "$setup" /S /AUTOSTART
wine reg query "$run" /v DeskSeek | grep -q 'deskseek.exe" --background' || fail "no Run key with /AUTOSTART"
step "uninstall.exe /S /DELETEDATA" wine_wait wine "$app/uninstall.exe" /S /DELETEDATA
sleep 2; wineserver -w
[ ! -e "$data" ] || fail "/DELETEDATA left the models"
if wine reg query "$run" /v DeskSeek >/dev/null 2>&1; then fail "the Run key is still there"; fi

# A Chinese Windows gets the Chinese installer (its shortcut names). Wine takes the language from
# the C library's locale: one compiled here for zh_CN (Debian's locales package has its source).
mkdir -p "$work/locale"
localedef -i zh_CN -f UTF-8 "$work/locale/zh_CN.UTF-8" || fail "cannot compile the zh_CN.UTF-8 locale (apt install locales)"
wineserver -k 2>/dev/null || true # a running wineserver keeps the language it started with
step "setup.exe /S on a Chinese Windows" env LOCPATH="$work/locale" LANG=zh_CN.UTF-8 bash -c 'wine "$0" /S; wineserver -w' "$setup"
[ -f "$menu/卸载 DeskSeek.lnk" ] || fail "the installer was not Chinese under a Chinese Windows: $(ls "$menu")"
env LOCPATH="$work/locale" LANG=zh_CN.UTF-8 bash -c 'wine "$0" /S; sleep 2; wineserver -w' "$app/uninstall.exe"
[ ! -e "$app" ] || fail "the Chinese uninstaller left the program"
echo "check_nsis_wine.sh: the installer compiles, installs, adds its shortcuts and entries, and uninstalls as it should"
