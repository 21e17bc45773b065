#!/usr/bin/env bash
# Installs what is missing, builds DeskSeek and runs the whole test suite (ctest). Exits non-zero
# on any failure. Arguments go to ctest (e.g. -L gui, -R tst_cli).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$root/build}"
start=$(date +%s)
"$root/scripts/setup.sh"
"$root/scripts/configure.sh"
status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" "$@" \
    || status=$?
echo "scripts/test.sh: setup, build and tests took $(( $(date +%s) - start )) s"
exit "$status"
