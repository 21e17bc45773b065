#!/usr/bin/env bash
# Whether the engine (the part of DeskSeek with no Qt) compiles for Windows, as far as this
# machine allows: every engine source goes through mingw-w64's g++ (-fsyntax-only) with the
# portable headers it needs borrowed from this system (nlohmann-json, PCRE2, ICU, gumbo, libcurl,
# libtorch). Errors inside libtorch's own headers (Debian configured them for Linux) are not the
# engine's and are left out; any error in DeskSeek's sources fails the check.
#
#   installer/tests/check_mingw_syntax.sh [BUILD_DIR]
#
# Needs g++-mingw-w64-x86-64-posix and a configured build (for its generated headers).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
cxx="$(command -v x86_64-w64-mingw32-g++-posix || command -v x86_64-w64-mingw32-g++ || true)"
[ -n "$cxx" ] || { echo "check_mingw_syntax.sh: mingw-w64 is missing (apt install g++-mingw-w64-x86-64-posix)" >&2; exit 1; }
borrowed="$(mktemp -d)"
trap 'rm -rf "$borrowed"' EXIT
for header in nlohmann pcre2.h unicode gumbo.h tag_enum.h ATen c10 torch caffe2 gflags glog; do
    [ -e "/usr/include/$header" ] && ln -s "/usr/include/$header" "$borrowed/$header"
done
ln -s /usr/include/x86_64-linux-gnu/curl "$borrowed/curl"

failed=0
count=0
while read -r source; do
    count=$((count + 1))
    errors="$("$cxx" -std=c++20 -fsyntax-only -D_WIN32_WINNT=0x0A00 -DPCRE2_CODE_UNIT_WIDTH=8 -DGFLAGS_IS_A_DLL=0 \
              -DGLOG_CUSTOM_PREFIX_SUPPORT -DDESKSEEK_CUDA_ENABLED=0 -I"$root/core" -I"$build/core/generated" \
              -isystem "$borrowed" -isystem /usr/include/torch/csrc/api/include "$source" 2>&1 \
              | grep -E "^($root/)?core/.*: (fatal )?error" || true)"
    if [ -n "$errors" ]; then
        echo "$errors"
        failed=$((failed + 1))
    fi
done < <(find "$root/core/engine" -name '*.cpp' -not -path '*/cuda/*' | sort)
echo "check_mingw_syntax.sh: $count engine sources, $failed with errors for Windows"
[ "$failed" = 0 ]
