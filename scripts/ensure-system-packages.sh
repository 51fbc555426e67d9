#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing:
# chromium and firefox-esr (browser tests), coturn (TURN tests), janus
# (media-server tests), nginx (the shipped proxy site) and iproute2 (network
# namespaces for the bad-network tests). Needs root and apt-get;
# otherwise says in one line what to install.
set -euo pipefail

missing=()
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || missing+=(chromium)
command -v "${FIREFOX_PATH:-/usr/bin/firefox-esr}" >/dev/null 2>&1 || missing+=(firefox-esr)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v janus >/dev/null 2>&1 || missing+=(janus)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(iproute2)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Tests need Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH / FIREFOX_PATH." >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts coturn, janus and nginx as services on install; the tests start their own.
if command -v systemctl >/dev/null 2>&1; then
  for service in coturn janus nginx; do
    if [[ " ${missing[*]} " == *" ${service} "* ]]; then systemctl disable --now "${service}" >/dev/null 2>&1 || true; fi
  done
fi
