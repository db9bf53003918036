#!/usr/bin/env bash
# Installs what building, running and testing need on Debian 12, and nothing when it is
# already there. Called by scripts/run and scripts/test; safe to run again.
set -euo pipefail

apt_packages=(libcurl4-openssl-dev libssl-dev nginx libfcgi-bin spawn-fcgi wrk curl openssl python3-pip ca-certificates)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# moto's server is the DynamoDB wire peer of the tests (only the tests need it).
if [ "${1:-}" = "--test" ]; then
  if ! python3 -c 'import moto.server, flask' 2>/dev/null; then
    echo "deps: installing moto[server] from PyPI" >&2
    # Debian's own python3 refuses pip installs (PEP 668, "externally managed"): there, and
    # only there, the test peer is installed with --break-system-packages (pip >= 23).
    python3 -m pip install -q --disable-pip-version-check 'moto[server]' >/dev/null 2>&1 \
      || python3 -m pip install -q --disable-pip-version-check --break-system-packages 'moto[server]' >/dev/null
    python3 -c 'import moto.server' >/dev/null
  fi
fi

command -v swift >/dev/null || { echo "deps: swift is not on PATH (Swift 6 toolchain required, see README)" >&2; exit 1; }
