#!/usr/bin/env bash
# Installs what lane7's test suite checks generated bundles with. Run it as yourself, root or not:
# it elevates with sudo only for Debian's packages, and builds the rest into the git-ignored .tools/
# folder of this checkout as the user who runs it. Each part does nothing when its tools are present.
#   Debian's packages: shellcheck (scripts), openssl (pinhole-setup.sh), unzip, python3-venv
#   scripts/install/*.sh: the pinned Python, the Kubernetes API server, Envoy's validation rules, Checkov,
#   cert-manager's CRDs
# The Go builds need Go 1.26 or newer (/usr/local/go/bin/go is found too); the first build on a 2-core
# machine takes about ten minutes, later runs find everything built.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if ((EUID == 0)); then "$@"; else sudo "$@"; fi
}

missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
# The venvs under .tools/ need ensurepip, which Debian's python3 has only with python3-venv.
python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if ((${#missing[@]} == 0)); then
  echo "test tools: Debian packages all present"
else
  echo "test tools: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The parts run side by side (the Go builds are CPU-bound, the Python installs mostly wait on the
# network); each one's output is shown when it ends, and any failure fails the whole.
mkdir -p .tools/logs
pids=()
for part in scripts/install/*.sh; do
  bash "${part}" >".tools/logs/${part##*/}.log" 2>&1 &
  pids+=("$!")
done
failed=()
parts=(scripts/install/*.sh)
for i in "${!parts[@]}"; do
  status=0
  wait "${pids[i]}" || status=$?
  log=.tools/logs/${parts[i]##*/}.log
  if ((status == 0)); then
    grep -E '^(test tools|python|checkov): ' "${log}" || true
  else
    failed+=("${parts[i]}")
    echo "test tools: ${parts[i]} failed (exit ${status}):" >&2
    tail -n 40 "${log}" >&2
  fi
done
if ((${#failed[@]} > 0)); then
  echo "test tools: ${#failed[@]} part(s) failed: ${failed[*]} (logs in .tools/logs/)" >&2
  exit 1
fi
