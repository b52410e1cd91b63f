#!/usr/bin/env bash
# Install the NemID kiosk as an appliance: /opt/nemid-kiosk (the app and a venv), the config in
# /etc/nemid-kiosk/kiosk.toml (written only when absent, never overwritten), the system user,
# systemd units, udev rules. Safe to run twice.
#
#   systemd/install.sh [--root DIR] [--display cage|x11] [--simulators] [--skip-venv] [--no-enable]
#
# --root DIR installs into a scratch root (for packaging and tests); --skip-venv leaves the venv
# out (tests of the tree); --simulators enables the simulated devices (demo and training kiosks).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
root=""; display=cage; simulators=0; skip_venv=0; enable=1
while (($#)); do
  case "$1" in
    --root) root=$(realpath -m "$2"); shift 2 ;;
    --display) display=$2; shift 2 ;;
    --simulators) simulators=1; shift ;;
    --skip-venv) skip_venv=1; shift ;;
    --no-enable) enable=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$display" in cage|x11) ;; *) echo "install.sh: --display must be cage or x11" >&2; exit 2 ;; esac

opt=$root/opt/nemid-kiosk
etc=$root/etc/nemid-kiosk
units=$root/etc/systemd/system

# The application: a copy of the tracked source (no venv, no caches), replaced whole.
mkdir -p "$opt"
rm -rf "$opt/app.new"
mkdir -p "$opt/app.new"
(cd "$src" && git ls-files -z 2>/dev/null || find . -type f -not -path './.venv/*' -not -path './.git/*' -print0) |
  (cd "$src" && xargs -0 cp --parents -t "$opt/app.new")
rm -rf "$opt/app"
mv "$opt/app.new" "$opt/app"

if ((!skip_venv)); then
  [ -x "$opt/venv/bin/python" ] || python3 -m venv "$opt/venv"
  "$opt/venv/bin/python" -m pip install -q -c "$opt/app/constraints.txt" "$opt/app"
fi

# The config: written only when absent. A production template that refuses to start until a
# technician names the real devices (`kiosk config check` says what is missing); with
# --simulators the demo config (demo = true) instead.
install -d -m 0755 "$etc"
if [ ! -e "$etc/kiosk.toml" ]; then
  template=kiosk.production.toml; ((simulators)) && template=kiosk.example.toml
  install -m 0640 "$src/kiosk/assets/$template" "$etc/kiosk.toml"
  echo "install.sh: wrote $etc/kiosk.toml from $template"
else
  echo "install.sh: kept the existing $etc/kiosk.toml"
fi

# The user, the groups and the data folders.
install -D -m 0644 "$src/systemd/nemid-kiosk.sysusers" "$root/usr/lib/sysusers.d/nemid-kiosk.conf"
install -D -m 0644 "$src/systemd/nemid-kiosk.tmpfiles" "$root/usr/lib/tmpfiles.d/nemid-kiosk.conf"
if [ -n "$root" ]; then
  systemd-sysusers --root="$root" >/dev/null 2>&1
  systemd-tmpfiles --root="$root" --create "$root/usr/lib/tmpfiles.d/nemid-kiosk.conf" >/dev/null 2>&1 || true
else
  systemd-sysusers
  systemd-tmpfiles --create /usr/lib/tmpfiles.d/nemid-kiosk.conf
fi

# Units and udev rules.
install -d -m 0755 "$units"
for unit in nemid-kiosk.service nemid-kiosk-simulators.service nemid-kiosk-backup.service \
  nemid-kiosk-backup.timer; do
  install -m 0644 "$src/systemd/$unit" "$units/$unit"
done
dropins=$units/nemid-kiosk.service.d
install -d -m 0755 "$dropins"
if [ "$display" = x11 ]; then
  install -m 0644 "$src/systemd/nemid-kiosk-xinit.conf" "$dropins/display.conf"
else
  rm -f "$dropins/display.conf"
fi
install -D -m 0644 "$src/systemd/99-nemid-kiosk.rules" "$root/etc/udev/rules.d/99-nemid-kiosk.rules"

# No network beyond what the config names: the addresses of tcp:// devices (a network printer).
python3 - "$etc/kiosk.toml" >"$dropins/network.conf" <<'PY'
import socket
import sys
import tomllib
from urllib.parse import urlsplit

try:
    with open(sys.argv[1], "rb") as handle:
        devices = tomllib.load(handle).get("devices", {})
except (OSError, tomllib.TOMLDecodeError) as exc:
    sys.exit(f"install.sh: cannot read {sys.argv[1]}: {exc}")
addresses = set()
for name, url in sorted(devices.items()):
    if isinstance(url, str) and url.startswith("tcp://"):
        host = urlsplit(url).hostname or ""
        try:
            addresses |= {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError:
            print(f"install.sh: devices.{name}: cannot resolve {host}", file=sys.stderr)
print("# Written by install.sh from the tcp:// devices in /etc/nemid-kiosk/kiosk.toml;")
print("# run install.sh again after changing them.")
print("[Service]")
for address in sorted(addresses):
    print(f"IPAddressAllow={address}")
PY
chmod 0644 "$dropins/network.conf"

if ((enable)); then
  systemctl_root=(); [ -z "$root" ] || systemctl_root=(--root="$root")
  systemctl "${systemctl_root[@]}" enable nemid-kiosk.service nemid-kiosk-backup.timer >/dev/null 2>&1
  if ((simulators)); then
    systemctl "${systemctl_root[@]}" enable nemid-kiosk-simulators.service >/dev/null 2>&1
  else
    systemctl "${systemctl_root[@]}" disable nemid-kiosk-simulators.service >/dev/null 2>&1 || true
  fi
  systemctl "${systemctl_root[@]}" set-default graphical.target >/dev/null 2>&1 || true
fi
if [ -z "$root" ]; then
  systemctl daemon-reload
  udevadm control --reload-rules && udevadm trigger || true
fi
echo "install.sh: installed into ${root:-/}"
