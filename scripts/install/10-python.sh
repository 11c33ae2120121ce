#!/usr/bin/env bash
# The Python that tests run app.py with: a venv in .tools/python/ holding exactly the aiohttp and
# grpcio a bundle's requirements.txt pins (read from src/render/app/versions.ts, where the renderer
# takes them from), plus the pinned linters and pytest the tests use. Rebuilt only when the pins change.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYFLAKES=4.1.0
PYCODESTYLE=2.15.0
PYTEST=9.2.0

pin() {
  local version
  version=$(sed -n "s/^export const $1 = \"\\([^\"]*\\)\";\$/\\1/p" src/render/app/versions.ts)
  if [[ -z $version ]]; then
    echo "python: no $1 in src/render/app/versions.ts" >&2
    exit 1
  fi
  echo "$version"
}

venv=.tools/python
requirements=(
  "aiohttp==$(pin AIOHTTP_VERSION)"
  "grpcio==$(pin GRPCIO_VERSION)"
  "pyflakes==$PYFLAKES"
  "pycodestyle==$PYCODESTYLE"
  "pytest==$PYTEST"
)
stamp="$venv/lane7-requirements.txt"
wanted=$(printf '%s\n' "${requirements[@]}")

if [[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
  echo "python: present (${requirements[*]})"
  exit 0
fi

echo "python: building $venv with ${requirements[*]}"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
  --only-binary=:all: "${requirements[@]}"
printf '%s\n' "$wanted" >"$stamp"
