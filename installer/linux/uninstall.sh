#!/usr/bin/env bash
# Remove Zhangfang (账房) for this user: the program, its menu entry, icons, command and
# start-at-login entry.
#
#   ./uninstall.sh           keep your records, settings and bots
#   ./uninstall.sh --purge   remove them too (passwords stay in the system keyring)
set -euo pipefail

PREFIX=$(cd "$(dirname "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
PURGE=0
case ${1:-} in
  --purge) PURGE=1 ;;
  "") ;;
  -h|--help) sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
esac

[ -x "$PREFIX/zhangfang" ] || { echo "uninstall.sh: no Zhangfang program in $PREFIX" >&2; exit 1; }
if pgrep -f "$PREFIX/zhangfang" >/dev/null 2>&1; then
  echo "uninstall.sh: Zhangfang is running; quit it (tray icon → Quit) first" >&2
  exit 1
fi

folders=$("$PREFIX/zhangfang" config folders 2>/dev/null || true)
"$PREFIX/zhangfang" autostart off >/dev/null 2>&1 || true

rm -f "$DATA_HOME/applications/zhangfang.desktop"
for dir in "$DATA_HOME"/icons/hicolor/*/apps; do
  rm -f "$dir/zhangfang.png" "$dir/zhangfang.svg"
done
if [ "$(readlink "$BIN/zhangfang" 2>/dev/null)" = "$PREFIX/zhangfang" ]; then
  rm -f "$BIN/zhangfang"
fi
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA_HOME/applications" || true

if [ "$PURGE" = 1 ] && [ -n "$folders" ]; then
  echo "$folders" | while IFS= read -r line; do
    path=${line#*: }
    [ -n "$path" ] && [ -e "$path" ] && rm -rf "$path" && echo "removed $path"
  done
fi
rm -rf "$PREFIX"
echo "Zhangfang is uninstalled."
if [ "$PURGE" = 0 ] && [ -n "$folders" ]; then
  echo "Your records, settings and bots are kept:"
  echo "$folders" | sed 's/^/  /'
  echo "(run uninstall.sh --purge to remove them as well)"
fi
