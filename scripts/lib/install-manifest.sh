# Impress Admin: what install.sh places and uninstall.sh removes (sourced by both, POSIX sh).
# One line per file: "kind mode source-in-repo destination".
#   file    replaced on every install (code, units, the shared snippets)
#   config  the operator edits it (settings, host name, CORS list): installed when absent; when
#           present and different, the shipped version lands next to it as <destination>.dist
impress_manifest() {
    echo "file 0755 - /usr/local/bin/impress-admin"
    echo "file 0644 systemd/impress-admin.socket /etc/systemd/system/impress-admin.socket"
    echo "file 0644 systemd/impress-admin.service /etc/systemd/system/impress-admin.service"
    for snippet in "$IMPRESS_REPO"/nginx/snippets/impress-*.conf; do
        name=$(basename "$snippet")
        case "$name" in
            impress-cors-map.conf) kind=config ;;
            *) kind=file ;;
        esac
        echo "$kind 0644 nginx/snippets/$name /etc/nginx/snippets/$name"
    done
    echo "config 0644 nginx/impress-admin.conf /etc/nginx/sites-available/impress-admin.conf"
    echo "config 0640 systemd/env.example /etc/impress-admin/env"
    echo "file 0644 docs/operations.md /usr/local/share/doc/impress-admin/operations.md"
}

IMPRESS_SITE_LINK=/etc/nginx/sites-enabled/impress-admin.conf
IMPRESS_UNITS="impress-admin.socket impress-admin.service"

# systemctl only acts on the running system: not under DESTDIR, not in a container without
# systemd as PID 1 (the check is sd_booted(3)'s).
impress_systemd_running() {
    [ -z "${DESTDIR:-}" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1
}
