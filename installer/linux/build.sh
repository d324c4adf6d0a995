#!/usr/bin/env bash
# Build the Linux bundle: dist/zhangfang-<version>-linux-<arch>.tar.gz
#
#   bash installer/linux/build.sh          (what `make bundle` runs)
#   COMPRESS=xz bash installer/linux/build.sh   a release: .tar.xz, ~27% smaller, ~2 min more
#
# 1. a build environment with the runtime dependencies only (build/bundle-venv; reused while
#    pyproject.toml is unchanged) — a development environment would drag pytest, trytond and
#    paddle (with a second OpenCV) into the bundle;
# 2. the Chinese catalogue compiled to .qm, the icon rendered to PNG;
# 3. PyInstaller (installer/zhangfang.spec) → dist/zhangfang/, one folder;
# 4. checks that keep it lean (one OpenCV, no paddle/torch/tests), Playwright's Node stripped
#    of debug symbols;
# 5. the archive: the folder, install.sh/uninstall.sh, a .desktop file and the icons.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
VENV=build/bundle-venv
VERSION=$("$PYTHON" -c 'import re,sys; print(re.search(r"__version__ = \"(.+)\"", open("app/__init__.py").read()).group(1))')
ARCH=$(uname -m)
NAME=zhangfang-$VERSION-linux-$ARCH
COMPRESS=${COMPRESS:-gz}
STAMP=$VENV/.requirements-$(sha256sum pyproject.toml | cut -c1-16)

say() { printf '\n== %s\n' "$*"; }

if [ ! -e "$STAMP" ]; then
  say "build environment ($VENV)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  # the app in editable mode: PyInstaller reads app/, bots/, ocr/ from this tree
  "$VENV/bin/pip" install -q -e ".[postgres]" "pyinstaller==6.22.*" "pyinstaller-hooks-contrib>=2026.9"
  touch "$STAMP"
fi

say "translations and icons"
"$VENV/bin/pyside6-lrelease" -silent resources/translations/*.ts
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" installer/make_icons.py build/icons >/dev/null

say "PyInstaller"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/zhangfang.spec

APP=dist/zhangfang
INTERNAL=$APP/_internal
say "trim and check"
# Playwright's Node.js ships with its symbol table (~23 MB); running needs only .dynsym
if command -v strip >/dev/null; then
  strip "$INTERNAL/playwright/driver/node"
fi
"$INTERNAL/playwright/driver/node" --version >/dev/null \
  || { echo "Playwright's Node does not start after stripping" >&2; exit 1; }
"$VENV/bin/python" installer/check_bundle.py "$APP"

say "archive"
STAGE=build/stage/$NAME
rm -rf build/stage && mkdir -p "$STAGE/icons"
cp -a "$APP" "$STAGE/zhangfang"
cp installer/linux/install.sh installer/linux/uninstall.sh installer/linux/zhangfang.desktop "$STAGE/"
cp installer/linux/README.txt "$STAGE/"
cp resources/icons/app.svg "$STAGE/icons/zhangfang.svg"
for size in 16 24 32 48 64 128 256; do cp "build/icons/zhangfang-$size.png" "$STAGE/icons/"; done
chmod +x "$STAGE/install.sh" "$STAGE/uninstall.sh"
rm -f "dist/$NAME".tar.*
case $COMPRESS in
  gz) tar -C build/stage -czf "dist/$NAME.tar.gz" "$NAME" ;;
  xz) tar -C build/stage -cf - "$NAME" | xz -T0 -6 > "dist/$NAME.tar.xz" ;;
  *) echo "COMPRESS must be gz or xz" >&2; exit 2 ;;
esac
ARCHIVE=dist/$NAME.tar.$COMPRESS

say "done"
du -sh "$APP" | awk '{print "bundle folder: " $1}'
du -sh "$ARCHIVE" | awk '{print "archive:       " $1}'
echo "archive at $ROOT/$ARCHIVE"
