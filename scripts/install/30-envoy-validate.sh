#!/usr/bin/env bash
# Envoy's validation rules: builds test/envoy-validate (Envoy's v3 API and protoc-gen-validate rules, in
# Go) into .tools/envoy-validate/. Does nothing when the binary was built from the current sources: a
# hash of them, of go.mod, go.sum and of this script, is stored beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."

src=test/envoy-validate
out=.tools/envoy-validate
go=$(command -v go || echo /usr/local/go/bin/go)

hash=$({
  sha256sum <scripts/install/30-envoy-validate.sh
  (cd "$src" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort | xargs sha256sum)
} | sha256sum | cut -d' ' -f1)
if [[ -x $out/envoy-validate && -f $out/source.sha256 && $(<"$out/source.sha256") == "$hash" ]]; then
  echo "test tools: envoy-validate up to date"
  exit 0
fi

echo "test tools: building envoy-validate"
mkdir -p "$out"
rm -f "$out/source.sha256"
(cd "$src" && "$go" build -trimpath -buildvcs=false -mod=readonly -o "../../$out/envoy-validate" .)
echo "$hash" >"$out/source.sha256"
