# What the chroot checks share (sourced, not run): a minimal Debian 12 made once with debootstrap
# under $work/base and copied to a fresh chroot for each run, commands inside it, and timings.
# Expects $work, and sets $root to the fresh chroot (named by the first argument of new_chroot).

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" = 0 ] || { echo "$(basename "$0"): needs root (debootstrap, chroot)" >&2; exit 1; }

# Runs a command and prints how long it took: "[name: 12 s]".
step() { local name="$1"; shift; local start=$SECONDS; "$@"; echo "[$name: $((SECONDS - start)) s]"; }

new_chroot() {
    local base="$work/base"
    if [ ! -x "$base/usr/bin/apt-get" ]; then
        rm -rf "$base"
        step debootstrap debootstrap --variant=minbase bookworm "$base" "$mirror"
    fi
    root="$work/$1"
    rm -rf "$root"
    step copy cp -a "$base" "$root"
    mount -t proc proc "$root/proc" 2>/dev/null || true
    trap 'umount "$root/proc" 2>/dev/null || true' EXIT
}

# A command inside the chroot, with a clean environment.
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
