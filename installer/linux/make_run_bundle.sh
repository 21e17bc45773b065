#!/usr/bin/env bash
# A self-contained DeskSeek for any x86-64 Linux with glibc 2.34 or later: the binaries with
# every library they need beside them (Qt with its plugins, libtorch, OpenBLAS, ICU, PCRE2,
# libcurl, gumbo, the C++ runtime, glvnd's OpenGL dispatchers; not glibc, X11/xcb, fontconfig,
# freetype or the OpenGL drivers, which the system has), found through a relative rpath, packed by makeself into one double-clickable
# deskseek-<version>-x86_64.run that installs per user (installer/linux/run_setup.sh).
#
#   installer/linux/make_run_bundle.sh [BUILD_DIR] [OUTPUT_DIR]
#
# Needs a build, makeself and patchelf (Debian: makeself patchelf).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
out="${2:-$build}"
for tool in makeself patchelf ldd; do
    command -v "$tool" >/dev/null || { echo "make_run_bundle.sh: $tool is missing (apt install makeself patchelf)" >&2; exit 1; }
done
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/deskseek"
cmake --install "$build" --prefix "$stage" >/dev/null
mkdir -p "$stage/lib" "$stage/plugins"

# Qt's plugins that DeskSeek loads at run time.
qtplugins="$(qtpaths6 --query QT_INSTALL_PLUGINS 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/qt6/plugins)"
for plugin in platforms/libqxcb.so platforms/libqoffscreen.so platforms/libqwayland-generic.so \
              xcbglintegrations/libqxcb-glx-integration.so xcbglintegrations/libqxcb-egl-integration.so \
              imageformats/libqsvg.so iconengines/libqsvgicon.so sqldrivers/libqsqlite.so \
              tls/libqopensslbackend.so platformthemes/libqxdgdesktopportal.so; do
    [ -f "$qtplugins/$plugin" ] || continue
    mkdir -p "$stage/plugins/$(dirname "$plugin")"
    cp "$qtplugins/$plugin" "$stage/plugins/$plugin"
done
# Qt's own translations (dialog buttons and the like in Chinese).
qttranslations="$(qtpaths6 --query QT_INSTALL_TRANSLATIONS 2>/dev/null || echo /usr/share/qt6/translations)"
mkdir -p "$stage/translations"
cp "$qttranslations"/qtbase_zh_CN.qm "$stage/translations/" 2>/dev/null || true

# Every library the binaries and plugins need, except what every desktop system has.
system_lib() {
    case "$(basename "$1")" in
        libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|libutil.so*|ld-linux*|libanl.so*) return 0 ;;
        libX11.so*|libX11-xcb.so*|libxcb.so*|libXau.so*|libXdmcp.so*|libXext.so*|libXrender.so*) return 0 ;;
        libfontconfig.so*|libfreetype.so*|libexpat.so*|libz.so*|libpng16.so*|libbrotli*) return 0 ;;
        libGL.so*|libgbm.so*|libdrm.so*) return 0 ;; # the OpenGL drivers; glvnd's dispatchers (libOpenGL, libEGL) travel
        libwayland-*|libffi.so*|libbsd.so*|libmd.so*) return 0 ;;
    esac
    return 1
}
binaries=("$stage"/bin/* $(find "$stage/plugins" -name '*.so'))
for round in 1 2 3; do # libraries' own libraries, a few levels down
    for file in "${binaries[@]}" "$stage"/lib/*; do
        [ -f "$file" ] || continue
        ldd "$file" 2>/dev/null | awk '/=> \// {print $3}'
    done | sort -u | while read -r lib; do
        system_lib "$lib" || [ -e "$stage/lib/$(basename "$lib")" ] || cp -L "$lib" "$stage/lib/"
    done
done
# OpenBLAS is chosen through Debian's alternatives at run time: take the library libtorch uses.
for blas in /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 /usr/lib/x86_64-linux-gnu/openblas-openmp/liblapack.so.3; do
    [ -f "$blas" ] && cp -L "$blas" "$stage/lib/"
done
chmod u+w "$stage"/lib/* "$stage"/bin/*
for file in "$stage"/bin/*; do patchelf --set-rpath '$ORIGIN/../lib' "$file"; done
for file in "$stage"/lib/*; do patchelf --set-rpath '$ORIGIN' "$file" 2>/dev/null || true; done
find "$stage/plugins" -name '*.so' -exec patchelf --set-rpath '$ORIGIN/../../lib' {} \;
printf '[Paths]\nPrefix=..\nPlugins=plugins\nTranslations=translations\n' > "$stage/bin/qt.conf"
cp "$root/installer/linux/run_setup.sh" "$stage/setup.sh"
printf '#!/bin/sh\n# Removes DeskSeek (the models and chats stay).\nexec sh "$(dirname "$0")/setup-copy.sh" --uninstall\n' > "$stage/uninstall.sh"
cp "$root/installer/linux/run_setup.sh" "$stage/setup-copy.sh"
chmod +x "$stage/setup.sh" "$stage/uninstall.sh" "$stage/setup-copy.sh"
sed -i 's|cp -a uninstall.sh "$app.new/"|cp -a uninstall.sh setup-copy.sh "$app.new/"|' "$stage/setup.sh" "$stage/setup-copy.sh"
run="$out/deskseek-$version-x86_64.run"
makeself --quiet --gzip --complevel 6 "$stage" "$run" "DeskSeek $version" ./setup.sh
echo "$run ($(du -h "$run" | cut -f1); $(du -sh "$stage" | cut -f1) unpacked)"
