#!/usr/bin/env bash
# Installs what is missing, builds DeskSeek (Release) and starts it. Arguments go to the app.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$root/build}"
"$root/scripts/setup.sh" --app-only
"$root/scripts/configure.sh"
exec "$BUILD_DIR/app/deskseek" "$@"
