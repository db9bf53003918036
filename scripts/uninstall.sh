#!/bin/sh
# Impress Admin: removes what install.sh installed. The settings (/etc/impress-admin/env) are
# kept unless --purge. Environment: DESTDIR as for install.sh.
# Usage: scripts/uninstall.sh [--purge]
set -eu

IMPRESS_REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$IMPRESS_REPO/scripts/lib/install-manifest.sh"

purge=no
case "${1:-}" in
    --purge) purge=yes ;;
    "") ;;
    *) echo "uninstall.sh: unknown argument: $1" >&2; exit 2 ;;
esac
DESTDIR=${DESTDIR:-}

if impress_systemd_running; then
    # shellcheck disable=SC2086 # two unit names
    systemctl disable --now $IMPRESS_UNITS || true
fi

rm -f "$DESTDIR$IMPRESS_SITE_LINK"
impress_manifest | while read -r kind mode source destination; do
    if [ "$destination" = /etc/impress-admin/env ] && [ "$purge" = no ]; then
        rm -f "$DESTDIR$destination.dist"
        echo "kept     $destination (uninstall.sh --purge removes it)"
        continue
    fi
    rm -f "$DESTDIR$destination" "$DESTDIR$destination.dist"
    echo "removed  $destination"
done
rmdir "$DESTDIR/usr/local/share/doc/impress-admin" 2>/dev/null || true
if [ "$purge" = yes ]; then
    rmdir "$DESTDIR/etc/impress-admin" 2>/dev/null || true
fi

if impress_systemd_running; then
    systemctl daemon-reload
    if systemctl is-active --quiet nginx; then
        nginx -t && systemctl reload nginx
    fi
fi
