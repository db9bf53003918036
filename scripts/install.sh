#!/bin/sh
# Impress Admin: installs the daemon, its systemd units and the nginx configuration
# (Debian 12, as root). Idempotent: run it again to upgrade; edited configuration is kept.
#
# Usage: scripts/install.sh [--binary PATH] [--enable-site]
#   --binary PATH   install this built executable instead of building one (swift build -c release)
#   --enable-site   link the nginx site into sites-enabled (needs its certificate: docs/operations.md)
# Environment: DESTDIR=/some/root installs under that root and touches no running service.
set -eu

IMPRESS_REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$IMPRESS_REPO/scripts/lib/install-manifest.sh"

binary=""
enable_site=no
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=${2:?--binary needs a path}; shift 2 ;;
        --enable-site) enable_site=yes; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
DESTDIR=${DESTDIR:-}

if [ -z "$binary" ]; then
    echo "install.sh: building the release binary"
    (cd "$IMPRESS_REPO" && swift build -c release --product impress-admin)
    binary="$IMPRESS_REPO/.build/release/impress-admin"
fi
[ -x "$binary" ] || { echo "install.sh: $binary is not an executable" >&2; exit 1; }

impress_manifest | while read -r kind mode source destination; do
    if [ "$source" = "-" ]; then source_path=$binary; else source_path="$IMPRESS_REPO/$source"; fi
    target="$DESTDIR$destination"
    mkdir -p "$(dirname "$target")"
    if [ "$kind" = config ] && [ -e "$target" ]; then
        if ! cmp -s "$source_path" "$target"; then
            install -m "$mode" "$source_path" "$target.dist"
            echo "kept     $destination (edited; the shipped version is $destination.dist)"
        fi
        continue
    fi
    # install(1) unlinks the old file before writing the new one: a running daemon keeps its
    # inode (no "text file busy"), and the restart below picks the new one up.
    install -m "$mode" "$source_path" "$target"
    echo "installed $destination"
done
# The settings may hold an AWS secret: readable by root (systemd reads it) only.
chmod 0750 "$DESTDIR/etc/impress-admin"

if [ "$enable_site" = yes ]; then
    mkdir -p "$DESTDIR$(dirname "$IMPRESS_SITE_LINK")"
    ln -sfn ../sites-available/impress-admin.conf "$DESTDIR$IMPRESS_SITE_LINK"
    echo "enabled  $IMPRESS_SITE_LINK"
fi

if impress_systemd_running; then
    systemctl daemon-reload
    systemctl enable impress-admin.socket
    # An upgrade: the socket stays open, the new binary takes over within the drain time.
    if systemctl is-active --quiet impress-admin.service; then
        systemctl restart impress-admin.service
    fi
    if [ "$enable_site" = yes ] && systemctl is-active --quiet nginx; then
        nginx -t && systemctl reload nginx
    fi
else
    echo "install.sh: systemd is not running here (or DESTDIR is set): units not enabled"
fi
echo "install.sh: done. Next: edit /etc/impress-admin/env, then see docs/operations.md"
