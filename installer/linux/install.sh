#!/usr/bin/env bash
# Install Zhangfang (账房) for this user — no root, no Python needed.
#
#   ./install.sh                 install or update, add the menu entry
#   ./install.sh --autostart     … and start the tray at login (also a switch in Settings)
#   ./install.sh --prefix DIR    put the program in DIR (default ~/.local/opt/zhangfang)
#
# Your records, settings and bots live elsewhere (see `zhangfang config path`); installing
# over an older version keeps them.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
PREFIX=$HOME/.local/opt/zhangfang
BIN=$HOME/.local/bin
AUTOSTART=0

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --autostart) AUTOSTART=1 ;;
    --prefix) PREFIX=${2:?--prefix needs a folder}; shift ;;
    --prefix=*) PREFIX=${1#--prefix=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "install.sh: $*" >&2; exit 1; }

[ -x "$HERE/zhangfang/zhangfang" ] || fail "no program next to this script: unpack the whole archive and run install.sh from it"
# the program must start on this machine before anything is replaced
if ! version=$("$HERE/zhangfang/zhangfang" --version 2>&1); then
  fail "the program does not start on this machine:
$version
(it needs a 64-bit Linux with glibc 2.36 or newer, e.g. Debian 12, Ubuntu 24.04)"
fi

if pgrep -f "$PREFIX/zhangfang" >/dev/null 2>&1; then
  fail "Zhangfang is running from $PREFIX; quit it (tray icon → Quit) and run install.sh again"
fi

echo "Installing $version into $PREFIX"
mkdir -p "$(dirname "$PREFIX")"
# copy next to the old version, then swap: an interrupted copy never leaves a broken program
rm -rf "$PREFIX.new"
cp -a "$HERE/zhangfang" "$PREFIX.new"
cp "$HERE/uninstall.sh" "$PREFIX.new/uninstall.sh"
chmod +x "$PREFIX.new/uninstall.sh"
if [ -e "$PREFIX" ]; then
  rm -rf "$PREFIX.old"
  mv "$PREFIX" "$PREFIX.old"
fi
mv "$PREFIX.new" "$PREFIX"
rm -rf "$PREFIX.old"

mkdir -p "$BIN"
ln -sfn "$PREFIX/zhangfang" "$BIN/zhangfang"

for size in 16 24 32 48 64 128 256; do
  dir=$DATA_HOME/icons/hicolor/${size}x${size}/apps
  mkdir -p "$dir"
  cp "$HERE/icons/zhangfang-$size.png" "$dir/zhangfang.png"
done
mkdir -p "$DATA_HOME/icons/hicolor/scalable/apps"
cp "$HERE/icons/zhangfang.svg" "$DATA_HOME/icons/hicolor/scalable/apps/zhangfang.svg"

mkdir -p "$DATA_HOME/applications"
# Exec wants a quoted path when it has spaces (desktop entry spec: "Exec key")
sed "s|@PROGRAM@|\"$PREFIX/zhangfang\"|" "$HERE/zhangfang.desktop" \
  > "$DATA_HOME/applications/zhangfang.desktop"
chmod 644 "$DATA_HOME/applications/zhangfang.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA_HOME/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true

if [ "$AUTOSTART" = 1 ]; then
  "$PREFIX/zhangfang" autostart on
elif "$PREFIX/zhangfang" autostart status | grep -q "^start at login: on"; then
  "$PREFIX/zhangfang" autostart on >/dev/null  # keep it, pointing at this program
fi

echo
echo "Zhangfang is installed:"
echo "  menu:      Office → Zhangfang (账房)"
echo "  command:   $BIN/zhangfang"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "             ($BIN is not on your PATH; add it to use the command by name)" ;; esac
echo "  uninstall: $PREFIX/uninstall.sh"
echo
if browser=$("$PREFIX/zhangfang" browser 2>&1); then
  echo "Bots: ${browser#bots }"
else
  echo "Bots need a browser, and none was found:"
  echo "$browser" | sed 's/^/  /'
fi
