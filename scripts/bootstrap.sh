#!/usr/bin/env bash
# Prepare a machine for Zhangfang development: Debian/Ubuntu system packages when missing,
# then .venv with the project and its dev extras. Safe to run again; does nothing twice.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  fonts-wqy-zenhei fonts-wqy-microhei   # CJK fonts: rendering and the sample generator
  poppler-utils                          # pdftoppm, for looking at reports
  chromium                               # the browser the bot tests drive
  xvfb xdotool trayer                    # a real X server and a tray panel for tray tests
  postgresql                             # binaries for the ledger tests' throwaway server
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 libxkbcommon-x11-0 libegl1
)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { echo "bootstrap: not Debian/Ubuntu; install the equivalents of: ${SYSTEM_PACKAGES[*]}" >&2; return 0; }
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: installing system packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python_env() {
  local stamp=".venv/.zhangfang-installed-${ZHANGFANG_EXTRAS:-dev}"
  if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    rm -f .venv/.zhangfang-installed-*
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[${ZHANGFANG_EXTRAS:-dev}]"
    touch "$stamp"
  fi
}

compile_translations() {  # the app's .qm catalogues come from the .ts sources
  local ts qm
  for ts in resources/translations/*.ts; do
    qm="${ts%.ts}.qm"
    if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
      .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
    fi
  done
}

install_system_packages
install_python_env
compile_translations
