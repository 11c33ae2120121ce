#!/usr/bin/env bash
# Installs the system tools lane7's test suite checks generated bundles with: shellcheck (scripts),
# Python 3 with aiohttp and grpcio (app.py is compiled and run), pyflakes and pycodestyle (app.py is
# linted), openssl (pinhole-setup.sh), unzip.
# Debian/Ubuntu; run as root (or with sudo). Does nothing when everything is present.
set -euo pipefail

missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
[[ -x /usr/bin/python3 ]] || missing+=(python3)
/usr/bin/python3 -c 'import aiohttp' >/dev/null 2>&1 || missing+=(python3-aiohttp)
/usr/bin/python3 -c 'import grpc' >/dev/null 2>&1 || missing+=(python3-grpcio)
/usr/bin/python3 -c 'import pyflakes' >/dev/null 2>&1 || missing+=(python3-pyflakes)
/usr/bin/python3 -c 'import pycodestyle' >/dev/null 2>&1 || missing+=(python3-pycodestyle)

if ((${#missing[@]} == 0)); then
  echo "test tools: all present"
  exit 0
fi
echo "test tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
