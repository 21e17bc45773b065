#!/usr/bin/env bash
# The .run bundle on a Linux that has no Qt, no libtorch and no libcurl: a minimal Debian 12
# chroot (debootstrap --variant=minbase bookworm, made once and copied) with only X11/xcb,
# fontconfig and a font added (and Xvfb with xwd to look at the window). The bundle installs per
# user, then `deskseek-cli --version`, `deskseek-cli detect --json` and `deskseek` under Xvfb
# (a screenshot) run from it, and `--uninstall` removes it. Prints each step's time.
# Needs root, debootstrap, a Debian mirror and ImageMagick on this machine (for the screenshot).
#
#   installer/tests/check_run_chroot.sh RUN_FILE [WORK_DIR] [SCREENSHOT.png]
#
# Make RUN_FILE with installer/linux/make_run_bundle.sh.
set -euo pipefail

run="${1:?usage: check_run_chroot.sh RUN_FILE [WORK_DIR] [SCREENSHOT.png]}"
work="${2:-/tmp/deskseek-chroot}"
shot="${3:-$work/deskseek-run.png}"

# shellcheck source=installer/tests/chroot_common.sh
. "$(dirname "${BASH_SOURCE[0]}")/chroot_common.sh"
new_chroot bare

step apt-update in_root apt-get update -q
step "X11/xcb, fontconfig, a font; Xvfb and xwd" in_root apt-get install -y -q --no-install-recommends \
    libx11-6 libx11-xcb1 libxcb1 libfontconfig1 fonts-dejavu-core xvfb xauth x11-apps
# Nothing of what the bundle carries is on the system (Xvfb brings ICU: the bundle's own is
# checked below to be the one used).
if in_root sh -c "dpkg-query -W -f='\${Package}\n' | grep -E '^(libqt6|libtorch|libcurl|libopenblas|libgumbo|libpcre2-16)'"; then
    echo "check_run_chroot.sh: the chroot is not bare" >&2
    exit 1
fi
cp "$run" "$root/root/"
name="$(basename "$run")"
step "$name (install per user)" in_root sh "/root/$name"
app=/root/.local/share/DeskSeek/app
# Every library resolves, the bundled ones from the bundle.
for binary in deskseek deskseek-cli; do
    links="$(in_root ldd "$app/bin/$binary")"
    if grep -q "not found" <<<"$links"; then
        echo "$links" >&2
        exit 1
    fi
    for bundled in libQt6Core libtorch_cpu libcurl libicuuc libgumbo; do
        grep "$bundled" <<<"$links" | grep -q "=> $app/" || { echo "$binary: $bundled not from the bundle" >&2; exit 1; }
    done
done
step "deskseek-cli --version" in_root "$app/bin/deskseek-cli" --version
step "deskseek-cli detect --json" in_root "$app/bin/deskseek-cli" detect --json
grep -q "Exec=\"$app/bin/deskseek\"" "$root/root/.local/share/applications/deskseek.desktop"
test -f "$root/root/.local/share/icons/hicolor/scalable/apps/deskseek.svg"

cat > "$root/tmp/shot.sh" <<EOT
"$app/bin/deskseek" &
pid=\$!
sleep 12
xwd -root -silent > /tmp/deskseek.xwd
kill "\$pid"
wait "\$pid" 2>/dev/null || true
EOT
step "deskseek under Xvfb" in_root xvfb-run -a -s "-screen 0 1280x800x24" sh /tmp/shot.sh
convert "xwd:$root/tmp/deskseek.xwd" "$shot"
echo "screenshot: $shot"

mkdir -p "$root/root/.local/share/DeskSeek/models/m" && echo model > "$root/root/.local/share/DeskSeek/models/m/m.gguf"
step "uninstall" in_root sh "/root/$name" -- --uninstall
test ! -e "$root$app" && test ! -e "$root/root/.local/share/applications/deskseek.desktop"
test -f "$root/root/.local/share/DeskSeek/models/m/m.gguf"
echo "check_run_chroot.sh: the bundle installs, runs without the system's Qt, libtorch and libcurl, and uninstalls"
