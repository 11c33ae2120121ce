#!/usr/bin/env bash
# Checkov, which the tests run over every composed bundle's manifests: its own venv in .tools/checkov/,
# apart from the app's Python because it brings many dependencies. Reinstalled only when the pin changes.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHECKOV=3.3.30
venv=.tools/checkov

if [[ -x $venv/bin/checkov ]] && [[ $("$venv/bin/python" -m pip show checkov 2>/dev/null | sed -n 's/^Version: //p') == "$CHECKOV" ]]; then
  echo "checkov: present ($CHECKOV)"
  exit 0
fi

echo "checkov: building $venv with checkov $CHECKOV"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir "checkov==$CHECKOV"
