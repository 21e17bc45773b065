#!/usr/bin/env bash
# Configures and builds DeskSeek (Release) in BUILD_DIR (default: build). Used by run.sh and test.sh.
# Extra CMake arguments can be given in CMAKE_ARGS, e.g. CMAKE_ARGS=-DCMAKE_PREFIX_PATH=/opt/libtorch
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
generator=()
if [ ! -f "$build_dir/CMakeCache.txt" ] && command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi
# shellcheck disable=SC2086
cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-}
cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)"
