#!/usr/bin/env bash
# Remove the NemID kiosk's program, units and rules; keep its data (/var/lib/nemid-kiosk,
# /var/spool/nemid-kiosk) and its config (/etc/nemid-kiosk), so a reinstall carries on.
#   systemd/uninstall.sh [--root DIR]
set -euo pipefail
root=""
if [ "${1:-}" = --root ]; then root=$(realpath -m "$2"); fi
systemctl_root=(); [ -z "$root" ] || systemctl_root=(--root="$root")
systemctl "${systemctl_root[@]}" disable nemid-kiosk.service nemid-kiosk-simulators.service \
  nemid-kiosk-backup.timer >/dev/null 2>&1 || true
[ -n "$root" ] || systemctl stop nemid-kiosk.service nemid-kiosk-simulators.service 2>/dev/null || true
rm -f "$root"/etc/systemd/system/nemid-kiosk*.service "$root"/etc/systemd/system/nemid-kiosk-backup.timer
rm -rf "$root/etc/systemd/system/nemid-kiosk.service.d" "$root/opt/nemid-kiosk"
rm -f "$root/etc/udev/rules.d/99-nemid-kiosk.rules"
[ -n "$root" ] || systemctl daemon-reload
echo "uninstall.sh: removed the program; kept /var/lib/nemid-kiosk, /var/spool/nemid-kiosk and /etc/nemid-kiosk"
