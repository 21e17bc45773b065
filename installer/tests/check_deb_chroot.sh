#!/usr/bin/env bash
# The .deb on a fresh Debian 12: a minimal chroot (debootstrap --variant=minbase bookworm, made
# once and copied for each run) installs it with apt, then runs `deskseek-cli --version`,
# `deskseek-cli detect --json` and `deskseek` under Xvfb for a screenshot, and checks that
# removing the package leaves the user's models and chats alone. Prints each step's time.
# Needs root, debootstrap and a Debian mirror; not part of scripts/test.sh (it downloads some
# hundred MB).
#
#   installer/tests/check_deb_chroot.sh [BUILD_DIR] [WORK_DIR] [SCREENSHOT.png]
#
# BUILD_DIR (default: build) must hold the package: (cd build && cpack -G DEB).
set -euo pipefail

build="${1:-build}"
work="${2:-/tmp/deskseek-chroot}"
shot="${3:-$work/deskseek-deb.png}"
deb="$(ls "$build"/deskseek_*_amd64.deb 2>/dev/null | head -1 || true)"
[ -n "$deb" ] || { echo "check_deb_chroot.sh: no deskseek_*.deb in $build (run: cd $build && cpack -G DEB)" >&2; exit 1; }

# shellcheck source=installer/tests/chroot_common.sh
. "$(dirname "${BASH_SOURCE[0]}")/chroot_common.sh"
new_chroot run
cp "$deb" "$root/tmp/"

step apt-update in_root apt-get update -q
step "apt install ./$(basename "$deb")" in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")"
step "tools for the check (xvfb, imagemagick)" in_root apt-get install -y -q --no-install-recommends xvfb xauth imagemagick
step "deskseek-cli --version" in_root deskseek-cli --version
step "deskseek-cli detect --json" in_root deskseek-cli detect --json
test -f "$root/usr/share/applications/deskseek.desktop"
grep -q '^Exec=deskseek' "$root/usr/share/applications/deskseek.desktop"

# The app itself, under Xvfb: a screenshot of its window after it has started.
cat > "$root/tmp/shot.sh" <<'EOT'
deskseek &
app=$!
sleep 12
import -window root /tmp/deskseek.png
kill "$app"
wait "$app" 2>/dev/null || true
EOT
step "deskseek under Xvfb" in_root xvfb-run -a -s "-screen 0 1280x800x24" sh /tmp/shot.sh
cp "$root/tmp/deskseek.png" "$shot"
echo "screenshot: $shot"

# Removing the package leaves the user's models and chats.
mkdir -p "$root/root/.local/share/DeskSeek/models/m" && echo model > "$root/root/.local/share/DeskSeek/models/m/m.gguf"
echo chats > "$root/root/.local/share/DeskSeek/chats.sqlite"
step "apt remove deskseek" in_root apt-get remove -y -q deskseek
test ! -e "$root/usr/bin/deskseek"
test -f "$root/root/.local/share/DeskSeek/models/m/m.gguf" && test -f "$root/root/.local/share/DeskSeek/chats.sqlite"
echo "check_deb_chroot.sh: the .deb installs, runs, and leaves the user's data when removed"
