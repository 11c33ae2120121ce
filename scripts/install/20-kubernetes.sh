#!/usr/bin/env bash
# The Kubernetes API server, controller manager and kubectl, and etcd, that test/cluster applies every
# bundle to: built with Go from the module versions pinned in test/cluster/tools/*/go.mod (and go.sum)
# into .tools/kubernetes/bin/. A binary already built from the pinned version is kept. The first build
# downloads the modules and compiles for a while (test/cluster/README.md says how long).
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly BIN=${PWD}/.tools/kubernetes/bin
readonly TOOLS=test/cluster/tools
GO=$(command -v go || echo /usr/local/go/bin/go)
readonly GO
[[ -x ${GO} ]] || {
  echo "test tools: Go is needed to build the Kubernetes API server; install Go 1.26 or newer" >&2
  exit 1
}
# Static binaries, with exactly the Go toolchain installed and exactly the versions in go.sum.
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"

# pinned DIR MODULE: the version of MODULE that DIR/go.mod requires.
pinned() {
  awk -v module="$2" '
    $1 == "require" && $2 == module { print $3 }
    $1 == module && $2 ~ /^v/ { print $2 }
  ' "$1/go.mod"
}

# built BINARY MODULE: the version of MODULE that BINARY was built from, or nothing.
built() {
  [[ -x $1 ]] || return 0
  "${GO}" version -m "$1" 2>/dev/null | awk -v module="$2" '($1 == "dep" || $1 == "mod") && $2 == module { print $3 }'
}

# build DIR MODULE LDFLAGS NAME...: BIN/NAME for each NAME not yet built from the version of MODULE that
# DIR pins; the package of NAME is MODULE/cmd/NAME, or MODULE itself when NAME is its only binary. One go
# build for all of them: the packages they share compile once, and the links run side by side.
build() {
  local dir=$1 module=$2 ldflags=$3 version name started
  shift 3
  local names=() packages=()
  version=$(pinned "${dir}" "${module}")
  [[ -n ${version} ]] || {
    echo "test tools: ${dir}/go.mod does not require ${module}" >&2
    exit 1
  }
  for name in "$@"; do
    if [[ $(built "${BIN}/${name}" "${module}") == "${version}" ]]; then
      echo "test tools: ${name} ${version} already built"
    else
      names+=("${name}")
      if (($# == 1)); then packages+=("${module}"); else packages+=("${module}/cmd/${name}"); fi
    fi
  done
  ((${#names[@]} > 0)) || return 0
  echo "test tools: building ${names[*]} from ${module} ${version}"
  started=${SECONDS}
  if ((${#names[@]} == 1)); then
    (cd "${dir}" && "${GO}" build -trimpath -ldflags "-s -w ${ldflags}" -o "${BIN}/${names[0]}" "${packages[0]}")
  else
    (cd "${dir}" && "${GO}" build -trimpath -ldflags "-s -w ${ldflags}" -o "${BIN}/" "${packages[@]}")
  fi
  echo "test tools: built ${names[*]} in $((SECONDS - started)) s"
}

# What `kube-apiserver --version` and `kubectl version` report; a plain `go build` leaves it unset.
version_ldflags() {
  local version=$1 major minor package flags=""
  major=${version#v}
  major=${major%%.*}
  minor=${version#v*.}
  minor=${minor%%.*}
  for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X ${package}.gitVersion=${version} -X ${package}.gitMajor=${major} -X ${package}.gitMinor=${minor}"
    flags+=" -X ${package}.gitTreeState=clean"
  done
  printf '%s' "${flags}"
}

mkdir -p "${BIN}"
build "${TOOLS}/etcd" go.etcd.io/etcd/server/v3 "" etcd
kubernetes=$(pinned "${TOOLS}/kubernetes" k8s.io/kubernetes)
build "${TOOLS}/kubernetes" k8s.io/kubernetes "$(version_ldflags "${kubernetes}")" \
  kube-apiserver kube-controller-manager kubectl
