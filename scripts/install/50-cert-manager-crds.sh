#!/usr/bin/env bash
# cert-manager's CustomResourceDefinitions, which the test API server (test/support/cluster-setup.ts)
# serves so that the open-mtls bundles' Certificates and ClusterIssuers are checked against cert-manager's
# own schemas: the CRDs of a pinned cert-manager release, from its Go module (deploy/crds/), into
# .tools/cert-manager/crds/. The module's hash is pinned too. Does nothing when that release is there.
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly MODULE=github.com/cert-manager/cert-manager
readonly VERSION=v1.21.2
readonly SUM=h1:UWgoYM+KLNtRlqmoWOKjKBOBUPVHeepQ6/ac3ERJW68=
readonly OUT=.tools/cert-manager
GO=$(command -v go || echo /usr/local/go/bin/go)
readonly GO

if [[ -f ${OUT}/version && $(<"${OUT}/version") == "${VERSION}" ]]; then
  echo "test tools: cert-manager CRDs ${VERSION} present"
  exit 0
fi
[[ -x ${GO} ]] || {
  echo "test tools: Go is needed to fetch cert-manager's CRDs; install Go 1.26 or newer" >&2
  exit 1
}

echo "test tools: fetching cert-manager ${VERSION}'s CRDs"
# Outside any module (the download is all that is wanted), with exactly the installed Go toolchain.
download=$(cd / && GOFLAGS="" GOTOOLCHAIN=local "${GO}" mod download -json "${MODULE}@${VERSION}")
field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" <<<"${download}"; }
sum=$(field Sum)
dir=$(field Dir)
if [[ ${sum} != "${SUM}" ]]; then
  echo "test tools: ${MODULE}@${VERSION} has the hash ${sum:-(none)}, not the pinned ${SUM}" >&2
  exit 1
fi
crds=("${dir}"/deploy/crds/*.yaml)
[[ -f ${crds[0]} ]] || {
  echo "test tools: no CRDs in ${dir}/deploy/crds/" >&2
  exit 1
}

rm -rf "${OUT}"
mkdir -p "${OUT}/crds"
# The module cache is read-only; the copies need not be.
install -m 0644 "${crds[@]}" "${OUT}/crds/"
echo "${VERSION}" >"${OUT}/version"
echo "test tools: cert-manager CRDs ${VERSION}: ${#crds[@]} files in ${OUT}/crds/"
