#!/usr/bin/env bash
# Set up the kiosk on a fresh Debian 12 machine: system packages, a venv in .venv, the project.
# Safe to run again; it installs only what is missing. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-dev gcc          # the venv, and pyscard builds from source
  libpcsclite-dev pcscd vsmartcard-vpcd          # real pcscd with the virtual reader driver
  libgl1 libegl1 libmtdev1 xvfb xauth            # Kivy, on a display or offscreen
  espeak-ng                                      # read-aloud, where installed
  libusb-1.0-0                                   # pyusb's backend for usb:// printers
  tesseract-ocr tesseract-ocr-dan                # OCR of the licence and health card
  fonts-dejavu-core                              # the simulated cards' fonts
  systemd                                        # systemd-analyze verify for the units
  postgresql                                     # the fleet's authority service; one private cluster per test run
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON=$candidate; break
    fi
  done
fi
[ -n "$PYTHON" ] || { echo "setup: Python 3.11 is needed" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade "pip==25.3"
  .venv/bin/python -m pip install -q -c constraints.txt -e '.[test,face]'
  rm -f .venv/.installed-*; touch "$stamp"
fi
echo "setup: ready (.venv)"
